//! The parsed pattern. Flags are already resolved into the leaves (a `Char` knows whether it
//! ignores case), so the writers in `translate.rs` never track flag scopes.

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Node {
    Empty,
    Char {
        c: char,
        icase: bool,
    },
    Set {
        set: Set,
        icase: bool,
    },
    /// `.`: any code point but a line terminator, or any code point at all under dotAll.
    Dot {
        dot_all: bool,
    },
    /// `^` and `$`: input boundaries (there is no multiline flag).
    Start,
    End,
    WordBoundary {
        negated: bool,
        icase: bool,
    },
    Group {
        capture: Capture,
        body: Box<Node>,
    },
    Look {
        behind: bool,
        negated: bool,
        body: Box<Node>,
    },
    BackRef {
        target: BackRef,
        icase: bool,
    },
    Concat(Vec<Node>),
    Alt(Vec<Node>),
    Repeat {
        body: Box<Node>,
        min: u32,
        max: Option<u32>,
        greedy: bool,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Capture {
    No,
    Unnamed,
    Named(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum BackRef {
    Index(u32),
    Name(String),
}

/// A character class with every member a Rust `char` can be (surrogates are never members).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Set {
    pub negated: bool,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Item {
    Range(char, char),
    /// `\p{..}`: `ecma` is the name as written; `regex` the regex crate's spelling when the
    /// name is one whose meaning both engines share, `None` when only an ECMA engine may judge.
    Prop {
        negated: bool,
        ecma: String,
        regex: Option<&'static str>,
    },
}
