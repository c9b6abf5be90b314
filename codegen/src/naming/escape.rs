//! Tiered escaping: turns a cased name into a valid Rust identifier.
//!
//! Tiers, in order:
//! 1. No words at all: `""` becomes `Empty`/`empty`; a value with no ASCII letter or digit
//!    is spelled out by character (`*` -> `Star`, `->` -> `DashGt`, `€` -> `U20ac`), so two
//!    different symbol-only values get different names without needing a [`Scope`] suffix.
//! 2. A leading digit gets a `V`/`v` prefix (`0.5` -> `V0_5` / `v0_5`, `3DES` -> `V3Des` /
//!    `v3_des`): a letter rather than `_`, since a leading `_` means "unused" to rustc.
//! 3. Keywords become raw identifiers (`type` -> `r#type`), except those that cannot be raw
//!    (`self`, `super`, `crate`, `Self`), which take a suffix: `self_`, `SelfValue`.
//!
//! [`Scope`]: super::Scope

/// Keywords that are valid as raw identifiers: strict, 2018+ and reserved ones, through
/// edition 2024 (`gen`). Contextual keywords (`union`, `raw`, `safe`, `macro_rules`) are
/// plain identifiers and need nothing.
pub const RAW_KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false",
    "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "static", "struct", "trait", "true", "try", "type", "unsafe", "use", "where",
    "while", "abstract", "become", "box", "do", "final", "macro", "override", "priv", "typeof",
    "unsized", "virtual", "yield",
];

/// Keywords that `r#` cannot escape, with the identifier used instead.
/// (`_` cannot arise: separators never survive word splitting.)
pub const NON_RAW_KEYWORDS: &[(&str, &str)] = &[
    ("self", "self_"),
    ("super", "super_"),
    ("crate", "crate_"),
    ("Self", "SelfValue"),
];

/// Words for a value with no ASCII letters or digits: one word per character, each
/// character its own word, so different values get different names.
pub fn symbol_words(value: &str) -> Vec<String> {
    if value.is_empty() {
        return vec!["Empty".to_owned()];
    }
    value.chars().map(symbol_word).collect()
}

fn symbol_word(c: char) -> String {
    let name = match c {
        '*' => "Star",
        '-' => "Dash",
        '+' => "Plus",
        '/' => "Slash",
        '\\' => "Backslash",
        '.' => "Dot",
        ',' => "Comma",
        ':' => "Colon",
        ';' => "Semicolon",
        '=' => "Eq",
        '<' => "Lt",
        '>' => "Gt",
        '!' => "Bang",
        '?' => "Question",
        '@' => "At",
        '#' => "Hash",
        '$' => "Dollar",
        '%' => "Percent",
        '&' => "Amp",
        '|' => "Pipe",
        '^' => "Caret",
        '~' => "Tilde",
        '_' => "Underscore",
        ' ' => "Space",
        '(' => "LParen",
        ')' => "RParen",
        '[' => "LBracket",
        ']' => "RBracket",
        '{' => "LBrace",
        '}' => "RBrace",
        '\'' => "Apostrophe",
        '"' => "DoubleQuote",
        '`' => "Backtick",
        // Anything else (control or non-ASCII) by code point, which is unique.
        c => return format!("U{:04x}", u32::from(c)),
    };
    name.to_owned()
}

/// Escapes an UpperCamelCase name (type or variant). `name` must be non-empty and consist
/// of ASCII letters, digits and `_`.
pub fn escape_camel(name: String) -> String {
    escape(name, "V")
}

/// Escapes a snake_case name (field, function, module). `name` as for [`escape_camel`].
pub fn escape_snake(name: String) -> String {
    escape(name, "v")
}

fn escape(name: String, digit_prefix: &str) -> String {
    debug_assert!(
        !name.is_empty(),
        "callers substitute a name for empty input"
    );
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        return format!("{digit_prefix}{name}");
    }
    if let Some((_, replacement)) = NON_RAW_KEYWORDS.iter().find(|(k, _)| *k == name) {
        return (*replacement).to_owned();
    }
    if RAW_KEYWORDS.contains(&name.as_str()) {
        return format!("r#{name}");
    }
    name
}

/// The identifier without a leading `r#`: what the name looks like to a reader.
pub fn unraw(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// Whether `ident` is a valid ASCII Rust identifier: not starting with a digit, not a bare
/// keyword, and not a raw `self`/`super`/`crate`/`Self`. A cheap check for debug assertions
/// (it agreed with `syn::parse_str::<syn::Ident>` when this module was written).
pub fn is_valid_ident(ident: &str) -> bool {
    let bare = unraw(ident);
    let well_formed = bare.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && bare.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_')
        && bare != "_";
    let keyword = RAW_KEYWORDS.contains(&bare) || NON_RAW_KEYWORDS.iter().any(|(k, _)| *k == bare);
    let raw_ok = !NON_RAW_KEYWORDS.iter().any(|(k, _)| *k == bare);
    well_formed
        && if ident.starts_with("r#") {
            raw_ok
        } else {
            !keyword
        }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tier 3, one row per keyword (like prost-build's ident tests), written out rather
    /// than derived from the tables above so that a slip in either one shows.
    #[test]
    fn keywords() {
        #[rustfmt::skip]
        let snake = [
            ("as", "r#as"), ("async", "r#async"), ("await", "r#await"), ("break", "r#break"),
            ("const", "r#const"), ("continue", "r#continue"), ("crate", "crate_"),
            ("dyn", "r#dyn"), ("else", "r#else"), ("enum", "r#enum"), ("extern", "r#extern"),
            ("false", "r#false"), ("fn", "r#fn"), ("for", "r#for"), ("gen", "r#gen"),
            ("if", "r#if"), ("impl", "r#impl"), ("in", "r#in"), ("let", "r#let"),
            ("loop", "r#loop"), ("match", "r#match"), ("mod", "r#mod"), ("move", "r#move"),
            ("mut", "r#mut"), ("pub", "r#pub"), ("ref", "r#ref"), ("return", "r#return"),
            ("self", "self_"), ("static", "r#static"), ("struct", "r#struct"),
            ("super", "super_"), ("trait", "r#trait"), ("true", "r#true"), ("try", "r#try"),
            ("type", "r#type"), ("unsafe", "r#unsafe"), ("use", "r#use"), ("where", "r#where"),
            ("while", "r#while"), ("abstract", "r#abstract"), ("become", "r#become"),
            ("box", "r#box"), ("do", "r#do"), ("final", "r#final"), ("macro", "r#macro"),
            ("override", "r#override"), ("priv", "r#priv"), ("typeof", "r#typeof"),
            ("unsized", "r#unsized"), ("virtual", "r#virtual"), ("yield", "r#yield"),
            // Contextual keywords are ordinary identifiers.
            ("union", "union"), ("raw", "raw"), ("safe", "safe"), ("auto", "auto"),
            ("default", "default"), ("macro_rules", "macro_rules"),
        ];
        for (keyword, expected) in snake {
            assert_eq!(escape_snake(keyword.to_owned()), expected, "{keyword}");
            assert!(is_valid_ident(expected), "{expected}");
        }
        assert_eq!(escape_camel("Self".to_owned()), "SelfValue");
        // The tables hold exactly the keywords above.
        let escaped = snake.iter().filter(|(k, e)| k != e).count();
        assert_eq!(escaped + 1, RAW_KEYWORDS.len() + NON_RAW_KEYWORDS.len());
    }

    /// Tier 2: leading digits.
    #[test]
    fn leading_digit() {
        assert_eq!(escape_camel("0_5".to_owned()), "V0_5");
        assert_eq!(escape_snake("3_des".to_owned()), "v3_des");
        assert_eq!(escape_snake("2xlarge".to_owned()), "v2xlarge");
    }

    /// Tier 1: nothing alphanumeric.
    #[test]
    fn symbols() {
        assert_eq!(symbol_words("*"), ["Star"]);
        assert_eq!(symbol_words("->"), ["Dash", "Gt"]);
        assert_eq!(symbol_words("€"), ["U20ac"]);
        assert_eq!(symbol_words(""), ["Empty"]);
        // Every ASCII punctuation character has a name of its own.
        let names: std::collections::HashSet<_> = (b' '..=b'~')
            .filter(|c| !c.is_ascii_alphanumeric())
            .map(|c| symbol_word(char::from(c)))
            .collect();
        assert_eq!(names.len(), 33);
        assert!(!names.iter().any(|n| n.starts_with("U00")));
    }

    #[test]
    fn validator() {
        let valid = [
            "r#type",
            "self_",
            "SelfValue",
            "_a",
            "a1",
            "r#union",
            "union",
            "r#gen",
        ];
        let invalid = [
            "type", "r#self", "Self", "r#Self", "_", "1a", "", "a-b", "gen", "é",
        ];
        assert!(valid.iter().all(|v| is_valid_ident(v)));
        assert!(!invalid.iter().any(|i| is_valid_ident(i)));
    }
}
