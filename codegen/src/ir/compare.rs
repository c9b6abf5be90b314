//! Compares two lowerings of one service (botocore and Smithy) operation by operation and
//! member path by member path. Shape names do not line up between the formats (botocore
//! synthesizes named shapes for member-level constraints), so shapes are compared where
//! they are used: the effective kind, required-ness, constraints, enum values, timestamp
//! format, sensitivity, documentation, `@default`, `@uniqueItems` and the errors' HTTP status
//! of every member reachable from each operation. botocore's format drops the last three;
//! a botocore service compared with its facts (`ir::facts`) laid over it must agree on them
//! too.

use std::collections::BTreeSet;
use std::fmt;

use crate::docs::html_to_markdown;
use crate::ir::{Bounds, Constraints, Member, Operation, Pattern, Service, Shape, ShapeKind};

/// One difference, at a path such as `CreateOpportunity/input/Customer/Contacts/member/Email`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Difference {
    pub path: String,
    pub what: String,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.what)
    }
}

/// What was compared, for the report.
#[derive(Debug, Default, Clone, Copy)]
pub struct Coverage {
    pub operations: usize,
    pub member_paths: usize,
}

/// Every difference between `a` (labelled `a_label`) and `b`, sorted.
pub fn compare(
    a: &Service,
    b: &Service,
    a_label: &str,
    b_label: &str,
) -> (Vec<Difference>, Coverage) {
    let mut cx = Comparison {
        a,
        b,
        labels: (a_label, b_label),
        differences: Vec::new(),
        coverage: Coverage::default(),
        seen: BTreeSet::new(),
    };
    for op in &a.operations {
        match b.operations.iter().find(|o| o.name == op.name) {
            Some(other) => cx.operation(op, other),
            None => cx.differ(&op.name, format!("operation only in {a_label}")),
        }
    }
    for op in b
        .operations
        .iter()
        .filter(|o| !a.operations.iter().any(|x| x.name == o.name))
    {
        cx.differ(&op.name, format!("operation only in {b_label}"));
    }
    cx.differences.sort();
    cx.differences.dedup();
    (cx.differences, cx.coverage)
}

struct Comparison<'a> {
    a: &'a Service,
    b: &'a Service,
    labels: (&'a str, &'a str),
    differences: Vec<Difference>,
    coverage: Coverage,
    /// Shape pairs already walked (recursive shapes, and shapes used in many places are
    /// compared once: later paths add nothing new).
    seen: BTreeSet<(String, String)>,
}

impl Comparison<'_> {
    fn differ(&mut self, path: &str, what: String) {
        self.differences.push(Difference {
            path: path.to_owned(),
            what,
        });
    }

    fn same<T: PartialEq + fmt::Debug>(&mut self, path: &str, what: &str, a: T, b: T) {
        if a != b {
            let (la, lb) = self.labels;
            self.differ(path, format!("{what}: {la} {a:?}, {lb} {b:?}"));
        }
    }

    fn operation(&mut self, a: &Operation, b: &Operation) {
        self.coverage.operations += 1;
        let path = a.name.as_str();
        self.same(path, "readonly", a.readonly, b.readonly);
        self.same(path, "idempotent", a.idempotent, b.idempotent);
        self.same(path, "errors", &a.errors, &b.errors);
        self.same(path, "paginated", &a.paginated, &b.paginated);
        self.same(
            path,
            "deprecated",
            a.deprecated.is_some(),
            b.deprecated.is_some(),
        );
        self.docs(path, a.docs.as_deref(), b.docs.as_deref());
        for (role, sa, sb) in [
            ("input", &a.input, &b.input),
            ("output", &a.output, &b.output),
        ] {
            let here = format!("{path}/{role}");
            match (sa, sb) {
                (Some(sa), Some(sb)) => self.shape(&here, &self.a.shapes[sa], &self.b.shapes[sb]),
                (None, None) => {}
                // An empty structure and no structure at all carry the same (nothing).
                (Some(s), None) | (None, Some(s))
                    if is_empty_structure(self.shape_of(s, sa.is_some())) => {}
                _ => self.same(&here, "present", sa.is_some(), sb.is_some()),
            }
        }
        for error in a.errors.iter().filter(|e| b.errors.contains(e)) {
            let (ea, eb) = (&self.a.shapes[error], &self.b.shapes[error]);
            let here = format!("{path}/error/{error}");
            let (fa, fb) = (ea.error.as_ref(), eb.error.as_ref());
            self.same(&here, "fault", fa.map(|e| e.fault), fb.map(|e| e.fault));
            self.same(
                &here,
                "retryable",
                fa.map(|e| (e.retryable, e.throttling)),
                fb.map(|e| (e.retryable, e.throttling)),
            );
            self.same(&here, "code", fa.map(|e| &e.code), fb.map(|e| &e.code));
            self.same(
                &here,
                "http status",
                fa.and_then(|e| e.http_status),
                fb.and_then(|e| e.http_status),
            );
            self.shape(&here, ea, eb);
        }
    }

    fn shape_of(&self, name: &str, in_a: bool) -> &Shape {
        if in_a {
            &self.a.shapes[name]
        } else {
            &self.b.shapes[name]
        }
    }

    fn docs(&mut self, path: &str, a: Option<&str>, b: Option<&str>) {
        let render = |d: Option<&str>| d.map(html_to_markdown).filter(|m| !m.is_empty());
        let (ma, mb) = (render(a), render(b));
        if ma != mb {
            self.differ(path, "documentation differs".to_owned());
        }
    }

    /// Compares the structure of two shapes reached at `path` (members walked recursively).
    fn shape(&mut self, path: &str, a: &Shape, b: &Shape) {
        if !self.seen.insert((a.name.clone(), b.name.clone())) {
            return;
        }
        self.same(path, "kind", a.kind.label(), b.kind.label());
        match (&a.kind, &b.kind) {
            (ShapeKind::Structure(ma), ShapeKind::Structure(mb))
            | (ShapeKind::Union(ma), ShapeKind::Union(mb)) => {
                for member in ma {
                    let here = format!("{path}/{}", member.name);
                    match mb.iter().find(|m| m.name == member.name) {
                        Some(other) => self.member(&here, member, other),
                        None => self.differ(&here, format!("member only in {}", self.labels.0)),
                    }
                }
                for member in mb.iter().filter(|m| !ma.iter().any(|x| x.name == m.name)) {
                    self.differ(
                        &format!("{path}/{}", member.name),
                        format!("member only in {}", self.labels.1),
                    );
                }
            }
            (ShapeKind::List { member: ma, .. }, ShapeKind::List { member: mb, .. }) => {
                self.member(&format!("{path}/member"), ma, mb)
            }
            (
                ShapeKind::Map {
                    key: ka, value: va, ..
                },
                ShapeKind::Map {
                    key: kb, value: vb, ..
                },
            ) => {
                self.member(&format!("{path}/key"), ka, kb);
                self.member(&format!("{path}/value"), va, vb);
            }
            (ShapeKind::Enum(va), ShapeKind::Enum(vb)) => {
                let set = |values: &[crate::ir::EnumValue]| {
                    values
                        .iter()
                        .map(|v| v.value.clone())
                        .collect::<BTreeSet<_>>()
                };
                let (sa, sb) = (set(va), set(vb));
                for value in sa.difference(&sb) {
                    self.differ(
                        path,
                        format!("enum value {value:?} only in {}", self.labels.0),
                    );
                }
                for value in sb.difference(&sa) {
                    self.differ(
                        path,
                        format!("enum value {value:?} only in {}", self.labels.1),
                    );
                }
            }
            (ShapeKind::IntEnum(va), ShapeKind::IntEnum(vb)) => {
                let set = |values: &[crate::ir::IntEnumValue]| {
                    values.iter().map(|v| v.value).collect::<BTreeSet<_>>()
                };
                self.same(path, "intEnum values", set(va), set(vb));
            }
            _ => {}
        }
    }

    fn member(&mut self, path: &str, a: &Member, b: &Member) {
        self.coverage.member_paths += 1;
        let (ta, tb) = (self.a.target(a), self.b.target(b));
        self.same(path, "required", a.required, b.required);
        self.same(path, "wire name", &a.wire_name, &b.wire_name);
        self.same(
            path,
            "idempotency token",
            a.idempotency_token,
            b.idempotency_token,
        );
        self.same(path, "sensitive", ta.sensitive, tb.sensitive);
        self.same(
            path,
            "deprecated",
            a.deprecated.is_some(),
            b.deprecated.is_some(),
        );
        if matches!(ta.kind, ShapeKind::Timestamp(_)) {
            self.same(
                path,
                "timestamp format",
                self.a.timestamp_format(a),
                self.b.timestamp_format(b),
            );
        }
        self.docs(path, a.docs.as_deref(), b.docs.as_deref());
        self.same(path, "default", &a.default, &b.default);
        let (ca, cb) = (
            ta.constraints.overridden_by(&a.constraints),
            tb.constraints.overridden_by(&b.constraints),
        );
        let length = |c: &Constraints| {
            c.length
                .as_ref()
                .map(bounds_u64)
                .filter(|b| *b != (None, None))
        };
        self.same(path, "length", length(&ca), length(&cb));
        self.same(path, "uniqueItems", ca.unique_items, cb.unique_items);
        self.same(
            path,
            "range",
            ca.range.as_ref().map(bounds_number),
            cb.range.as_ref().map(bounds_number),
        );
        match (&ca.pattern, &cb.pattern) {
            (Some(pa), Some(pb)) if !same_pattern(pa, pb) => self.differ(
                path,
                format!(
                    "pattern: {} {:?}, {} {:?}",
                    self.labels.0, pa.original, self.labels.1, pb.original
                ),
            ),
            (Some(_), Some(_)) | (None, None) => {}
            (pa, pb) => self.same(
                path,
                "pattern",
                pa.as_ref().map(|p| &p.original),
                pb.as_ref().map(|p| &p.original),
            ),
        }
        self.shape(path, ta, tb);
    }
}

fn is_empty_structure(shape: &Shape) -> bool {
    matches!(&shape.kind, ShapeKind::Structure(members) if members.is_empty())
}

/// Length bounds, with a minimum of 0 the same as none (botocore writes `min: 0` where the
/// Smithy model has no minimum).
fn bounds_u64(bounds: &Bounds<u64>) -> (Option<u64>, Option<u64>) {
    (bounds.min.filter(|min| *min > 0), bounds.max)
}

/// Range bounds as numbers (`0` and `0.0` are the same bound).
fn bounds_number(bounds: &Bounds<serde_json::Number>) -> (Option<String>, Option<String>) {
    let show =
        |n: &Option<serde_json::Number>| n.as_ref().and_then(|n| n.as_f64()).map(|f| f.to_string());
    (show(&bounds.min), show(&bounds.max))
}

/// Whether two patterns accept the same values: the same searched form, or botocore's
/// conversion of one is the other (it strips `^`/`$`, and turns a missing anchor into `.*`).
pub fn same_pattern(a: &Pattern, b: &Pattern) -> bool {
    a.ecma == b.ecma || botocore_form(&a.original) == botocore_form(&b.original)
}

/// The whole-value (botocore) form of a pattern written either way.
fn botocore_form(pattern: &str) -> String {
    let (flags, body) = pattern
        .strip_prefix("(?s)")
        .map_or(("", pattern), |rest| ("(?s)", rest));
    let start = body.strip_prefix('^');
    let body = start.unwrap_or(body);
    let end = body.strip_suffix('$').filter(|b| !b.ends_with('\\'));
    let body = end.unwrap_or(body);
    // An already whole-value pattern (botocore's) has neither anchor: leave it as is, since
    // `.*` padding only describes converted Smithy patterns that had a single anchor.
    let padded = match (start.is_some(), end.is_some()) {
        (true, true) | (false, false) => body.to_owned(),
        (true, false) => format!("{body}.*"),
        (false, true) => format!(".*{body}"),
    };
    // `x.*.*` accepts what `x.*` does (the converter does not pad a pattern that already
    // ends or starts with `.*`).
    let mut collapsed = padded;
    while let Some(shorter) = collapsed.strip_suffix(".*.*").map(|s| format!("{s}.*")) {
        collapsed = shorter;
    }
    while let Some(shorter) = collapsed.strip_prefix(".*.*").map(|s| format!(".*{s}")) {
        collapsed = shorter;
    }
    format!("{flags}{collapsed}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchored_smithy_patterns_equal_their_botocore_conversion() {
        let smithy = Pattern::searched("^eng-[0-9a-z]{14}$");
        assert!(same_pattern(
            &smithy,
            &Pattern::whole_value("eng-[0-9a-z]{14}")
        ));
        assert!(same_pattern(
            &Pattern::searched("task-[0-9a-z]{13}$"),
            &Pattern::whole_value(".*task-[0-9a-z]{13}")
        ));
        assert!(!same_pattern(
            &smithy,
            &Pattern::whole_value("eng-[0-9a-z]{13}")
        ));
        assert!(same_pattern(
            &Pattern::searched("^(?s).{0,255}$"),
            &Pattern::whole_value("(?s).{0,255}")
        ));
        assert!(same_pattern(
            &Pattern::searched("^arn:.*"),
            &Pattern::whole_value("arn:.*")
        ));
    }
}
