//! Model documentation (HTML) as rustdoc attributes, one per line so that prettyplease
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
