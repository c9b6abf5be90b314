//! The Selling API's error shapes, as this emulator fills them in.
//!
//! Shapes with required members are built by setting their public fields on the generated
//! zero value, which cannot fail, rather than through a builder whose `build` returns a
//! `Result` that could only be unwrapped.

use awsgen_runtime::ZeroValue;
use awsgen_runtime::validate::ValidationErrors;
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

/// A `REQUEST_VALIDATION_FAILED` error about one field.
pub(crate) fn invalid_field(
    field: &str,
    code: ValidationExceptionErrorCode,
    message: impl Into<String>,
) -> ValidationException {
    let message = message.into();
    validation(
        ValidationExceptionReason::RequestValidationFailed,
        message.clone(),
        vec![field_error(field, code, message)],
    )
}

/// The catalog named by a request, or the error for a name that is neither `AWS` nor
/// `Sandbox` (the model's pattern `[a-zA-Z]+` lets any word through).
pub(crate) fn catalog(name: &str) -> Result<Catalog, ValidationException> {
    Catalog::parse(name).ok_or_else(|| {
        invalid_field(
            "Catalog",
            ValidationExceptionErrorCode::InvalidValue,
            format!("Catalog must be AWS or Sandbox, got {name:?}."),
        )
    })
}

/// Violations found by a generated validator, reported under `field` (the request member
/// whose value was checked).
pub(crate) fn violations(field: &str, errors: &ValidationErrors) -> ValidationException {
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
            field_error(field, code, violation.message.clone())
        })
        .collect();
    let details: Vec<&str> = list.iter().map(|error| error.message.as_str()).collect();
    let message = format!("{field} is not valid: {}", details.join("; "));
    validation(
        ValidationExceptionReason::RequestValidationFailed,
        message,
        list,
    )
}

fn validation(
    reason: ValidationExceptionReason,
    message: String,
    errors: Vec<ValidationExceptionError>,
) -> ValidationException {
    let mut error = ValidationException::zero_value();
    error.message = message;
    error.reason = reason;
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
