//! Naming: every Rust identifier the generator emits is made here.
//!
//! The pipeline is: split the model name into words, AWS-aware ([`split_words`], see
//! `words.rs`), case the words (here), escape what is still not a valid identifier
//! (`escape.rs`), and finally [`Scope::claim`] the result so that two wire names never
//! silently share one identifier.
//!
//! Casing is done by hand rather than with heck: heck re-splits its input on case changes,
//! which is exactly what turns `IPv4` into `i_pv4`.

mod escape;
// The per-service name tables the emitters use (`ServiceNames`, `MemberNames`).
mod namer;
mod words;

#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet};

pub use escape::is_valid_ident;
pub use namer::*;
pub use words::split_words;

/// UpperCamelCase type name for a shape name, escaped.
/// e.g. `IPv4Address` -> `Ipv4Address`, `Self` -> `SelfValue`.
pub fn type_name(shape_name: &str) -> String {
    escape::escape_camel(upper_camel(&words_of(shape_name)))
}

/// snake_case field/function/module name for a member name, escaped.
/// e.g. `AWSAccountId` -> `aws_account_id`, `Type` -> `r#type`, `3DES` -> `v3_des`.
pub fn field_name(member_name: &str) -> String {
    escape::escape_snake(snake(&words_of(member_name)))
}

/// UpperCamelCase enum variant name for an enum *value* (an arbitrary string), escaped.
/// e.g. `Lost to Competitor - Google` -> `LostToCompetitorGoogle`, `aws-eusc` -> `AwsEusc`,
/// `0.5` -> `V0_5`, `` -> `Empty`, `*` -> `Star`.
pub fn variant_name(value: &str) -> String {
    // Same rules as types; a separate function so call sites say what they name.
    type_name(value)
}

/// Words of `name`, or of its spelled-out symbols when it has no letters or digits.
fn words_of(name: &str) -> Vec<String> {
    let words = split_words(name);
    if words.is_empty() {
        escape::symbol_words(name)
    } else {
        words
    }
}

fn upper_camel(words: &[String]) -> String {
    let mut out = String::new();
    for word in words {
        // `0.5` must not become `05`: keep digit groups apart.
        let digits_meet = out.ends_with(|c: char| c.is_ascii_digit())
            && word.starts_with(|c: char| c.is_ascii_digit());
        if digits_meet {
            out.push('_');
        }
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars.map(|c| c.to_ascii_lowercase()));
        }
    }
    out
}

fn snake(words: &[String]) -> String {
    let lowered: Vec<String> = words.iter().map(|w| w.to_ascii_lowercase()).collect();
    lowered.join("_")
}

/// An identifier handed out by a [`Scope`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    /// The identifier to emit (may be raw, e.g. `r#type`).
    pub rust: String,
    /// The model/wire name it came from.
    pub wire: String,
    /// Why `rust` differs from the plain conversion, for the generated doc comment.
    /// `None` when not renamed.
    pub note: Option<String>,
}

/// One namespace (the fields of a struct, the variants of an enum, the types of a module):
/// hands out unique Rust identifiers, never silently merging two wire names.
///
/// Identifiers are compared without `r#`, so `r#type` and a hypothetical `type` clash.
#[derive(Debug, Default)]
pub struct Scope {
    reserved: HashSet<String>,
    /// Bare identifier -> the wire name holding it.
    taken: HashMap<String, String>,
    /// Wire name -> what it was given, so repeated claims agree.
    claimed: HashMap<String, Name>,
}

impl Scope {
    /// `reserved`: identifiers the generator itself uses in this scope (e.g. `Unknown`
    /// among enum variants, `builder` among methods).
    pub fn new(reserved: &[&str]) -> Scope {
        let reserved = reserved
            .iter()
            .map(|r| escape::unraw(r).to_owned())
            .collect();
        Scope {
            reserved,
            ..Scope::default()
        }
    }

    /// Claims a name for `wire`, given the already converted `candidate` (from
    /// [`type_name`], [`field_name`] or [`variant_name`]).
    ///
    /// - A reserved candidate gets a suffix chosen by case style (`Unknown` ->
    ///   `UnknownValue`, `builder` -> `builder_value`) and a note.
    /// - A candidate taken by a *different* wire name gets the smallest free numeric suffix
    ///   (`FooBar2`, `foo_bar_2`; `V5_2` after a digit, so it cannot read as `V52`) and a
    ///   note naming both wire names.
    /// - Claiming the same wire name again returns the first result, whatever the candidate.
    ///
    /// Deterministic: the result depends only on the sequence of claims.
    pub fn claim(&mut self, wire: &str, candidate: &str) -> Name {
        if let Some(name) = self.claimed.get(wire) {
            return name.clone();
        }
        debug_assert!(is_valid_ident(candidate), "invalid candidate {candidate:?}");
        let bare = escape::unraw(candidate);
        let camel = bare.starts_with(|c: char| c.is_ascii_uppercase());
        let mut rust = candidate.to_owned();
        let mut notes = Vec::new();

        if self.reserved.contains(bare) {
            let stem = bare.trim_end_matches('_'); // `self_` -> `self_value`
            rust = format!("{stem}{}", if camel { "Value" } else { "_value" });
            notes.push(format!("renamed from `{bare}`: reserved by the generator"));
        }
        if !self.is_free(&rust) {
            let base = escape::unraw(&rust).to_owned();
            notes.push(match self.taken.get(&base) {
                Some(other) => format!("suffixed: `{other}` and `{wire}` both map to `{base}`"),
                None => format!("suffixed: `{base}` is reserved by the generator"),
            });
            rust = (2..)
                .map(|n| numbered(&base, n, camel))
                .find(|ident| self.is_free(ident))
                .expect("some suffix is free");
        }

        self.taken
            .insert(escape::unraw(&rust).to_owned(), wire.to_owned());
        let note = (!notes.is_empty()).then(|| notes.join("; "));
        let name = Name {
            rust,
            wire: wire.to_owned(),
            note,
        };
        self.claimed.insert(wire.to_owned(), name.clone());
        name
    }

    fn is_free(&self, ident: &str) -> bool {
        let bare = escape::unraw(ident);
        !self.reserved.contains(bare) && !self.taken.contains_key(bare)
    }
}

/// `base` with numeric suffix `n`. Never a keyword: every keyword is letters only.
fn numbered(base: &str, n: u32, camel: bool) -> String {
    if camel && !base.ends_with(|c: char| c.is_ascii_digit()) {
        format!("{base}{n}")
    } else {
        // `self_` -> `self_2`, not `self__2`, which the snake case lint rejects.
        format!("{}_{n}", base.trim_end_matches('_'))
    }
}
