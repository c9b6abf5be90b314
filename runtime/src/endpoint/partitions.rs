//! `aws.partition`: which AWS partition a region belongs to, from botocore 1.44.5's
//! `partitions.json`, embedded and parsed on first use.

use std::sync::OnceLock;

use regex::Regex;
use serde_json::{Map, Value as J};

struct Partition {
    id: String,
    region_regex: Option<Regex>,
    /// Region names listed explicitly, each with its own output overrides (often none).
    regions: Map<String, J>,
    outputs: Map<String, J>,
}

const PARTITIONS_JSON: &str = include_str!("../../data/partitions.json");

/// The parsed data; an empty list if the embedded file were ever unreadable, so that
/// resolving reports "no partition" rather than panicking.
fn partitions() -> &'static [Partition] {
    static PARTITIONS: OnceLock<Vec<Partition>> = OnceLock::new();
    PARTITIONS.get_or_init(|| parse(PARTITIONS_JSON).unwrap_or_default())
}

fn parse(text: &str) -> Option<Vec<Partition>> {
    let data: J = serde_json::from_str(text).ok()?;
    data.get("partitions")?
        .as_array()?
        .iter()
        .map(|p| {
            Some(Partition {
                id: p.get("id")?.as_str()?.to_owned(),
                region_regex: p
                    .get("regionRegex")
                    .and_then(J::as_str)
                    .and_then(|r| Regex::new(r).ok()),
                regions: p
                    .get("regions")
                    .and_then(J::as_object)
                    .cloned()
                    .unwrap_or_default(),
                outputs: p.get("outputs")?.as_object()?.clone(),
            })
        })
        .collect()
}

/// The partition record for `region`: an explicitly listed region first, then a
/// `regionRegex` match, else the `aws` partition (as the spec says for unknown regions).
pub(super) fn partition(region: &str) -> J {
    let all = partitions();
    let listed = all.iter().find_map(|p| {
        p.regions
            .get(region)
            .map(|overrides| (p, overrides.as_object()))
    });
    let chosen = listed
        .or_else(|| {
            all.iter()
                .find(|p| p.region_regex.as_ref().is_some_and(|r| r.is_match(region)))
                .map(|p| (p, None))
        })
        .or_else(|| all.iter().find(|p| p.id == "aws").map(|p| (p, None)));
    let Some((partition, overrides)) = chosen else {
        return J::Null;
    };
    let mut outputs = partition.outputs.clone();
    // Region entries may carry output overrides next to their description.
    for (k, v) in overrides.into_iter().flatten() {
        if k != "description" {
            outputs.insert(k.clone(), v.clone());
        }
    }
    outputs
        .entry("name")
        .or_insert_with(|| J::String(partition.id.clone()));
    J::Object(outputs)
}
