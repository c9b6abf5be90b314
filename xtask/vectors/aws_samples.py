"""Records botocore's requests, responses and errors for the AWS sample services.

Run by `cargo xtask vectors` (after make_vectors.py) with the pinned botocore; for every
`[[sample]]` of tests/fixtures/aws-samples.toml, botocore reads the trimmed model
tests/fixtures/models/aws-<service>/service-2.json (through AWS_DATA_PATH, checked below; the
endpoint rules are botocore's own) and the vectors go to tests/vectors/aws-<service>.json.
Nothing goes on the network: a `before-send` hook captures each request and answers it.

The client: region us-east-1, endpoint https://example.com, S3 path-style addressing,
checksums only where required, one attempt. Each file has, with sorted keys:

* "requests": for every operation the cases `minimal`, `full` (vector_values.Builder),
  `non-ascii` (non-ASCII strings in body, label and query members where the pattern allows)
  and `escaping` (labels and query strings with reserved characters). Record: operation,
  case, params (our serde form: body members under their `locationName`, blobs base64,
  timestamps ISO-8601), method, path (as sent, percent-encoded), query (decoded pairs in the
  order sent), headers (every header but those of transport and signing, see SKIP_HEADERS),
  body (text) or body_base64.
  For a streaming upload (S3's PutObject) also the `trailer-*` cases, recorded with a second
  client that keeps botocore's default `request_checksum_calculation = when_supported`: the
  body goes `aws-chunked` with its checksum in a trailer. They carry "checksums":
  "when_supported" and keep `x-amz-content-sha256` (STREAMING-UNSIGNED-PAYLOAD-TRAILER).
* "responses": `minimal`, `full` and `non-ascii` outputs written by aws_wire.response and
  parsed by the client. Record: operation, case, status, headers, body / body_base64, parsed
  (botocore's result minus ResponseMetadata, in our serde form; timestamps as
  {"$timestamp": epoch seconds}).
* "errors": every modeled error of the sampled operations (aws_wire.error_response), and an
  unknown code, a non-ASCII message, empty and HTML bodies. Record: operation, case, status,
  headers, body, code and message (botocore's Error.Code and Error.Message; null if absent).

Usage: python aws_samples.py --root REPO
"""

import argparse
import base64
import copy
import datetime
import json
import os
import shutil
import sys
import tomllib
from urllib.parse import parse_qsl, urlsplit

sys.dont_write_bytecode = True
import aws_wire
from make_vectors import isolate_from_user_config
from vector_values import NON_ASCII, Builder, epoch, set_path, string_ok, timestamp_wire_iso, walk

ENDPOINT = "https://example.com"
# Headers of transport and signing, not of the protocol: not recorded.
SKIP_HEADERS = {"authorization", "x-amz-date", "user-agent", "amz-sdk-invocation-id", "amz-sdk-request",
                "x-amz-content-sha256", "content-length", "expect", "x-amz-security-token", "host"}
# botocore's S3 customizations check bucket names before sending.
S3_CHECKED = ("Bucket",)
ESCAPED = "a b/c?d=e&f+g%h~*'()ü"


class Raw:
    """A response body botocore can stream (for streaming outputs) or read at once."""

    def __init__(self, body):
        self.body = body

    def stream(self, **_kwargs):
        yield self.body

    def read(self, amt=None):
        chunk, self.body = (self.body, b"") if amt is None else (self.body[:amt], self.body[amt:])
        return chunk


class Capture:
    """`before-send` hook: remembers the request and returns `self.reply` instead of sending."""

    def __init__(self):
        self.request, self.reply = None, None

    def __call__(self, request, **_kwargs):
        from botocore.awsrequest import AWSResponse

        self.request = request
        status, headers, body = self.reply
        return AWSResponse(request.url, status, headers, Raw(body))


PLACES = {"uri": "label", "querystring": "query", "header": "header", "headers": "headers",
          "statusCode": "status"}


def serde_key(members, key):
    """A member's key in our serde form: a body member's is its locationName; one bound
    outside the body keeps its name, or takes `<name>@<where>` where a body member goes by
    that name on the wire (the generator's `key_members_outside_the_body_apart`)."""
    member = members[key]
    if "location" not in member:
        return member.get("locationName", key)
    body_names = {m.get("locationName", k) for k, m in members.items() if "location" not in m}
    return f"{key}@{PLACES[member['location']]}" if key in body_names else key


def serde_form(shapes, name, value, parsed):
    """A botocore value in our serde form, by the raw model (`shapes`); `parsed` writes
    timestamps as {"$timestamp": epoch seconds}, else as ISO-8601 text."""
    shape = shapes[name]
    kind = shape["type"]
    if hasattr(value, "read"):  # a streaming body
        value = value.read()
    if kind == "structure" and not shape.get("document"):
        out = {}
        for key, v in value.items():
            member = shape["members"].get(key)
            if member is None:  # added by a botocore customization (S3's ExpiresString)
                continue
            out[serde_key(shape["members"], key)] = serde_form(shapes, member["shape"], v, parsed)
        return out
    if kind == "list":
        return [serde_form(shapes, shape["member"]["shape"], v, parsed) for v in value]
    if kind == "map":
        return {k: serde_form(shapes, shape["value"]["shape"], v, parsed) for k, v in value.items()}
    if isinstance(value, datetime.datetime):
        return {"$timestamp": epoch(value)} if parsed else timestamp_wire_iso(value)
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def body_record(body):
    if body is None:
        body = b""
    if isinstance(body, str):
        body = body.encode("utf-8")
    if hasattr(body, "read"):
        body = body.read()
    try:
        return {"body": body.decode("utf-8")}
    except UnicodeDecodeError:
        return {"body_base64": base64.b64encode(body).decode("ascii")}


def text(value):
    return value.decode("utf-8") if isinstance(value, bytes) else value


def non_ascii(shape, params):
    """Non-ASCII strings wherever the pattern allows, except in headers (which cannot carry them)."""
    changed = False
    for path, s, v in list(walk(shape, params, False)):
        if not path or path[0] in S3_CHECKED or \
                shape.members[path[0]].serialization.get("location") in ("header", "headers"):
            continue
        if s.type_name == "string" and not s.enum and isinstance(v, str) and \
                not s.serialization.get("jsonvalue"):
            fit = next((c for c in NON_ASCII if string_ok(s, c)), None)
            if fit:
                set_path(params, path, fit)
                changed = True
    return changed


def escaping(shape, params):
    """Reserved characters in the labels and query strings that allow them."""
    changed = False
    for name, member in shape.members.items():
        if member.serialization.get("location") in ("uri", "querystring") and name in params and \
                member.type_name == "string" and not member.enum and name not in S3_CHECKED:
            if string_ok(member, ESCAPED):
                params[name] = ESCAPED
                changed = True
    return changed


class SampleVectors:
    def __init__(self, root, data_dir, sample):
        import botocore.session
        from botocore.config import Config

        self.name, self.version = sample["service"], sample["version"]
        source = os.path.join(root, "tests", "fixtures", "models", "aws-" + self.name, "service-2.json")
        with open(source, encoding="utf-8") as f:
            self.raw_model = json.load(f)
        dest = os.path.join(data_dir, self.name, self.version)
        os.makedirs(dest, exist_ok=True)
        shutil.copyfile(source, os.path.join(dest, "service-2.json"))
        session = botocore.session.get_session()
        def client(**checksums):
            return session.create_client(
                self.name, region_name="us-east-1", endpoint_url=ENDPOINT,
                aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="SECRETEXAMPLE",
                config=Config(retries={"total_max_attempts": 1}, s3={"addressing_style": "path"},
                              **checksums),
            )
        self.client = client(request_checksum_calculation="when_required",
                             response_checksum_validation="when_required")
        self.checksum_client = client()  # botocore's defaults: when_supported
        self.model = self.client.meta.service_model
        self.check_source(session.get_component("data_loader"), dest)
        self.shapes = self.raw_model["shapes"]
        self.capture = Capture()
        self.client.meta.events.register("before-send", self.capture)
        self.checksum_client.meta.events.register("before-send", self.capture)
        self.ops = sample["operations"]
        self.requests, self.responses, self.errors = [], [], []
        self.minimal = {}

    def check_source(self, loader, dest):
        """botocore must read our trimmed model; it may change only what its own sdk-extras
        file for the service changes (S3's makes `Expires` a timestamp)."""
        _, path = loader.load_data_with_path("%s/%s/service-2" % (self.name, self.version))
        if os.path.realpath(path) != os.path.realpath(os.path.join(dest, "service-2")):
            sys.exit("botocore loaded %s instead of %s" % (path, dest))
        try:
            extras = loader.load_data("%s/%s/service-2.sdk-extras" % (self.name, self.version))
        except Exception:  # no extras for this service
            extras = {}
        loaded = self.model._service_description
        changed = {k for k, v in loaded["shapes"].items() if self.raw_model["shapes"].get(k) != v}
        allowed = set(extras.get("merge", {}).get("shapes", {}))
        if loaded["operations"] != self.raw_model["operations"] or not changed <= allowed:
            sys.exit("the client's model differs from %s in %s" % (dest, sorted(changed - allowed)))

    def wire_name(self, op):
        """The operation's `name` (CloudFront's `CreateDistribution2020_05_31`), as we name it."""
        return self.model.operation_model(op).wire_name

    def call(self, op, params, reply, client=None):
        """The parsed response (minus ResponseMetadata), or the exception raised."""
        self.capture.request, self.capture.reply = None, reply
        from botocore import xform_name

        method = getattr(client or self.client, xform_name(op))
        try:
            result = method(**copy.deepcopy(params))
        except Exception as e:  # recorded by the caller
            return e
        result.pop("ResponseMetadata", None)
        return result

    def record_request(self, op, case, params, checksums=False):
        if params.get("ChecksumAlgorithm") in ("CRC32C", "CRC64NVME"):  # need botocore[crt]
            params["ChecksumAlgorithm"] = "CRC32"
        if self.name == "s3" and "Expires" in params:
            # A string in the model, a timestamp in botocore's sdk-extras: the HTTP date
            # botocore would write, as text both accept.
            params["Expires"] = "Thu, 29 Feb 2024 12:34:56 GMT"
        client = self.checksum_client if checksums else None
        result = self.call(op, params, (400, {}, b""), client)
        req = self.capture.request
        if req is None:
            sys.exit("%s %s: no request was sent: %r" % (op, case, result))
        url = urlsplit(req.url)
        shape = self.model.operation_model(op).input_shape
        skip = SKIP_HEADERS - {"x-amz-content-sha256"} if checksums else SKIP_HEADERS
        headers = {k: text(v) for k, v in req.headers.items() if k.lower() not in skip}
        extra = {"checksums": "when_supported"} if checksums else {}
        self.requests.append({**extra,
            "operation": self.wire_name(op), "case": case,
            "params": serde_form(self.shapes, shape.name, params, False) if shape else {},
            "method": req.method, "path": url.path,
            "query": [list(p) for p in parse_qsl(url.query, keep_blank_values=True)],
            "headers": headers, **body_record(req.body),
        })

    def request_vectors(self):
        builder = Builder()
        for op in self.ops:
            shape = self.model.operation_model(op).input_shape
            if shape is None:
                self.minimal[op] = {}
                self.record_request(op, "minimal", {})
                continue
            minimal = builder.value(shape, "minimal", "Value")
            full = builder.value(shape, "full", "Value")
            self.minimal[op] = minimal
            self.record_request(op, "minimal", minimal)
            self.record_request(op, "full", full)
            for case, edit in (("non-ascii", non_ascii), ("escaping", escaping)):
                params = copy.deepcopy(full)
                if edit(shape, params):
                    self.record_request(op, case, params)
            if self.model.operation_model(op).has_streaming_input and op == "PutObject":
                for case, extra in (("trailer-crc32", {"Body": b"Hello, world"}),
                                    ("trailer-sha256", {"Body": b"Hello, world",
                                                        "ChecksumAlgorithm": "SHA256"}),
                                    ("trailer-empty", {"Body": b""})):
                    self.record_request(op, case, {**minimal, **extra}, checksums=True)

    def record_response(self, op, case, value):
        status, headers, body = aws_wire.response(self.model, op, value)
        result = self.call(op, self.minimal[op], (status, headers, body))
        if isinstance(result, Exception):
            parsed = {"$error": type(result).__name__, "message": str(result)}
        else:
            shape = self.model.operation_model(op).output_shape
            parsed = serde_form(self.shapes, shape.name, result, True) if shape else result
        self.responses.append({"operation": self.wire_name(op), "case": case, "status": status, "headers": headers,
                               **body_record(body), "parsed": parsed})

    def response_vectors(self):
        builder = Builder()
        for op in self.ops:
            shape = self.model.operation_model(op).output_shape
            if shape is None:
                continue
            self.record_response(op, "minimal", builder.value(shape, "minimal", "Value"))
            full = builder.value(shape, "full", "Value")
            self.record_response(op, "full", copy.deepcopy(full))
            if non_ascii(shape, full):
                self.record_response(op, "non-ascii", full)

    def record_error(self, op, case, reply):
        result = self.call(op, self.minimal[op], reply)
        status, headers, body = reply
        response = getattr(result, "response", None)
        if response is None:
            sys.exit("%s %s: botocore did not raise a ClientError but %r" % (op, case, result))
        error = response.get("Error", {})
        self.errors.append({"operation": self.wire_name(op), "case": case, "status": status, "headers": headers,
                            **body_record(body), "code": error.get("Code"),
                            "message": error.get("Message")})

    def error_vectors(self):
        builder = Builder()
        seen = set()
        namespace = None
        if self.model.metadata["protocol"] == "json":
            namespace = "com.amazonaws.%s" % self.model.endpoint_prefix
        for op in self.ops:
            for shape in self.model.operation_model(op).error_shapes:
                if shape.name in seen:
                    continue
                seen.add(shape.name)
                value = builder.value(shape, "full", "Value")
                status = shape.metadata.get("error", {}).get("httpStatusCode") or \
                    (500 if shape.metadata.get("fault") else 400)
                code = aws_wire.error_code(self.model, shape)
                message = "%s: something went wrong" % shape.name
                self.record_error(op, shape.name, aws_wire.error_response(
                    self.model, code, message, status, shape, value, namespace))
        op = self.ops[0]
        self.record_error(op, "unknown-code", aws_wire.error_response(
            self.model, "FutureNewException", "from the future", 400, namespace=namespace))
        self.record_error(op, "non-ascii-message", aws_wire.error_response(
            self.model, "FutureNewException", NON_ASCII[0], 400, namespace=namespace))
        self.record_error(op, "no-message", aws_wire.error_response(
            self.model, "FutureNewException", None, 400, namespace=namespace))
        self.record_error(op, "empty-body-500", (500, {"x-amzn-RequestId": aws_wire.REQUEST_ID}, b""))
        self.record_error(op, "html-body-503", (503, {"Content-Type": "text/html"},
                          b"<html><body><b>Http/1.1 Service Unavailable</b></body></html>"))

    def document(self, version):
        return {"botocore_version": version, "service": self.name,
                "protocol": self.model.metadata["protocol"], "requests": self.requests,
                "responses": self.responses, "errors": self.errors}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", required=True, help="repository root")
    args = parser.parse_args()
    root = os.path.abspath(args.root)
    with open(os.path.join(root, "models", "services.toml"), "rb") as f:
        version = tomllib.load(f)["botocore"]
    with open(os.path.join(root, "tests", "fixtures", "aws-samples.toml"), "rb") as f:
        samples = tomllib.load(f)["sample"]
    data_dir = os.path.join(root, "target", "aws-samples-data")
    shutil.rmtree(data_dir, ignore_errors=True)
    isolate_from_user_config(data_dir)
    import botocore

    if botocore.__version__ != version:
        sys.exit("botocore %s is installed, services.toml wants %s" % (botocore.__version__, version))
    out_dir = os.path.join(root, "tests", "vectors")
    for sample in samples:
        v = SampleVectors(root, data_dir, sample)
        v.request_vectors()
        v.response_vectors()
        v.error_vectors()
        path = os.path.join(out_dir, "aws-%s.json" % v.name)
        with open(path + ".tmp", "w", encoding="utf-8", newline="\n") as f:
            f.write(json.dumps(v.document(version), indent=2, sort_keys=True, ensure_ascii=False) + "\n")
        os.replace(path + ".tmp", path)
        print("aws-%s: %d requests, %d responses, %d errors -> %s" % (
            v.name, len(v.requests), len(v.responses), len(v.errors), os.path.relpath(path, root)))


if __name__ == "__main__":
    main()
