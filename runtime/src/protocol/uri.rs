//! The request line of HTTP-bound protocols (restJson1, restXml): labels in the path and
//! parameters in the query, percent-encoded as Smithy's `@http` trait and botocore do.

/// Appends a label's value to a path: every byte outside RFC 3986's unreserved set
/// (`A-Z a-z 0-9 - . _ ~`) percent-encoded, except that a greedy label (`{Key+}`) keeps its
/// `/`s.
pub fn push_label(path: &mut String, value: &str, greedy: bool) {
    for &byte in value.as_bytes() {
        if is_unreserved(byte) || (greedy && byte == b'/') {
            path.push(char::from(byte));
        } else {
            push_escaped(path, byte);
        }
    }
}

/// Appends `name=value` to a query string (with `&` if it is not empty), both encoded like a
/// label.
pub fn push_query(query: &mut String, name: &str, value: Option<&str>) {
    if !query.is_empty() {
        query.push('&');
    }
    push_label(query, name, false);
    if let Some(value) = value {
        query.push('=');
        push_label(query, value, false);
    }
}

/// Decodes `%XX` escapes (and nothing else: a `+` stays a `+`); `None` for a malformed escape
/// or bytes that are not UTF-8.
pub fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn is_unreserved(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~')
}

fn push_escaped(out: &mut String, byte: u8) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.push('%');
    out.push(char::from(HEX[usize::from(byte >> 4)]));
    out.push(char::from(HEX[usize::from(byte & 0xf)]));
}

#[cfg(test)]
mod tests {
    use super::{percent_decode, push_label, push_query};

    #[test]
    fn labels_escape_all_but_unreserved_and_greedy_slashes() {
        let mut path = String::from("/");
        push_label(&mut path, "a b/c%ü~", false);
        assert_eq!(path, "/a%20b%2Fc%25%C3%BC~");
        let mut path = String::from("/");
        push_label(&mut path, "photos/2024/a b.jpg", true);
        assert_eq!(path, "/photos/2024/a%20b.jpg");
        let mut query = String::new();
        push_query(&mut query, "x-id", Some("GetObject"));
        push_query(&mut query, "flag", None);
        push_query(&mut query, "q", Some("a&b=c"));
        assert_eq!(query, "x-id=GetObject&flag&q=a%26b%3Dc");
        assert_eq!(percent_decode("a%26b%3Dc%C3%BC").as_deref(), Some("a&b=cü"));
        assert_eq!(percent_decode("%zz"), None);
    }
}
