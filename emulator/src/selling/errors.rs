//! The Selling API's error shapes, as this emulator fills them in.
//!
//! Shapes with required members are built by setting their public fields on the generated
//! zero value, which cannot fail, rather than through a builder whose `build` returns a
//! `Result` that could only be unwrapped.

use awsgen_runtime::ZeroValue;
use awsgen_runtime::validate::{ValidationErrors, summarize};
use partnercentral::selling::{
    ConflictException, InternalServerException, ResourceNotFoundException, ValidationException,
    ValidationExceptionError, ValidationExceptionErrorCode, ValidationExceptionReason,
};

use crate::catalog::Catalog;

pub(crate) fn not_found(message: impl Into<String>) -> ResourceNotFoundException {
    ResourceNotFoundException::builder()
        .message(message)
        .build()
}

pub(crate) fn conflict(message: impl Into<String>) -> ConflictException {
    ConflictException::builder().message(message).build()
}

/// A response the emulator could not assemble: a bug here, never the caller's fault.
pub(crate) fn internal(error: impl std::fmt::Display) -> InternalServerException {
    InternalServerException::builder()
        .message(format!("The emulator failed: {error}"))
        .build()
}

/// A `REQUEST_VALIDATION_FAILED` error about one request member (its wire name): the
/// entry's `FieldName` is the member's JSON pointer (`/Catalog`), as in the dispatcher's
/// own validation errors, and the message names it the same way.
pub(crate) fn invalid_field(
    member: &str,
    code: ValidationExceptionErrorCode,
    message: impl Into<String>,
) -> ValidationException {
    let error = field_error(&format!("/{member}"), code, message.into());
    validation(vec![error], false)
}

/// The catalog named by a request, or the error for a name that is neither `AWS` nor
/// `Sandbox` (the model's pattern `[a-zA-Z0-9-]+` lets any word through).
pub(crate) fn catalog(name: &str) -> Result<Catalog, ValidationException> {
    Catalog::parse(name).ok_or_else(|| {
        invalid_field(
            "Catalog",
            ValidationExceptionErrorCode::InvalidValue,
            format!("must be `AWS` or `Sandbox`, found {name:?}"),
        )
    })
}

/// Violations found by a generated validator of a value that stands for the request
/// member `member`: each is reported at that member's pointer.
pub(crate) fn violations(member: &str, errors: &ValidationErrors) -> ValidationException {
    let list: Vec<_> = errors
        .violations()
        .iter()
        .map(|violation| {
            let code = match ValidationExceptionErrorCode::from(violation.code.as_str()) {
                ValidationExceptionErrorCode::Unknown(_) => {
                    ValidationExceptionErrorCode::InvalidValue
                }
                code => code,
            };
            field_error(&format!("/{member}"), code, violation.message.clone())
        })
        .collect();
    validation(list, errors.is_truncated())
}

/// The exception for `errors`, with the message the dispatcher's validation gives.
fn validation(errors: Vec<ValidationExceptionError>, truncated: bool) -> ValidationException {
    let entries = errors.iter().map(|e| {
        (
            e.field_name.as_deref().unwrap_or_default(),
            e.message.as_str(),
        )
    });
    let mut error = ValidationException::zero_value();
    error.message = summarize(entries, truncated);
    error.reason = ValidationExceptionReason::RequestValidationFailed;
    error.error_list = Some(errors);
    error
}
fn field_error(
    field: &str,
    code: ValidationExceptionErrorCode,
    message: String,
) -> ValidationExceptionError {
    let mut error = ValidationExceptionError::zero_value();
    error.field_name = Some(field.to_owned());
    error.code = code;
    error.message = message;
    error
}
