//! A forgiving HTML tokenizer for AWS documentation fragments: tags, attributes and
//! entities, never failing on stray `<`, unclosed or unknown tags.

use std::collections::HashSet;

#[derive(Debug)]
pub(super) enum Token<'a> {
    /// Entity-decoded text.
    Text(String),
    Open {
        name: String,
        href: Option<String>,
        self_closing: bool,
        raw: &'a str,
    },
    Close(String),
}

/// Tags with a meaning here, plus void/optionally-closed HTML elements.
const KNOWN_TAGS: &str = "p code a ul ol li b strong i em note important br dl dt dd pre
    h1 h2 h3 h4 h5 h6 fullname div span table thead tbody tfoot tr td th hr img wbr col meta input";

/// Tags that end the current paragraph.
pub(super) const BLOCK_TAGS: &str =
    "p div br hr dl dt dd pre ul ol li note important h1 h2 h3 h4 h5 h6
    fullname table thead tbody tfoot tr blockquote section para title";

pub(super) fn is_one_of(tags: &str, name: &str) -> bool {
    tags.split_ascii_whitespace().any(|tag| tag == name)
}

pub(super) fn tokenize(html: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let mut text = String::new();
    let mut rest = html;
    while let Some(pos) = rest.find(['<', '&']) {
        text.push_str(&rest[..pos]);
        rest = &rest[pos..];
        if rest.starts_with('&') {
            let (decoded, len) = decode_entity(rest);
            text.push(decoded);
            rest = &rest[len..];
        } else if let Some((markup, len)) = parse_markup(rest) {
            if !text.is_empty() {
                tokens.push(Token::Text(std::mem::take(&mut text)));
            }
            tokens.extend(markup);
            rest = &rest[len..];
        } else {
            // A stray `<` (as in `a < b`) is text.
            text.push('<');
            rest = &rest[1..];
        }
    }
    text.push_str(rest);
    if !text.is_empty() {
        tokens.push(Token::Text(text));
    }

    // An unknown tag that is never closed is nearly always a placeholder such
    // as `arn:aws:kms:<region>:...`; keep it as text rather than lose it.
    let mut closed_later = HashSet::new();
    for token in tokens.iter_mut().rev() {
        match token {
            Token::Close(name) => {
                closed_later.insert(name.clone());
            }
            Token::Open {
                name,
                self_closing: false,
                raw,
                ..
            } if !is_one_of(KNOWN_TAGS, name) && !closed_later.contains(name) => {
                *token = Token::Text(raw.to_string());
            }
            _ => {}
        }
    }
    // Merge neighbouring text so words and URLs are not split.
    let mut merged: Vec<Token> = Vec::with_capacity(tokens.len());
    for token in tokens {
        match (merged.last_mut(), token) {
            (Some(Token::Text(prev)), Token::Text(next)) => prev.push_str(&next),
            (_, token) => merged.push(token),
        }
    }
    merged
}

/// Decodes the entity at the start of `s` (which starts with `&`), returning
/// the character and the bytes consumed; a bare `&` stays literal.
fn decode_entity(s: &str) -> (char, usize) {
    let Some(semi) = s.bytes().take(12).position(|b| b == b';') else {
        return ('&', 1);
    };
    let name = &s[1..semi];
    let decoded = if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16),
            None => num.parse(),
        };
        code.ok().and_then(char::from_u32).filter(|&c| c != '\0')
    } else {
        Some(match name {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "quot" => '"',
            "apos" => '\'',
            "nbsp" => ' ',
            "ndash" => '–',
            "mdash" => '—',
            "hellip" => '…',
            "lsquo" => '‘',
            "rsquo" => '’',
            "ldquo" => '“',
            "rdquo" => '”',
            "copy" => '©',
            "reg" => '®',
            "trade" => '™',
            "times" => '×',
            "bull" => '•',
            _ => return ('&', 1),
        })
    };
    decoded.map_or(('&', 1), |c| (c, semi + 1))
}

fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(pos) = rest.find('&') {
        out.push_str(&rest[..pos]);
        let (c, len) = decode_entity(&rest[pos..]);
        out.push(c);
        rest = &rest[pos + len..];
    }
    out + rest
}

/// Parses the tag, comment or declaration at the start of `s` (which starts
/// with `<`). `None` means the `<` is not markup; `Some((None, n))` skips `n`
/// bytes of markup that carries nothing (comments, `<!DOCTYPE>`).
fn parse_markup(s: &str) -> Option<(Option<Token<'_>>, usize)> {
    let b = s.as_bytes();
    if s.starts_with("<!--") {
        return Some((None, s.find("-->").map_or(s.len(), |i| i + 3)));
    }
    if matches!(b.get(1), Some(b'!' | b'?')) {
        return s.find('>').map(|i| (None, i + 1));
    }
    let closing = b.get(1) == Some(&b'/');
    let start = if closing { 2 } else { 1 };
    if !b.get(start).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    let name_len = b[start..]
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b':' | b'.'))
        .count();
    let name = s[start..start + name_len].to_ascii_lowercase();
    let mut i = start + name_len;
    if closing {
        let end = i + s[i..].find('>')?;
        return Some((Some(Token::Close(name)), end + 1));
    }

    let skip_ws = |i: &mut usize| {
        while b.get(*i).is_some_and(u8::is_ascii_whitespace) {
            *i += 1;
        }
    };
    let mut href = None;
    let mut self_closing = false;
    loop {
        skip_ws(&mut i);
        match *b.get(i)? {
            b'>' => break,
            b'/' if b.get(i + 1) == Some(&b'>') => {
                self_closing = true;
                i += 1;
                break;
            }
            b'/' => i += 1,
            _ => {
                let attr_start = i;
                while b
                    .get(i)
                    .is_some_and(|c| !c.is_ascii_whitespace() && !b"=>/".contains(c))
                {
                    i += 1;
                }
                let attr = &s[attr_start..i];
                if attr.contains('<') {
                    return None; // `a <b and <c>`: text, not a tag
                }
                skip_ws(&mut i);
                if b.get(i) != Some(&b'=') {
                    continue;
                }
                i += 1;
                skip_ws(&mut i);
                let value = match *b.get(i)? {
                    quote @ (b'"' | b'\'') => {
                        let end = i + 1 + s[i + 1..].find(quote as char)?;
                        let value = &s[i + 1..end];
                        i = end + 1;
                        value
                    }
                    _ => {
                        let value_start = i;
                        while b
                            .get(i)
                            .is_some_and(|c| !c.is_ascii_whitespace() && *c != b'>')
                        {
                            i += 1;
                        }
                        &s[value_start..i]
                    }
                };
                if attr.eq_ignore_ascii_case("href") {
                    href = Some(decode_entities(value.trim()));
                }
            }
        }
    }
    let raw = &s[..=i];
    Some((
        Some(Token::Open {
            name,
            href,
            self_closing,
            raw,
        }),
        i + 1,
    ))
}
