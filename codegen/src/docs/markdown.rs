//! The Markdown writer: paragraphs, lists, inline markup, and the escaping that keeps
//! rustdoc from reading text as links, HTML, code blocks or emphasis.

use super::html::{BLOCK_TAGS, is_one_of};

#[derive(Clone, PartialEq)]
enum Markup {
    Strong,
    Emph,
    Link(String),
    /// Matches a close tag but writes nothing (e.g. a nested `<b>`).
    Nothing,
}

/// An open inline element. Its opening marker is written lazily, right before
/// its first content, so that empty elements vanish and surrounding
/// whitespace lands outside the markers (`** x**` would not be bold).
struct Span {
    tag: &'static str,
    markup: Markup,
    opened: bool,
}

#[derive(Default)]
struct List {
    ordered: bool,
    count: usize,
    /// Marker of the current item (`- `, `12. `); its width is the indentation
    /// of the item's continuation lines and nested lists.
    marker: String,
    /// The current item has not been written yet.
    pending: bool,
    /// Opened by an `<li>` outside any list.
    implicit: bool,
}

#[derive(Default)]
pub(super) struct Writer {
    out: String,
    /// Current paragraph, already Markdown.
    line: String,
    /// Whitespace was seen since the last content; written before the next.
    space: bool,
    spans: Vec<Span>,
    /// Raw text of an open `<code>`.
    code: Option<String>,
    /// Raw text of an open `<pre>`.
    pre: Option<String>,
    /// `**Note:**` waiting for the first words of its note.
    label: Option<&'static str>,
    lists: Vec<List>,
    /// The last written line belongs to a list, so a new item follows tightly.
    last_in_list: bool,
}

impl Writer {
    pub(super) fn text(&mut self, text: &str) {
        if let Some(buf) = self.pre.as_mut().or(self.code.as_mut()) {
            buf.push_str(text);
            return;
        }
        for (n, word) in text.split(char::is_whitespace).enumerate() {
            self.space |= n > 0;
            if !word.is_empty() {
                self.word(word);
            }
        }
    }

    /// Writes one whitespace-free word, wrapping bare URLs as autolinks
    /// (except inside a link, where they are its text).
    fn word(&mut self, word: &str) {
        let in_link = self
            .spans
            .iter()
            .any(|s| matches!(s.markup, Markup::Link(_)));
        let mut rest = word;
        while let Some((start, len)) = find_url(rest).filter(|_| !in_link) {
            if start > 0 {
                self.put_text(&rest[..start]);
            }
            self.put(&format!("<{}>", &rest[start..start + len]));
            rest = &rest[start + len..];
        }
        if !rest.is_empty() {
            self.put_text(rest);
        }
    }

    fn put_text(&mut self, text: &str) {
        let line_start =
            self.line.is_empty() && self.label.is_none() && self.spans.iter().all(|s| s.opened);
        let escaped = escape_text(text, line_start);
        self.put(&escaped);
    }

    /// Appends Markdown content, preceded by any pending label, space and
    /// opening markers.
    fn put(&mut self, markdown: &str) {
        if let Some(label) = self.label.take() {
            self.line.push_str(label);
            self.space = true;
        }
        if self.space && !self.line.is_empty() {
            self.line.push(' ');
        }
        self.space = false;
        for span in self.spans.iter_mut().filter(|s| !s.opened) {
            self.line.push_str(match span.markup {
                Markup::Strong => "**",
                Markup::Emph => "*",
                Markup::Link(_) => "[",
                Markup::Nothing => "",
            });
            span.opened = true;
        }
        self.line.push_str(markdown);
    }

    fn push_span(&mut self, tag: &'static str, markup: Markup) {
        // Nested `**` or `[` would end the outer one early.
        let nested = self.spans.iter().any(|s| {
            s.markup == markup || matches!((&s.markup, &markup), (Markup::Link(_), Markup::Link(_)))
        });
        let markup = if nested { Markup::Nothing } else { markup };
        let opened = markup == Markup::Nothing;
        self.spans.push(Span {
            tag,
            markup,
            opened,
        });
    }

    /// Closes the innermost span opened by `tag`, and any opened inside it.
    fn close_span(&mut self, tag: &str) {
        if let Some(index) = self.spans.iter().rposition(|s| s.tag == tag) {
            self.close_spans_to(index);
        }
    }

    fn close_spans_to(&mut self, index: usize) {
        while self.spans.len() > index {
            let Some(span) = self.spans.pop() else { break };
            match (span.markup, span.opened) {
                (Markup::Strong, true) => self.line.push_str("**"),
                (Markup::Emph, true) => self.line.push('*'),
                (Markup::Link(href), true) => {
                    self.line.push_str("](");
                    self.line.push_str(&link_destination(&href));
                    self.line.push(')');
                }
                // A link without text shows its URL.
                (Markup::Link(href), false) if href.starts_with("http") => {
                    self.put(&format!("<{}>", link_destination(&href)));
                }
                (Markup::Link(href), false) => {
                    let text = escape_text(&href, false);
                    self.put(&format!("[{text}]({})", link_destination(&href)));
                }
                _ => {}
            }
        }
    }

    pub(super) fn open(&mut self, name: &str, href: Option<String>) {
        if let Some(pre) = &mut self.pre {
            if name == "br" {
                pre.push('\n');
            }
            return;
        }
        if let Some(code) = &mut self.code {
            // Inline tags inside code are dropped; block tags end the code.
            if name == "br" {
                code.push(' ');
            }
            if name == "br" || !is_one_of(BLOCK_TAGS, name) {
                return;
            }
        }
        match name {
            "code" => self.code = Some(String::new()),
            "b" | "strong" => self.push_span("b", Markup::Strong),
            "i" | "em" => self.push_span("i", Markup::Emph),
            "a" => match href.filter(|h| is_absolute_url(h)) {
                Some(href) => self.push_span("a", Markup::Link(href)),
                None => self.push_span("a", Markup::Nothing),
            },
            "td" | "th" => self.space = true,
            "pre" => {
                self.flush();
                self.pre = Some(String::new());
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "dt" => {
                self.flush();
                self.push_span("block", Markup::Strong);
            }
            "note" | "important" => {
                self.flush();
                self.label = Some(if name == "note" {
                    "**Note:**"
                } else {
                    "**Important:**"
                });
            }
            "ul" | "ol" => {
                self.flush();
                if self.label.is_some() {
                    // Keep the label out of the first item.
                    self.put("");
                    self.flush();
                }
                self.lists.push(List {
                    ordered: name == "ol",
                    ..List::default()
                });
            }
            "li" => {
                self.flush();
                if self.lists.is_empty() {
                    self.lists.push(List {
                        implicit: true,
                        ..List::default()
                    });
                }
                if let Some(list) = self.lists.last_mut() {
                    // An empty previous item (an unclosed `<li>`) is replaced.
                    if !list.pending {
                        list.count += 1;
                    }
                    list.marker = if list.ordered {
                        format!("{}. ", list.count)
                    } else {
                        "- ".into()
                    };
                    list.pending = true;
                }
            }
            _ if is_one_of(BLOCK_TAGS, name) => self.flush(),
            _ => {}
        }
    }

    pub(super) fn close(&mut self, name: &str) {
        if self.pre.is_some() {
            if name == "pre" {
                self.end_pre();
            }
            return;
        }
        if self.code.is_some() {
            if name == "code" {
                self.end_code();
            }
            if !is_one_of(BLOCK_TAGS, name) {
                return;
            }
        }
        match name {
            "b" | "strong" => self.close_span("b"),
            "i" | "em" => self.close_span("i"),
            "a" => self.close_span("a"),
            "ul" | "ol" => {
                self.flush();
                while self.lists.last().is_some_and(|l| l.implicit) {
                    self.lists.pop();
                }
                self.pop_list();
            }
            "li" => {
                self.flush();
                match self.lists.last_mut() {
                    Some(list) if list.implicit => self.pop_list(),
                    // An item with no content is dropped.
                    Some(list) if list.pending => {
                        list.pending = false;
                        list.count = list.count.saturating_sub(1);
                    }
                    _ => {}
                }
            }
            "note" | "important" => {
                self.flush();
                self.label = None;
            }
            _ if is_one_of(BLOCK_TAGS, name) => self.flush(),
            _ => {}
        }
    }

    fn pop_list(&mut self) {
        self.lists.pop();
        if self.lists.is_empty() {
            self.last_in_list = false;
        }
    }

    fn end_code(&mut self) {
        let Some(code) = self.code.take() else { return };
        let collapsed = code.split_whitespace().collect::<Vec<_>>().join(" ");
        self.space |= code.starts_with(char::is_whitespace);
        if !collapsed.is_empty() {
            let fence = "`".repeat(longest_run(&collapsed, '`') + 1);
            let pad = if collapsed.starts_with('`') || collapsed.ends_with('`') {
                " "
            } else {
                ""
            };
            self.put(&format!("{fence}{pad}{collapsed}{pad}{fence}"));
        }
        self.space |= code.ends_with(char::is_whitespace);
    }

    /// Ends the current paragraph, closing any open inline markup.
    fn flush(&mut self) {
        self.end_code();
        self.close_spans_to(0);
        let line = std::mem::take(&mut self.line);
        let line = line.trim_end();
        if !line.is_empty() {
            let prefix = self.block_prefix();
            self.out.push_str(&prefix);
            self.out.push_str(line);
            self.last_in_list = !self.lists.is_empty();
        }
        self.space = false;
    }

    /// Writes the separator before a new block line and returns the line's
    /// list indentation, consuming pending item markers.
    fn block_prefix(&mut self) -> String {
        let mut prefix = String::new();
        let mut new_item = false;
        for list in &mut self.lists {
            if list.pending {
                prefix.push_str(&list.marker);
                list.pending = false;
                new_item = true;
            } else {
                prefix.extend(std::iter::repeat_n(' ', list.marker.len()));
            }
        }
        if !self.out.is_empty() {
            // Items of one list are tight; everything else is a paragraph.
            self.out.push_str(if new_item && self.last_in_list {
                "\n"
            } else {
                "\n\n"
            });
        }
        prefix
    }

    fn end_pre(&mut self) {
        let Some(raw) = self.pre.take() else { return };
        let lines: Vec<&str> = raw.lines().map(str::trim_end).collect();
        let Some(first) = lines.iter().position(|l| !l.is_empty()) else {
            return;
        };
        let last = lines.iter().rposition(|l| !l.is_empty()).unwrap_or(first);
        let body = &lines[first..=last];
        // Strip the common (ASCII) indentation; slicing at it is always safe.
        let indent = body
            .iter()
            .filter(|l| !l.is_empty())
            .map(|l| l.len() - l.trim_start_matches([' ', '\t']).len())
            .min()
            .unwrap_or(0);
        let fence = "`".repeat(longest_run(&raw, '`').max(2) + 1);
        let prefix = self.block_prefix();
        let continuation = " ".repeat(prefix.len());
        // `text` keeps rustdoc from compiling the block as a doctest.
        self.out.push_str(&format!("{prefix}{fence}text"));
        for line in body {
            self.out.push('\n');
            if !line.is_empty() {
                self.out.push_str(&continuation);
                self.out.push_str(&line[indent..]);
            }
        }
        self.out.push_str(&format!("\n{continuation}{fence}"));
        self.last_in_list = !self.lists.is_empty();
    }

    pub(super) fn finish(mut self) -> String {
        self.end_pre();
        self.flush();
        let lines: Vec<&str> = self.out.lines().map(str::trim_end).collect();
        lines.join("\n")
    }
}

/// Escapes text so that rustdoc shows it literally. Block markers are only
/// special at the start of a line, so they are escaped only there.
fn escape_text(text: &str, line_start: bool) -> String {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let marker_at = match text.as_bytes().first() {
        _ if !line_start => None,
        Some(b'#' | b'-' | b'+' | b'=' | b'|') => Some(0),
        // `1.` or `1)` followed by a space would start an ordered list.
        _ if (1..=9).contains(&digits) && matches!(&text[digits..], "." | ")") => Some(digits),
        _ => None,
    };
    let mut out = String::with_capacity(text.len() + 8);
    for (i, c) in text.char_indices() {
        if marker_at == Some(i) {
            out.push('\\');
        }
        match c {
            '\\' | '*' | '_' | '`' | '[' | ']' | '~' => {
                out.push('\\');
                out.push(c);
            }
            // rustdoc renders entities, and raw `<x>` would be an HTML tag.
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' if looks_like_entity(&text[i..]) => out.push_str("\\&"),
            _ => out.push(c),
        }
    }
    out
}

fn looks_like_entity(s: &str) -> bool {
    let body = s[1..]
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'#')
        .count();
    body > 0 && s.as_bytes().get(1 + body) == Some(&b';')
}

/// Finds an `http(s)://` URL in a word; returns its start and length without
/// trailing punctuation that belongs to the sentence.
fn find_url(word: &str) -> Option<(usize, usize)> {
    let start = word.match_indices("http").map(|(i, _)| i).find(|&i| {
        let rest = &word[i + 4..];
        let after = rest
            .strip_prefix("://")
            .or_else(|| rest.strip_prefix("s://"));
        after.is_some_and(|a| a.starts_with(|c: char| c.is_ascii_alphanumeric()))
    })?;
    let url = &word[start..];
    let mut len = url
        .find(['<', '>', '"', '\'', '`', '[', ']'])
        .unwrap_or(url.len());
    loop {
        let trimmed = url[..len].trim_end_matches(['.', ',', ';', ':', '!', '?']);
        len = trimmed.len();
        // Keep a `)` that closes a `(` inside the URL (Wikipedia style).
        if trimmed.ends_with(')') && trimmed.matches('(').count() < trimmed.matches(')').count() {
            len -= 1;
        } else {
            return Some((start, len));
        }
    }
}

fn is_absolute_url(href: &str) -> bool {
    let lower = href.to_ascii_lowercase();
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
}

/// Percent-encodes the characters that would end a link destination.
fn link_destination(href: &str) -> String {
    let mut out = String::with_capacity(href.len());
    for c in href.chars() {
        match c {
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '\\' => out.push_str("%5C"),
            c if c.is_whitespace() => out.push_str("%20"),
            c => out.push(c),
        }
    }
    out
}

fn longest_run(s: &str, c: char) -> usize {
    s.split(|x| x != c).map(str::len).max().unwrap_or(0)
}
