//! JMESPath tokens, each with its byte span in the expression (the generator rewrites
//! identifiers in place, so it needs to know where each one was written).

use std::ops::Range;

use serde_json::Value;

use super::ParseError;

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Token {
    /// An unquoted identifier, or a quoted one (`quoted`), which cannot name a function.
    Identifier {
        name: String,
        quoted: bool,
    },
    /// `` `json` `` or `'raw string'`.
    Literal(Value),
    Number(i64),
    Dot,
    Star,
    /// `[]`
    Flatten,
    /// `[?`
    Filter,
    LeftBracket,
    RightBracket,
    LeftBrace,
    RightBrace,
    LeftParen,
    RightParen,
    Comma,
    Colon,
    Pipe,
    Or,
    And,
    Not,
    /// `&` (an expression reference, for functions such as `sort_by`).
    Ampersand,
    /// `@`
    Current,
    Compare(Comparator),
    End,
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparator {
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

impl Comparator {
    pub fn symbol(self) -> &'static str {
        match self {
            Comparator::Equal => "==",
            Comparator::NotEqual => "!=",
            Comparator::Less => "<",
            Comparator::LessOrEqual => "<=",
            Comparator::Greater => ">",
            Comparator::GreaterOrEqual => ">=",
        }
    }
}

/// Splits an expression into tokens, ending with [`Token::End`].
pub(super) fn tokenize(text: &str) -> Result<Vec<(Token, Range<usize>)>, ParseError> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let start = at;
        let next = bytes.get(at + 1).copied();
        let (token, len) = match bytes[at] {
            b' ' | b'\t' | b'\n' | b'\r' => {
                at += 1;
                continue;
            }
            b'.' => (Token::Dot, 1),
            b'*' => (Token::Star, 1),
            b']' => (Token::RightBracket, 1),
            b'{' => (Token::LeftBrace, 1),
            b'}' => (Token::RightBrace, 1),
            b'(' => (Token::LeftParen, 1),
            b')' => (Token::RightParen, 1),
            b',' => (Token::Comma, 1),
            b':' => (Token::Colon, 1),
            b'@' => (Token::Current, 1),
            b'[' => match next {
                Some(b']') => (Token::Flatten, 2),
                Some(b'?') => (Token::Filter, 2),
                _ => (Token::LeftBracket, 1),
            },
            b'|' if next == Some(b'|') => (Token::Or, 2),
            b'|' => (Token::Pipe, 1),
            b'&' if next == Some(b'&') => (Token::And, 2),
            b'&' => (Token::Ampersand, 1),
            b'!' if next == Some(b'=') => (Token::Compare(Comparator::NotEqual), 2),
            b'!' => (Token::Not, 1),
            b'=' if next == Some(b'=') => (Token::Compare(Comparator::Equal), 2),
            b'<' if next == Some(b'=') => (Token::Compare(Comparator::LessOrEqual), 2),
            b'<' => (Token::Compare(Comparator::Less), 1),
            b'>' if next == Some(b'=') => (Token::Compare(Comparator::GreaterOrEqual), 2),
            b'>' => (Token::Compare(Comparator::Greater), 1),
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                let len = bytes[at..]
                    .iter()
                    .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
                    .count();
                let name = text[at..at + len].to_owned();
                (
                    Token::Identifier {
                        name,
                        quoted: false,
                    },
                    len,
                )
            }
            b'-' | b'0'..=b'9' => {
                let digits = bytes[at + 1..]
                    .iter()
                    .take_while(|b| b.is_ascii_digit())
                    .count();
                if bytes[at] == b'-' && digits == 0 {
                    return Err(ParseError::new(start, "`-` without a number"));
                }
                let len = 1 + digits;
                let number = text[at..at + len]
                    .parse()
                    .map_err(|_| ParseError::new(start, "a number that does not fit 64 bits"))?;
                (Token::Number(number), len)
            }
            b'"' => {
                let len = delimited(bytes, at, b'"')?;
                let name: String = serde_json::from_str(&text[at..at + len])
                    .map_err(|e| ParseError::new(start, format!("bad quoted identifier: {e}")))?;
                (Token::Identifier { name, quoted: true }, len)
            }
            b'\'' => {
                let len = delimited(bytes, at, b'\'')?;
                // A raw string: only `\'` is an escape, every other backslash stays.
                let raw = text[at + 1..at + len - 1].replace("\\'", "'");
                (Token::Literal(Value::String(raw)), len)
            }
            b'`' => {
                let len = delimited(bytes, at, b'`')?;
                let json = text[at + 1..at + len - 1].replace("\\`", "`");
                let value = serde_json::from_str(json.trim()).map_err(|e| {
                    ParseError::new(start, format!("bad JSON literal `{json}`: {e}"))
                })?;
                (Token::Literal(value), len)
            }
            _ => {
                let found = text[at..].chars().next().unwrap_or('?');
                return Err(ParseError::new(start, format!("unexpected `{found}`")));
            }
        };
        at += len;
        tokens.push((token, start..at));
    }
    tokens.push((Token::End, text.len()..text.len()));
    Ok(tokens)
}

/// The length of a token from `bytes[start]` (the opening `quote`) to its closing quote;
/// a backslash escapes the next byte.
fn delimited(bytes: &[u8], start: usize, quote: u8) -> Result<usize, ParseError> {
    let mut at = start + 1;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' => at += 2,
            b if b == quote => return Ok(at + 1 - start),
            _ => at += 1,
        }
    }
    Err(ParseError::new(
        start,
        format!("unterminated `{}`", char::from(quote)),
    ))
}
