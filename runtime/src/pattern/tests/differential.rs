//! Differential tests: every pattern of our models, and (ignored, slow) of all botocore, on
//! values generated from the pattern itself, against regress as the ECMA oracle.

use super::super::ast::{Item, Node};
use super::super::parse::parse;
use super::super::{Engine, Fallback, Pattern};
use super::{agree, oracle};

/// Values built from a pattern's own AST (so many of them match), then perturbed, plus fixed
/// ASCII, non-ASCII and long values.
fn probes(node: &Node, seeds: u64) -> Vec<String> {
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

/// Compiles every pattern and compares the chosen engine with the oracle on its probes of up
/// to `limit` code points. regress backtracks, and nested quantifiers on a near miss (the very
/// input this module exists to survive) can keep it busy for hours; so probes go shortest
/// first, the short ones with all their prefixes (the cost grows step by step), and once one
/// verdict takes over 20 ms the rest of that pattern's probes run on our engine only (unless
/// that is regress too). Returns the engine counts and how many patterns were cut short so.
fn differential(patterns: &[String], seeds: u64, limit: usize) -> ([usize; 3], usize) {
    let (mut counts, mut cut) = ([0; 3], 0);
    for source in patterns {
        let pattern = Pattern::compile(source).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            !matches!(pattern.fallback, Some(Fallback::Regex(_))),
            "{pattern:?}"
        );
        counts[pattern.engine() as usize] += 1;
        let oracle = oracle(source);
        if let Some(fallback) = &pattern.fallback {
            eprintln!("{fallback:?}: {source}");
        }
        let mut queue = std::collections::BTreeSet::<(usize, String)>::new();
        for probe in probes(&parse(source).unwrap(), seeds) {
            let chars: Vec<char> = probe.chars().collect();
            if chars.len() <= 64 {
                queue.extend((0..chars.len()).map(|n| (n, chars[..n].iter().collect())));
            }
            queue.insert((chars.len(), probe));
        }
        let mut budget = true;
        for (length, probe) in queue {
            // Past the budget our engine still runs, unless it is regress as well.
            if !budget || length > limit {
                if pattern.engine() != Engine::Regress {
                    pattern.is_match(&probe);
                }
                continue;
            }
            let started = std::time::Instant::now();
            agree(&pattern, &oracle, &probe);
            if started.elapsed() > std::time::Duration::from_millis(20) {
                budget = false;
                cut += 1;
                eprintln!(
                    "slow on {length} code points ({:?}): {source}",
                    pattern.engine()
                );
            }
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
    let ([regex, length, regress], cut) = differential(&patterns, 40, usize::MAX);
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
    let text = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/botocore-1.44.5-patterns.txt"
    ));
    let patterns: Vec<String> = text
        .lines()
        .map(|line| serde_json::from_str::<String>(line).unwrap())
        .map(|p| format!("^(?:{p})$"))
        .filter(|p| Pattern::compile(p).is_ok())
        .collect();
    let ([regex, length, regress], cut) = differential(&patterns, 12, 64);
    eprintln!("corpus: Regex {regex}, LengthAndRegex {length}, Regress {regress}");
    eprintln!("regress too slow to finish the probes of {cut}");
}
