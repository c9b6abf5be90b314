// TEMPORARY STUB (replaced by the naming helper)
mod namer;
pub use namer::*;
use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeMap;
pub fn type_name(s: &str) -> String { let n = s.to_upper_camel_case(); if n.is_empty() || n.starts_with(|c: char| c.is_ascii_digit()) { format!("V{n}") } else if n == "Self" { "SelfValue".into() } else { n } }
pub fn field_name(s: &str) -> String { let n = s.to_snake_case(); match n.as_str() { "type"|"match"|"ref"|"as"|"in"|"fn"|"mod"|"use"|"impl"|"trait"|"loop"|"move"|"box"|"final"|"override"|"abstract"|"async"|"await"|"dyn"|"try"|"yield"|"macro"|"priv"|"virtual"|"become"|"do"|"typeof"|"unsized"|"gen"|"where"|"while"|"static"|"struct"|"enum"|"const"|"continue"|"break"|"else"|"extern"|"false"|"true"|"for"|"if"|"let"|"mut"|"pub"|"return"|"unsafe" => format!("r#{n}"), "self"|"super"|"crate" => format!("{n}_"), _ => n } }
pub fn variant_name(s: &str) -> String { type_name(s) }
#[derive(Debug, Clone)]
pub struct Name { pub rust: String, pub wire: String, pub note: Option<String> }
pub struct Scope { used: BTreeMap<String, String>, claimed: BTreeMap<String, Name>, reserved: Vec<String> }
impl Scope {
    pub fn new(reserved: &[&str]) -> Scope { Scope { used: BTreeMap::new(), claimed: BTreeMap::new(), reserved: reserved.iter().map(|s| s.to_string()).collect() } }
    pub fn claim(&mut self, wire: &str, candidate: &str) -> Name {
        if let Some(n) = self.claimed.get(wire) { return n.clone(); }
        let mut rust = candidate.to_string(); let mut note = None;
        if self.reserved.contains(&rust) { rust = format!("{rust}Value"); note = Some("reserved".to_string()); }
        let mut i = 2; let base = rust.clone();
        while self.used.contains_key(&rust) { rust = format!("{base}{i}"); i += 1; note = Some("collision".into()); }
        self.used.insert(rust.clone(), wire.to_string());
        let n = Name { rust, wire: wire.to_string(), note }; self.claimed.insert(wire.to_string(), n.clone()); n
    }
}
