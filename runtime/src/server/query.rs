//! Serving awsQuery and ec2Query: a form (`POST` with `application/x-www-form-urlencoded`,
//! or a `GET` with the form in its query string, on any path, as AWS takes them) goes to the
//! query service whose API version its `Version` names, and to the operation its `Action`
//! names.

use std::error::Error;

use http::Method;
use http::header::CONTENT_TYPE;
use http::request::Parts;
use http_body::Body;

use super::Server;
use super::request::{self, Deadline, within};
use super::response::{SERIALIZATION, TIMEOUT, reject};
use crate::protocol::Protocol;
use crate::protocol::query::CONTENT_TYPE as FORM;
use crate::protocol::query::server::parse_form;
use crate::protocol::server::{QueryRequest, Reply};

/// No `Action`, or one no query service has (AWS's code).
const INVALID_ACTION: &str = "InvalidAction";
/// A form that does not parse (AWS's code).
const MALFORMED: &str = "MalformedQueryString";
/// A `Version` no query service has.
const NO_SUCH_VERSION: &str = "NoSuchVersion";

impl Server {
    /// Whether a request without an RPC target is a query request: a query service is
    /// served, and the request is a form, a `GET` naming an `Action`, or there is no
    /// HTTP-bound service to take it instead.
    pub(super) fn takes_query(&self, parts: &Parts) -> bool {
        if self.inner.query.is_empty() {
            return false;
        }
        let form = parts
            .headers
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| request::same_media_type(value, FORM));
        let get_action = parts.method == Method::GET
            && parts
                .uri
                .query()
                .is_some_and(|query| query.split('&').any(|pair| pair.starts_with("Action=")));
        form || get_action || !self.has_routes()
    }

    /// Answers a query request: its form read (a `POST`'s body, decompressed, or a `GET`'s
    /// query string), its service chosen by `Version` and its operation by `Action`.
    pub(super) async fn query_reply<B>(
        &self,
        parts: &Parts,
        body: B,
        protocol: &mut Protocol,
        request_id: &str,
    ) -> Reply
    where
        B: Body,
        B::Error: Into<Box<dyn Error + Send + Sync>>,
    {
        // Until the service is known, errors are written in the first one's protocol.
        *protocol = self.inner.query[0].protocol();
        let mut deadline = self.inner.request_timeout.and_then(Deadline::start);
        let form = match parts.method {
            Method::POST => {
                let declared = parts.headers.get(CONTENT_TYPE).map(|v| v.to_str());
                if !matches!(declared, Some(Ok(value)) if request::same_media_type(value, FORM)) {
                    let message = format!("a query request's Content-Type is {FORM}");
                    return reject(*protocol, 400, SERIALIZATION, &message);
                }
                match self
                    .read_body(parts, body, *protocol, true, deadline.as_mut())
                    .await
                {
                    Ok((body, _)) => body,
                    Err(reply) => return reply,
                }
            }
            Method::GET => parts.uri.query().unwrap_or("").as_bytes().to_vec(),
            _ => {
                let message = format!(
                    "query requests are POST or GET, not {}",
                    request::quote(parts.method.as_str())
                );
                return reject(*protocol, 405, INVALID_ACTION, &message);
            }
        };
        let params = match parse_form(&form) {
            Ok(params) => params,
            Err(reason) => return reject(*protocol, 400, MALFORMED, &reason),
        };
        let value = |name: &str| {
            params
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone())
        };
        let Some(action) = value("Action").filter(|action| !action.is_empty()) else {
            return reject(
                *protocol,
                400,
                INVALID_ACTION,
                "the request names no Action",
            );
        };
        let version = value("Version");
        let services: Vec<_> = self
            .inner
            .query
            .iter()
            .filter(|s| version.as_deref().is_none_or(|v| s.api_version() == v))
            .collect();
        if services.is_empty() {
            let served: Vec<&str> = self.inner.query.iter().map(|s| s.api_version()).collect();
            let message = format!(
                "the API version {} is not served here (versions: {})",
                request::quote(version.as_deref().unwrap_or_default()),
                served.join(", ")
            );
            return reject(*protocol, 400, NO_SUCH_VERSION, &message);
        }
        let mut request = Some(QueryRequest {
            params,
            request_id: request_id.to_owned(),
        });
        let mut call = None;
        for (index, service) in services.iter().enumerate() {
            // The form is moved into the last service asked; one service is the rule.
            let form = if index + 1 == services.len() {
                request.take()
            } else {
                request.clone()
            };
            if let Some(found) = form.and_then(|form| service.dispatch_query(&action, form)) {
                *protocol = service.protocol();
                call = Some(found);
                break;
            }
        }
        let Some(call) = call else {
            let message = format!(
                "The action {} is not valid for this web service.",
                request::quote(&action)
            );
            return reject(*protocol, 400, INVALID_ACTION, &message);
        };
        match within(deadline.as_mut(), call).await {
            Some(reply) => reply,
            None => reject(
                *protocol,
                504,
                TIMEOUT,
                "the service did not answer in time",
            ),
        }
    }
}
