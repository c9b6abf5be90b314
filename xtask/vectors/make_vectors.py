"""Records what botocore does with our service models, as test vectors for the Rust code.

Run by `cargo xtask vectors` with the botocore pinned in models/services.toml (in the virtualenv
target/botocore-venv); writes tests/vectors/<service>.json for every service listed there.
botocore reads the models from OUR repository (AWS_DATA_PATH=models, checked below), so the
vectors describe exactly the files the generator reads. Nothing goes on the network: a
`before-send` hook captures each request and answers it with a canned response.

Each file has, with sorted keys and deterministic content:

* "requests": what botocore's client sends for given parameters: for every operation the cases
  `minimal` (required members only) and `full` (every member, recursively; lists and maps with 2
  entries; unions with one member, rotating), plus `non-ascii` (strings such as "Zürich 東京 🚀"
  wherever the pattern allows), `unknown-enum` (botocore passes unknown enum strings through),
  `empty-collections` (optional lists/maps sent empty) and `union-<Union>-<Member>` cases so
  that every union member is sent somewhere. Idempotency tokens (ClientToken) are always given.
  Record: operation, case, params (datetimes as ISO-8601, bytes as base64), body (the JSON sent),
  headers (X-Amz-Target, Content-Type).
* "responses": a `full` body for every operation with output, fed to botocore's JSON parser
  (`botocore.parsers.create_parser("json")`, status 200), and edge cases (unknown enum values,
  unknown union members, `__type` in unions, unknown keys, nulls, timestamp forms, missing
  required members, ...). Record: operation, case, body (the exact JSON text parsed), parsed
  (botocore's result minus ResponseMetadata; datetimes as {"$timestamp": epoch seconds}, bytes
  as base64; a parser exception as {"$error": class, "message": text}). Each response is also
  parsed through a real client call and must give the same result.
* "errors": error responses (400, or 500 for fault shapes) for every modeled error shape, with
  `__type` namespaced / plain / only in the X-Amzn-ErrorType header, and protocol edge cases.
  Record: case, status, headers, body, parsed (botocore's ClientError.response minus
  ResponseMetadata: Error.Code, Error.Message and the modeled members it parsed).
* "invalid" (and "invalid_summary", counts per constraint): inputs that break exactly one model
  constraint (or sit exactly on a bound: valid), with botocore's serialized body and what its
  client-side ParamValidator reports; invalid_values.py documents the cases and the record.

Services of protocol smithy-rpc-v2-cbor (revenue-measurement) are recorded the same way in
CBOR (wire.py): bodies are written by a small CBOR encoder of our own and parsed by botocore;
each record keeps the exact bytes (`cbor`, base64) beside an awsJson view of them (`body`:
byte strings as base64, tag 1 timestamps as epoch seconds), and requests record their path
and the smithy-protocol / Content-Type / Accept headers. JSON-only edge cases (escapes, string
timestamps, the X-Amzn-ErrorType header) give way to CBOR ones (tag 1 over an integer, a float
and a negative value; a response with every string, list and map of indefinite length).

Usage: python make_vectors.py --root REPO
"""

import argparse
import copy
import json
import os
import sys
import tomllib
from urllib.parse import urlsplit

sys.dont_write_bytecode = True  # keep xtask/vectors/ free of __pycache__
from vector_values import (
    NON_ASCII, UNKNOWN_ENUM, Builder, Tag, parsed_to_json, set_path, string_ok, to_json,
    walk,
)
from invalid_values import invalid_vectors
from wire import CborWire, wire_for

NAMESPACE = "com.amazonaws.partnercentral"
URI_SUFFIX = ":http://internal.amazon.com/coral/com.amazonaws.partnercentral/"


def isolate_from_user_config(models_dir):
    """botocore must see only our models and fake credentials, never ~/.aws or AWS_* settings."""
    for key in [k for k in os.environ if k.startswith("AWS_")]:
        del os.environ[key]
    os.environ.update({
        "AWS_DATA_PATH": models_dir, "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull, "AWS_EC2_METADATA_DISABLED": "true",
    })


class FakeRaw:
    def __init__(self, body):
        self.body = body

    def stream(self, **_kwargs):
        yield self.body


class Capture:
    """`before-send` hook: remembers the request and returns `self.reply` instead of sending."""

    def __init__(self):
        self.request, self.reply = None, None

    def __call__(self, request, **_kwargs):
        from botocore.awsrequest import AWSResponse

        self.request = request
        status, headers, body = self.reply
        return AWSResponse(request.url, status, headers, FakeRaw(body))


class ServiceVectors:
    def __init__(self, root, service):
        import botocore.session
        from botocore.config import Config

        self.name, self.version = service["name"], service["version"]
        self.model_dir = os.path.join(root, "models", self.name, self.version)
        with open(os.path.join(self.model_dir, "service-2.json"), encoding="utf-8") as f:
            self.raw_model = json.load(f)
        session = botocore.session.get_session()
        self.client = session.create_client(
            self.name, region_name="us-east-1", api_version=self.version,
            aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="SECRETEXAMPLE",
            config=Config(retries={"total_max_attempts": 1}),
        )
        self.model = self.client.meta.service_model
        self.wire = wire_for(self.raw_model["metadata"]["protocol"])
        self.check_model_source(session.get_component("data_loader"))
        self.capture = Capture()
        self.client.meta.events.register("before-send", self.capture)
        self.ops = sorted(self.model.operation_names)
        self.requests, self.responses, self.errors = [], [], []
        self.minimal_params, self.full_params = {}, {}
        self.invalid, self.invalid_summary = [], {}

    def check_model_source(self, loader):
        """The client must have loaded models/<name>/<version>/*.json from our repository."""
        for type_name in ("service-2", "endpoint-rule-set-1", "paginators-1"):
            _, path = loader.load_data_with_path("%s/%s/%s" % (self.name, self.version, type_name))
            expected = os.path.join(self.model_dir, type_name)  # botocore adds .json / .json.gz
            if os.path.realpath(path) != os.path.realpath(expected) or not os.path.exists(expected + ".json"):
                sys.exit("botocore loaded %s instead of %s" % (path, expected))
        if self.model._service_description != self.raw_model:
            sys.exit("the client's service model differs from %s" % self.model_dir)

    def call(self, op, params, reply=None):
        """Runs the operation through the client, answering with `reply` (status, headers, body);
        returns the parsed response, or the ClientError raised."""
        from botocore.exceptions import ClientError

        self.capture.request = None
        self.capture.reply = reply or (200, dict(self.wire.headers), self.wire.encode({}))
        try:
            return self.client._make_api_call(op, copy.deepcopy(params))
        except ClientError as e:
            return e

    # ------------------------------------------------------------------------ requests

    def record_request(self, op, case, params):
        result = self.call(op, params)
        req = self.capture.request
        if req is None or not isinstance(result, dict):
            sys.exit("%s %s: no request was sent (%r)" % (op, case, result))
        body = self.wire.view(req.body)
        shape = self.model.operation_model(op).input_shape
        for name, member in (shape.members.items() if shape else []):
            if member.metadata.get("idempotencyToken") and name not in params:
                sys.exit("%s %s: botocore made up a %s" % (op, case, name))
        record = {
            "operation": op, "case": case, "params": to_json(params), "body": body,
            "path": urlsplit(req.url).path,
            "headers": {h: text(req.headers[h]) for h in self.wire.request_headers},
        }
        if isinstance(self.wire, CborWire):
            record["cbor"] = self.wire.record(req.body)["cbor"]
        self.requests.append(record)

    def request_vectors(self):
        builder = Builder()
        for op in self.ops:
            shape = self.model.operation_model(op).input_shape
            if shape is None:  # no input: both cases send "{}"
                self.minimal_params[op] = self.full_params[op] = {}
                self.record_request(op, "minimal", {})
                self.record_request(op, "full", {})
                continue
            minimal = builder.value(shape, "minimal", "Value")
            full = builder.value(shape, "full", "Value")
            self.minimal_params[op], self.full_params[op] = minimal, full
            self.record_request(op, "minimal", minimal)
            self.record_request(op, "full", full)
            for case, edit in (("non-ascii", non_ascii), ("unknown-enum", unknown_enums),
                               ("empty-collections", empty_collections)):
                params = copy.deepcopy(full)
                if edit(shape, params, wire=False):
                    self.record_request(op, case, params)
        for op, union, member in self.missing_union_members(builder, "input_shape"):
            builder.force = {union: member}
            params = builder.value(self.model.operation_model(op).input_shape, "full", "Value")
            builder.force = {}
            self.record_request(op, "union-%s-%s" % (union, member), params)

    def missing_union_members(self, builder, which):
        """(operation, union, member) for union members the builder never produced, each with
        the first operation whose input (or output) contains that union."""
        found = []
        for op in self.ops:
            shape = getattr(self.model.operation_model(op), which)
            for union in sorted(unions_in(shape), key=lambda u: u.name):
                for member in union.members:
                    key = (union.name, member)
                    if key not in builder.union_used and key not in [(u, m) for _, u, m in found]:
                        found.append((op, union.name, member))
        return found

    # ------------------------------------------------------------------------ responses

    def record_response(self, op, case, body):
        """`body`: a wire value, or the exact body text."""
        from botocore.parsers import create_parser

        shape = self.model.operation_model(op).output_shape
        raw = self.wire.encode(body)
        http = {"status_code": 200, "headers": dict(self.wire.headers), "body": raw}
        try:
            parsed = create_parser(self.wire.protocol).parse(http, shape)
            parsed.pop("ResponseMetadata", None)
        except Exception as e:  # recorded: botocore rejects this response
            parsed = {"$error": type(e).__name__, "message": str(e)}
        else:
            via_client = self.call(op, self.minimal_params[op], (200, dict(self.wire.headers), raw))
            via_client.pop("ResponseMetadata", None)
            if via_client != parsed:
                sys.exit("%s %s: the client parsed %r, the parser %r" % (op, case, via_client, parsed))
        self.responses.append({"operation": op, "case": case, **self.wire.record(raw),
                               "parsed": parsed_to_json(parsed)})

    def response_vectors(self):
        builder = Builder()
        fulls = {}
        for op in self.ops:
            shape = self.model.operation_model(op).output_shape
            if shape is not None:
                fulls[op] = (shape, self.wire.to_wire(shape, builder.value(shape, "full", "Value")))
                self.record_response(op, "full", fulls[op][1])
        for op, union, member in self.missing_union_members(builder, "output_shape"):
            builder.force = {union: member}
            shape = self.model.operation_model(op).output_shape
            self.record_response(op, "union-%s-%s" % (union, member),
                                 self.wire.to_wire(shape, builder.value(shape, "full", "Value")))
            builder.force = {}
        ops = sorted(fulls)
        for case, edit, every_op in response_edge_cases(self.wire):
            start = 0 if every_op else (len(self.responses) * 7) % len(ops)  # spread them out
            for op in ops[start:] + ops[:start]:
                shape, wire = fulls[op]
                body = copy.deepcopy(wire)
                text = edit(shape, body, wire=True)
                if text:
                    self.record_response(op, case, text if isinstance(text, str) else body)
                    if not every_op:
                        break
        self.record_response(ops[0], "empty-body", "")
        if isinstance(self.wire, CborWire):  # every string, byte string, list and map chunked
            shape, wire = fulls[ops[0]]
            self.wire.indefinite = True
            self.record_response(ops[0], "indefinite-lengths", wire)
            self.wire.indefinite = False

    # ------------------------------------------------------------------------ errors

    def record_error(self, case, status, body, header_type=None):
        """`body`: a wire value, or the exact body text."""
        headers = dict(self.wire.headers)
        if header_type:
            headers["X-Amzn-ErrorType"] = header_type
        raw = self.wire.encode(body)
        op = self.ops[0]
        try:
            result = self.call(op, self.minimal_params[op], (status, headers, raw))
        except Exception as e:  # recorded: botocore's error parser fails on this body
            parsed = {"$error": type(e).__name__, "message": str(e)}
        else:
            if isinstance(result, dict):
                sys.exit("error case %s did not raise" % case)
            parsed = dict(result.response)
            parsed.pop("ResponseMetadata", None)
        self.errors.append({"case": case, "status": status, "headers": headers,
                            **self.wire.record(raw), "parsed": parsed_to_json(parsed)})

    def error_vectors(self):
        builder = Builder()
        shapes = sorted(self.model.error_shapes, key=lambda s: s.name)
        members = {}
        for s in shapes:
            members[s.name] = self.wire.to_wire(s, builder.value(s, "full", "Value"))
            members[s.name].pop("Message", None)
            members[s.name].pop("message", None)
            status = 500 if self.raw_model["shapes"][s.name].get("fault") else 400
            text = "%s: something went wrong" % s.name
            self.record_error(s.name + "/namespaced", status,
                              {"__type": "%s#%s" % (NAMESPACE, s.name), "message": text, **members[s.name]})
            self.record_error(s.name + "/plain", status, {"__type": s.name, "Message": text, **members[s.name]})
            if not isinstance(self.wire, CborWire):  # RPC v2 reads the code from `__type` only
                self.record_error(s.name + "/header-only", status, {"Message": text, **members[s.name]},
                                  header_type=s.name + URI_SUFFIX)
            for case, edit in (("unknown-enum", unknown_enums), ("missing-required-member", drop_required)):
                body = copy.deepcopy(members[s.name])
                body["Message"] = text
                if edit(s, body, wire=True):
                    self.record_error("%s/%s" % (s.name, case), status, {"__type": s.name, **body})
        first = next((s.name for s in shapes if s.name == "ResourceNotFoundException"), shapes[0].name)
        other = next(s.name for s in shapes if s.name != first)
        m = members[first]
        self.record_error("type-with-uri-suffix", 400, {"__type": first + URI_SUFFIX, "message": "m", **m})
        self.record_error("namespaced-type-with-uri-suffix", 400,
                          {"__type": "%s#%s%s" % (NAMESPACE, first, URI_SUFFIX), "message": "m", **m})
        if not isinstance(self.wire, CborWire):
            self.record_error("header-and-body-type-differ", 400, {"__type": first, "message": "m", **m},
                              header_type=other + URI_SUFFIX)
        self.record_error("unknown-error-code", 400, {"__type": NAMESPACE + "#FutureNewException",
                                                      "message": "from the future", "Extra": 1})
        self.record_error("unknown-error-code-500", 500, {"__type": "FutureFault", "Message": "oops"})
        self.record_error("no-type", 400, {"message": "no __type anywhere"})
        self.record_error("both-message-keys", 400, {"__type": first, "message": "lower", "Message": "upper", **m})
        self.record_error("null-message", 400, {"__type": first, "message": None, **m})
        self.record_error("non-ascii-message", 400, {"__type": first, "message": NON_ASCII[0], **m})
        self.record_error("extra-unknown-keys", 400,
                          {"__type": first, "message": "m", "Unknown": {"a": [1, None]}, **m})
        self.record_error("empty-body-400", 400, "")
        self.record_error("empty-body-500", 500, "")
        self.record_error("empty-object-400", 400, {})
        self.record_error("html-body-503", 503, "<html><body><b>Http/1.1 Service Unavailable</b></body></html>")
        if isinstance(self.wire, CborWire):
            self.record_error("non-cbor-body-400", 400, "Bad Request: not CBOR")
            self.record_error("cbor-text-body-400", 400, "not a map")
        else:
            self.record_error("non-json-body-400", 400, "Bad Request: not JSON")

    def document(self, version):
        return {
            "botocore_version": version, "service": self.name, "protocol": self.wire.protocol,
            "target_prefix": self.model.metadata.get("targetPrefix"),
            "requests": self.requests, "responses": self.responses, "errors": self.errors,
            "invalid": self.invalid, "invalid_summary": self.invalid_summary,
        }


def text(value):
    return value.decode("utf-8") if isinstance(value, bytes) else value


def dumps(value, ascii_only=False):
    return json.dumps(value, ensure_ascii=ascii_only)


def unions_in(shape, seen=None):
    """All union shapes reachable from `shape`."""
    seen = set() if seen is None else seen
    if shape is None or shape.name in seen:
        return set()
    seen.add(shape.name)
    found = {shape} if shape.type_name == "structure" and shape.is_tagged_union else set()
    children = {"structure": lambda: list(shape.members.values()), "list": lambda: [shape.member],
                "map": lambda: [shape.key, shape.value]}.get(shape.type_name, lambda: [])()
    for child in children:
        found |= unions_in(child, seen)
    return found


def rename_key(mapping, old, new):
    items = [(new if k == old else k, v) for k, v in mapping.items()]
    mapping.clear()
    mapping.update(items)


# ---------------------------------------------------------------------------- edits
# Each edit changes a value (params, or a JSON body if `wire`) in place and returns whether it
# applied (or, for response edits, optionally the exact body text to use).


def non_ascii(shape, value, wire):
    changed = False
    for path, s, v in list(walk(shape, value, wire)):
        if s.type_name == "string" and not s.enum and isinstance(v, str) and path:
            fit = next((c for c in NON_ASCII + [v + " " + x for x in NON_ASCII] if string_ok(s, c)), None)
            if fit:
                set_path(value, path, fit)
                changed = True
    for path, s, v in list(walk(shape, value, wire)):
        if s.type_name == "map" and v and s.key.type_name == "string" and not s.key.enum:
            first = next(iter(v))
            fit = next((c for c in NON_ASCII if string_ok(s.key, c) and c not in v), None)
            if fit:
                rename_key(v, first, fit)
                changed = True
    return changed


def unknown_enums(shape, value, wire):
    changed = False
    for path, s, v in list(walk(shape, value, wire)):
        if s.type_name == "string" and s.enum and isinstance(v, str) and path:
            set_path(value, path, UNKNOWN_ENUM)
            changed = True
    for path, s, v in list(walk(shape, value, wire)):  # keys last: renaming changes paths
        if s.type_name == "map" and v and s.key.enum:
            rename_key(v, next(iter(v)), UNKNOWN_ENUM)
            changed = True
    return changed


def empty_collections(shape, value, wire):
    changed = False
    for name, member in shape.members.items():
        if name not in shape.required_members and member.type_name in ("list", "map") and \
                member.metadata.get("min", 0) == 0 and name in value:
            value[name] = [] if member.type_name == "list" else {}
            changed = True
    return changed


def structures(shape, value, wire, min_depth=0):
    return [(p, s, v) for p, s, v in walk(shape, value, wire)
            if s.type_name == "structure" and isinstance(v, dict) and len(p) >= min_depth]


def drop_required(shape, value, wire):
    for path, s, v in structures(shape, value, wire):
        for name in s.required_members:
            if name in v:
                del v[name]
                return True
    return False


def null_optional(min_depth):
    def edit(shape, value, wire):
        changed = False
        for path, s, v in reversed(structures(shape, value, wire, min_depth)):
            if not s.is_tagged_union:
                for name in s.members:
                    if name not in s.required_members and name in v:
                        v[name] = None
                        changed = True
        return changed
    return edit


def extra_keys(shape, value, wire):
    extras = [{"nested": [1, {"deeper": None}], "s": "x"}, 3.5, "unknown", True, None, [[]]]
    targets = [v for _, s, v in structures(shape, value, wire) if not s.is_tagged_union]
    for depth, v in enumerate(targets):
        v["UnknownKey%d" % depth] = extras[depth % len(extras)]
    return bool(targets)


def unions(shape, value, wire):
    return [(p, s, v) for p, s, v in structures(shape, value, wire) if s.is_tagged_union]


def unknown_union_member(shape, value, wire):
    found = [p for p, _, _ in unions(shape, value, wire) if p]
    for p in reversed(found):  # inner unions first, so outer paths stay valid
        set_path(value, p, {"FutureMember": {"a": [1, 2], "b": "c"}})
    return bool(found)


def union_with_type(shape, value, wire):
    found = unions(shape, value, wire)
    for _, s, v in found:
        v["__type"] = "%s#%s" % (NAMESPACE, s.name)
    return bool(found)


def union_with_null_members(shape, value, wire):
    found = [(p, s, v) for p, s, v in unions(shape, value, wire) if len(s.members) > 1]
    for _, s, v in found:
        for name in s.members:
            v.setdefault(name, None)
    return bool(found)


def union_with_two_members(shape, value, wire):
    for _, s, v in unions(shape, value, wire):
        if len(s.members) > 1:
            other = next(m for m in s.members if m not in v)
            v[other] = copy.deepcopy(next(iter(v.values())))
            return True
    return False


def null_in_lists(scalars):
    def edit(shape, value, wire):
        found = [(p, v) for p, s, v in walk(shape, value, wire) if s.type_name == "list" and v
                 and (s.member.type_name != "structure") == scalars]
        for _, v in found:
            v.insert(1, None)
        return bool(found)
    return edit


def null_in_maps(shape, value, wire):
    found = [v for _, s, v in walk(shape, value, wire) if s.type_name == "map" and v]
    for v in found:
        v[next(iter(v))] = None
    return bool(found)


def timestamps(form):
    def edit(shape, value, wire):
        found = [p for p, s, _ in walk(shape, value, wire) if s.type_name == "timestamp" and p]
        for p in found:
            set_path(value, p, form)
        return bool(found)
    return edit


def escaped_non_ascii(shape, value, wire):
    return dumps(value, ascii_only=True) if non_ascii(shape, value, wire) else False


def empty_object(shape, value, wire):
    value.clear()
    return True


# (case, edit, whether to record it for every operation it applies to, else for one operation)
RESPONSE_EDGE_CASES = [
    ("unknown-enum", unknown_enums, True),
    ("unknown-union-member", unknown_union_member, True),
    ("extra-unknown-keys", extra_keys, True),
    ("null-optional-members", null_optional(0), True),
    ("missing-required-member", drop_required, True),
    ("empty-object", empty_object, True),
    ("non-ascii", non_ascii, False),
    ("union-with-__type", union_with_type, False),
    ("union-with-null-members", union_with_null_members, False),
    ("union-with-two-members", union_with_two_members, False),
    ("null-nested-optional-members", null_optional(1), False),
    ("null-in-list", null_in_lists(scalars=True), False),
    ("null-in-list-of-structures", null_in_lists(scalars=False), False),
    ("null-in-map", null_in_maps, False),
]

# Timestamps and escapes as awsJson writes them.
JSON_EDGE_CASES = [
    ("non-ascii-escaped", escaped_non_ascii, False),
    ("timestamp-iso8601-whole-seconds", timestamps("2024-02-29T12:34:56Z"), False),
    ("timestamp-iso8601-fractional", timestamps("2024-02-29T12:34:56.789Z"), False),
    ("timestamp-iso8601-nanoseconds", timestamps("2024-02-29T12:34:56.123456789Z"), False),
    ("timestamp-iso8601-offset", timestamps("2024-02-29T14:34:56.5+02:00"), False),
    ("timestamp-iso8601-negative-offset", timestamps("2024-02-29T07:34:56-05:00"), False),
    ("timestamp-epoch-int", timestamps(1709210096), False),
    ("timestamp-epoch-float", timestamps(1709210096.789), False),
]

# Timestamps as RPC v2 CBOR writes them: tag 1 over an integer or a float.
CBOR_EDGE_CASES = [
    ("timestamp-tag1-int", timestamps(Tag(1, 1709210096)), False),
    ("timestamp-tag1-float", timestamps(Tag(1, 1709210096.789)), False),
    ("timestamp-tag1-negative", timestamps(Tag(1, -1.5)), False),
]


def response_edge_cases(wire):
    return RESPONSE_EDGE_CASES + (CBOR_EDGE_CASES if isinstance(wire, CborWire) else JSON_EDGE_CASES)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", required=True, help="repository root")
    args = parser.parse_args()
    root = os.path.abspath(args.root)
    with open(os.path.join(root, "models", "services.toml"), "rb") as f:
        config = tomllib.load(f)
    isolate_from_user_config(os.path.join(root, "models"))
    import botocore

    if botocore.__version__ != config["botocore"]:
        sys.exit("botocore %s is installed, services.toml wants %s" % (botocore.__version__, config["botocore"]))
    out_dir = os.path.join(root, "tests", "vectors")
    os.makedirs(out_dir, exist_ok=True)
    for service in config["service"]:
        v = ServiceVectors(root, service)
        v.request_vectors()
        v.response_vectors()
        v.error_vectors()
        v.invalid, v.invalid_summary = invalid_vectors(v.client, v.ops, v.full_params, v.wire.view)
        path = os.path.join(out_dir, service["name"] + ".json")
        tmp = path + ".tmp"
        with open(tmp, "w", encoding="utf-8", newline="\n") as f:
            f.write(json.dumps(v.document(config["botocore"]), indent=2, sort_keys=True, ensure_ascii=False) + "\n")
        os.replace(tmp, path)
        print("%s: %d requests, %d responses, %d errors, %d invalid -> %s" % (
            service["name"], len(v.requests), len(v.responses), len(v.errors), len(v.invalid),
            os.path.relpath(path, root)))


if __name__ == "__main__":
    main()
