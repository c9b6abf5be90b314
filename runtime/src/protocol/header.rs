//! Header values of HTTP-bound protocols (restJson1, restXml): a list member travels as one
//! header, its items joined by `, `, an item that holds a comma or a double quote quoted
//! (with `\` before its quotes and backslashes), as Smithy's `@httpHeader` and botocore do;
//! reading splits on the commas outside quotes and unquotes.

/// Joins list items into one header value.
pub fn join_list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        if item.contains([',', '"']) {
            out.push('"');
            for c in item.chars() {
                if matches!(c, '"' | '\\') {
                    out.push('\\');
                }
                out.push(c);
            }
            out.push('"');
        } else {
            out.push_str(item);
        }
    }
    out
}

/// Joins HTTP dates into one header value: they hold commas of their own but are never
/// quoted (Smithy's rule for timestamp lists).
pub fn join_http_dates<'a>(dates: impl IntoIterator<Item = &'a str>) -> String {
    dates.into_iter().collect::<Vec<_>>().join(", ")
}

/// Splits a header value of HTTP dates (`Mon, 16 Dec 2019 23:48:18 GMT, Tue, ...`): each
/// date ends with `GMT`.
pub fn split_http_dates(value: &str) -> Vec<String> {
    value
        .split_inclusive("GMT")
        .map(|date| date.trim_start_matches([',', ' ']).trim().to_owned())
        .filter(|date| !date.is_empty())
        .collect()
}

/// Splits a header value into list items: commas inside double quotes do not split, quoted
/// items are unquoted, and unquoted items trimmed. An unterminated quote is an error.
pub fn split_list(value: &str) -> Result<Vec<String>, String> {
    let mut items = Vec::new();
    let mut chars = value.chars().peekable();
    loop {
        while chars.next_if(|c| *c == ' ' || *c == '\t').is_some() {}
        let mut item = String::new();
        if chars.next_if_eq(&'"').is_some() {
            loop {
                match chars.next() {
                    Some('\\') => item.extend(chars.next()),
                    Some('"') => break,
                    Some(c) => item.push(c),
                    None => {
                        return Err(format!(
                            "an unterminated quote in the header value {value:?}"
                        ));
                    }
                }
            }
            while chars.next_if(|c| *c == ' ' || *c == '\t').is_some() {}
            match chars.next() {
                None => {
                    items.push(item);
                    return Ok(items);
                }
                Some(',') => items.push(item),
                Some(c) => {
                    return Err(format!(
                        "`{c}` after a quoted item in the header value {value:?}"
                    ));
                }
            }
        } else {
            for c in chars.by_ref() {
                if c == ',' {
                    break;
                }
                item.push(c);
            }
            let done = chars.peek().is_none() && !value.trim_end().ends_with(',');
            items.push(item.trim().to_owned());
            if done {
                return Ok(items);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{join_http_dates, join_list, split_http_dates, split_list};

    #[test]
    fn lists_join_and_split_with_quotes() {
        let items = ["b,c", "\"def\"", "a", "back\\slash"];
        let joined = join_list(items);
        assert_eq!(joined, r#""b,c", "\"def\"", a, back\slash"#);
        assert_eq!(
            split_list(&joined).unwrap(),
            ["b,c", "\"def\"", "a", "back\\slash"]
        );
        assert_eq!(split_list("a, b,c").unwrap(), ["a", "b", "c"]);
        assert_eq!(split_list("").unwrap(), [""]);
        assert!(split_list("\"open").is_err());
        let dates = [
            "Mon, 16 Dec 2019 23:48:18 GMT",
            "Tue, 17 Dec 2019 00:00:00 GMT",
        ];
        let joined = join_http_dates(dates);
        assert_eq!(
            joined,
            "Mon, 16 Dec 2019 23:48:18 GMT, Tue, 17 Dec 2019 00:00:00 GMT"
        );
        assert_eq!(split_http_dates(&joined), dates);
    }
}
