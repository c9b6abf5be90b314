//! From configuration to the URL a request goes to and the scope it is signed for: the
//! service's endpoint rule set, resolved with the AWS built-in parameters.

use std::collections::BTreeMap;

use crate::CallFailure;
use crate::endpoint::{Params, RuleSet};

/// Where requests go and how they are signed: fixed for a client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Target {
    /// The request URI: the endpoint with its path ending in `/`.
    pub(super) uri: String,
    /// The `host` header: the endpoint's host, with its port unless it is the default one.
    pub(super) host: String,
    pub(super) signing_region: String,
    pub(super) signing_name: String,
    /// Headers the rule set asks for.
    pub(super) headers: Vec<(String, String)>,
}

/// What the rule set is resolved with.
#[derive(Debug, Clone, Copy)]
pub(super) struct Inputs<'a> {
    pub(super) region: &'a str,
    pub(super) endpoint_url: Option<&'a str>,
    pub(super) use_fips: bool,
    pub(super) use_dual_stack: bool,
    pub(super) signing_name: &'a str,
    /// The service's own parameters (`clientContextParams`) and the operation's
    /// (`staticContextParams`, `contextParam` members), kept where the rule set declares them.
    pub(super) params: &'a Params,
}

/// Resolves the endpoint. The parameters are bound through their built-ins (`AWS::Region`,
/// `AWS::UseFIPS`, `AWS::UseDualStack`, `SDK::Endpoint`), whatever the rule set names
/// them, and only where it declares them. An endpoint override given to a rule set without
/// `SDK::Endpoint`, or to a service without rules, is used as it is.
pub(super) fn resolve(rules: Option<&RuleSet>, inputs: &Inputs<'_>) -> Result<Target, CallFailure> {
    let Some(rules) = rules else {
        let url = inputs.endpoint_url.ok_or_else(|| {
            CallFailure::Config("the service has no endpoint rules: set an endpoint URL".to_owned())
        })?;
        return target(url, &Default::default(), Default::default(), inputs);
    };
    let mut params = Params::new();
    for (name, value) in inputs.params.iter() {
        if rules.declares(name) {
            params.set(name, value.clone());
        }
    }
    if let Some(name) = rules.param_for_built_in("AWS::Region") {
        params.set(name, inputs.region);
    }
    if let Some(name) = rules.param_for_built_in("AWS::UseFIPS") {
        params.set(name, inputs.use_fips);
    }
    if let Some(name) = rules.param_for_built_in("AWS::UseDualStack") {
        params.set(name, inputs.use_dual_stack);
    }
    let endpoint_param = rules.param_for_built_in("SDK::Endpoint");
    if let (Some(name), Some(url)) = (endpoint_param, inputs.endpoint_url) {
        params.set(name, url);
    }
    let (url, properties, headers) = match (endpoint_param, inputs.endpoint_url) {
        (None, Some(url)) => (url.to_owned(), Default::default(), Default::default()),
        _ => {
            let endpoint = rules
                .resolve(&params)
                .map_err(|error| CallFailure::Endpoint(error.to_string()))?;
            (endpoint.url, endpoint.properties, endpoint.headers)
        }
    };
    target(&url, &properties, headers, inputs)
}

/// The target of a resolved endpoint.
fn target(
    url: &str,
    properties: &serde_json::Map<String, serde_json::Value>,
    headers: BTreeMap<String, Vec<String>>,
    inputs: &Inputs<'_>,
) -> Result<Target, CallFailure> {
    let (signing_region, signing_name) = signing_scope(properties, inputs)?;
    let (uri, host) = request_uri(url)?;
    let headers = headers
        .into_iter()
        .flat_map(|(name, values)| values.into_iter().map(move |v| (name.clone(), v)))
        .collect();
    Ok(Target {
        uri,
        host,
        signing_region,
        signing_name,
        headers,
    })
}

/// The signing region and name: those of the endpoint's `sigv4` auth scheme where it has
/// `authSchemes`, else the configured region and the service's signing name.
fn signing_scope(
    properties: &serde_json::Map<String, serde_json::Value>,
    inputs: &Inputs<'_>,
) -> Result<(String, String), CallFailure> {
    let default = (inputs.region.to_owned(), inputs.signing_name.to_owned());
    let Some(schemes) = properties.get("authSchemes").and_then(|s| s.as_array()) else {
        return Ok(default);
    };
    if schemes.is_empty() {
        return Ok(default);
    }
    let scheme = schemes
        .iter()
        .find(|s| s.get("name").and_then(|n| n.as_str()) == Some("sigv4"))
        .ok_or_else(|| {
            CallFailure::Endpoint(format!(
                "the endpoint asks for auth schemes this client cannot sign with: {}",
                serde_json::Value::Array(schemes.clone())
            ))
        })?;
    let text = |key: &str| scheme.get(key).and_then(|v| v.as_str()).map(str::to_owned);
    Ok((
        text("signingRegion").unwrap_or(default.0),
        text("signingName").unwrap_or(default.1),
    ))
}

/// The request URI (`POST /` under the endpoint's path) and `host` header of an endpoint.
pub(super) fn request_uri(url: &str) -> Result<(String, String), CallFailure> {
    let bad = |why: &str| CallFailure::Endpoint(format!("endpoint `{url}` {why}"));
    let uri: http::Uri = url
        .trim()
        .parse()
        .map_err(|error| bad(&format!("is not a URL: {error}")))?;
    let scheme = uri.scheme_str().ok_or_else(|| bad("has no scheme"))?;
    let default_port = match scheme {
        "https" => 443,
        "http" => 80,
        _ => return Err(bad("is neither http nor https")),
    };
    let host = uri
        .host()
        .filter(|h| !h.is_empty())
        .ok_or_else(|| bad("has no host"))?;
    if uri.query().is_some() {
        return Err(bad("has a query, which an awsJson request cannot carry"));
    }
    let host = match uri.port_u16() {
        Some(port) if port != default_port => format!("{host}:{port}"),
        _ => host.to_owned(),
    };
    let path = uri.path();
    let slash = if path.ends_with('/') { "" } else { "/" };
    Ok((format!("{scheme}://{host}{path}{slash}"), host))
}
