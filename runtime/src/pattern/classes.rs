//! Character sets: ECMA's class escapes, Unicode property names, and the Java POSIX classes
//! some models use.

use super::ast::Item;

/// ECMA `\d`, `\w` and `\s`: ASCII digits and word characters, and ECMA's WhiteSpace and
/// LineTerminator code points (Zs included), as inclusive ranges.
const DIGIT: &[(u32, u32)] = &[(0x30, 0x39)];
const WORD: &[(u32, u32)] = &[(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)];
/// With the `u` and `i` flags ECMA's `\w` also holds U+017F and U+212A (they fold to `s`, `k`).
const WORD_ICASE: &[(u32, u32)] = &[
    (0x30, 0x39),
    (0x41, 0x5A),
    (0x5F, 0x5F),
    (0x61, 0x7A),
    (0x17F, 0x17F),
    (0x212A, 0x212A),
];
const SPACE: &[(u32, u32)] = &[
    (0x09, 0x0D),
    (0x20, 0x20),
    (0xA0, 0xA0),
    (0x1680, 0x1680),
    (0x2000, 0x200A),
    (0x2028, 0x2029),
    (0x202F, 0x202F),
    (0x205F, 0x205F),
    (0x3000, 0x3000),
    (0xFEFF, 0xFEFF),
];
pub(super) const LINE_TERMINATORS: [char; 4] = ['\n', '\r', '\u{2028}', '\u{2029}'];

#[rustfmt::skip]
/// General_Category values in ECMA's exact spellings, with the regex crate's short name.
const CATEGORIES: &[(&str, &str)] = &[
    ("C", "C"), ("Other", "C"), ("Cc", "Cc"), ("Control", "Cc"), ("cntrl", "Cc"),
    ("Cf", "Cf"), ("Format", "Cf"), ("Cn", "Cn"), ("Unassigned", "Cn"),
    ("Co", "Co"), ("Private_Use", "Co"),
    ("L", "L"), ("Letter", "L"), ("LC", "LC"), ("Cased_Letter", "LC"),
    ("Ll", "Ll"), ("Lowercase_Letter", "Ll"), ("Lm", "Lm"), ("Modifier_Letter", "Lm"),
    ("Lo", "Lo"), ("Other_Letter", "Lo"), ("Lt", "Lt"), ("Titlecase_Letter", "Lt"),
    ("Lu", "Lu"), ("Uppercase_Letter", "Lu"),
    ("M", "M"), ("Mark", "M"), ("Combining_Mark", "M"), ("Mc", "Mc"), ("Spacing_Mark", "Mc"),
    ("Me", "Me"), ("Enclosing_Mark", "Me"), ("Mn", "Mn"), ("Nonspacing_Mark", "Mn"),
    ("N", "N"), ("Number", "N"), ("Nd", "Nd"), ("Decimal_Number", "Nd"), ("digit", "Nd"),
    ("Nl", "Nl"), ("Letter_Number", "Nl"), ("No", "No"), ("Other_Number", "No"),
    ("P", "P"), ("Punctuation", "P"), ("punct", "P"),
    ("Pc", "Pc"), ("Connector_Punctuation", "Pc"), ("Pd", "Pd"), ("Dash_Punctuation", "Pd"),
    ("Pe", "Pe"), ("Close_Punctuation", "Pe"), ("Pf", "Pf"), ("Final_Punctuation", "Pf"),
    ("Pi", "Pi"), ("Initial_Punctuation", "Pi"), ("Po", "Po"), ("Other_Punctuation", "Po"),
    ("Ps", "Ps"), ("Open_Punctuation", "Ps"),
    ("S", "S"), ("Symbol", "S"), ("Sc", "Sc"), ("Currency_Symbol", "Sc"),
    ("Sk", "Sk"), ("Modifier_Symbol", "Sk"), ("Sm", "Sm"), ("Math_Symbol", "Sm"),
    ("So", "So"), ("Other_Symbol", "So"),
    ("Z", "Z"), ("Separator", "Z"), ("Zl", "Zl"), ("Line_Separator", "Zl"),
    ("Zp", "Zp"), ("Paragraph_Separator", "Zp"), ("Zs", "Zs"), ("Space_Separator", "Zs"),
];
#[rustfmt::skip]
/// Binary properties both engines define the same way.
const BINARY: &[&str] = &[
    "Alphabetic", "Any", "ASCII", "Assigned", "Lowercase", "Uppercase", "White_Space",
];

#[rustfmt::skip]
/// Java's POSIX classes (US-ASCII, as `java.util.regex.Pattern` reads them by default). ECMA
/// with `u` rejects `\p{Alpha}` and the rest outright, so reading them as the services' Java
/// does contradicts no ECMA meaning.
const JAVA_POSIX: &[(&str, &[(u32, u32)])] = &[
    ("Lower", &[(0x61, 0x7A)]),
    ("Upper", &[(0x41, 0x5A)]),
    ("ASCII", &[(0x00, 0x7F)]),
    ("Alpha", &[(0x41, 0x5A), (0x61, 0x7A)]),
    ("Digit", &[(0x30, 0x39)]),
    ("Alnum", &[(0x30, 0x39), (0x41, 0x5A), (0x61, 0x7A)]),
    ("Punct", &[(0x21, 0x2F), (0x3A, 0x40), (0x5B, 0x60), (0x7B, 0x7E)]),
    ("Graph", &[(0x21, 0x7E)]),
    ("Print", &[(0x20, 0x7E)]),
    ("Blank", &[(0x09, 0x09), (0x20, 0x20)]),
    ("Cntrl", &[(0x00, 0x1F), (0x7F, 0x7F)]),
    ("XDigit", &[(0x30, 0x39), (0x41, 0x46), (0x61, 0x66)]),
    ("Space", &[(0x09, 0x0D), (0x20, 0x20)]),
    ("all", &[(0x00, 0x10FFFF)]),
];

/// Which class escape.
#[derive(Debug, Clone, Copy)]
pub(super) enum ClassEscape {
    Digit,
    Word,
    Space,
}

/// `\d`, `\w`, `\s` (or, negated, `\D`, `\W`, `\S`) as class items.
pub(super) fn escape(kind: ClassEscape, negated: bool, icase: bool) -> Vec<Item> {
    let ranges = match kind {
        ClassEscape::Digit => DIGIT,
        ClassEscape::Word if icase => WORD_ICASE,
        ClassEscape::Word => WORD,
        ClassEscape::Space => SPACE,
    };
    items(ranges, negated)
}

/// `\p{name}` or `\P{name}`. ECMA's names are exact (`\p{l}` is an error): General_Category
/// values and a few binary properties the regex crate reads the same way are translated;
/// other names (`Script=Greek`, ...) are left to regress, which rejects unknown ones.
pub(super) fn property(name: &str, negated: bool, icase: bool) -> Result<Vec<Item>, &'static str> {
    let prop = |ecma: &str, regex| {
        vec![Item::Prop {
            negated,
            ecma: ecma.to_owned(),
            regex,
        }]
    };
    let category = |value: &str| {
        CATEGORIES
            .iter()
            .find(|(n, _)| *n == value)
            .map(|(_, r)| *r)
    };
    if let Some(value) = name
        .strip_prefix("General_Category=")
        .or(name.strip_prefix("gc="))
    {
        return Ok(prop(name, category(value)));
    }
    if let Some(regex) = category(name).or(BINARY.iter().find(|n| **n == name).copied()) {
        return Ok(prop(name, Some(regex)));
    }
    // Java spellings of two binary properties.
    match name {
        "IsAlphabetic" => return Ok(prop("Alphabetic", Some("Alphabetic"))),
        "IsWhite_Space" | "IsWhitespace" => return Ok(prop("White_Space", Some("White_Space"))),
        _ => {}
    }
    if let Some((_, ranges)) = JAVA_POSIX.iter().find(|(n, _)| *n == name) {
        // How Java folds case inside these is not something to guess at.
        if icase {
            return Err("Java POSIX class under case-insensitive matching");
        }
        return Ok(items(ranges, negated));
    }
    Ok(prop(name, None))
}

fn items(ranges: &[(u32, u32)], negated: bool) -> Vec<Item> {
    let ranges = if negated {
        complement(ranges)
    } else {
        ranges.to_vec()
    };
    let mut items = Vec::new();
    for (lo, hi) in ranges {
        push_range(&mut items, lo, hi);
    }
    items
}

/// Adds `lo..=hi` less the surrogates: no Rust string holds one, so dropping them from a
/// class changes nothing that can be matched (a lone `\uD800` simply matches nothing).
pub(super) fn push_range(items: &mut Vec<Item>, lo: u32, hi: u32) {
    for (lo, hi) in [(lo, hi.min(0xD7FF)), (lo.max(0xE000), hi)] {
        if let (Some(lo), Some(hi)) = (char::from_u32(lo), char::from_u32(hi))
            && lo <= hi
        {
            items.push(Item::Range(lo, hi));
        }
    }
}

/// The code points not in `ranges` (sorted, disjoint).
fn complement(ranges: &[(u32, u32)]) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    let mut next = 0;
    for &(lo, hi) in ranges {
        if lo > next {
            out.push((next, lo - 1));
        }
        next = hi + 1;
    }
    if next <= 0x10FFFF {
        out.push((next, 0x10FFFF));
    }
    out
}
