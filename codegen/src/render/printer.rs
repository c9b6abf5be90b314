//! Prints the tree of `tree.rs` as Rust source, the way rustfmt lays most code out: four
//! spaces per level, a line per statement, item, field and match arm, argument lists one per
//! line when they do not fit in 100 columns. It never adds, drops or joins tokens: printed
//! and read back, the text is the same token stream (tested in `tests.rs`).

use super::tree::{BREAK, Braces, Delim, Node};

const WIDTH: usize = 100;

/// What a punctuation character is doing, decided from its neighbours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Prefix `&`, `*`, `-`, `!`: no space after.
    Unary,
    /// Infix operators, `=`, `=>`, `->`, `+` in bounds: a space on each side.
    Binary,
    /// The second character of a multi-character operator.
    Joined(Joinable),
    /// The first `:` of `::`.
    PathHead,
    /// The second `:` of `::`.
    PathTail,
    /// A single `:`.
    Colon,
    GenericOpen,
    /// `>` closing generics; `declared` for parameter lists (`impl<T>`, `fn f<T>`), which
    /// a space follows before a path.
    GenericClose {
        declared: bool,
    },
    ClosureOpen,
    ClosureClose,
    /// `!` of a macro call.
    MacroBang,
    /// `'` of a lifetime or label.
    Lifetime,
    /// `?` of `?Sized`.
    Maybe,
    /// `,`, `;`, `.`, `#`, `?` (the try operator), `@`, `$`.
    Plain,
}

/// The role an operator's second character inherits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Joinable {
    Unary,
    Binary,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Prev {
    LineStart,
    Word {
        keyword: bool,
        after_fn: bool,
        upper: bool,
        text_fn: bool,
        text_pub: bool,
    },
    Literal,
    Open,
    Close,
    Punct {
        ch: char,
        joint: bool,
        role: Role,
    },
}

/// How a sequence breaks into lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Items; a blank line after each multi-line item.
    Items,
    /// Statements.
    Block,
    /// A line per comma-separated entry.
    Lines,
    /// One line (nested blocks still break).
    Inline,
}

/// Per group: generics and closure parameters open at this level.
#[derive(Default)]
struct Level {
    generics: Vec<bool>,
    closure_open: bool,
}

pub struct Printer {
    out: String,
    indent: usize,
    column: usize,
    lines: usize,
    prev: Prev,
}

impl Printer {
    /// A printer that appends to `out`.
    pub fn new(out: String) -> Printer {
        Printer {
            out,
            indent: 0,
            column: 0,
            lines: 0,
            prev: Prev::LineStart,
        }
    }

    pub fn file(mut self, nodes: &[Node]) -> String {
        self.sequence(nodes, Mode::Items);
        self.newline();
        self.out
    }

    fn newline(&mut self) {
        if self.prev != Prev::LineStart {
            self.out.push('\n');
            self.lines += 1;
            self.column = 0;
            self.prev = Prev::LineStart;
        }
    }

    fn blank_line(&mut self) {
        self.newline();
        if !self.out.is_empty() && !self.out.ends_with("\n\n") && !self.out.ends_with("{\n") {
            self.out.push('\n');
            self.lines += 1;
        }
    }

    fn write(&mut self, text: &str, space: bool) {
        if self.prev == Prev::LineStart {
            for _ in 0..self.indent {
                self.out.push_str("    ");
            }
            self.column = self.indent * 4;
        } else if space {
            self.out.push(' ');
            self.column += 1;
        }
        self.out.push_str(text);
        self.column += text.len();
    }

    fn sequence(&mut self, nodes: &[Node], mode: Mode) {
        let mut level = Level::default();
        let mut index = 0;
        // Items: whether the previous one took several lines, and where this one began.
        let mut previous_item: Option<bool> = None;
        let mut item_start = self.lines;
        let mut at_item_start = true;
        while index < nodes.len() {
            let node = &nodes[index];
            let next = nodes.get(index + 1);
            if mode == Mode::Items && at_item_start {
                let decorated = matches!(node, Node::Doc { .. }) || node.is_punct('#');
                if previous_item.is_some_and(|multi_line| multi_line || decorated) {
                    self.blank_line();
                }
                item_start = self.lines;
                at_item_start = false;
            }
            let mut end_item = false;
            match node {
                Node::Doc { inner, text } => {
                    self.newline();
                    for line in text.split('\n') {
                        let marker = if *inner { "//!" } else { "///" };
                        self.write(&format!("{marker}{line}"), false);
                        self.prev = Prev::Close;
                        self.newline();
                    }
                }
                Node::Punct { ch: '#', .. }
                    if self.prev == Prev::LineStart && mode != Mode::Inline =>
                {
                    // An attribute that starts a line stands on its own line.
                    let used = if next.is_some_and(|n| n.is_punct('!')) {
                        3
                    } else {
                        2
                    };
                    for part in &nodes[index..(index + used).min(nodes.len())] {
                        self.node(part, &mut level, None, 0);
                    }
                    self.newline();
                    index += used;
                    continue;
                }
                Node::Group {
                    delim: Delim::Brace(braces),
                    ..
                } if braces.always_breaks() => {
                    self.node(node, &mut level, next, 0);
                    if mode != Mode::Inline && next.is_none_or(starts_statement) {
                        end_item = true;
                    }
                }
                Node::Punct { ch: ';', .. } => {
                    self.node(node, &mut level, next, 0);
                    end_item = matches!(mode, Mode::Items | Mode::Block);
                }
                Node::Punct { ch: ',', .. } => {
                    self.node(node, &mut level, next, 0);
                    if mode == Mode::Lines && level.generics.is_empty() && !level.closure_open {
                        self.newline();
                    }
                }
                Node::Group { .. } => {
                    let rest = rest_width(&nodes[index + 1..]);
                    self.node(node, &mut level, next, rest);
                }
                _ => self.node(node, &mut level, next, 0),
            }
            if end_item {
                previous_item = Some(self.lines != item_start);
                at_item_start = true;
                self.newline();
            }
            index += 1;
        }
    }

    fn node(&mut self, node: &Node, level: &mut Level, next: Option<&Node>, rest: usize) {
        match node {
            Node::Ident { text, keyword } => {
                let space = self.space_before_word();
                self.write(text, space);
                let after_fn = matches!(self.prev, Prev::Word { text_fn: true, .. });
                self.prev = Prev::Word {
                    keyword: *keyword,
                    after_fn,
                    upper: text.starts_with(|c: char| c.is_ascii_uppercase()),
                    text_fn: text == "fn",
                    text_pub: text == "pub",
                };
            }
            Node::Literal { text, .. } => {
                let space = self.space_before_word();
                self.write(text, space);
                self.prev = Prev::Literal;
            }
            Node::Punct { ch, joint } => {
                let role = self.role(*ch, *joint, next, level);
                let space = self.space_before_punct(*ch, role);
                let mut buffer = [0; 4];
                self.write(ch.encode_utf8(&mut buffer), space);
                self.prev = Prev::Punct {
                    ch: *ch,
                    joint: *joint,
                    role,
                };
            }
            Node::Doc { inner, text } => {
                // Only inside a one-line context; elsewhere `sequence` prints it.
                let marker = if *inner { "#![doc = " } else { "#[doc = " };
                let space = self.space_before_word();
                self.write(&format!("{marker}{text:?}]"), space);
                self.prev = Prev::Close;
            }
            Node::Group {
                delim,
                nodes,
                width,
            } => self.group(*delim, nodes, *width, rest),
        }
    }

    fn group(&mut self, delim: Delim, nodes: &[Node], width: usize, rest: usize) {
        let (open, close) = match delim {
            Delim::Paren => ("(", ")"),
            Delim::Bracket => ("[", "]"),
            Delim::Brace(_) => ("{", "}"),
            Delim::Invisible => {
                self.sequence(nodes, Mode::Inline);
                return;
            }
        };
        let space = match delim {
            Delim::Brace(_) => self.space_before_brace(),
            _ => self.space_before_paren(),
        };
        self.write(open, space);
        self.prev = Prev::Open;
        let fits = width < BREAK && self.column + width + rest <= WIDTH;
        match delim {
            Delim::Brace(_) if nodes.is_empty() => {}
            Delim::Brace(braces @ (Braces::Literal | Braces::UseTree)) if fits => {
                let padded = braces == Braces::Literal;
                if padded {
                    self.write(" ", false);
                    self.prev = Prev::Open;
                }
                self.sequence(nodes, Mode::Inline);
                if padded {
                    self.write(" ", false);
                }
            }
            Delim::Brace(braces) => {
                let mode = match braces {
                    Braces::Items => Mode::Items,
                    Braces::Block => Mode::Block,
                    Braces::Fields | Braces::Literal | Braces::UseTree => Mode::Lines,
                };
                self.indented(nodes, mode);
            }
            _ if fits || !nodes.iter().any(|node| node.is_punct(',')) => {
                self.sequence(nodes, Mode::Inline);
            }
            _ => self.indented(nodes, Mode::Lines),
        }
        self.write(close, false);
        self.prev = Prev::Close;
    }

    fn indented(&mut self, nodes: &[Node], mode: Mode) {
        self.indent += 1;
        self.newline();
        self.sequence(nodes, mode);
        self.indent -= 1;
        self.newline();
    }

    fn role(&self, ch: char, joint: bool, next: Option<&Node>, level: &mut Level) -> Role {
        let next_is = |c: char| next.is_some_and(|n| n.is_punct(c));
        // The second character of `::`, `->`, `=>`, `&&`, `||`, `==`, `..` and the like.
        if let Prev::Punct {
            ch: first,
            joint: true,
            role,
        } = self.prev
            && joins(first, ch)
            && !(ch == '|' && level.closure_open)
            && !(ch == '>' && first == '>' && !level.generics.is_empty())
        {
            return match (first, role) {
                (':', _) => Role::PathTail,
                (_, Role::Unary | Role::Joined(Joinable::Unary)) => Role::Joined(Joinable::Unary),
                _ => Role::Joined(Joinable::Binary),
            };
        }
        let prefix = self.prefix_position();
        match ch {
            ':' if joint && next_is(':') => Role::PathHead,
            ':' => Role::Colon,
            '\'' => Role::Lifetime,
            '<' if joint && (next_is('=') || next_is('<')) => Role::Binary,
            '<' => {
                let declared = matches!(self.prev, Prev::Word { after_fn: true, .. })
                    || matches!(self.prev, Prev::Word { keyword: true, .. });
                let generic = declared
                    || prefix
                    || matches!(self.prev, Prev::Word { upper: true, .. })
                    || matches!(
                        self.prev,
                        Prev::Punct {
                            role: Role::PathTail,
                            ..
                        }
                    );
                if generic {
                    level.generics.push(declared);
                    Role::GenericOpen
                } else {
                    Role::Binary
                }
            }
            '>' => match level.generics.pop() {
                Some(declared) => Role::GenericClose { declared },
                None => Role::Binary,
            },
            '|' if level.closure_open => {
                level.closure_open = false;
                Role::ClosureClose
            }
            '|' if prefix => {
                level.closure_open = true;
                Role::ClosureOpen
            }
            '!' if joint && next_is('=') => Role::Binary,
            '!' if matches!(self.prev, Prev::Word { keyword: false, .. }) => Role::MacroBang,
            '&' | '*' | '-' | '!' if prefix => Role::Unary,
            '?' if matches!(
                self.prev,
                Prev::Punct {
                    role: Role::Colon | Role::Binary,
                    ..
                }
            ) =>
            {
                Role::Maybe
            }
            ',' | ';' | '.' | '#' | '?' | '$' => Role::Plain,
            _ => Role::Binary,
        }
    }

    /// Whether an operator here would be a prefix: at the start of an expression.
    fn prefix_position(&self) -> bool {
        match self.prev {
            Prev::LineStart | Prev::Open => true,
            Prev::Word { keyword, .. } => keyword,
            Prev::Literal | Prev::Close => false,
            Prev::Punct { role, .. } => {
                !matches!(role, Role::GenericClose { .. } | Role::Plain)
                    || matches!(self.prev, Prev::Punct { ch: ',' | ';', .. })
            }
        }
    }

    /// Whether the previous token binds to what follows it without a space.
    fn prev_glues(&self) -> bool {
        match self.prev {
            Prev::LineStart | Prev::Open => true,
            Prev::Punct { ch, role, .. } => {
                matches!(
                    role,
                    Role::Unary
                        | Role::Joined(Joinable::Unary)
                        | Role::PathHead
                        | Role::PathTail
                        | Role::GenericOpen
                        | Role::ClosureOpen
                        | Role::MacroBang
                        | Role::Lifetime
                        | Role::Maybe
                ) || matches!(ch, '.' | '#' | '$')
            }
            _ => false,
        }
    }

    fn space_before_word(&self) -> bool {
        if self.prev_glues() {
            return false;
        }
        !matches!(self.prev, Prev::LineStart)
    }

    fn space_before_paren(&self) -> bool {
        match self.prev {
            _ if self.prev_glues() => false,
            Prev::Word {
                keyword,
                text_fn,
                text_pub,
                ..
            } => keyword && !text_fn && !text_pub,
            Prev::Close => false,
            Prev::Punct {
                role: Role::GenericClose { .. },
                ..
            } => false,
            _ => true,
        }
    }

    fn space_before_brace(&self) -> bool {
        !matches!(
            self.prev,
            Prev::LineStart
                | Prev::Open
                | Prev::Punct {
                    role: Role::PathTail | Role::MacroBang,
                    ..
                }
        )
    }

    fn space_before_punct(&self, ch: char, role: Role) -> bool {
        if matches!(self.prev, Prev::LineStart) {
            return false;
        }
        match role {
            Role::Joined(_) | Role::PathTail | Role::ClosureClose | Role::MacroBang => false,
            Role::GenericClose { .. } | Role::Colon => false,
            Role::Plain if matches!(ch, ',' | ';' | '?') => false,
            Role::Plain if ch == '.' => {
                !self.prev_glues()
                    && !matches!(self.prev, Prev::Word { .. } | Prev::Literal | Prev::Close)
                    && !matches!(
                        self.prev,
                        Prev::Punct {
                            role: Role::GenericClose { .. } | Role::Plain,
                            ..
                        }
                    )
            }
            Role::PathHead => match self.prev {
                Prev::Word { keyword, .. } => keyword,
                Prev::Punct {
                    role: Role::GenericClose { declared },
                    ..
                } => declared,
                _ if self.prev_glues() => false,
                Prev::Close | Prev::Literal => false,
                _ => true,
            },
            Role::GenericOpen => match self.prev {
                Prev::Word { .. } => false,
                _ if self.prev_glues() => false,
                _ => true,
            },
            _ if self.prev_glues() => false,
            _ => true,
        }
    }
}

/// Whether `first` then `second`, written together, make one operator.
fn joins(first: char, second: char) -> bool {
    matches!(
        (first, second),
        (':', ':')
            | ('-' | '=', '>')
            | ('&', '&')
            | ('|', '|')
            | (
                '=' | '!' | '<' | '>' | '+' | '-' | '*' | '/' | '%' | '^' | '&' | '|',
                '='
            )
            | ('<', '<')
            | ('>', '>')
            | ('.', '.' | '=')
    )
}

/// Whether `node`, after a multi-line block, begins a new statement or item (rather than
/// continuing an expression: `else`, `.method()`, `?`, `,`, `;`, operators).
fn starts_statement(node: &Node) -> bool {
    match node {
        Node::Ident { text, .. } => text != "else" && text != "as",
        Node::Literal { .. } | Node::Doc { .. } => true,
        Node::Punct { ch, joint } => *ch == '#' || *ch == '\'' || (*ch == ':' && *joint),
        Node::Group { .. } => false,
    }
}

/// The width of what follows on the same line: up to the next `;` or `,`, or the `{` of a
/// block, at most the line width.
fn rest_width(nodes: &[Node]) -> usize {
    let mut width = 0;
    for node in nodes {
        match node {
            Node::Punct { ch: ';' | ',', .. } => return width + 1,
            Node::Group {
                delim: Delim::Brace(braces),
                ..
            } if braces.always_breaks() => {
                return width + 2;
            }
            Node::Doc { .. } => return width,
            _ => width += node.width(),
        }
        if width > WIDTH {
            return width;
        }
    }
    width
}
