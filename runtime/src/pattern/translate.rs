//! The AST written back out: as `regex`-crate syntax when the translation is exact, and as
//! ECMA syntax (valid with the `u` flag) for `regress` otherwise; plus the rewrites that move a
//! length condition out of the pattern into code.

use std::fmt::Write;

use super::ast::{BackRef, Capture, Item, Node, Set};
use super::classes::LINE_TERMINATORS;

/// A condition on the whole value, checked in code before its regex.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct LengthCheck {
    /// Bounds in code points.
    pub min: usize,
    pub max: Option<usize>,
    /// ECMA's `.` without dotAll stops at `\n`, `\r`, U+2028 and U+2029.
    pub no_line_terminators: bool,
}

impl LengthCheck {
    pub fn check(&self, value: &str) -> bool {
        if self.no_line_terminators && value.contains(LINE_TERMINATORS) {
            return false;
        }
        let mut count = 0;
        for _ in value.chars() {
            count += 1;
            if self.max.is_some_and(|max| count > max) {
                return false;
            }
        }
        count >= self.min
    }

    /// Both conditions at once.
    fn and(self, other: Option<LengthCheck>) -> LengthCheck {
        let Some(other) = other else { return self };
        let max = match (self.max, other.max) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        LengthCheck {
            min: self.min.max(other.min),
            max,
            no_line_terminators: self.no_line_terminators || other.no_line_terminators,
        }
    }
}

/// `^(?=.{m,n}$)rest`, the lookahead possibly inside the groups that open `rest`, is
/// "m..=n code points, none a line terminator (unless dotAll)" and `^rest`: with no multiline
/// flag `^` holds only at offset 0, so the lookahead is tested once, against the whole value.
/// It must be the first thing on the path from the `^` (so it is not inside an alternative or
/// a repetition) and its body exactly `^?.{m,n}$`.
pub(super) fn split_length_lookahead(node: &Node) -> Option<(LengthCheck, Node)> {
    let mut rest = node.clone();
    let Node::Concat(items) = &mut rest else {
        return None;
    };
    let first = items.iter().position(|n| !matches!(n, Node::Start))?;
    if first == 0 {
        return None;
    }
    let look = take_leading_lookahead(&mut items[first])?;
    let parts: Vec<&Node> = match &look {
        Node::Concat(parts) => parts.iter().filter(|n| !matches!(n, Node::Start)).collect(),
        _ => return None,
    };
    let [Node::Repeat { body, min, max, .. }, Node::End] = parts.as_slice() else {
        return None;
    };
    let Node::Dot { dot_all } = **body else {
        return None;
    };
    let check = LengthCheck {
        min: *min as usize,
        max: max.map(|m| m as usize),
        no_line_terminators: !dot_all,
    };
    Some((check, rest))
}

/// Removes the positive lookahead that `node` starts with, returning its body.
fn take_leading_lookahead(node: &mut Node) -> Option<Node> {
    match node {
        Node::Look {
            behind: false,
            negated: false,
            body,
        } => {
            let body = std::mem::replace(body.as_mut(), Node::Empty);
            *node = Node::Empty;
            Some(body)
        }
        Node::Group { body, .. } => take_leading_lookahead(body),
        Node::Concat(items) => {
            let first = items.iter().position(|n| !matches!(n, Node::Start))?;
            take_leading_lookahead(&mut items[first])
        }
        _ => None,
    }
}

/// `^C{m,n}$` for a single-code-point `C` is "m..=n code points" and `^C*$`: the regex crate
/// would compile `{1,2048}` of a Unicode class into more states than its size limit allows.
pub(super) fn split_repeat(node: &Node, outer: Option<LengthCheck>) -> Option<(LengthCheck, Node)> {
    let Node::Concat(items) = node else {
        return None;
    };
    let inner: Vec<&Node> = items
        .iter()
        .filter(|n| !matches!(n, Node::Start | Node::End))
        .collect();
    let (Some(Node::Start), Some(Node::End), [middle]) =
        (items.first(), items.last(), inner.as_slice())
    else {
        return None;
    };
    let Node::Repeat {
        body,
        min,
        max,
        greedy,
    } = only_child(middle)?
    else {
        return None;
    };
    if !matches!(
        **body,
        Node::Char { .. } | Node::Set { .. } | Node::Dot { .. }
    ) {
        return None;
    }
    let check = LengthCheck {
        min: *min as usize,
        max: max.map(|m| m as usize),
        no_line_terminators: false,
    };
    let star = Node::Repeat {
        body: body.clone(),
        min: 0,
        max: None,
        greedy: *greedy,
    };
    Some((
        check.and(outer),
        Node::Concat(vec![Node::Start, star, Node::End]),
    ))
}

/// Looks through groups and concatenations that hold one node (groups' captures do not
/// matter to a yes/no match). The caller has `^` before and `$` after `node`, so a `^` before
/// the one node or a `$` after it holds anyway (`^(?:^x{1,9}$)$`).
fn only_child(node: &Node) -> Option<&Node> {
    match node {
        Node::Group { body, .. } => only_child(body),
        Node::Concat(items) => {
            let items: Vec<&Node> = items.iter().filter(|n| **n != Node::Empty).collect();
            let at = items.iter().position(|n| !matches!(n, Node::Start))?;
            let after_all_ends = items[at + 1..].iter().all(|n| matches!(n, Node::End));
            after_all_ends.then(|| only_child(items[at])).flatten()
        }
        other => Some(other),
    }
}

/// `regex`-crate syntax for `node`, or `None` if it needs an ECMA engine (lookaround,
/// backreferences, `\b` under `(?i)`, a property the crates may define differently).
pub(super) fn to_regex(node: &Node) -> Option<String> {
    let mut out = String::new();
    regex_node(node, &mut out)?;
    Some(out)
}

fn regex_node(node: &Node, out: &mut String) -> Option<()> {
    match node {
        Node::Empty => {}
        Node::Char { c, icase } => with_icase(*icase, out, |out| regex_char(*c, out)),
        Node::Set { set, icase } => {
            let mut class = String::new();
            regex_set(set, &mut class)?;
            with_icase(*icase, out, |out| out.push_str(&class));
        }
        // Written as classes: `.` in the regex crate excludes only `\n`.
        Node::Dot { dot_all: true } => out.push_str(r"[\x{0}-\x{10FFFF}]"),
        Node::Dot { dot_all: false } => out.push_str(r"[^\n\r\x{2028}\x{2029}]"),
        Node::Start => out.push_str(r"\A"),
        Node::End => out.push_str(r"\z"),
        // ECMA's `\b` is ASCII-only, as is `(?-u:\b)`; with `u` and `i` ECMA also counts
        // U+017F and U+212A as word characters, which no regex boundary does.
        Node::WordBoundary { icase: true, .. } => return None,
        Node::WordBoundary { negated, .. } => {
            out.push_str(if *negated { r"(?-u:\B)" } else { r"(?-u:\b)" })
        }
        Node::Group { body, .. } => {
            out.push_str("(?:");
            regex_node(body, out)?;
            out.push(')');
        }
        Node::Look { .. } | Node::BackRef { .. } => return None,
        Node::Concat(items) => {
            for item in items {
                regex_node(item, out)?;
            }
        }
        Node::Alt(alternatives) => {
            out.push_str("(?:");
            for (i, alternative) in alternatives.iter().enumerate() {
                if i > 0 {
                    out.push('|');
                }
                regex_node(alternative, out)?;
            }
            out.push(')');
        }
        Node::Repeat {
            body,
            min,
            max,
            greedy,
        } => {
            out.push_str("(?:");
            regex_node(body, out)?;
            out.push(')');
            push_quantifier(*min, *max, *greedy, out);
        }
    }
    Some(())
}

fn with_icase(icase: bool, out: &mut String, write: impl FnOnce(&mut String)) {
    if icase {
        out.push_str("(?i:");
        write(out);
        out.push(')');
    } else {
        write(out);
    }
}

/// ASCII letters and digits as themselves, ASCII punctuation per `regex::escape`, everything
/// else (controls, spaces, non-ASCII) as `\x{…}`, so no character is ever read as syntax.
fn regex_char(c: char, out: &mut String) {
    if c.is_ascii_alphanumeric() || c == '_' {
        out.push(c);
    } else if c.is_ascii_punctuation() {
        out.push_str(&regex::escape(c.encode_utf8(&mut [0; 4])));
    } else {
        let _ = write!(out, r"\x{{{:X}}}", c as u32);
    }
}

fn regex_set(set: &Set, out: &mut String) -> Option<()> {
    if set.items.is_empty() {
        // `[]` matches nothing, `[^]` anything.
        out.push_str(if set.negated {
            r"[\x{0}-\x{10FFFF}]"
        } else {
            r"[^\x{0}-\x{10FFFF}]"
        });
        return Some(());
    }
    out.push_str(if set.negated { "[^" } else { "[" });
    for item in &set.items {
        match item {
            Item::Range(lo, hi) => {
                regex_char(*lo, out);
                if lo != hi {
                    out.push('-');
                    regex_char(*hi, out);
                }
            }
            Item::Prop { negated, regex, .. } => {
                let _ = write!(
                    out,
                    r"\{}{{{}}}",
                    if *negated { 'P' } else { 'p' },
                    regex.as_ref()?
                );
            }
        }
    }
    out.push(']');
    Some(())
}

fn push_quantifier(min: u32, max: Option<u32>, greedy: bool, out: &mut String) {
    let _ = match (min, max) {
        (0, None) => write!(out, "*"),
        (1, None) => write!(out, "+"),
        (0, Some(1)) => write!(out, "?"),
        (min, None) => write!(out, "{{{min},}}"),
        (min, Some(max)) if min == max => write!(out, "{{{min}}}"),
        (min, Some(max)) => write!(out, "{{{min},{max}}}"),
    };
    if !greedy {
        out.push('?');
    }
}

/// ECMA syntax for `node`, valid with the `u` flag (regress's `Flags { unicode: true, .. }`)
/// and with no other flag: case-insensitive parts are written as ES2025 modifier groups
/// `(?i:…)`, dotAll as classes. Capturing groups keep their order, so `\N` still refers to
/// the same group.
pub(super) fn to_ecma(node: &Node) -> String {
    let mut out = String::new();
    ecma_node(node, &mut out);
    out
}

fn ecma_node(node: &Node, out: &mut String) {
    match node {
        Node::Empty => {}
        Node::Char { c, icase } => with_icase(*icase, out, |out| ecma_char(*c, false, out)),
        Node::Set { set, icase } => with_icase(*icase, out, |out| ecma_set(set, out)),
        Node::Dot { dot_all: true } => out.push_str("[^]"),
        Node::Dot { dot_all: false } => out.push_str(r"[^\n\r\u2028\u2029]"),
        Node::Start => out.push('^'),
        Node::End => out.push('$'),
        Node::WordBoundary { negated, icase } => with_icase(*icase, out, |out| {
            out.push_str(if *negated { r"\B" } else { r"\b" })
        }),
        Node::Group { capture, body } => {
            match capture {
                Capture::No => out.push_str("(?:"),
                Capture::Unnamed => out.push('('),
                Capture::Named(name) => {
                    let _ = write!(out, "(?<{name}>");
                }
            }
            ecma_node(body, out);
            out.push(')');
        }
        Node::Look {
            behind,
            negated,
            body,
        } => {
            out.push_str(match (behind, negated) {
                (false, false) => "(?=",
                (false, true) => "(?!",
                (true, false) => "(?<=",
                (true, true) => "(?<!",
            });
            ecma_node(body, out);
            out.push(')');
        }
        Node::BackRef { target, icase } => with_icase(*icase, out, |out| {
            let _ = match target {
                BackRef::Index(n) => write!(out, r"\{n}"),
                BackRef::Name(name) => write!(out, r"\k<{name}>"),
            };
            // A digit right after `\1` would extend the number.
            out.push_str("(?:)");
        }),
        Node::Concat(items) => items.iter().for_each(|item| ecma_node(item, out)),
        Node::Alt(alternatives) => {
            out.push_str("(?:");
            for (i, alternative) in alternatives.iter().enumerate() {
                if i > 0 {
                    out.push('|');
                }
                ecma_node(alternative, out);
            }
            out.push(')');
        }
        Node::Repeat {
            body,
            min,
            max,
            greedy,
        } => {
            out.push_str("(?:");
            ecma_node(body, out);
            out.push(')');
            push_quantifier(*min, *max, *greedy, out);
        }
    }
}

/// Syntax characters escaped (the only identity escapes `u` allows, plus `-` in a class),
/// printable ASCII as itself, everything else as `\u{…}`.
fn ecma_char(c: char, in_class: bool, out: &mut String) {
    if "^$\\.*+?()[]{}|/".contains(c) || (in_class && c == '-') {
        out.push('\\');
        out.push(c);
    } else if c.is_ascii_graphic() || c == ' ' {
        out.push(c);
    } else {
        let _ = write!(out, r"\u{{{:X}}}", c as u32);
    }
}

fn ecma_set(set: &Set, out: &mut String) {
    out.push_str(if set.negated { "[^" } else { "[" });
    for item in &set.items {
        match item {
            Item::Range(lo, hi) => {
                ecma_char(*lo, true, out);
                if lo != hi {
                    out.push('-');
                    ecma_char(*hi, true, out);
                }
            }
            Item::Prop { negated, ecma, .. } => {
                let _ = write!(out, r"\{}{{{ecma}}}", if *negated { 'P' } else { 'p' });
            }
        }
    }
    out.push(']');
}
