//! Conversion of AWS model documentation (HTML fragments) to rustdoc Markdown.
//!
//! The generated crate is documented with `RUSTDOCFLAGS=-D warnings`, so the
//! output escapes everything rustdoc would otherwise read as markup: intra-doc
//! links (`[x]`), bare URLs, raw HTML, indented code blocks (doctests!),
//! emphasis and block markers at the start of a line.

mod html;
mod markdown;

use html::{Token, tokenize};
use markdown::Writer;

/// Converts an AWS model documentation fragment (HTML) to rustdoc Markdown.
/// Never panics; unknown tags are dropped but their text is kept.
pub fn html_to_markdown(html: &str) -> String {
    let mut writer = Writer::default();
    for token in tokenize(html) {
        match token {
            Token::Text(text) => writer.text(&text),
            Token::Open {
                name,
                href,
                self_closing,
                ..
            } => {
                writer.open(&name, href);
                if self_closing {
                    writer.close(&name);
                }
            }
            Token::Close(name) => writer.close(&name),
        }
    }
    writer.finish()
}

#[cfg(test)]
mod tests;
