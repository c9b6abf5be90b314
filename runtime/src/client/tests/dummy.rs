//! A hand-written operation, shaped like generated code: an input with a required name and
//! an idempotency token, an output, and an error with one modeled variant.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::client::ServiceInfo;
use crate::protocol::ErrorResponse;
use crate::{CallFailure, Operation, OperationError, Structure, Validate, Validator};

/// Partner Central Selling's real identity and rule set.
pub static SELLING: ServiceInfo = ServiceInfo {
    service_id: "PartnerCentral Selling",
    signing_name: "partnercentral-selling",
    api_version: "2022-07-26",
    endpoint_rules: Some(include_str!(
        "../../../../models/partnercentral-selling/2022-07-26/endpoint-rule-set-1.json"
    )),
};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PutThingInput {
    #[serde(rename = "Name")]
    pub name: String,
    #[serde(
        rename = "ClientToken",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub client_token: Option<String>,
}

impl Structure for PutThingInput {
    const SHAPE_NAME: &'static str = "PutThingInput";
    fn absent_required_members(&self) -> Vec<&'static str> {
        Vec::new()
    }
}

impl Validate for PutThingInput {
    fn validate_into(&self, validator: &mut Validator) {
        validator.member("Name", |v| {
            v.string_length(&self.name, Some(1), None);
        });
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PutThingOutput {
    #[serde(rename = "Id")]
    pub id: String,
}

impl Structure for PutThingOutput {
    const SHAPE_NAME: &'static str = "PutThingOutput";
    fn absent_required_members(&self) -> Vec<&'static str> {
        Vec::new()
    }
}

impl Validate for PutThingOutput {
    fn validate_into(&self, _: &mut Validator) {}
}

#[derive(Debug)]
pub enum PutThingError {
    Validation(ErrorResponse),
    Unhandled(ErrorResponse),
    Failed(CallFailure),
}

impl fmt::Display for PutThingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PutThingError::Validation(e) | PutThingError::Unhandled(e) => e.fmt(f),
            PutThingError::Failed(failure) => failure.fmt(f),
        }
    }
}

impl std::error::Error for PutThingError {}

impl OperationError for PutThingError {
    fn from_response(response: ErrorResponse) -> Self {
        match response.code.as_deref() {
            Some("ValidationException") => PutThingError::Validation(response),
            _ => PutThingError::Unhandled(response),
        }
    }

    fn from_failure(failure: CallFailure) -> Self {
        PutThingError::Failed(failure)
    }

    fn code(&self) -> Option<&str> {
        match self {
            PutThingError::Validation(e) | PutThingError::Unhandled(e) => e.code.as_deref(),
            PutThingError::Failed(_) => None,
        }
    }

    fn to_response(&self) -> ErrorResponse {
        match self {
            PutThingError::Validation(e) | PutThingError::Unhandled(e) => e.clone(),
            PutThingError::Failed(_) => ErrorResponse {
                status: 500,
                code: Some("InternalFailure".to_owned()),
                message: None,
                body: Vec::new(),
                headers: Vec::new(),
            },
        }
    }
}

pub struct PutThing;

impl Operation for PutThing {
    type Input = PutThingInput;
    type Output = PutThingOutput;
    type Error = PutThingError;
    const NAME: &'static str = "PutThing";
    const PROTOCOL: crate::protocol::Protocol = crate::protocol::Protocol::AwsJson1_0;
    const TARGET: &'static str = "AWSPartnerCentralSelling.PutThing";
    const READONLY: bool = false;
    const IDEMPOTENT: bool = false;
    const HAS_IDEMPOTENCY_TOKEN: bool = true;

    fn fill_idempotency_token(input: &mut PutThingInput, token: &mut dyn FnMut() -> String) {
        if input.client_token.as_deref().is_none_or(str::is_empty) {
            input.client_token = Some(token());
        }
    }
}

/// `PutThing` without its idempotency token: neither read-only nor idempotent, so sending
/// it twice may act twice (like `SubmitOpportunity`).
pub struct PutThingOnce;

impl Operation for PutThingOnce {
    type Input = PutThingInput;
    type Output = PutThingOutput;
    type Error = PutThingError;
    const NAME: &'static str = "PutThing";
    const PROTOCOL: crate::protocol::Protocol = crate::protocol::Protocol::AwsJson1_0;
    const TARGET: &'static str = "AWSPartnerCentralSelling.PutThing";
    const READONLY: bool = false;
    const IDEMPOTENT: bool = false;
}

/// `PutThing` as an operation the model lets go unauthenticated (`authtype: none`).
pub struct PutThingUnsigned;

impl Operation for PutThingUnsigned {
    type Input = PutThingInput;
    type Output = PutThingOutput;
    type Error = PutThingError;
    const NAME: &'static str = "PutThing";
    const PROTOCOL: crate::protocol::Protocol = crate::protocol::Protocol::AwsJson1_0;
    const TARGET: &'static str = "AWSPartnerCentralSelling.PutThing";
    const READONLY: bool = false;
    const IDEMPOTENT: bool = false;
    const UNSIGNED: bool = true;
}

/// An input that passes validation.
pub fn input(name: &str) -> PutThingInput {
    PutThingInput {
        name: name.to_owned(),
        client_token: None,
    }
}

/// `PutThing` with `@requestCompression` (gzip).
pub struct PutThingGzip;

impl Operation for PutThingGzip {
    type Input = PutThingInput;
    type Output = PutThingOutput;
    type Error = PutThingError;
    const NAME: &'static str = "PutThing";
    const PROTOCOL: crate::protocol::Protocol = crate::protocol::Protocol::AwsJson1_0;
    const TARGET: &'static str = "AWSPartnerCentralSelling.PutThing";
    const READONLY: bool = false;
    const IDEMPOTENT: bool = false;
    const GZIP_REQUEST: bool = true;
}

/// A restXml read of `PutThingOutput`, with S3's "200 with an error" (`ERROR_IN_200`).
#[cfg(feature = "rest-xml")]
pub struct GetThingXml;

#[cfg(feature = "rest-xml")]
static GET_THING_XML_OUTPUT: crate::schema::Shape = crate::schema::Shape::new(
    "GetThingOutput",
    crate::schema::Kind::Structure(&[crate::schema::Member::new("Id", &crate::schema::STRING)]),
);

#[cfg(feature = "rest-xml")]
impl Operation for GetThingXml {
    type Input = PutThingInput;
    type Output = PutThingOutput;
    type Error = PutThingError;
    const NAME: &'static str = "GetThing";
    const PROTOCOL: crate::protocol::Protocol = crate::protocol::Protocol::RestXml;
    const TARGET: &'static str = "";
    const OUTPUT_SCHEMA: &'static crate::schema::Shape = &GET_THING_XML_OUTPUT;
    const READONLY: bool = true;
    const IDEMPOTENT: bool = false;
    const ERROR_IN_200: bool = true;
}
