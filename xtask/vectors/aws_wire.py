"""Response and error bodies of every AWS protocol, for the AWS sample vectors (aws_samples.py).

botocore has serializers for requests only, so responses are written here from botocore's shape
model, as a service would send them:

* awsJson / restJson1: JSON with the members' serialized names (vector_values.to_wire);
* restXml: the output's own element (its `locationName`, else the shape name), members by
  `locationName`, wrapped lists of `member` (or the member's name), `entry`/`key`/`value` maps,
  flattened lists and maps as repeated elements, attributes for `xmlAttribute`;
* awsQuery: `<OpResponse><OpResult>...</OpResult><ResponseMetadata>` (the `resultWrapper`);
* ec2Query: `<OpResponse>` with the members and `requestId`, no result element;
* REST: members bound to headers (timestamps in RFC 822 by default, lists comma-joined, JSON
  values in base64), prefix headers, the status code, and the payload member as the body.

Errors: `__type` JSON bodies (awsJson), the `X-Amzn-ErrorType` header (restJson1),
`<Error>` (S3), `<ErrorResponse><Error>` (other restXml and awsQuery) and
`<Response><Errors><Error>` (ec2Query).
"""

import base64
import json
from xml.sax.saxutils import escape, quoteattr

from vector_values import UTC, epoch, to_wire

REQUEST_ID = "c0ffee00-0000-4000-8000-000000000000"
JSON_CONTENT_TYPE = {"json": "application/x-amz-json-%s", "rest-json": "application/json"}


def timestamp_text(shape, dt, default):
    fmt = (shape.serialization.get("timestampFormat") or default).lower()
    if fmt == "iso8601":
        ms = ".%03d" % (dt.microsecond // 1000) if dt.microsecond else ""
        return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S") + ms + "Z"
    if fmt == "rfc822":
        return dt.astimezone(UTC).strftime("%a, %d %b %Y %H:%M:%S GMT")
    return str(epoch(dt))


def scalar_text(shape, value, timestamp_default):
    kind = shape.type_name
    if kind == "timestamp":
        return timestamp_text(shape, value, timestamp_default)
    if kind == "blob":
        return base64.b64encode(value).decode("ascii")
    if kind == "boolean":
        return "true" if value else "false"
    if shape.serialization.get("jsonvalue"):
        return base64.b64encode(json.dumps(value).encode()).decode("ascii")
    return str(value)


# ---------------------------------------------------------------------------- XML


def xml_element(name, shape, value, extra=""):
    kind = shape.type_name
    if kind == "structure":
        attributes, children = [], []
        for member_name, member in shape.members.items():
            if member_name not in value or member.serialization.get("location"):
                continue
            v = value[member_name]
            if member.serialization.get("xmlAttribute"):
                attr = member.serialization["name"]
                if attr.startswith("xsi:"):
                    attributes.append(' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"')
                attributes.append(" %s=%s" % (attr, quoteattr(scalar_text(member, v, "iso8601"))))
            else:
                children.append(xml_member(member_name, member, v))
        return "<%s%s%s>%s</%s>" % (name, extra, "".join(attributes), "".join(children), name)
    if kind == "list":
        item = shape.member.serialization.get("name", "member")
        return "<%s%s>%s</%s>" % (name, extra, "".join(xml_element(item, shape.member, v) for v in value), name)
    if kind == "map":
        return "<%s%s>%s</%s>" % (name, extra, "".join(
            "<entry>%s</entry>" % map_entry(shape, k, v) for k, v in value.items()), name)
    return "<%s%s>%s</%s>" % (name, extra, escape(scalar_text(shape, value, "iso8601")), name)


def map_entry(shape, key, value):
    return xml_element(shape.key.serialization.get("name", "key"), shape.key, key) + \
        xml_element(shape.value.serialization.get("name", "value"), shape.value, value)


def xml_member(member_name, member, value):
    name = member.serialization.get("name", member_name)
    if member.type_name == "list" and member.serialization.get("flattened"):
        item = member.member.serialization.get("name", name)
        return "".join(xml_element(item, member.member, v) for v in value)
    if member.type_name == "map" and member.serialization.get("flattened"):
        return "".join("<%s>%s</%s>" % (name, map_entry(member, k, v), name) for k, v in value.items())
    return xml_element(name, member, value)


def namespace_attr(shape, default=None):
    uri = (shape.serialization.get("xmlNamespace") or {}).get("uri", default)
    return ' xmlns="%s"' % uri if uri else ""


# ---------------------------------------------------------------------------- responses


def response(model, op, value):
    """(status, headers, body bytes) of a 200 response whose output has `value`, whose
    members botocore's parser would read back (so `value` may be edited in place, e.g. the
    status code member set to the status sent)."""
    protocol = model.metadata["protocol"]
    op_model = model.operation_model(op)
    shape = op_model.output_shape
    headers = {"x-amzn-RequestId": REQUEST_ID}
    if protocol in ("query", "ec2"):
        headers["Content-Type"] = "text/xml"
        inner = "".join(xml_member(n, m, value[n]) for n, m in shape.members.items() if n in value) \
            if shape else ""
        ns = ' xmlns="https://%s.amazonaws.com/doc/%s/"' % (model.endpoint_prefix, model.api_version)
        if protocol == "ec2":
            body = "<%sResponse%s><requestId>%s</requestId>%s</%sResponse>" % (op, ns, REQUEST_ID, inner, op)
        else:
            wrapper = shape.serialization.get("resultWrapper", op + "Result") if shape else op + "Result"
            body = "<%sResponse%s><%s>%s</%s><ResponseMetadata><RequestId>%s</RequestId>" \
                "</ResponseMetadata></%sResponse>" % (op, ns, wrapper, inner, wrapper, REQUEST_ID, op)
        return 200, headers, body.encode("utf-8")
    if protocol == "json":
        headers["Content-Type"] = JSON_CONTENT_TYPE["json"] % model.metadata.get("jsonVersion", "1.0")
        body = json.dumps(to_wire(shape, value), ensure_ascii=False) if shape else "{}"
        return 200, headers, body.encode("utf-8")
    status, headers, body = rest_response(protocol, shape, value, headers)
    # A member bound to Content-Length must tell the truth: botocore checks it.
    for name, member in (shape.members.items() if shape else []):
        header = member.serialization.get("name", "")
        if member.serialization.get("location") == "header" and header.lower() == "content-length" \
                and name in value:
            value[name] = len(body)
            headers[header] = str(len(body))
    return status, headers, body


def rest_response(protocol, shape, value, headers):
    status, body_members, payload = 200, {}, None
    for name, member in (shape.members.items() if shape else []):
        if name not in value:
            continue
        v, location = value[name], member.serialization.get("location")
        if location == "header":
            if member.type_name == "list":
                headers[member.serialization["name"]] = ",".join(scalar_text(member.member, x, "rfc822") for x in v)
            else:
                headers[member.serialization["name"]] = scalar_text(member, v, "rfc822")
        elif location == "headers":
            for k, x in v.items():
                headers[member.serialization.get("name", "") + k] = x
        elif location == "statusCode":
            value[name] = status
        elif shape.serialization.get("payload") == name:
            payload = (name, member, v)
        else:
            body_members[name] = v
    if payload is not None:
        name, member, v = payload
        if member.type_name == "blob":
            return status, headers, bytes(v)
        if member.type_name == "string":
            return status, headers, v.encode("utf-8")
        if protocol == "rest-xml":
            root = member.serialization.get("name", name)
            headers["Content-Type"] = "application/xml"
            return status, headers, xml_element(root, member, v, namespace_attr(member)).encode("utf-8")
        headers["Content-Type"] = "application/json"
        return status, headers, json.dumps(to_wire(member, v), ensure_ascii=False).encode("utf-8")
    if protocol == "rest-xml":
        if not body_members:
            return status, headers, b""
        headers["Content-Type"] = "application/xml"
        root = shape.serialization.get("name", shape.name)
        return status, headers, xml_element(root, shape, body_members, namespace_attr(shape)).encode("utf-8")
    headers["Content-Type"] = "application/json"
    return status, headers, json.dumps(to_wire(shape, body_members), ensure_ascii=False).encode("utf-8")


# ---------------------------------------------------------------------------- errors


def error_code(model, shape):
    """The code a service sends for error shape `shape`: its `error.code` for the query
    protocols (and awsQuery-compatible JSON services), else the shape name."""
    code = shape.metadata.get("error", {}).get("code")
    if code and (model.metadata["protocol"] in ("query", "ec2") or "awsQueryCompatible" in model.metadata):
        return code
    return shape.name


def error_response(model, code, message, status, shape=None, value=None, namespace=None):
    """(status, headers, body) of an error `code` with `message`; `shape` and `value` give the
    error's other members (their message members are replaced by `message`)."""
    protocol = model.metadata["protocol"]
    headers = {"x-amzn-RequestId": REQUEST_ID}
    members = {k: v for k, v in (value or {}).items() if k.lower() != "message"
               and not shape.members[k].serialization.get("location")}
    if protocol in ("json", "rest-json"):
        headers["Content-Type"] = JSON_CONTENT_TYPE[protocol] % model.metadata.get("jsonVersion", "1.0") \
            if protocol == "json" else "application/json"
        body = to_wire(shape, members) if shape is not None else {}
        if message is not None:
            body["message"] = message
        if protocol == "rest-json":
            headers["X-Amzn-ErrorType"] = code + ":http://internal.amazon.com/coral/com.amazon.coral.service/"
        else:
            body["__type"] = "%s#%s" % (namespace, code) if namespace else code
        if protocol == "json" and "awsQueryCompatible" in model.metadata and shape is not None:
            headers["x-amzn-query-error"] = "%s;Sender" % error_code(model, shape)
            body["__type"] = "%s#%s" % (namespace, shape.name) if namespace else shape.name
        return status, headers, json.dumps(body, ensure_ascii=False).encode("utf-8")
    headers["Content-Type"] = "text/xml"
    inner = "".join(xml_member(n, m, members[n]) for n, m in shape.members.items()
                    if n in members) if shape is not None else ""
    text = "<Code>%s</Code>%s%s" % (escape(code), "" if message is None else
                                   "<Message>%s</Message>" % escape(message), inner)
    if protocol == "ec2":
        body = "<Response><Errors><Error>%s</Error></Errors><RequestID>%s</RequestID></Response>" % (text, REQUEST_ID)
    elif model.metadata.get("serviceId") == "S3":
        body = "<Error>%s<RequestId>%s</RequestId></Error>" % (text, REQUEST_ID)
    else:
        body = "<ErrorResponse><Error><Type>Sender</Type>%s</Error><RequestId>%s</RequestId></ErrorResponse>" % (
            text, REQUEST_ID)
    return status, headers, body.encode("utf-8")
