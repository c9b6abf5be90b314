//! The Account API's error shapes, as this emulator fills them in.
//!
//! Every one has required members (`Message`, `Reason`): they are set on the generated
//! zero value, which cannot fail, rather than through a builder whose `build` returns a
//! `Result` that could only be unwrapped.

use awsgen_runtime::ZeroValue;
use partnercentral::account::{
    ConflictException, ConflictExceptionReason, FieldValidationCode, FieldValidationError,
    InternalServerException, ResourceNotFoundException, ResourceNotFoundExceptionReason,
    ValidationError, ValidationException, ValidationExceptionReason,
};

use crate::catalog::Catalog;

pub(crate) fn connection_not_found(message: impl Into<String>) -> ResourceNotFoundException {
    let mut error = ResourceNotFoundException::zero_value();
    error.message = message.into();
    error.reason = ResourceNotFoundExceptionReason::ConnectionNotFound;
    error
}

pub(crate) fn conflict(
    reason: ConflictExceptionReason,
    message: impl Into<String>,
) -> ConflictException {
    let mut error = ConflictException::zero_value();
    error.message = message.into();
    error.reason = reason;
    error
}

/// A response the emulator could not assemble: a bug here, never the caller's fault.
pub(crate) fn internal(error: impl std::fmt::Display) -> InternalServerException {
    let mut internal = InternalServerException::zero_value();
    internal.message = format!("The emulator failed: {error}");
    internal
}

/// A `REQUEST_VALIDATION_FAILED` error about one field.
pub(crate) fn invalid_field(
    field: &str,
    code: FieldValidationCode,
    message: impl Into<String>,
) -> ValidationException {
    let message = message.into();
    let mut detail = FieldValidationError::zero_value();
    detail.name = field.to_owned();
    detail.code = code;
    detail.message = message.clone();
    let mut error = ValidationException::zero_value();
    error.message = message;
    error.reason = ValidationExceptionReason::RequestValidationFailed;
    error.error_details = Some(vec![ValidationError::FieldValidationError(detail)]);
    error
}

/// The catalog named by a request, or the error for a name that is neither `AWS` nor
/// `Sandbox` (the model's pattern `[a-zA-Z0-9-]+` lets any word through).
pub(crate) fn catalog(name: &str) -> Result<Catalog, ValidationException> {
    Catalog::parse(name).ok_or_else(|| {
        invalid_field(
            "Catalog",
            FieldValidationCode::InvalidValue,
            format!("Catalog must be AWS or Sandbox, got {name:?}."),
        )
    })
}
