//! What HTTP-bound and XML/query protocols need beyond a member's name and type: where each
//! member of an operation's input or output travels (`@http*` traits, botocore's `location`),
//! its XML and query names, and the operation's method, URI template and host prefix. Both
//! front-ends fill these; RPC protocols (awsJson, RPC v2 CBOR) ignore them.

use std::collections::BTreeSet;

/// Where a member of an operation's input or output travels over HTTP. The RPC protocols
/// put every member in the body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum HttpBinding {
    /// In the body (the default).
    #[default]
    Body,
    /// `@httpHeader` / `location: header`: one header, by name.
    Header(String),
    /// `@httpPrefixHeaders` / `location: headers`: a map, one header per entry, each name
    /// the prefix and the key.
    PrefixHeaders(String),
    /// `@httpLabel` / `location: uri`: fills the `{label}` of the URI template.
    Label(String),
    /// `@httpQuery` / `location: querystring`: one query parameter, by name.
    Query(String),
    /// `@httpQueryParams` / `location: querystring` on a map: one parameter per entry.
    QueryParams,
    /// `@httpPayload` / the structure's `payload`: the member is the whole body.
    Payload,
    /// `@httpResponseCode` / `location: statusCode`: the HTTP status of a response.
    ResponseCode,
}

impl HttpBinding {
    /// The format of a timestamp bound here whose model declares none: HTTP dates in
    /// headers, date-times in labels and query parameters, the protocol's in the body.
    pub fn default_timestamp_format(&self) -> Option<super::TimestampFormat> {
        match self {
            HttpBinding::Header(_) | HttpBinding::PrefixHeaders(_) => {
                Some(super::TimestampFormat::HttpDate)
            }
            HttpBinding::Label(_) | HttpBinding::Query(_) | HttpBinding::QueryParams => {
                Some(super::TimestampFormat::DateTime)
            }
            HttpBinding::Body | HttpBinding::Payload | HttpBinding::ResponseCode => None,
        }
    }
}

/// An XML namespace (`@xmlNamespace`, botocore's `xmlNamespace`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlNamespace {
    pub uri: String,
    pub prefix: Option<String>,
}

/// A member's protocol traits.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MemberBindings {
    pub http: HttpBinding,
    /// The XML element (or attribute) name, where it differs from the member name.
    pub xml_name: Option<String>,
    pub xml_attribute: bool,
    /// A list or map member written without its wrapping element.
    pub xml_flattened: bool,
    pub xml_namespace: Option<XmlNamespace>,
    /// awsQuery's `queryName`, or ec2Query's `ec2QueryName`.
    pub query_name: Option<String>,
    /// `@hostLabel` / `hostLabel`: fills a `{label}` of the operation's host prefix.
    pub host_label: bool,
    /// botocore's `jsonvalue`: a string that holds a JSON document, base64-encoded in a
    /// header.
    pub json_value: bool,
    /// A blob member whose bytes stream: botocore's S3 model marks the member, where Smithy
    /// and the other botocore models mark the shape ([`ShapeBindings::streaming`]).
    pub streaming: bool,
    /// The endpoint rule parameter the member's value fills (`@contextParam`), e.g. S3's
    /// `Bucket`.
    pub context_param: Option<String>,
}

/// A shape's protocol traits.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ShapeBindings {
    /// The XML element name of a structure (`@xmlName`, botocore's `locationName` on the
    /// shape).
    pub xml_name: Option<String>,
    /// A list or map whose elements are written without a wrapper (botocore puts
    /// `flattened` on the shape).
    pub xml_flattened: bool,
    pub xml_namespace: Option<XmlNamespace>,
    /// A blob or union whose bytes or events stream (`@streaming`, `eventstream`).
    pub streaming: bool,
    /// A streaming blob whose length must be known before it is sent (`@requiresLength`).
    pub requires_length: bool,
    /// The timestamp format the model declares on a timestamp shape. Where it declares none,
    /// the body uses the protocol's default (in `ShapeKind::Timestamp`), and a header, label
    /// or query parameter its own ([`HttpBinding::default_timestamp_format`]).
    pub timestamp_format: Option<super::TimestampFormat>,
}

/// An operation's `@http` trait (botocore's `http`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpTrait {
    pub method: String,
    pub uri: UriTemplate,
    /// The status of a successful response (`code`, botocore's `responseCode`).
    pub code: Option<u16>,
}

/// A parsed `@http` URI: a path of literal and label segments, then literal query
/// parameters (`/things/{Id}?type=a&flag`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UriTemplate {
    pub segments: Vec<Segment>,
    /// `(name, value)`; a parameter without `=` has no value.
    pub query: Vec<(String, Option<String>)>,
    /// The path ends with `/` after its last segment (`/things/`).
    pub trailing_slash: bool,
    /// The template as written.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Literal(String),
    /// `{name}`, or `{name+}` (greedy: may span several segments; one per template).
    Label {
        name: String,
        greedy: bool,
    },
}

impl UriTemplate {
    /// Parses a template as Smithy's `@http` trait defines it. `Err` says what is wrong.
    pub fn parse(text: &str) -> Result<UriTemplate, String> {
        let Some(rest) = text.strip_prefix('/') else {
            return Err(format!("the URI `{text}` does not start with `/`"));
        };
        let (path, query) = match rest.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (rest, None),
        };
        let mut segments = Vec::new();
        let mut labels = BTreeSet::new();
        let mut greedy_seen = false;
        for segment in path.split('/').filter(|s| !s.is_empty()) {
            if let Some(inner) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                let (name, greedy) = match inner.strip_suffix('+') {
                    Some(name) => (name, true),
                    None => (inner, false),
                };
                // Smithy labels are identifiers; botocore's are `locationName`s, which may hold
                // `-` (`{resource-arn}`).
                if name.is_empty() || name.contains(['{', '}', '/', '+']) {
                    return Err(format!(
                        "the URI `{text}` has a malformed label `{segment}`"
                    ));
                }
                if !labels.insert(name.to_owned()) {
                    return Err(format!("the URI `{text}` names the label `{name}` twice"));
                }
                if greedy_seen && greedy {
                    return Err(format!("the URI `{text}` has more than one greedy label"));
                }
                greedy_seen |= greedy;
                segments.push(Segment::Label {
                    name: name.to_owned(),
                    greedy,
                });
            } else if segment.contains(['{', '}']) {
                return Err(format!(
                    "the URI `{text}` has a label that is not a whole segment: `{segment}`"
                ));
            } else {
                segments.push(Segment::Literal(segment.to_owned()));
            }
        }
        let mut params = Vec::new();
        for part in query
            .into_iter()
            .flat_map(|q| q.split('&'))
            .filter(|p| !p.is_empty())
        {
            if part.contains(['{', '}']) {
                return Err(format!(
                    "the URI `{text}` has a label in its query: `{part}`"
                ));
            }
            let (name, value) = match part.split_once('=') {
                Some((name, value)) => (name, Some(value.to_owned())),
                None => (part, None),
            };
            params.push((name.to_owned(), value));
        }
        Ok(UriTemplate {
            trailing_slash: !segments.is_empty() && path.ends_with('/'),
            segments,
            query: params,
            text: text.to_owned(),
        })
    }

    /// The names of the template's labels, in order.
    pub fn labels(&self) -> impl Iterator<Item = &str> {
        self.segments.iter().filter_map(|segment| match segment {
            Segment::Label { name, .. } => Some(name.as_str()),
            Segment::Literal(_) => None,
        })
    }
}

/// The HTTP bindings of an operation fit its URI and host prefix: every label of the URI is
/// bound by exactly one input member and every label-bound member has its label; a
/// structure has at most one payload member, and then no other member in the body; prefix
/// headers and query maps bind maps; every `{label}` of the host prefix is a host-label
/// member.
pub(crate) fn check_operation_bindings(
    service: &super::Service,
    operation: &super::Operation,
) -> Result<(), String> {
    use super::ShapeKind;
    let members = |shape: &Option<String>| -> Vec<&super::Member> {
        match shape.as_deref().map(|name| &service.shapes[name].kind) {
            Some(ShapeKind::Structure(members)) => members.iter().collect(),
            _ => Vec::new(),
        }
    };
    let input = members(&operation.input);
    let output = members(&operation.output);
    for (role, members) in [("input", &input), ("output", &output)] {
        let payloads = members
            .iter()
            .filter(|m| m.bindings.http == HttpBinding::Payload)
            .count();
        let in_body = members
            .iter()
            .filter(|m| m.bindings.http == HttpBinding::Body)
            .count();
        if payloads > 1 {
            return Err(format!("its {role} has {payloads} payload members"));
        }
        if payloads == 1 && in_body > 0 {
            return Err(format!(
                "its {role} has a payload member and {in_body} other member(s) in the body"
            ));
        }
        for member in members.iter() {
            let target = &service.target(member).kind;
            let is_map = matches!(target, ShapeKind::Map { .. });
            match &member.bindings.http {
                HttpBinding::PrefixHeaders(_) | HttpBinding::QueryParams if !is_map => {
                    return Err(format!(
                        "{role} member `{}` binds {} but is not a map",
                        member.name,
                        if matches!(member.bindings.http, HttpBinding::QueryParams) {
                            "query parameters"
                        } else {
                            "prefix headers"
                        }
                    ));
                }
                _ => {}
            }
        }
    }
    if let Some(http) = &operation.http {
        let labels: Vec<&str> = http.uri.labels().collect();
        for label in &labels {
            let bound = input
                .iter()
                .filter(|m| matches!(&m.bindings.http, HttpBinding::Label(l) if l == label))
                .count();
            if bound != 1 {
                return Err(format!(
                    "the label `{{{label}}}` of its URI `{}` is bound by {bound} input members, not one",
                    http.uri.text
                ));
            }
        }
        for member in &input {
            if let HttpBinding::Label(label) = &member.bindings.http
                && !labels.contains(&label.as_str())
            {
                return Err(format!(
                    "input member `{}` is bound to the label `{{{label}}}`, which its URI `{}` does not have",
                    member.name, http.uri.text
                ));
            }
        }
    }
    if let Some(prefix) = &operation.host_prefix {
        for label in prefix
            .split('{')
            .skip(1)
            .filter_map(|s| s.split_once('}').map(|(l, _)| l))
        {
            if !input
                .iter()
                .any(|m| m.bindings.host_label && m.name == label)
            {
                return Err(format!(
                    "its host prefix `{prefix}` has the label `{{{label}}}` but no host-label input member `{label}`"
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{Segment, UriTemplate};

    #[test]
    fn templates_parse_into_segments_and_query() {
        let t = UriTemplate::parse("/buckets/{Bucket}/{Key+}?x-id=GetObject&flag").unwrap();
        assert_eq!(
            t.segments,
            [
                Segment::Literal("buckets".into()),
                Segment::Label {
                    name: "Bucket".into(),
                    greedy: false
                },
                Segment::Label {
                    name: "Key".into(),
                    greedy: true
                },
            ]
        );
        assert_eq!(
            t.query,
            [
                ("x-id".into(), Some("GetObject".into())),
                ("flag".into(), None)
            ]
        );
        assert_eq!(t.labels().collect::<Vec<_>>(), ["Bucket", "Key"]);
        assert!(UriTemplate::parse("/").unwrap().segments.is_empty());
    }

    #[test]
    fn malformed_templates_say_what_is_wrong() {
        for (text, says) in [
            ("things", "does not start with `/`"),
            ("/{}", "malformed label"),
            ("/{a{b}", "malformed label"),
            ("/{a}/{a}", "twice"),
            ("/{a+}/{b+}", "more than one greedy"),
            ("/x{a}", "not a whole segment"),
            ("/x?y={a}", "label in its query"),
        ] {
            let error = UriTemplate::parse(text).unwrap_err();
            assert!(error.contains(says), "{text}: {error}");
        }
    }
}
