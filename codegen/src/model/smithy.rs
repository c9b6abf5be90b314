//! The Smithy 2.0 JSON AST (<https://smithy.io/2.0/spec/json-ast.html>), as far as code
//! generation needs it. Traits stay raw JSON: the lowering reads the ones it knows and
//! ignores the rest, so an unknown trait is never fatal.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

use crate::error::Error;

/// A whole model file.
#[derive(Debug, Deserialize)]
pub struct Model {
    pub smithy: String,
    #[serde(default, deserialize_with = "super::unique_keys")]
    pub shapes: BTreeMap<String, Shape>,
}

/// One shape (or an `apply` statement), keyed by its absolute id in [`Model::shapes`].
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Shape {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub traits: BTreeMap<String, Value>,
    /// Structure, union, enum and intEnum members, in model order.
    #[serde(default)]
    pub members: Option<Members>,
    pub member: Option<MemberRef>,
    pub key: Option<MemberRef>,
    pub value: Option<MemberRef>,
    #[serde(default)]
    pub mixins: Vec<Target>,
    // Operations.
    pub input: Option<Target>,
    pub output: Option<Target>,
    #[serde(default)]
    pub errors: Vec<Target>,
    // Services and resources.
    pub version: Option<String>,
    #[serde(default)]
    pub operations: Vec<Target>,
    #[serde(default)]
    pub collection_operations: Vec<Target>,
    #[serde(default)]
    pub resources: Vec<Target>,
    pub create: Option<Target>,
    pub put: Option<Target>,
    pub read: Option<Target>,
    pub update: Option<Target>,
    pub delete: Option<Target>,
    pub list: Option<Target>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Target {
    pub target: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct MemberRef {
    pub target: String,
    #[serde(default)]
    pub traits: BTreeMap<String, Value>,
}

/// Members in document order (a JSON object whose order matters).
#[derive(Debug, Clone, Default)]
pub struct Members(pub Vec<(String, MemberRef)>);

impl<'de> Deserialize<'de> for Members {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MembersVisitor;
        impl<'de> serde::de::Visitor<'de> for MembersVisitor {
            type Value = Members;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object of members")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Members, A::Error> {
                let mut members: Vec<(String, MemberRef)> = Vec::new();
                let mut seen = std::collections::HashSet::new();
                while let Some((name, member)) = map.next_entry::<String, MemberRef>()? {
                    if !seen.insert(name.clone()) {
                        return Err(serde::de::Error::custom(format!(
                            "duplicate member `{name}`"
                        )));
                    }
                    members.push((name, member));
                }
                Ok(Members(members))
            }
        }
        deserializer.deserialize_map(MembersVisitor)
    }
}

impl Shape {
    pub fn members(&self) -> &[(String, MemberRef)] {
        self.members.as_ref().map_or(&[], |m| m.0.as_slice())
    }
}

/// Reads a model file; errors name the file and the JSON path of the bad value.
pub fn load(path: &Path) -> Result<Model, Error> {
    let text = crate::error::read_file(path)?;
    let deserializer = &mut serde_json::Deserializer::from_str(&text);
    serde_path_to_error::deserialize(deserializer).map_err(|error| Error::Model {
        file: path.to_path_buf(),
        location: error.path().to_string(),
        message: error.into_inner().to_string(),
    })
}

/// Whether a JSON document is a Smithy JSON AST (it has a top-level `"smithy"` version).
pub fn is_smithy(document: &Value) -> bool {
    document.get("smithy").is_some_and(Value::is_string)
}
