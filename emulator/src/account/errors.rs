//! The Account API's error shapes, as this emulator fills them in.
//!
//! Every one has required members (`Message`, `Reason`): they are set on the generated
//! zero value, which cannot fail, rather than through a builder whose `build` returns a
//! `Result` that could only be unwrapped.

use awsgen_runtime::ZeroValue;
use awsgen_runtime::validate::summarize;
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

/// A `REQUEST_VALIDATION_FAILED` error about one request member (its wire name): the
/// entry's `Name` is the member's JSON pointer (`/Catalog`), as in the dispatcher's own
/// validation errors, and the message names it the same way.
pub(crate) fn invalid_field(
    member: &str,
    code: FieldValidationCode,
    message: impl Into<String>,
) -> ValidationException {
    let mut detail = FieldValidationError::zero_value();
    detail.name = format!("/{member}");
    detail.code = code;
    detail.message = message.into();
    let mut error = ValidationException::zero_value();
    error.message = summarize(
        [(detail.name.as_str(), detail.message.as_str())].into_iter(),
        false,
    );
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
            format!("must be `AWS` or `Sandbox`, found {name:?}"),
        )
    })
}
