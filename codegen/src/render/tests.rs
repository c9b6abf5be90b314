//! The printer keeps every token (printed text read back is the same token stream, doc
//! attributes compared by value) and lays code out as the examples show.

use std::str::FromStr;

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::quote;

use super::render_rust;
use super::tree::unescape_str;

/// Operators whose characters must stay joined (or apart) for the text to mean the same.
/// (`>>` is left out: closing two generic lists, rustc reads it as two `>`; generated code
/// shifts nothing.)
const OPERATORS: &[&str] = &[
    "::", "->", "=>", "==", "!=", "<=", ">=", "&&", "||", "+=", "-=", "*=", "/=", "%=", "^=", "&=",
    "|=", "<<", "..", "..=", "...",
];

/// A canonical form of a token stream: one entry per token, groups bracketed, doc
/// attributes as their text, a `+` after a punctuation character that forms an operator
/// with the next one.
fn canonical(stream: TokenStream, out: &mut Vec<String>) {
    let tokens: Vec<TokenTree> = stream.into_iter().collect();
    let mut index = 0;
    while index < tokens.len() {
        if let Some((doc, used)) = doc_text(&tokens[index..]) {
            out.extend(doc);
            index += used;
            continue;
        }
        match &tokens[index] {
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{", "}"),
                    Delimiter::None => ("«", "»"),
                };
                out.push(open.to_owned());
                canonical(group.stream(), out);
                out.push(close.to_owned());
            }
            TokenTree::Punct(punct) => {
                let mut text = punct.as_char().to_string();
                if let Some(TokenTree::Punct(next)) = tokens.get(index + 1)
                    && punct.spacing() == proc_macro2::Spacing::Joint
                    && OPERATORS
                        .iter()
                        .any(|op| op.starts_with(&format!("{}{}", punct.as_char(), next.as_char())))
                {
                    text.push('+');
                }
                out.push(text);
            }
            other => out.push(other.to_string()),
        }
        index += 1;
    }
}

/// A doc attribute's lines (rustdoc joins consecutive doc attributes with line breaks).
fn doc_text(tokens: &[TokenTree]) -> Option<(Vec<String>, usize)> {
    let [TokenTree::Punct(hash), rest @ ..] = tokens else {
        return None;
    };
    if hash.as_char() != '#' {
        return None;
    }
    let (inner, group) = match rest {
        [TokenTree::Punct(bang), TokenTree::Group(group), ..] if bang.as_char() == '!' => {
            (true, group)
        }
        [TokenTree::Group(group), ..] => (false, group),
        _ => return None,
    };
    let parts: Vec<TokenTree> = group.stream().into_iter().collect();
    match parts.as_slice() {
        [
            TokenTree::Ident(name),
            TokenTree::Punct(_),
            TokenTree::Literal(value),
        ] if name == "doc" => {
            let text = unescape_str(&value.to_string())?;
            let lines = text
                .split('\n')
                .map(|line| format!("doc({inner}){line:?}"))
                .collect();
            Some((lines, if inner { 3 } else { 2 }))
        }
        _ => None,
    }
}

fn canonical_of(stream: TokenStream) -> Vec<String> {
    let mut out = Vec::new();
    canonical(stream, &mut out);
    out
}

/// Prints `tokens`, reads the text back and checks the tokens are the same.
pub(crate) fn assert_round_trip(name: &str, tokens: TokenStream) -> String {
    let text = render_rust(tokens.clone());
    let read = TokenStream::from_str(&text)
        .unwrap_or_else(|error| panic!("{name}: printed text does not lex: {error}\n{text}"));
    let (expected, found) = (canonical_of(tokens), canonical_of(read));
    if expected != found {
        let at = expected
            .iter()
            .zip(&found)
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        panic!(
            "{name}: tokens differ at {at}: expected {:?}, found {:?}\n{text}",
            &expected[at.saturating_sub(5)..(at + 5).min(expected.len())],
            &found[at.saturating_sub(5)..(at + 5).min(found.len())],
        );
    }
    syn::parse_file(&text).unwrap_or_else(|error| panic!("{name}: not Rust: {error}\n{text}"));
    text
}

fn body(text: &str) -> &str {
    text.strip_prefix(super::PREAMBLE)
        .unwrap()
        .trim_start_matches('\n')
}

#[test]
fn items_statements_and_fields() {
    let tokens = quote! {
        #![doc = " Module docs."]
        use ::std::fmt::{Debug, Display};
        #[doc = " A point."]
        #[derive(Clone, Debug)]
        pub struct Point<'a, T: ::std::fmt::Debug> {
            #[doc = " The x."]
            pub x: &'a T,
            pub(crate) y: ::std::vec::Vec<::std::option::Option<u8>>,
        }
        impl<'a, T: Debug> ::std::fmt::Display for Point<'a, T> {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                let Point { x, y } = self;
                if let Some(first) = y.first() && *first > Some(1) {
                    return write!(f, "{:?}", x);
                } else if !y.is_empty() && y.len() < 3 {
                    let total = y.iter().map(|v| v.unwrap_or(0) as usize).sum::<usize>();
                    let _ = -(total as i64) - 1;
                }
                match y.len() {
                    0 => Ok(()),
                    n if n >= 2 => {
                        f.write_str("many")
                    }
                    _ => Err(::std::fmt::Error),
                }
            }
        }
    };
    let text = assert_round_trip("items", tokens);
    assert_eq!(
        body(&text),
        r#"//! Module docs.
use ::std::fmt::{Debug, Display};

/// A point.
#[derive(Clone, Debug)]
pub struct Point<'a, T: ::std::fmt::Debug> {
    /// The x.
    pub x: &'a T,
    pub(crate) y: ::std::vec::Vec<::std::option::Option<u8>>,
}

impl<'a, T: Debug> ::std::fmt::Display for Point<'a, T> {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        let Point { x, y } = self;
        if let Some(first) = y.first() && *first > Some(1) {
            return write!(f, "{:?}", x);
        } else if !y.is_empty() && y.len() < 3 {
            let total = y.iter().map(|v| v.unwrap_or(0) as usize).sum::<usize>();
            let _ = -(total as i64) - 1;
        }
        match y.len() {
            0 => Ok(()),
            n if n >= 2 => {
                f.write_str("many")
            }
            _ => Err(::std::fmt::Error),
        }
    }
}
"#
    );
}

#[test]
fn long_argument_lists_break_one_per_line() {
    let tokens = quote! {
        fn f() {
            __map.serialize_entry("Catalog", &::awsgen_runtime::codec::Encode::<_, ::awsgen_runtime::codec::Plain>::new(&self.catalog))?;
            let value = Foo { alpha: 1, beta: 2 };
            let closure = move || async move { value };
            items.iter().for_each(|item| {
                drop(item);
            });
        }
    };
    let text = assert_round_trip("long", tokens);
    assert_eq!(
        body(&text),
        r#"fn f() {
    __map.serialize_entry(
        "Catalog",
        &::awsgen_runtime::codec::Encode::<_, ::awsgen_runtime::codec::Plain>::new(&self.catalog)
    )?;
    let value = Foo { alpha: 1, beta: 2 };
    let closure = move || async move {
        value
    };
    items.iter().for_each(|item| {
        drop(item);
    });
}
"#
    );
}

#[test]
fn doc_texts_a_line_comment_cannot_carry_stay_attributes() {
    let tokens = quote! {
        #[doc = "/ starts with a slash"]
        #[doc = "carriage\rreturn"]
        #[doc = " two\n lines"]
        pub struct A;
    };
    let text = assert_round_trip("docs", tokens);
    assert_eq!(
        body(&text),
        "#[doc = \"/ starts with a slash\"]\n#[doc = \"carriage\\rreturn\"]\n/// two\n/// lines\npub struct A;\n"
    );
}

#[test]
fn unescapes_string_literals() {
    assert_eq!(
        unescape_str(r#""a\"b\\c\n\u{e9}\x41""#).as_deref(),
        Some("a\"b\\c\né\x41")
    );
    assert_eq!(
        unescape_str(r###"r#"raw "quoted""#"###).as_deref(),
        Some("raw \"quoted\"")
    );
    assert_eq!(unescape_str("b\"bytes\""), None);
}

/// Every file the generator emits for the Partner Central models and the fixture models
/// prints to text that reads back as the same tokens.
#[test]
fn every_emitted_file_round_trips() {
    use crate::emit::{self, Context};
    use crate::naming::ServiceNames;

    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let (_, configured) = crate::pipeline::load_services(&root.join("models")).unwrap();
    let mut services: Vec<_> = configured.into_iter().map(|(_, service)| service).collect();
    let fixtures = root.join("tests/fixtures/models");
    let mut dirs: Vec<_> = std::fs::read_dir(&fixtures)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dirs.sort();
    for dir in dirs {
        let smithy = dir.join("smithy.json");
        let file = if smithy.exists() {
            smithy
        } else {
            dir.join("service-2.json")
        };
        services.push(crate::pipeline::load_model(&file).unwrap());
    }
    let mut files = 0;
    for service in &services {
        let names = ServiceNames::new(service);
        let cx = Context {
            service,
            names: &names,
            module: proc_macro2::Ident::new("service", proc_macro2::Span::call_site()),
            crate_name: "generated".to_owned(),
        };
        for (file, tokens) in emit::emit_service(&cx).0 {
            assert_round_trip(&format!("{}/{file}", service.name), tokens);
            files += 1;
        }
    }
    assert!(files > 50, "only {files} files");
}
