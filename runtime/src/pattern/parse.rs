//! ECMA-262 pattern syntax to an AST.
//!
//! The grammar is ECMA's with the `u` flag (the value is a sequence of code points), plus the
//! Annex B leniencies the models rely on whose meaning is fixed by the spec: identity escapes of
//! ASCII punctuation (`\-`, `\_`, `\ `), `{`, `}` and `]` as literals where they cannot be
//! syntax, `[\w-_]` (a class escape next to `-` makes the `-` a literal) and legacy octal
//! escapes starting with `\0`. Anything whose meaning is ambiguous (`\1` without a group 1,
//! `\x` without two hex digits, escaped letters with no meaning) is an error here rather
//! than a guess.
//!
//! Some Java syntax is accepted because AWS models written for Java services use it and its
//! meaning is unambiguous there: `\A` and `\z` (start and end of input: with no multiline
//! flag, the same as `^` and `$`), `\x{…}` (a code point), Java's spellings of Unicode and
//! POSIX properties (`\p{IsAlphabetic}`, `\p{Print}`), a possessive quantifier over a fixed
//! count (`\d{12}+` is `\d{12}`), a quantified anchor (`${1,128}` is `$`) and the class
//! intersection `[A&&[B]]`. Other possessive quantifiers and `[A&&B]` stay errors.
//!
//! Two non-ECMA extensions: a Java-style inline flag group `(?i)` / `(?s)` sets the flag for the
//! rest of its enclosing group (so a leading `(?s)` is the dotAll flag), and ES2025 modifier
//! groups `(?i:…)` / `(?-s:…)`. Flags are resolved here into the leaves (`Char`, `Set`, `Dot`,
//! ...), so later stages never track flag scopes.

use super::ast::{BackRef, Capture, Item, Node, Set};
use super::classes::{self, ClassEscape, push_range};

/// Deeper nesting than this is refused rather than risking the stack.
const MAX_DEPTH: usize = 200;

#[derive(Debug, Clone, Copy, Default)]
struct Flags {
    icase: bool,
    dot_all: bool,
}

/// What an escape stands for.
enum Escape {
    /// A code point, possibly a lone surrogate (which no Rust string contains).
    Char(u32),
    Set(Vec<Item>),
    WordBoundary(bool),
    Anchor(Node),
    BackRef(BackRef),
}

pub(super) fn parse(source: &str) -> Result<Node, String> {
    let chars: Vec<char> = source.chars().collect();
    let (groups, names) = scan_groups(&chars);
    let mut parser = Parser {
        chars,
        pos: 0,
        flags: Flags::default(),
        depth: 0,
        groups,
        names,
    };
    let node = parser.disjunction()?;
    match parser.peek() {
        None => Ok(node),
        Some(_) => Err(parser.error("unmatched `)`")),
    }
}

/// Counts capturing groups and collects their names: a backreference may name a later group.
fn scan_groups(chars: &[char]) -> (u32, Vec<String>) {
    let (mut count, mut names, mut in_class, mut i) = (0, Vec::new(), false, 0);
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 1,
            '[' => in_class = true,
            ']' => in_class = false,
            '(' if !in_class => match (chars.get(i + 1), chars.get(i + 2), chars.get(i + 3)) {
                (Some('?'), Some('<'), Some(c)) if *c != '=' && *c != '!' => {
                    count += 1;
                    let name: String = chars[i + 3..].iter().take_while(|c| **c != '>').collect();
                    names.push(name);
                }
                (Some('?'), ..) => {}
                _ => count += 1,
            },
            _ => {}
        }
        i += 1;
    }
    (count, names)
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
    flags: Flags,
    depth: usize,
    groups: u32,
    names: Vec<String>,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.pos + ahead).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        let hit = self.peek() == Some(c);
        if hit {
            self.pos += 1;
        }
        hit
    }

    fn next(&mut self) -> Result<char, String> {
        let c = self
            .peek()
            .ok_or_else(|| self.error("unexpected end of pattern"))?;
        self.pos += 1;
        Ok(c)
    }

    fn error(&self, what: &str) -> String {
        format!("{what} at offset {} (in code points)", self.pos)
    }

    /// Inline flags set inside a disjunction end with it, as in Java.
    fn disjunction(&mut self) -> Result<Node, String> {
        let saved = self.flags;
        let mut alternatives = vec![self.alternative()?];
        while self.eat('|') {
            alternatives.push(self.alternative()?);
        }
        self.flags = saved;
        Ok(if alternatives.len() == 1 {
            alternatives.remove(0)
        } else {
            Node::Alt(alternatives)
        })
    }

    fn alternative(&mut self) -> Result<Node, String> {
        let mut items = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let Some((atom, quantifiable)) = self.term()? else {
                continue;
            };
            let Some((min, max)) = self.quantifier()? else {
                items.push(atom);
                continue;
            };
            let greedy = !self.eat('?');
            // Java's possessive `X{n}+` never gives back what it took; with a fixed count
            // there is nothing to give back, so it is `X{n}` (ECMA has no such syntax).
            // Any other possessive quantifier is refused: its meaning differs from greedy.
            if greedy && self.peek() == Some('+') {
                if max == Some(min) {
                    self.pos += 1;
                } else {
                    return Err(self.error("possessive quantifier (Java) over a variable count"));
                }
            }
            if !quantifiable {
                items.push(self.quantified_assertion(atom, min)?);
                continue;
            }
            items.push(Node::Repeat {
                body: Box::new(atom),
                min,
                max,
                greedy,
            });
        }
        Ok(match items.len() {
            0 => Node::Empty,
            1 => items.remove(0),
            _ => Node::Concat(items),
        })
    }

    /// Annex B lets a lookahead take a quantifier. An iteration that consumes nothing ends the
    /// loop, so with a minimum of 1 or more it is the lookahead, and with 0 it always
    /// succeeds (kept as `(?:look|)` so group numbers do not move).
    /// Java also lets `^`, `$` and `\b` take one (models write `${1,128}`), with the same
    /// meaning; ECMA rejects that syntax, so reading it the Java way conflicts with nothing.
    fn quantified_assertion(&self, atom: Node, min: u32) -> Result<Node, String> {
        match atom {
            Node::Look { behind: false, .. }
            | Node::Start
            | Node::End
            | Node::WordBoundary { .. }
                if min > 0 =>
            {
                Ok(atom)
            }
            Node::Look { behind: false, .. } => Ok(Node::Alt(vec![atom, Node::Empty])),
            Node::Start | Node::End | Node::WordBoundary { .. } => Ok(Node::Empty),
            _ => Err(self.error("quantifier after an assertion")),
        }
    }

    fn quantifier(&mut self) -> Result<Option<(u32, Option<u32>)>, String> {
        let bounds = match self.peek() {
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('?') => (0, Some(1)),
            Some('{') => match self.braced()? {
                Some(bounds) => return Ok(Some(bounds)),
                None => return Ok(None),
            },
            _ => return Ok(None),
        };
        self.pos += 1;
        Ok(Some(bounds))
    }

    /// `{m}`, `{m,}` or `{m,n}` at the cursor; anything else leaves `{` a literal (Annex B).
    fn braced(&mut self) -> Result<Option<(u32, Option<u32>)>, String> {
        let start = self.pos;
        self.pos += 1;
        let parsed = match self.number()? {
            Some(min) if self.eat('}') => Some((min, Some(min))),
            Some(min) if self.eat(',') => match self.number()? {
                Some(max) if self.eat('}') => Some((min, Some(max))),
                None if self.eat('}') => Some((min, None)),
                _ => None,
            },
            _ => None,
        };
        match parsed {
            Some((min, Some(max))) if max < min => Err(self.error("quantifier range out of order")),
            Some(bounds) => Ok(Some(bounds)),
            None => {
                self.pos = start;
                Ok(None)
            }
        }
    }

    fn number(&mut self) -> Result<Option<u32>, String> {
        let mut value: Option<u32> = None;
        while let Some(digit) = self.peek().and_then(|c| c.to_digit(10)) {
            let next = value
                .unwrap_or(0)
                .checked_mul(10)
                .and_then(|v| v.checked_add(digit));
            value = Some(next.ok_or_else(|| self.error("quantifier bound too large"))?);
            self.pos += 1;
        }
        Ok(value)
    }

    /// One term: `None` for an inline flag group, else the node and whether it takes a
    /// quantifier.
    fn term(&mut self) -> Result<Option<(Node, bool)>, String> {
        let c = self.next()?;
        let atom = match c {
            '^' => return Ok(Some((Node::Start, false))),
            '$' => return Ok(Some((Node::End, false))),
            '.' => Node::Dot {
                dot_all: self.flags.dot_all,
            },
            '(' => return self.group(),
            '[' => self.class_node()?,
            '*' | '+' | '?' => return Err(self.error("nothing to repeat")),
            '{' => {
                self.pos -= 1;
                if self.braced()?.is_some() {
                    return Err(self.error("nothing to repeat"));
                }
                self.pos += 1;
                self.char_node('{' as u32)
            }
            '\\' => match self.escape(false)? {
                Escape::Char(c) => self.char_node(c),
                Escape::Set(items) => Node::Set {
                    set: Set {
                        negated: false,
                        items,
                    },
                    icase: self.flags.icase,
                },
                Escape::Anchor(node) => return Ok(Some((node, false))),
                Escape::WordBoundary(negated) => {
                    let icase = self.flags.icase;
                    return Ok(Some((Node::WordBoundary { negated, icase }, false)));
                }
                Escape::BackRef(target) => Node::BackRef {
                    target,
                    icase: self.flags.icase,
                },
            },
            c => Node::Char {
                c,
                icase: self.flags.icase,
            },
        };
        Ok(Some((atom, true)))
    }

    /// A lone surrogate can match no Rust string, so it is the empty class.
    fn char_node(&self, c: u32) -> Node {
        match char::from_u32(c) {
            Some(c) => Node::Char {
                c,
                icase: self.flags.icase,
            },
            None => Node::Set {
                set: Set::default(),
                icase: false,
            },
        }
    }

    fn group(&mut self) -> Result<Option<(Node, bool)>, String> {
        let (mut capture, mut look, saved) = (Capture::Unnamed, None, self.flags);
        if self.eat('?') {
            capture = Capture::No;
            match self.next()? {
                ':' => {}
                '=' => look = Some((false, false)),
                '!' => look = Some((false, true)),
                '<' if self.eat('=') => look = Some((true, false)),
                '<' if self.eat('!') => look = Some((true, true)),
                '<' => capture = Capture::Named(self.group_name()?),
                'i' | 's' | '-' => {
                    self.pos -= 1;
                    if self.modifiers()? {
                        return Ok(None);
                    }
                }
                _ => return Err(self.error("unsupported group syntax")),
            }
        }
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error("groups nested too deeply"));
        }
        let body = Box::new(self.disjunction()?);
        self.depth -= 1;
        self.flags = saved;
        if !self.eat(')') {
            return Err(self.error("missing `)`"));
        }
        Ok(Some(match look {
            Some((behind, negated)) => (
                Node::Look {
                    behind,
                    negated,
                    body,
                },
                false,
            ),
            None => (Node::Group { capture, body }, true),
        }))
    }

    /// Flags after `(?`: `i`, `s`, optionally `-` and more. Returns true for an inline group
    /// `(?i)` (flags changed for the rest of the enclosing group), false for a modifier group
    /// `(?i:` (flags changed until the caller restores them at its `)`).
    fn modifiers(&mut self) -> Result<bool, String> {
        let mut on = true;
        loop {
            match self.next()? {
                'i' => self.flags.icase = on,
                's' => self.flags.dot_all = on,
                '-' if on => on = false,
                ')' => return Ok(true),
                ':' => return Ok(false),
                _ => return Err(self.error("unsupported flag in group")),
            }
        }
    }

    fn group_name(&mut self) -> Result<String, String> {
        let mut name = String::new();
        loop {
            match self.next()? {
                '>' if !name.is_empty() => return Ok(name),
                c if c == '_' || c == '$' || c.is_ascii_alphabetic() => name.push(c),
                c if c.is_ascii_digit() && !name.is_empty() => name.push(c),
                _ => return Err(self.error("unsupported group name")),
            }
        }
    }

    /// After `[`. In ECMA `]` right after `[` or `[^` closes the class: `[]` matches nothing
    /// and `[^]` any code point.
    fn class(&mut self) -> Result<Set, String> {
        let mut set = Set {
            negated: self.eat('^'),
            items: Vec::new(),
        };
        loop {
            match self.peek() {
                None => return Err(self.error("unterminated character class")),
                Some(']') => break,
                Some(_) => {}
            }
            let first = self.class_atom()?;
            let ranged = self.peek() == Some('-') && !matches!(self.peek_at(1), Some(']') | None);
            if !ranged {
                push_atom(&mut set.items, first);
                continue;
            }
            self.pos += 1;
            match (first, self.class_atom()?) {
                (Escape::Char(lo), Escape::Char(hi)) if lo > hi => {
                    return Err(self.error("character class range out of order"));
                }
                (Escape::Char(lo), Escape::Char(hi)) => push_range(&mut set.items, lo, hi),
                // Annex B: a class escape at either end makes the `-` a literal.
                (first, last) => {
                    push_atom(&mut set.items, first);
                    push_range(&mut set.items, '-' as u32, '-' as u32);
                    push_atom(&mut set.items, last);
                }
            }
        }
        self.pos += 1;
        Ok(set)
    }

    /// An unescaped `[` or `&&` in a class is a nested class or an intersection in Java (and
    /// with ECMA's `v` flag) but literal characters with `u`: refused as ambiguous, except
    /// in the one form whose meaning is clear, read by [`Parser::class_node`].
    fn class_atom(&mut self) -> Result<Escape, String> {
        match self.next()? {
            '\\' => self.escape(true),
            '[' => Err(self.error("`[` inside a class")),
            '&' if self.peek() == Some('&') => Err(self.error("`&&` inside a class")),
            c => Ok(Escape::Char(c as u32)),
        }
    }

    /// After `[`: a class, or Java's intersection `[A&&[B]]` (one code point in both A and
    /// B), which models written for Java use (`[\p{Print}&&[^|:/]]`). ECMA with `u` would
    /// read it as a class holding `&` and `[` followed by a literal `]`, which no model
    /// means; the intersection is written as `(?=[B])[A]`, exact for single code points.
    fn class_node(&mut self) -> Result<Node, String> {
        let icase = self.flags.icase;
        let Some(split) = self.intersection_split() else {
            return Ok(Node::Set {
                set: self.class()?,
                icase,
            });
        };
        if self.peek() == Some('^') {
            return Err(self.error("a negated class with `&&`"));
        }
        // The left operand, `A`, read as the class `[A]`.
        let mut left_chars = self.chars[self.pos..split].to_vec();
        left_chars.push(']');
        let mut left = Parser {
            chars: left_chars,
            pos: 0,
            flags: self.flags,
            depth: self.depth,
            groups: self.groups,
            names: self.names.clone(),
        };
        let left = left
            .class()
            .map_err(|e| self.error(&format!("left of `&&`: {e}")))?;
        self.pos = split + 2;
        if !self.eat('[') {
            // `[A&&B]` is also a plain ECMA class holding `&`: ambiguous.
            return Err(self.error("`&&` inside a class"));
        }
        let right = self.class()?;
        if !self.eat(']') {
            return Err(self.error("`[A&&[B]]` must end after `[B]`"));
        }
        Ok(Node::Concat(vec![
            Node::Look {
                behind: false,
                negated: false,
                body: Box::new(Node::Set { set: right, icase }),
            },
            Node::Set { set: left, icase },
        ]))
    }

    /// Where the class starting at the cursor has a top-level `&&`, if it has one before its
    /// end or a nested `[`.
    fn intersection_split(&self) -> Option<usize> {
        let mut i = self.pos;
        while let Some(&c) = self.chars.get(i) {
            match c {
                '\\' => i += 2,
                '&' if self.chars.get(i + 1) == Some(&'&') => return Some(i),
                ']' | '[' => return None,
                _ => i += 1,
            }
        }
        None
    }

    /// After `\`.
    fn escape(&mut self, in_class: bool) -> Result<Escape, String> {
        let icase = self.flags.icase;
        let c = self.next()?;
        let set = |kind, negated| Ok(Escape::Set(classes::escape(kind, negated, icase)));
        let code = match c {
            'd' | 'D' => return set(ClassEscape::Digit, c == 'D'),
            'w' | 'W' => return set(ClassEscape::Word, c == 'W'),
            's' | 'S' => return set(ClassEscape::Space, c == 'S'),
            'p' | 'P' => return Ok(Escape::Set(self.property(c == 'P')?)),
            // Java's input anchors, errors in ECMA with `u`: no multiline, so `^` and `$`.
            'A' if !in_class => return Ok(Escape::Anchor(Node::Start)),
            'z' if !in_class => return Ok(Escape::Anchor(Node::End)),
            'b' if in_class => 0x08,
            'b' | 'B' if !in_class => return Ok(Escape::WordBoundary(c == 'B')),
            'f' => 0x0C,
            'n' => 0x0A,
            'r' => 0x0D,
            't' => 0x09,
            'v' => 0x0B,
            'c' => match self.next()? {
                l if l.is_ascii_alphabetic() => l as u32 % 32,
                _ => return Err(self.error("`\\c` must be followed by a letter")),
            },
            '0' => self.octal(0),
            '1'..='9' if !in_class => {
                self.pos -= 1;
                let n = self.number()?.unwrap_or(0);
                if n > self.groups {
                    return Err(self.error("backreference to a missing group"));
                }
                return Ok(Escape::BackRef(BackRef::Index(n)));
            }
            // `\x{…}` is Java's code point escape (an ECMA error with `u`).
            'x' if self.eat('{') => self.braced_hex()?,
            'x' => self.hex(2)?,
            'u' => self.unicode_escape()?,
            'k' if !in_class && !self.names.is_empty() => {
                if !self.eat('<') {
                    return Err(self.error("`\\k` must be followed by `<name>`"));
                }
                let name = self.group_name()?;
                if !self.names.contains(&name) {
                    return Err(self.error("backreference to a missing group name"));
                }
                return Ok(Escape::BackRef(BackRef::Name(name)));
            }
            c if c.is_ascii_punctuation() || c == ' ' => c as u32,
            _ => return Err(self.error("unsupported escape")),
        };
        Ok(Escape::Char(code))
    }

    /// Annex B legacy octal after `\0` (`\0` alone is NUL): up to two more octal digits, so
    /// `\037` is U+001F.
    fn octal(&mut self, mut value: u32) -> u32 {
        for _ in 0..2 {
            match self.peek().and_then(|c| c.to_digit(8)) {
                Some(d) => {
                    value = value * 8 + d;
                    self.pos += 1;
                }
                None => break,
            }
        }
        value
    }

    fn hex(&mut self, digits: usize) -> Result<u32, String> {
        let mut value = 0;
        for _ in 0..digits {
            let d = self.peek().and_then(|c| c.to_digit(16));
            value = value * 16 + d.ok_or_else(|| self.error("expected a hex digit"))?;
            self.pos += 1;
        }
        Ok(value)
    }

    /// After `{`: hex digits and `}`, a code point.
    fn braced_hex(&mut self) -> Result<u32, String> {
        let mut value: u32 = 0;
        while let Some(d) = self.peek().and_then(|c| c.to_digit(16)) {
            value = value.saturating_mul(16).saturating_add(d);
            self.pos += 1;
        }
        if value > 0x10FFFF || !self.eat('}') {
            return Err(self.error("invalid `{…}` code point"));
        }
        Ok(value)
    }

    /// `\uXXXX`, `\u{X…}`, and a `\uHIGH\uLOW` surrogate pair as the one code point it encodes.
    fn unicode_escape(&mut self) -> Result<u32, String> {
        if self.eat('{') {
            return self.braced_hex();
        }
        let high = self.hex(4)?;
        if (0xD800..0xDC00).contains(&high)
            && self.peek() == Some('\\')
            && self.peek_at(1) == Some('u')
        {
            let save = self.pos;
            self.pos += 2;
            match self.hex(4) {
                Ok(low) if (0xDC00..0xE000).contains(&low) => {
                    return Ok(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00));
                }
                _ => self.pos = save,
            }
        }
        Ok(high)
    }

    /// After `\p` or `\P`: `{Name}` or `{Name=Value}`.
    fn property(&mut self, negated: bool) -> Result<Vec<Item>, String> {
        if !self.eat('{') {
            return Err(self.error("`\\p` must be followed by `{`"));
        }
        let mut name = String::new();
        loop {
            match self.next()? {
                '}' => break,
                c if c.is_ascii_alphanumeric() || c == '_' || c == '=' => name.push(c),
                _ => return Err(self.error("invalid property name")),
            }
        }
        classes::property(&name, negated, self.flags.icase).map_err(|e| self.error(e))
    }
}

fn push_atom(items: &mut Vec<Item>, atom: Escape) {
    match atom {
        Escape::Char(c) => push_range(items, c, c),
        Escape::Set(set) => items.extend(set),
        // `escape(true)` yields neither.
        Escape::WordBoundary(_) | Escape::Anchor(_) | Escape::BackRef(_) => {}
    }
}
