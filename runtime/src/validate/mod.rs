//! Validation of values against the model's constraint traits, with Smithy semantics.
//!
//! Generated types implement [`Validate`]; it walks the value and reports **every**
//! violation, each with its JSON-pointer path (`/Customer/Contacts/0/Email`), the constraint
//! that failed, a code from the services' `ValidationException` vocabulary, and a message
//! that never echoes a `@sensitive` value.
//!
//! Which checks run depends on the [`Policy`]: a server validates strictly; a client checks
//! its request before sending, by default forward-compatibly (see [`Policy`]).

mod report;
#[cfg(test)]
mod tests;

pub use report::{
    Constraint, SUMMARY_ENTRIES, SUMMARY_ENTRY_LENGTH, ValidationErrors, Violation, ViolationCode,
    quoted_list, summarize,
};

use report::{describe, plural, pointer};

use crate::BuildError;
use crate::pattern::LazyPattern;

/// Which constraints to check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Policy {
    /// Every constraint. What a server does with a request it received, and what a client
    /// does when it must not send anything the current model rejects.
    Strict,
    /// Skips the checks a newer service may relax: `max` lengths and ranges, `pattern`,
    /// enum membership and unknown union members. What a client does before sending by
    /// default, so that it never rejects a value a newer service accepts (botocore dropped
    /// its max checks in 2016 for this reason). Required members, `min` bounds and the
    /// one-member rule of unions are still checked: a service cannot start accepting less.
    #[default]
    ForwardCompatible,
}

/// A value whose constraints can be checked.
pub trait Validate {
    /// Adds this value's violations to `validator`, at the validator's current path.
    fn validate_into(&self, validator: &mut Validator);

    /// Every violation of this value under `policy`, or `Ok(())`.
    fn validate(&self, policy: Policy) -> Result<(), ValidationErrors> {
        let mut validator = Validator::new(policy);
        self.validate_into(&mut validator);
        validator.finish()
    }
}

impl<T: Validate> Validate for Box<T> {
    fn validate_into(&self, validator: &mut Validator) {
        (**self).validate_into(validator)
    }
}

/// One step of a path: a member (wire name), a list index or a map key.
#[derive(Debug, Clone)]
enum Segment {
    Member(&'static str),
    Index(usize),
    Key(String),
}

/// How many violations validation collects before it stops walking. A request of a few
/// megabytes can hold millions of invalid list entries; without a bound, the report (and
/// the `ValidationException` a server answers with) would be hundreds of times larger than
/// the request.
pub const MAX_VIOLATIONS: usize = 100;

/// The longest value (in code points) that failed its `@length` and is still searched by a
/// pattern on the backtracking engine (see [`Validator::pattern_after_length`]).
pub const MAX_BACKTRACKING_LENGTH: usize = 4096;

/// Walks a value, collecting violations. Generated code drives it; the checks are here so
/// that their semantics (code points, bounds, messages) are written once.
pub struct Validator {
    policy: Policy,
    path: Vec<Segment>,
    violations: Vec<Violation>,
    /// Set once a violation beyond [`MAX_VIOLATIONS`] was found; walking then stops.
    truncated: bool,
}

impl Validator {
    pub fn new(policy: Policy) -> Self {
        Validator {
            policy,
            path: Vec::new(),
            violations: Vec::new(),
            truncated: false,
        }
    }

    pub fn policy(&self) -> Policy {
        self.policy
    }

    /// Runs `check` one member deeper (`name` is the wire name).
    pub fn member(&mut self, name: &'static str, check: impl FnOnce(&mut Self)) {
        if self.truncated {
            return;
        }
        self.path.push(Segment::Member(name));
        check(self);
        self.path.pop();
    }

    /// Runs `check` on every entry of a list, each at its index.
    pub fn entries<T>(&mut self, items: &[T], mut check: impl FnMut(&mut Self, &T)) {
        for (index, item) in items.iter().enumerate() {
            if self.truncated {
                return;
            }
            self.path.push(Segment::Index(index));
            check(self, item);
            self.path.pop();
        }
    }

    /// Runs `check_key` and `check_value` on every entry of a map, each at its key.
    pub fn map_entries<'m, K: AsRef<str> + 'm, V: 'm>(
        &mut self,
        entries: impl IntoIterator<Item = (&'m K, &'m V)>,
        mut check_key: impl FnMut(&mut Self, &K),
        mut check_value: impl FnMut(&mut Self, &V),
    ) {
        for (key, value) in entries {
            if self.truncated {
                return;
            }
            self.path.push(Segment::Key(key.as_ref().to_owned()));
            check_key(self, key);
            check_value(self, value);
            self.path.pop();
        }
    }

    /// A required member the value lacks (a received document omitted it).
    pub fn required(&mut self, member: &'static str) {
        self.path.push(Segment::Member(member));
        self.report(
            Constraint::Required,
            ViolationCode::RequiredFieldMissing,
            "is required but missing".to_owned(),
        );
        self.path.pop();
    }

    /// `@length` of a string, in Unicode code points (not UTF-8 bytes). Returns whether the
    /// length was within bounds, for [`Validator::pattern_after_length`].
    pub fn string_length(&mut self, value: &str, min: Option<u64>, max: Option<u64>) -> bool {
        let length = value.chars().count() as u64;
        self.length(
            length,
            min,
            max,
            ("character", "characters"),
            ViolationCode::InvalidStringFormat,
        )
    }

    /// `@length` of a blob, in bytes.
    pub fn blob_length(&mut self, value: &[u8], min: Option<u64>, max: Option<u64>) -> bool {
        self.length(
            value.len() as u64,
            min,
            max,
            ("byte", "bytes"),
            ViolationCode::InvalidValue,
        )
    }

    /// `@length` of a list or map, in entries.
    pub fn entry_count(&mut self, count: usize, min: Option<u64>, max: Option<u64>) -> bool {
        let count = count as u64;
        if min.is_some_and(|min| count < min) {
            let min = min.unwrap_or_default();
            self.report(
                Constraint::Length,
                ViolationCode::NotEnoughValues,
                format!(
                    "must have at least {min} {}, found {count}",
                    plural(min, "entry", "entries")
                ),
            );
            return false;
        }
        self.max_length(
            count,
            max,
            ("entry", "entries"),
            ViolationCode::TooManyValues,
        )
    }

    fn length(
        &mut self,
        length: u64,
        min: Option<u64>,
        max: Option<u64>,
        unit: (&str, &str),
        code: ViolationCode,
    ) -> bool {
        if let Some(min) = min.filter(|min| length < *min) {
            let unit = plural(min, unit.0, unit.1);
            self.report(
                Constraint::Length,
                code,
                format!("must be at least {min} {unit} long, found {length}"),
            );
            return false;
        }
        self.max_length(length, max, unit, code)
    }

    fn max_length(
        &mut self,
        length: u64,
        max: Option<u64>,
        unit: (&str, &str),
        code: ViolationCode,
    ) -> bool {
        match max.filter(|max| length > *max) {
            Some(_) if self.policy == Policy::ForwardCompatible => false,
            Some(max) => {
                let unit = plural(max, unit.0, unit.1);
                let message = if unit.starts_with("entr") {
                    format!("must have at most {max} {unit}, found {length}")
                } else {
                    format!("must be at most {max} {unit} long, found {length}")
                };
                self.report(Constraint::Length, code, message);
                false
            }
            None => true,
        }
    }

    /// `@pattern`: searched in the value, ECMA-262 semantics (see [`crate::pattern`]).
    pub fn pattern(&mut self, value: &str, pattern: &LazyPattern, sensitive: bool) {
        if self.policy == Policy::ForwardCompatible {
            return;
        }
        let matches = match pattern.get() {
            Ok(compiled) => compiled.is_match(value),
            Err(_) => false,
        };
        if !matches {
            let found = describe(value, sensitive);
            self.report(
                Constraint::Pattern,
                ViolationCode::InvalidStringFormat,
                format!(
                    "must match the pattern `{}`, found {found}",
                    pattern.source()
                ),
            );
        }
    }

    /// `@pattern` of a string that also has a `@length`, whose check returned `length_ok`.
    /// The pattern is searched even when the length failed, so that every violation is
    /// reported (`""` for `[a-zA-Z0-9-]+` with length 1..64 fails both). The one exception
    /// bounds the work on hostile input: a pattern on the backtracking engine
    /// ([`crate::pattern::Engine::Regress`]) is not searched in a value that already failed
    /// its length and is longer than [`MAX_BACKTRACKING_LENGTH`] code points. The linear
    /// engines always search.
    pub fn pattern_after_length(
        &mut self,
        value: &str,
        pattern: &LazyPattern,
        sensitive: bool,
        length_ok: bool,
    ) {
        let backtracking = pattern
            .get()
            .is_ok_and(|p| p.engine() == crate::pattern::Engine::Regress);
        if !length_ok && backtracking && value.chars().nth(MAX_BACKTRACKING_LENGTH).is_some() {
            return;
        }
        self.pattern(value, pattern, sensitive);
    }

    /// `@range` of an integer.
    pub fn range_i64(&mut self, value: i64, min: Option<i64>, max: Option<i64>) {
        self.range(
            value as f64,
            min.map(|m| m as f64),
            max.map(|m| m as f64),
            &value.to_string(),
        );
    }

    /// `@range` of a float; NaN is outside every range.
    pub fn range_f64(&mut self, value: f64, min: Option<f64>, max: Option<f64>) {
        self.range(value, min, max, &value.to_string());
    }

    fn range(&mut self, value: f64, min: Option<f64>, max: Option<f64>, shown: &str) {
        let below = min.is_some_and(|min| value.is_nan() || value < min);
        let above = max.is_some_and(|max| value.is_nan() || value > max);
        if below || (above && self.policy == Policy::Strict) {
            let bounds = match (min, max) {
                (Some(min), Some(max)) => format!("between {min} and {max}"),
                (Some(min), None) => format!("at least {min}"),
                (None, Some(max)) => format!("at most {max}"),
                (None, None) => return,
            };
            self.report(
                Constraint::Range,
                ViolationCode::ValueOutOfRange,
                format!("must be {bounds}, found {shown}"),
            );
        }
    }

    /// A string enum value the model does not list.
    pub fn unknown_enum_value(&mut self, value: &str, known: &[&str], sensitive: bool) {
        if self.policy == Policy::ForwardCompatible {
            return;
        }
        let found = describe(value, sensitive);
        self.report(
            Constraint::Enum,
            ViolationCode::InvalidEnumValue,
            format!("must be one of {}, found {found}", quoted_list(known)),
        );
    }

    /// An int enum value the model does not list.
    pub fn unknown_int_enum_value(&mut self, value: i32, known: &[i32]) {
        if self.policy == Policy::ForwardCompatible {
            return;
        }
        let known: Vec<String> = known.iter().map(i32::to_string).collect();
        let known: Vec<&str> = known.iter().map(String::as_str).collect();
        self.report(
            Constraint::Enum,
            ViolationCode::InvalidEnumValue,
            format!("must be one of {}, found {value}", quoted_list(&known)),
        );
    }

    /// A union member the model does not list.
    pub fn unknown_union_member(&mut self, name: &str, known: &[&str]) {
        if self.policy == Policy::ForwardCompatible {
            return;
        }
        self.report(
            Constraint::Union,
            ViolationCode::InvalidValue,
            format!(
                "must set one of the members {}, found `{name}`",
                quoted_list(known)
            ),
        );
    }

    /// `@uniqueItems`: reports each entry equal to an earlier one.
    pub fn unique_items<T: PartialEq>(&mut self, items: &[T]) {
        for (index, item) in items.iter().enumerate() {
            if self.truncated {
                return;
            }
            if let Some(first) = items[..index].iter().position(|earlier| earlier == item) {
                self.path.push(Segment::Index(index));
                self.report(
                    Constraint::UniqueItems,
                    ViolationCode::DuplicateValue,
                    format!("duplicates entry {first}; entries must be unique"),
                );
                self.path.pop();
            }
        }
    }

    fn report(&mut self, constraint: Constraint, code: ViolationCode, message: String) {
        if self.violations.len() >= MAX_VIOLATIONS {
            self.truncated = true;
            return;
        }
        self.violations.push(Violation {
            path: pointer(&self.path),
            constraint,
            code,
            message,
        });
    }

    /// Every violation found, or `Ok(())`.
    pub fn finish(self) -> Result<(), ValidationErrors> {
        if self.violations.is_empty() {
            Ok(())
        } else {
            Err(ValidationErrors::new(self.violations, self.truncated))
        }
    }
}

/// The members a builder lacked, as the violations validation reports for them.
impl From<BuildError> for ValidationErrors {
    fn from(error: BuildError) -> ValidationErrors {
        let mut validator = Validator::new(Policy::Strict);
        for &member in error.missing_members() {
            validator.required(member);
        }
        // `BuildError::new` is only called with a member missing; an empty list still
        // says which shape could not be built.
        if validator.violations.is_empty() {
            validator.report(
                Constraint::Required,
                ViolationCode::RequiredFieldMissing,
                format!("{} could not be built", error.shape()),
            );
        }
        ValidationErrors::new(validator.violations, validator.truncated)
    }
}
