//! Every verdict is checked twice: against the expected answer, and against regress as the
//! ECMA oracle (fed the pattern as written when it accepts it with `u`, else our `u`-valid
//! rewrite of it), so a translation that drifts from ECMA fails here.

mod differential;

use super::parse::parse;
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
    assert_eq!(Pattern::check(source), Ok(()), "check and compile disagree");
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
    let anchored = r"^(?:^.{1,100000}$)$";
    let long = "x".repeat(100_000);
    check(
        anchored,
        LengthAndRegex,
        &[(&long, true), ("", false), ("a\nb", false)],
    );
    assert!(
        !Pattern::compile(anchored)
            .unwrap()
            .is_match(&format!("{long}x"))
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

/// Java syntax with one clear meaning, as models written for Java services use it
/// (kinesisanalytics, payment-cryptography, autoscaling-plans, sagemaker, chime-sdk-voice,
/// iotwireless).
#[test]
fn java_syntax_with_one_meaning_is_translated() {
    // A possessive quantifier over a fixed count is that count.
    check(
        r"^[0-9A-Z]{2}+$",
        Engine::Regex,
        &[("A1", true), ("A", false), ("A1B", false)],
    );
    check(
        r"^\d{1}+:\d{12}+$",
        Engine::Regex,
        &[("1:123456789012", true), ("12:1", false)],
    );
    // A quantified anchor is the anchor (or nothing, with a minimum of 0).
    check(
        r"^[a-z]*${1,128}",
        Engine::Regex,
        &[("abc", true), ("ab1", false)],
    );
    check(r"^a${0,3}", Engine::Regex, &[("ab", true)]);
    // Class intersection `[A&&[B]]`: one code point in both classes. (regress, the oracle,
    // reads the same text as ECMA literals, so these are checked directly.)
    for (source, cases) in [
        (
            r"^[\p{Print}&&[^|:/]]+$",
            &[
                ("plan-1 a", true),
                ("a|b", false),
                ("a:b", false),
                ("a\u{7}", false),
            ][..],
        ),
        (
            r"^[a-z&&[^aeiou]]$",
            &[("b", true), ("a", false), ("B", false), ("&", false)][..],
        ),
    ] {
        let pattern = Pattern::compile(source).unwrap();
        for (input, expected) in cases {
            assert_eq!(pattern.is_match(input), *expected, "{source} on {input:?}");
        }
    }
}

#[test]
fn ambiguous_or_foreign_syntax_is_an_error() {
    for source in [
        r"\p{IsLatin}",
        r"\p{LD}",
        r"[a-z[0-9]]",
        r"[^a-z&&[aeiou]]",
        r"a{2,3}+",
        r"a?+",
        r"a{2}{3}",
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
        assert_eq!(
            Pattern::check(source),
            Err(error.clone()),
            "check and compile disagree"
        );
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
    assert!(Pattern::check(&deep).is_err());
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
