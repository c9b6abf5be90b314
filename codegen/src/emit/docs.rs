//! Model documentation (HTML) as rustdoc attributes, one per line so that the printer
//! prints them as `///` comments.

use proc_macro2::TokenStream;
use quote::quote;

use crate::docs::html_to_markdown;

/// `#[doc]` attributes for an item documented by `html`, followed by `extra` paragraphs
/// (already Markdown), e.g. notes the generator adds.
pub fn doc_attrs(html: Option<&str>, extra: &[String]) -> TokenStream {
    let lines = doc_lines(html, extra);
    quote!(#(#[doc = #lines])*)
}

/// Inner `#![doc]` attributes, for a module's own documentation.
pub fn inner_doc_attrs(html: Option<&str>) -> TokenStream {
    let lines = doc_lines(html, &[]);
    quote!(#(#![doc = #lines])*)
}

fn doc_lines(html: Option<&str>, extra: &[String]) -> Vec<String> {
    let mut paragraphs: Vec<String> = Vec::new();
    if let Some(markdown) = html.map(html_to_markdown).filter(|m| !m.is_empty()) {
        paragraphs.push(markdown);
    }
    paragraphs.extend(extra.iter().filter(|e| !e.is_empty()).cloned());
    paragraphs
        .join("\n\n")
        .lines()
        // A leading space keeps `///` comments readable; rustdoc strips it.
        .map(|line| {
            if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            }
        })
        .collect()
}

/// `text` as a Markdown code span, whatever backticks it contains: the fence is one
/// backtick longer than the longest run inside, padded when `text` starts or ends with one.
pub fn code_span(text: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

#[cfg(test)]
mod tests {
    use super::code_span;

    #[test]
    fn code_spans_survive_backticks() {
        assert_eq!(code_span("a-z"), "`a-z`");
        assert_eq!(code_span("[^_`{|}]"), "``[^_`{|}]``");
        assert_eq!(code_span("`x``"), "``` `x`` ```");
    }
}
