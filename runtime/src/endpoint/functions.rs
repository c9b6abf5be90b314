//! The rules language's functions. Arity is checked at parse time; here an argument of the
//! wrong type is an error, and an unset (`Null`) argument makes the result unset.

use std::net::{Ipv4Addr, Ipv6Addr};

use serde_json::{Value as J, json};

use super::parse::Func;
use super::{EndpointError, partitions};

pub(super) fn call(func: Func, args: &[J]) -> Result<J, EndpointError> {
    match (func, args) {
        (Func::IsSet, [v]) => Ok(J::Bool(!v.is_null())),
        (Func::Not, [v]) => Ok(J::Bool(!matches!(bool_arg(v)?, Some(true)))),
        (Func::BooleanEquals, [a, b]) => Ok(match (bool_arg(a)?, bool_arg(b)?) {
            (Some(a), Some(b)) => J::Bool(a == b),
            _ => J::Bool(false),
        }),
        (Func::StringEquals, [a, b]) => Ok(match (str_arg(a)?, str_arg(b)?) {
            (Some(a), Some(b)) => J::Bool(a == b),
            _ => J::Bool(false),
        }),
        (Func::Partition, [region]) => Ok(str_arg(region)?.map_or(J::Null, partitions::partition)),
        (Func::ParseArn, [arn]) => Ok(str_arg(arn)?.and_then(parse_arn).unwrap_or(J::Null)),
        (Func::ParseUrl, [url]) => Ok(str_arg(url)?.and_then(parse_url).unwrap_or(J::Null)),
        (Func::Substring, [input, start, stop, reverse]) => {
            let (Some(input), Some(reverse)) = (str_arg(input)?, bool_arg(reverse)?) else {
                return Ok(J::Null);
            };
            Ok(
                substring(input, index_arg(start)?, index_arg(stop)?, reverse)
                    .map_or(J::Null, |s| J::String(s.to_owned())),
            )
        }
        (Func::UriEncode, [s]) => Ok(str_arg(s)?.map_or(J::Null, |s| J::String(uri_encode(s)))),
        (Func::IsValidHostLabel, [label, subdomains]) => {
            Ok(match (str_arg(label)?, bool_arg(subdomains)?) {
                (Some(l), Some(sub)) => J::Bool(is_valid_host_label(l, sub)),
                _ => J::Bool(false),
            })
        }
        (Func::IsVirtualHostableS3Bucket, [bucket, subdomains]) => {
            Ok(match (str_arg(bucket)?, bool_arg(subdomains)?) {
                (Some(b), Some(sub)) => J::Bool(is_virtual_hostable_s3_bucket(b, sub)),
                _ => J::Bool(false),
            })
        }
        (func, args) => Err(EndpointError::new(format!(
            "{func:?} called with {} arguments",
            args.len()
        ))),
    }
}

fn str_arg(v: &J) -> Result<Option<&str>, EndpointError> {
    match v {
        J::Null => Ok(None),
        J::String(s) => Ok(Some(s)),
        other => Err(EndpointError::new(format!(
            "expected a string, got {other}"
        ))),
    }
}

fn bool_arg(v: &J) -> Result<Option<bool>, EndpointError> {
    match v {
        J::Null => Ok(None),
        J::Bool(b) => Ok(Some(*b)),
        other => Err(EndpointError::new(format!(
            "expected a boolean, got {other}"
        ))),
    }
}

fn index_arg(v: &J) -> Result<usize, EndpointError> {
    v.as_u64()
        .and_then(|n| usize::try_from(n).ok())
        .ok_or_else(|| EndpointError::new(format!("expected a non-negative integer, got {v}")))
}

/// `arn:partition:service:region:account:resource`; the resource id is split on `:` and `/`.
pub(super) fn parse_arn(arn: &str) -> Option<J> {
    let mut parts = arn.splitn(6, ':');
    let (Some("arn"), Some(partition), Some(service), Some(region), Some(account), Some(resource)) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return None;
    };
    if partition.is_empty() || service.is_empty() || resource.is_empty() {
        return None;
    }
    let resource_id: Vec<&str> = resource.split([':', '/']).collect();
    Some(json!({
        "partition": partition,
        "service": service,
        "region": region,
        "accountId": account,
        "resourceId": resource_id,
    }))
}

/// Only `http`/`https` URLs without a query or fragment are endpoints.
pub(super) fn parse_url(url: &str) -> Option<J> {
    let (scheme, rest) = url.split_once("://")?;
    if scheme != "http" && scheme != "https" {
        return None;
    }
    if rest.contains(['?', '#']) {
        return None;
    }
    let (authority, path) = match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    if authority.is_empty() || authority.contains('@') {
        return None;
    }
    let host = match authority.strip_prefix('[') {
        Some(v6) => {
            let (addr, port) = v6.split_once(']')?;
            addr.parse::<Ipv6Addr>().ok()?;
            check_port(port.strip_prefix(':'), port.is_empty())?;
            None
        }
        None => {
            let (host, port) = match authority.rsplit_once(':') {
                Some((h, p)) => (h, Some(p)),
                None => (authority, None),
            };
            check_port(port, true)?;
            Some(host)
        }
    };
    let is_ip = host.is_none_or(|h| h.parse::<Ipv4Addr>().is_ok());
    let normalized = match (path.starts_with('/'), path.ends_with('/')) {
        _ if path.is_empty() => "/".to_owned(),
        (_, true) => path.to_owned(),
        (true, false) => format!("{path}/"),
        (false, false) => format!("/{path}/"),
    };
    Some(json!({
        "scheme": scheme,
        "authority": authority,
        "path": path,
        "normalizedPath": normalized,
        "isIp": is_ip,
    }))
}

/// `Some(())` when the port is absent (if allowed) or a valid number.
fn check_port(port: Option<&str>, absent_ok: bool) -> Option<()> {
    match port {
        None if absent_ok => Some(()),
        None => None,
        Some(p) => p.parse::<u16>().ok().map(|_| ()),
    }
}

/// Characters `start..stop` (from the end when `reverse`); only ASCII input has a result so
/// that indices never split a character.
pub(super) fn substring(input: &str, start: usize, stop: usize, reverse: bool) -> Option<&str> {
    if !input.is_ascii() || start >= stop || stop > input.len() {
        return None;
    }
    let len = input.len();
    let (from, to) = if reverse {
        (len - stop, len - start)
    } else {
        (start, stop)
    };
    input.get(from..to)
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
pub(super) fn uri_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// An RFC 1123 label: 1-63 letters, digits and dashes, not starting with a dash.
pub(super) fn is_valid_host_label(label: &str, allow_subdomains: bool) -> bool {
    let valid = |l: &str| {
        (1..=63).contains(&l.len())
            && !l.starts_with('-')
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    if allow_subdomains {
        label.split('.').all(valid)
    } else {
        valid(label)
    }
}

/// A bucket name usable as a host label: 3-63 lower-case letters, digits, dashes (and dots
/// between labels when allowed), not an IP address.
pub(super) fn is_virtual_hostable_s3_bucket(bucket: &str, allow_subdomains: bool) -> bool {
    let segment = |s: &str| {
        (3..=63).contains(&s.len())
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !s.starts_with('-')
            && !s.ends_with('-')
    };
    if allow_subdomains {
        bucket.parse::<Ipv4Addr>().is_err()
            && (3..=63).contains(&bucket.len())
            && bucket.split('.').all(|l| {
                !l.is_empty()
                    && l.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                    && !l.starts_with('-')
                    && !l.ends_with('-')
            })
    } else {
        segment(bucket)
    }
}
