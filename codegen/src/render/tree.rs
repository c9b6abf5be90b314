//! The token stream as a tree the printer can look ahead in: each group knows its width on
//! one line, each brace group what it holds (items, statements, fields, match arms, or a
//! struct literal that may stay on one line), and doc attributes are read back into text.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};

/// Width of a node that can never be printed on one line.
pub const BREAK: usize = usize::MAX / 4;

#[derive(Debug)]
pub enum Node {
    Ident {
        text: String,
        keyword: bool,
    },
    Punct {
        ch: char,
        joint: bool,
    },
    Literal {
        text: String,
        width: usize,
    },
    Group {
        delim: Delim,
        nodes: Vec<Node>,
        width: usize,
    },
    /// `#[doc = "..."]` (or `#![doc]` when `inner`), printed as `///` (`//!`) lines.
    Doc {
        inner: bool,
        text: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delim {
    Paren,
    Bracket,
    Brace(Braces),
    /// An invisible group (`Delimiter::None`).
    Invisible,
}

/// What a brace group holds, which decides where the printer breaks lines inside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Braces {
    /// Items: a module, an `impl` or a trait body. Blank lines between multi-line items.
    Items,
    /// Statements: a function body, `if`, `else`, loops, closures, `unsafe` and `async`.
    Block,
    /// Comma-separated lines: struct and enum definitions, match arms.
    Fields,
    /// A struct literal or pattern: on one line when it fits, else one field per line.
    Literal,
    /// `use a::{b, c}`: on one line when it fits.
    UseTree,
}

impl Braces {
    /// Whether the group is always printed over several lines.
    pub fn always_breaks(self) -> bool {
        !matches!(self, Braces::Literal | Braces::UseTree)
    }
}

impl Node {
    pub fn width(&self) -> usize {
        match self {
            Node::Ident { text, .. } => text.len() + 1,
            Node::Punct { ch, .. } => 1 + usize::from(matches!(ch, '=' | ',' | '|' | '+')),
            Node::Literal { width, .. } | Node::Group { width, .. } => *width,
            Node::Doc { .. } => BREAK,
        }
    }

    pub fn is_punct(&self, c: char) -> bool {
        matches!(self, Node::Punct { ch, .. } if *ch == c)
    }
}

/// Rust's keywords as far as spacing and brace kinds care (`self`, `Self`, `super` and
/// `crate` are path segments and not listed; `union` is contextual and left out).
pub fn is_keyword(word: &str) -> bool {
    matches!(
        word,
        "as" | "async"
            | "await"
            | "break"
            | "const"
            | "continue"
            | "dyn"
            | "else"
            | "enum"
            | "extern"
            | "fn"
            | "for"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "pub"
            | "ref"
            | "return"
            | "static"
            | "struct"
            | "trait"
            | "type"
            | "unsafe"
            | "use"
            | "where"
            | "while"
    )
}

/// What the tokens since the last statement boundary say the next `{` opens.
#[derive(Clone, Copy)]
enum Header {
    None,
    /// After `fn`, `impl`, `trait`, `mod`, `struct` or `enum`: the item's body.
    Item(Braces),
    /// After `if`, `while`, `match` or `for`: the body, once the condition is over. A
    /// `let` (or `for`) pattern may hold struct patterns until its `=` (or `in`).
    Condition {
        body: Braces,
        pattern: bool,
    },
}

/// The tree of `stream`. Tokens are taken by value and each group is let go of before its
/// stream is read, so that proc-macro2 hands its tokens over instead of copying them.
pub fn build(stream: TokenStream) -> Vec<Node> {
    let mut tokens = stream.into_iter().peekable();
    let mut nodes = Vec::new();
    let mut header = Header::None;
    let mut after_joint = false;
    while let Some(token) = tokens.next() {
        let node = match token {
            TokenTree::Ident(ident) => {
                let text = ident.to_string();
                let next_is_lt =
                    matches!(tokens.peek(), Some(TokenTree::Punct(p)) if p.as_char() == '<');
                header = next_header(header, &text, next_is_lt);
                let keyword = is_keyword(&text);
                Node::Ident { text, keyword }
            }
            TokenTree::Punct(punct) => {
                let ch = punct.as_char();
                let joint = punct.spacing() == Spacing::Joint;
                if ch == '#' {
                    let bang =
                        matches!(tokens.peek(), Some(TokenTree::Punct(p)) if p.as_char() == '!');
                    if bang {
                        tokens.next();
                    }
                    if let Some(TokenTree::Group(group)) = tokens.peek()
                        && let Some(text) = doc_text(group, bang)
                    {
                        tokens.next();
                        nodes.push(Node::Doc { inner: bang, text });
                        after_joint = false;
                        continue;
                    }
                    nodes.push(Node::Punct { ch, joint });
                    if bang {
                        nodes.push(Node::Punct {
                            ch: '!',
                            joint: false,
                        });
                    }
                    after_joint = false;
                    continue;
                }
                match (header, ch) {
                    (_, ';') => header = Header::None,
                    (
                        Header::Condition {
                            body,
                            pattern: true,
                        },
                        '=',
                    ) if !joint && !after_joint => {
                        header = Header::Condition {
                            body,
                            pattern: false,
                        }
                    }
                    _ => {}
                }
                after_joint = joint;
                Node::Punct { ch, joint }
            }
            TokenTree::Literal(literal) => {
                let text = literal.to_string();
                let width = if text.contains('\n') {
                    BREAK
                } else {
                    text.len() + 1
                };
                Node::Literal { text, width }
            }
            TokenTree::Group(group) => {
                let delim = match group.delimiter() {
                    Delimiter::Parenthesis => Delim::Paren,
                    Delimiter::Bracket => Delim::Bracket,
                    Delimiter::None => Delim::Invisible,
                    Delimiter::Brace => {
                        let braces = match header {
                            Header::Item(braces)
                            | Header::Condition {
                                body: braces,
                                pattern: false,
                            } => {
                                header = Header::None;
                                braces
                            }
                            Header::Condition { pattern: true, .. } => Braces::Literal,
                            Header::None => unheaded_braces(nodes.last()),
                        };
                        Delim::Brace(braces)
                    }
                };
                let stream = group.stream();
                drop(group);
                let children = build(stream);
                let width = group_width(delim, &children);
                Node::Group {
                    delim,
                    nodes: children,
                    width,
                }
            }
        };
        if !matches!(node, Node::Punct { .. }) {
            after_joint = false;
        }
        nodes.push(node);
    }
    nodes
}

/// The header after the word `text`.
fn next_header(header: Header, text: &str, next_is_lt: bool) -> Header {
    match (header, text) {
        (Header::None, "fn") => Header::Item(Braces::Block),
        (Header::None, "impl" | "trait" | "mod") => Header::Item(Braces::Items),
        (Header::None, "struct" | "enum") => Header::Item(Braces::Fields),
        (Header::None, "if" | "while") => Header::Condition {
            body: Braces::Block,
            pattern: false,
        },
        (Header::None, "match") => Header::Condition {
            body: Braces::Fields,
            pattern: false,
        },
        (Header::None, "for") if !next_is_lt => Header::Condition {
            body: Braces::Block,
            pattern: true,
        },
        (Header::Condition { body, .. }, "let") => Header::Condition {
            body,
            pattern: true,
        },
        (
            Header::Condition {
                body,
                pattern: true,
            },
            "in",
        ) => Header::Condition {
            body,
            pattern: false,
        },
        (header, _) => header,
    }
}

/// A `{` no keyword introduced: a struct literal after a type name, a use tree after `::`,
/// otherwise a block (after `=>`, `=`, a closure's `|`, `else`, `unsafe`, `async`, ...).
fn unheaded_braces(previous: Option<&Node>) -> Braces {
    match previous {
        Some(Node::Ident {
            text,
            keyword: false,
        }) if text == "Self" || text.starts_with(|c: char| c.is_ascii_uppercase()) => {
            Braces::Literal
        }
        Some(Node::Punct { ch: ':', .. }) => Braces::UseTree,
        _ => Braces::Block,
    }
}

fn group_width(delim: Delim, children: &[Node]) -> usize {
    let inner = children
        .iter()
        .fold(0usize, |sum, node| sum.saturating_add(node.width()))
        .min(BREAK);
    match delim {
        Delim::Brace(_) if children.is_empty() => 3,
        Delim::Brace(braces)
            if braces.always_breaks() || children.iter().any(|node| node.is_punct(';')) =>
        {
            BREAK
        }
        Delim::Brace(_) => inner.saturating_add(4).min(BREAK),
        Delim::Invisible => inner,
        Delim::Paren | Delim::Bracket => inner.saturating_add(2).min(BREAK),
    }
}

/// The text of a `[doc = "..."]` attribute body, when a `///` (`//!` when `inner`) line
/// can carry it: not with a bare CR, nor an outer doc starting with `/` (`////` is a plain
/// comment).
fn doc_text(group: &proc_macro2::Group, inner: bool) -> Option<String> {
    if group.delimiter() != Delimiter::Bracket {
        return None;
    }
    let mut parts = group.stream().into_iter();
    let (
        Some(TokenTree::Ident(name)),
        Some(TokenTree::Punct(eq)),
        Some(TokenTree::Literal(value)),
        None,
    ) = (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    if name != "doc" || eq.as_char() != '=' {
        return None;
    }
    let text = unescape_str(&value.to_string())?;
    if text.contains('\r') || (!inner && text.starts_with('/')) {
        return None;
    }
    Some(text)
}

/// The value of a string literal's source (`"..."` or `r#"..."#`); `None` for anything
/// else, so the attribute is printed as it is.
pub fn unescape_str(source: &str) -> Option<String> {
    if let Some(raw) = source.strip_prefix('r') {
        let hashes = raw.len() - raw.trim_start_matches('#').len();
        let body = raw.get(hashes..raw.len().checked_sub(hashes)?)?;
        return body.strip_prefix('"')?.strip_suffix('"').map(str::to_owned);
    }
    let body = source.strip_prefix('"')?.strip_suffix('"')?;
    let mut text = String::with_capacity(body.len());
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            text.push(c);
            continue;
        }
        match chars.next()? {
            'n' => text.push('\n'),
            'r' => text.push('\r'),
            't' => text.push('\t'),
            '0' => text.push('\0'),
            '\\' => text.push('\\'),
            '\'' => text.push('\''),
            '"' => text.push('"'),
            'x' => {
                let digits: String = [chars.next()?, chars.next()?].iter().collect();
                text.push(char::from(u8::from_str_radix(&digits, 16).ok()?));
            }
            'u' => {
                if chars.next()? != '{' {
                    return None;
                }
                let mut digits = String::new();
                loop {
                    match chars.next()? {
                        '}' => break,
                        '_' => {}
                        d => digits.push(d),
                    }
                }
                text.push(char::from_u32(u32::from_str_radix(&digits, 16).ok()?)?);
            }
            '\n' => {
                while chars.peek().is_some_and(|c| c.is_whitespace()) {
                    chars.next();
                }
            }
            _ => return None,
        }
    }
    Some(text)
}
