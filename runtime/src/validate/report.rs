//! What validation reports: violations with their path, constraint, code and message.

use std::fmt;

use super::Segment;

/// The constraint trait a violation breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Constraint {
    Required,
    Length,
    Pattern,
    Range,
    Enum,
    /// A union must set exactly one member the model knows.
    Union,
    UniqueItems,
}

/// The code a service puts in its `ValidationException` for a violation. The names are
/// the Partner Central vocabulary (Selling's `ValidationExceptionErrorCode`, Account's
/// `FieldValidationCode`); a service that lacks one maps it onto its nearest code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ViolationCode {
    RequiredFieldMissing,
    InvalidStringFormat,
    InvalidEnumValue,
    InvalidValue,
    TooManyValues,
    NotEnoughValues,
    ValueOutOfRange,
    DuplicateValue,
}

impl ViolationCode {
    /// The code as the services write it, e.g. `REQUIRED_FIELD_MISSING`.
    pub fn as_str(self) -> &'static str {
        match self {
            ViolationCode::RequiredFieldMissing => "REQUIRED_FIELD_MISSING",
            ViolationCode::InvalidStringFormat => "INVALID_STRING_FORMAT",
            ViolationCode::InvalidEnumValue => "INVALID_ENUM_VALUE",
            ViolationCode::InvalidValue => "INVALID_VALUE",
            ViolationCode::TooManyValues => "TOO_MANY_VALUES",
            ViolationCode::NotEnoughValues => "NOT_ENOUGH_VALUES",
            ViolationCode::ValueOutOfRange => "VALUE_OUT_OF_RANGE",
            ViolationCode::DuplicateValue => "DUPLICATE_VALUE",
        }
    }
}

impl fmt::Display for ViolationCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One broken constraint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// JSON pointer (RFC 6901) of the value, e.g. `/Customer/Contacts/0/Email`; empty for
    /// the value itself.
    pub path: String,
    pub constraint: Constraint,
    pub code: ViolationCode,
    /// What was expected and what was found; a sensitive value is never echoed.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() {
            "/"
        } else {
            &self.path
        };
        write!(f, "{path}: {} ({})", self.message, self.code)
    }
}

/// Every violation of a value (never empty), up to [`super::MAX_VIOLATIONS`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationErrors {
    violations: Vec<Violation>,
    truncated: bool,
}

impl ValidationErrors {
    pub(super) fn new(violations: Vec<Violation>, truncated: bool) -> Self {
        ValidationErrors {
            violations,
            truncated,
        }
    }

    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    pub fn into_violations(self) -> Vec<Violation> {
        self.violations
    }

    /// Whether validation stopped at [`super::MAX_VIOLATIONS`]: the value has more
    /// violations than are listed.
    pub fn is_truncated(&self) -> bool {
        self.truncated
    }

    /// A one-line message naming the failing fields and constraints, for the `message` of a
    /// `ValidationException`: what botocore and the AWS CLI show when they show nothing
    /// else. It lists the first [`SUMMARY_ENTRIES`] violations, each cut to
    /// [`SUMMARY_ENTRY_LENGTH`] characters, so it stays under 2,500 characters however large
    /// the request:
    ///
    /// `2 validation errors detected: /Catalog must be at least 1 character long, found 0;
    /// /Catalog must match the pattern `^[a-zA-Z0-9-]+$`, found ""`
    pub fn summary(&self) -> String {
        summarize(
            self.violations
                .iter()
                .map(|v| (v.path.as_str(), v.message.as_str())),
            self.truncated,
        )
    }
}

/// The message of [`ValidationErrors::summary`] for `(JSON pointer, message)` entries, for
/// code that reports violations of its own (an emulator's business checks) in the same
/// words as the generated validators. `truncated` says there were more than listed.
pub fn summarize<'a>(
    entries: impl ExactSizeIterator<Item = (&'a str, &'a str)>,
    truncated: bool,
) -> String {
    let count = entries.len();
    let mut out = format!(
        "{}{count} validation error{} detected: ",
        if truncated { "more than " } else { "" },
        if count == 1 { "" } else { "s" }
    );
    for (i, (path, message)) in entries.take(SUMMARY_ENTRIES).enumerate() {
        if i > 0 {
            out.push_str("; ");
        }
        let path = if path.is_empty() { "/" } else { path };
        let entry = format!("{path} {message}");
        match entry.char_indices().nth(SUMMARY_ENTRY_LENGTH) {
            Some((cut, _)) => {
                out.push_str(&entry[..cut]);
                out.push('…');
            }
            None => out.push_str(&entry),
        }
    }
    if count > SUMMARY_ENTRIES {
        out.push_str(&format!("; and {} more", count - SUMMARY_ENTRIES));
    }
    out
}

/// How many violations [`ValidationErrors::summary`] names.
pub const SUMMARY_ENTRIES: usize = 10;

/// How many characters of one violation [`ValidationErrors::summary`] keeps.
pub const SUMMARY_ENTRY_LENGTH: usize = 240;

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.violations.len();
        write!(
            f,
            "{}{count} constraint violation{}",
            if self.truncated { "more than " } else { "" },
            if count == 1 { "" } else { "s" }
        )?;
        for violation in &self.violations {
            write!(f, "\n  {violation}")?;
        }
        if self.truncated {
            write!(f, "\n  (validation stopped after the first {count})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationErrors {}

/// Renders a path as a JSON pointer.
pub(super) fn pointer(path: &[Segment]) -> String {
    let mut out = String::new();
    for segment in path {
        out.push('/');
        match segment {
            Segment::Member(name) => out.push_str(&escape(name)),
            Segment::Index(index) => out.push_str(&index.to_string()),
            Segment::Key(key) => out.push_str(&escape(key)),
        }
    }
    out
}

/// RFC 6901: `~` is written `~0` and `/` is written `~1`.
pub(super) fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// A value for a message: quoted and shortened, or hidden if sensitive.
pub(super) fn describe(value: &str, sensitive: bool) -> String {
    const SHOWN: usize = 64;
    if sensitive {
        return "a sensitive value".to_owned();
    }
    let mut shown: String = value.chars().take(SHOWN).collect();
    if shown.len() < value.len() {
        shown.push('…');
    }
    format!("{shown:?}")
}

/// `a`, `b` or `c` as the validators' messages list values: "`a`, `b`, `c`".
pub fn quoted_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|item| format!("`{item}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn plural<'a>(count: u64, one: &'a str, many: &'a str) -> &'a str {
    if count == 1 { one } else { many }
}
