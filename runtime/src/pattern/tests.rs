//! Every verdict is checked twice: against the expected answer, and against regress as the
//! ECMA oracle (fed the pattern as written when it accepts it with `u`, else our `u`-valid
//! rewrite of it), so a translation that drifts from ECMA fails here.

use super::parse::{Item, Node, parse};
use super::translate::to_ecma;
use super::*;

fn oracle(source: &str) -> regress::Regex {
    regress::Regex::with_flags(source, "u")
        .or_else(|_| regress::Regex::with_flags(&to_ecma(&parse(source).unwrap()), "u"))
        .unwrap_or_else(|e| panic!("regress rejects {source:?}: {e}"))
}

fn agree(pattern: &Pattern, oracle: &regress::Regex, input: &str) -> bool {
    use regress::backends::{PikeVMExecutor, find};
    let verdict = pattern.is_match(input);
    // regress's Pike VM: the same ECMA reading, without backtracking's exponential worst case.
    let expected = find::<PikeVMExecutor>(oracle, input, 0).next().is_some();
    assert_eq!(
        verdict, expected,
        "{pattern:?} on {input:?}: ours {verdict}, regress {expected}"
    );
    verdict
}

#[track_caller]
fn check(source: &str, engine: Engine, cases: &[(&str, bool)]) {
    let pattern = Pattern::compile(source).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(pattern.engine(), engine, "{pattern:?}");
    assert_eq!(pattern.fallback, None, "{pattern:?}");
    let oracle = oracle(source);
    for &(input, expected) in cases {
        assert_eq!(
            agree(&pattern, &oracle, input),
            expected,
            "{source:?} on {input:?}"
        );
    }
}

use Engine::{LengthAndRegex, Regex, Regress};

#[test]
fn class_escapes_are_ecma_sets() {
    check(
        r"^\d+$",
        Regex,
        &[("0189", true), ("١٢٣", false), ("１", false), ("", false)],
    );
    check(
        r"^\w$",
        Regex,
        &[("é", false), ("_", true), ("Z", true), ("ſ", false)],
    );
    check(
        r"^\s$",
        Regex,
        &[("\u{a0}", true), ("\u{feff}", true), ("\u{2028}", true)],
    );
    check(
        r"^\s$",
        Regex,
        &[("\u{3000}", true), ("\u{85}", false), ("\u{180e}", false)],
    );
    check(
        r"^[\S][\W][\D]$",
        Regex,
        &[("a é", true), ("a_x", false), ("🚀🚀🚀", true)],
    );
    check(
        r"^[^\s\d]$",
        Regex,
        &[("x", true), ("7", false), ("\t", false), ("٣", true)],
    );
}

#[test]
fn dot_and_dot_all() {
    let newlines = [
        ("a\nb", true),
        ("\n\n\n", true),
        ("\r\n", true),
        ("\n\n\n\n", false),
    ];
    check(r"^(?:(?s).{0,3})$", Regex, &newlines);
    check(r"(?s)^.{0,3}$", Regex, &newlines);
    check(
        r"^.{0,3}$",
        Regex,
        &[("a\nb", false), ("a\u{2029}", false), ("🚀🚀🚀", true)],
    );
    check(
        r"^(?:a(?s:.)b.)$",
        Regex,
        &[("a\nbc", true), ("a\nb\n", false)],
    );
    check(r"^[^]$", Regex, &[("\n", true), ("", false)]);
    check(r"[]", Regex, &[("", false), ("a", false)]);
    check(r"^[]a]$", Regex, &[("a]", false), ("]", false)]);
}

#[test]
fn lazy_quantifiers_match_the_same_values() {
    check(
        r"^a+?b*?$",
        Regex,
        &[("aab", true), ("b", false), ("a", true)],
    );
    check(
        r"^(?:x.*?y)$",
        Regex,
        &[("xaay", true), ("xy", true), ("xyz", false)],
    );
    check(r"^a{2,3}?$", Regex, &[("aa", true), ("aaaa", false)]);
}

#[test]
fn unicode_properties_and_code_points() {
    check(
        r"^\p{L}+$",
        Regex,
        &[("é", true), ("東", true), ("1", false), ("🚀", false)],
    );
    check(
        r"^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$",
        Regex,
        &[("é 1:-", true), ("!", false)],
    );
    check(r"^\P{Lu}$", Regex, &[("a", true), ("A", false)]);
    check(r"^\p{General_Category=Nd}$", Regex, &[("٣", true)]);
    check(r"^\p{Script=Greek}$", Regress, &[("α", true), ("a", false)]);
    let bmp = r"^[\u0020-\uD7FF\uE000-\uFFFD]+$";
    check(
        bmp,
        Regex,
        &[
            ("🚀", false),
            ("abc", true),
            ("\u{fffd}", true),
            ("\u{fffe}", false),
        ],
    );
    check(
        r"^[\u00A0-\uD7FF]$",
        Regex,
        &[("\u{a0}", true), ("\u{e000}", false)],
    );
    check(r"^\uD83D\uDE80$", Regex, &[("🚀", true), ("🚁", false)]);
    check(
        r"^[\uD83D\uDE80-\uD83D\uDE8F]$",
        Regex,
        &[("🚀", true), ("🚐", false)],
    );
    check(r"^\u{1F680}.$", Regex, &[("🚀x", true)]);
    // A lone surrogate can match no Rust string.
    check(r"^a\uD800$", Regex, &[("a", false)]);
    // (regress 0.12 says no here, against ECMA: `\uD800?` may match empty.)
    assert!(Pattern::compile(r"^a\uD800?$").unwrap().is_match("a"));
    check(
        r"^[\uD800-\uDFFFx]$",
        Regex,
        &[("x", true), ("\u{e000}", false)],
    );
}

#[test]
fn length_lookahead_counts_code_points() {
    let source = r"^(?:(?=.{2,5}$)[a-z🚀]+)$";
    let cases = [
        ("🚀", false),
        ("a🚀", true),
        ("🚀🚀🚀🚀🚀", true),
        ("🚀🚀🚀🚀🚀a", false),
    ];
    check(source, LengthAndRegex, &cases);
    check(
        source,
        LengthAndRegex,
        &[("ab\n", false), ("ab", true), ("AB", false)],
    );
    let arn = r"^(?=.{0,12}$)arn:[a-z]+$";
    check(
        arn,
        LengthAndRegex,
        &[("arn:abcdefgh", true), ("arn:abcdefghi", false)],
    );
    let multi = r"^(?:(?=.{1,3}$)(.+))$";
    check(
        multi,
        LengthAndRegex,
        &[("", false), ("a\nb", false), ("abc", true)],
    );
    let dot_all = r"^(?:(?s)(?=.{1,3}$)[^x]*)$";
    check(
        dot_all,
        LengthAndRegex,
        &[("a\nb", true), ("\n\n\n\n", false), ("", false)],
    );
    // Not at offset 0, or in one alternative only: the lookahead stays.
    check(r"^a(?=.{1,2}$)", Regress, &[("ab", true), ("abcd", false)]);
    check(r"^(?:(?=.{1,2}$)a|bcd)$", Regress, &[("bcd", true)]);
}

#[test]
fn too_big_for_the_regex_crate_becomes_a_length_check() {
    let source = r"^(?:[\p{L}\p{N}]{1,4096})$";
    check(
        source,
        LengthAndRegex,
        &[("", false), ("é1", true), ("-", false)],
    );
    let long: String = "東".repeat(4096);
    check(
        source,
        LengthAndRegex,
        &[(&long, true), (&format!("{long}a"), false)],
    );
}

#[test]
fn class_syntax_quirks() {
    check(
        r"^[A-Za-z-_]+$",
        Regex,
        &[("-", true), ("_", true), ("a-Z", true), (".", false)],
    );
    check(
        r"^[\w-_]$",
        Regex,
        &[("-", true), ("_", true), ("+", false)],
    );
    check(
        r"^[\p{L}-_]$",
        Regex,
        &[("-", true), ("é", true), ("^", false)],
    );
    check(r"^[-a]$", Regex, &[("-", true)]);
    check(r"^[a-]$", Regex, &[("-", true), ("b", false)]);
    check(r"^[(-|]$", Regex, &[("Q", true), ("}", false)]);
    check(
        r"^[\b\]\\^]$",
        Regex,
        &[("\u{8}", true), ("]", true), ("\\", true), ("^", true)],
    );
    check(
        r"^[^/:|\000-\037]+$",
        Regex,
        &[("ab", true), ("a\u{1f}", false), ("\0", false)],
    );
}

#[test]
fn escapes_and_literals() {
    check(r"^\-\_\:\/\ \.$", Regex, &[("-_:/ .", true)]);
    check(r"^\x41\u0042\cJ\t\0$", Regex, &[("AB\n\t\0", true)]);
    check(r"^a{$", Regex, &[("a{", true)]);
    check(r"^a{1,$", Regex, &[("a{1,", true)]);
    check(r"^{}x{2}]$", Regex, &[("{}xx]", true)]);
    check(r"^(?:a|)$", Regex, &[("", true), ("a", true)]);
    check(r"a.c", Regex, &[("xxabcxx", true), ("ac", false)]);
    check(
        r"^[a-z]+$|^\d+$",
        Regex,
        &[("abc", true), ("12", true), ("a1", false)],
    );
}

#[test]
fn word_boundaries_are_ascii() {
    let source = r"^.*\bfoo\b.*$";
    check(
        source,
        Regex,
        &[("a foo b", true), ("éfooé", true), ("afoo", false)],
    );
    check(r"^a\B.$", Regex, &[("ab", true), ("a-", false)]);
    check(
        r"(?i)\bk",
        Regress,
        &[("\u{17f}\u{212a}", false), (" K", true)],
    );
}

#[test]
fn case_insensitive_flags() {
    check(
        r"^(?i)(true|false)$",
        Regex,
        &[("TRUE", true), ("False", true), ("no", false)],
    );
    check(r"(?i)all|[0-9]{12}", Regex, &[("ALL", true), ("1", false)]);
    check(r"^(?i)k$", Regex, &[("\u{212a}", true), ("K", true)]);
    check(
        r"^(?i)\w\W$",
        Regex,
        &[("ſ!", true), ("as", false), ("aſ", false)],
    );
    check(r"^(?i)[^\w]$", Regex, &[("ſ", false), ("!", true)]);
    check(
        r"^(?!(?i)AWS_)[a-zA-Z_]+$",
        Regress,
        &[("aws_x", false), ("AWX", true)],
    );
    check(
        r"^(?:a(?i)b|c)$",
        Regex,
        &[("aB", true), ("C", true), ("A", false)],
    );
    check(r"^(?:(?i:a)b)$", Regex, &[("Ab", true), ("AB", false)]);
}

#[test]
fn ecma_only_constructs_use_regress() {
    check(r"^(a)\1$", Regress, &[("aa", true), ("ab", false)]);
    check(
        r"^(?<x>[ab])\k<x>$",
        Regress,
        &[("bb", true), ("ab", false)],
    );
    check(r"^[a-z]+(?<!-)$", Regress, &[("ab", true)]);
    check(
        r"^(?!.*--)[a-z-]+$",
        Regress,
        &[("a-b", true), ("a--b", false)],
    );
    check(
        r"^(?!\s)[\s\S]+(?<!\s)$",
        Regress,
        &[("a b", true), (" a", false)],
    );
}

#[test]
fn java_spellings_that_ecma_rejects_read_as_java() {
    check(
        r"\A[a-z]+\z",
        Regex,
        &[("abc", true), ("Aabcz", false), ("ab1", false)],
    );
    check(
        r"^[\x{60}\x{0022}]$",
        Regex,
        &[("`", true), ("\"", true), ("x", false)],
    );
    check(
        r"^\p{Alnum}\p{Punct}\P{Print}$",
        Regex,
        &[("a!\n", true), ("é!\n", false)],
    );
    check(
        r"^[\p{XDigit}\p{Blank}]+$",
        Regex,
        &[("fF 0\t", true), ("g", false)],
    );
    check(
        r"^\p{IsAlphabetic}\p{all}$",
        Regex,
        &[("é\n", true), ("1a", false)],
    );
    check(
        r"^[^\p{C}\p{IsWhitespace}]+$",
        Regex,
        &[("a\u{a0}", false), ("ab", true)],
    );
}

#[test]
fn quantified_lookahead_is_the_lookahead() {
    check(
        r"^(?:/(?!\.)+[a-z.]+)$",
        Regress,
        &[("/a.b", true), ("/.a", false)],
    );
    check(r"^(?:(?!\.)*[a-z.]+)$", Regress, &[(".a", true)]);
}

#[test]
fn ambiguous_or_foreign_syntax_is_an_error() {
    for source in [
        r"\p{IsLatin}",
        r"\p{LD}",
        r"[\p{Print}&&[^a]]",
        r"[a-z[0-9]]",
        r"a{2}+",
        r"a?+",
        r"a{2}{3}",
        r"a${1,3}",
        r"(?m)^a$",
        r"\1",
        r"\8",
        r"[b-a]",
        r"a**",
        r"(",
        r"a)",
        r"[a",
        r"\q",
        r"\x4",
        r"\x{110000}",
        r"x{3,2}",
        r"*",
        r"(?<1a>x)",
        r"\p{l}",
        r"(?i)\p{Alpha}",
        r"(?<=a)+",
        r"\cé",
    ] {
        let error = Pattern::compile(source).expect_err(source);
        assert_eq!(error.pattern, source);
        assert!(
            error
                .to_string()
                .contains(source.replace('\\', r"\\").as_str()),
            "{error}"
        );
    }
    let deep = format!("{}a{}", "(".repeat(1000), ")".repeat(1000));
    assert!(Pattern::compile(&deep).is_err());
}

#[test]
fn lazy_pattern_compiles_once_and_shares() {
    static GOOD: LazyPattern = LazyPattern::new("^[a-z]{2}$");
    static BAD: LazyPattern = LazyPattern::new(r"\q");
    let threads: Vec<_> = (0..4)
        .map(|_| std::thread::spawn(|| GOOD.get().is_ok()))
        .collect();
    assert!(threads.into_iter().all(|t| t.join().unwrap()));
    let pattern = GOOD.get().unwrap();
    assert!(std::ptr::eq(pattern, GOOD.get().unwrap()));
    assert!(pattern.is_match("ab") && !pattern.is_match("abc"));
    assert_eq!(
        (GOOD.source(), pattern.source()),
        ("^[a-z]{2}$", "^[a-z]{2}$")
    );
    assert_eq!(BAD.get().unwrap_err().pattern, r"\q");
}

#[test]
fn java_input_anchors_and_code_point_escapes_are_accepted() {
    let anchored = Pattern::compile(r"\A[a-z]+\z").unwrap();
    assert!(anchored.is_match("abc"));
    assert!(!anchored.is_match("abc1") && !anchored.is_match("1abc"));
    let letters = Pattern::compile(r"^[\p{IsAlphabetic}]+$").unwrap();
    assert!(letters.is_match("Zürich") && !letters.is_match("a1"));
    let printable = Pattern::compile(r"^\p{Print}+$").unwrap();
    assert!(printable.is_match("a b~") && !printable.is_match("a\u{7}"));
    let backtick = Pattern::compile(r"^[\x{60}]$").unwrap();
    assert!(backtick.is_match("`") && !backtick.is_match("x"));
}

/// Values built from a pattern's own AST (so many of them match), then perturbed, plus fixed
/// ASCII, non-ASCII and long values.
pub(super) fn probes(node: &Node, seeds: u64) -> Vec<String> {
    let mut out: Vec<String> = [
        "", "a", "Z", "0", "abc", "-", "_", " ", "\n", "é", "東", "🚀",
    ]
    .map(String::from)
    .to_vec();
    out.extend(["\u{a0}", "٣", "a b", "arn:aws:iam::123456789012:role/x"].map(String::from));
    out.extend(["a".repeat(300), "é".repeat(2049), "x\n".repeat(40)]);
    for seed in 1..=seeds {
        let mut rng = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let mut value = String::new();
        generate(node, &mut rng, &mut value);
        let chars: Vec<char> = value.chars().collect();
        let cut: String = chars[..chars.len().saturating_sub(1)].iter().collect();
        let mut swap = |c: char| {
            let mut v = chars.clone();
            if let Some(slot) = v.get_mut(pick(&mut rng, chars.len().max(1)) % chars.len().max(1)) {
                *slot = c;
            }
            v.into_iter().collect::<String>()
        };
        out.extend([swap('é'), swap('🚀'), swap('\n'), swap('1')]);
        out.extend([
            format!("{value}x"),
            format!("{value}\n"),
            format!("-{value}"),
            cut,
            value,
        ]);
    }
    out
}

fn pick(rng: &mut u64, n: usize) -> usize {
    *rng ^= *rng << 13;
    *rng ^= *rng >> 7;
    *rng ^= *rng << 17;
    (*rng % n.max(1) as u64) as usize
}

const POOL: [char; 12] = [
    'a', 'Z', '0', '-', '_', ' ', '.', 'é', '東', '🚀', '\n', '\u{a0}',
];

fn generate(node: &Node, rng: &mut u64, out: &mut String) {
    if out.len() > 6000 {
        return;
    }
    match node {
        Node::Char { c, .. } => out.push(*c),
        Node::Set { set, .. } if !set.negated && !set.items.is_empty() => {
            match &set.items[pick(rng, set.items.len())] {
                Item::Range(lo, hi) => {
                    let (lo, hi) = (*lo as u32, *hi as u32);
                    let mid = char::from_u32(lo + (hi - lo) / 2).unwrap_or(*POOL.first().unwrap());
                    let all = [char::from_u32(lo), char::from_u32(hi), Some(mid)];
                    out.extend(all[pick(rng, 3)]);
                }
                Item::Prop { .. } => out.push(POOL[pick(rng, POOL.len())]),
            }
        }
        Node::Set { .. } | Node::Dot { .. } => out.push(POOL[pick(rng, POOL.len())]),
        Node::Group { body, .. } => generate(body, rng, out),
        Node::Look {
            negated: false,
            behind: false,
            ..
        }
        | Node::Start
        | Node::End => {}
        Node::Concat(items) => items.iter().for_each(|n| generate(n, rng, out)),
        Node::Alt(alternatives) => generate(&alternatives[pick(rng, alternatives.len())], rng, out),
        Node::Repeat { body, min, max, .. } => {
            let (min, max) = (*min as usize, max.map_or(*min as usize + 4, |m| m as usize));
            let counts = [min, min + 1, max, max + 1, min + pick(rng, max - min + 1)];
            for _ in 0..counts[pick(rng, counts.len())].min(3000) {
                generate(body, rng, out);
            }
        }
        _ => {}
    }
}

/// Compiles every pattern and compares the chosen engine with the oracle on its probes,
/// shortest first. regress backtracks: once one of its verdicts takes over 20 ms (nested
/// quantifiers on a near miss, the very input this module exists to survive) the longer probes
/// of that pattern are only run on our engine. Returns the engine counts and how many patterns
/// were cut short so.
pub(super) fn differential(patterns: &[String], seeds: u64) -> ([usize; 3], usize) {
    let (mut counts, mut cut) = ([0; 3], 0);
    for source in patterns {
        let t0 = std::time::Instant::now();
        let pattern = Pattern::compile(source).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            !matches!(pattern.fallback, Some(Fallback::Regex(_))),
            "{pattern:?}"
        );
        counts[pattern.engine() as usize] += 1;
        let oracle = oracle(source);
        let mut probes = probes(&parse(source).unwrap(), seeds);
        probes.sort_by_key(|p| p.chars().count());
        let mut budget = true;
        for probe in probes {
            if !budget {
                pattern.is_match(&probe);
                continue;
            }
            let started = std::time::Instant::now();
            agree(&pattern, &oracle, &probe);
            if started.elapsed() > std::time::Duration::from_millis(20) {
                budget = false;
                cut += 1;
            }
        }
        if std::env::var_os("PATTERN_TIMING").is_some() {
            eprintln!("TIME {:?} {source}", t0.elapsed());
        }
    }
    (counts, cut)
}

fn model_patterns() -> Vec<String> {
    let mut patterns = std::collections::BTreeSet::new();
    for model in [
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../models/partnercentral-account/2025-04-04"
        ),
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../models/partnercentral-selling/2022-07-26"
        ),
    ] {
        let text = std::fs::read_to_string(format!("{model}/service-2.json")).unwrap();
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        for shape in json["shapes"].as_object().unwrap().values() {
            if let Some(p) = shape["pattern"].as_str() {
                patterns.insert(format!("^(?:{p})$"));
            }
        }
    }
    patterns.into_iter().collect()
}

#[test]
fn model_patterns_agree_with_regress() {
    let patterns = model_patterns();
    let ([regex, length, regress], cut) = differential(&patterns, 40);
    let n = patterns.len();
    eprintln!(
        "our models: {n} patterns: Regex {regex}, LengthAndRegex {length}, Regress {regress}"
    );
    eprintln!("regress too slow to finish the probes of {cut}");
    assert_eq!(regex + length + regress, patterns.len());
}

/// Every botocore 1.44.5 pattern that compiles, on fewer probes (slow in debug builds).
#[test]
#[ignore = "minutes in a debug build; run with --ignored --release"]
fn corpus_patterns_agree_with_regress() {
    let text = include_str!("../../tests/data/botocore-1.44.5-patterns.txt");
    let patterns: Vec<String> = text
        .lines()
        .map(|line| serde_json::from_str::<String>(line).unwrap())
        .map(|p| format!("^(?:{p})$"))
        .filter(|p| Pattern::compile(p).is_ok())
        .collect();
    let ([regex, length, regress], cut) = differential(&patterns, 12);
    eprintln!("corpus: Regex {regex}, LengthAndRegex {length}, Regress {regress}");
    eprintln!("regress too slow to finish the probes of {cut}");
}
