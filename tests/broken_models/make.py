"""Writes the broken-model corpus (run from this directory: python3 make.py).

Each case is a model file (botocore `NN-name.json`, Smithy `NN-name.smithy.json`) or a
botocore directory (`NN-name/` with `service-2.json` and `paginators-1.json`), and a line
of `expected.txt`: the case, a TAB, the shape the error must name (or `-` when the error is
about the file as a whole), a TAB, a phrase the error must contain. `ok` instead of a phrase
marks a hostile model that is valid and must generate in bounded time and memory.
"""
import json, os, shutil

HERE = os.path.dirname(os.path.abspath(__file__))
META = {"apiVersion": "2024-01-01", "endpointPrefix": "broken", "protocol": "json",
        "jsonVersion": "1.0", "serviceFullName": "Broken", "targetPrefix": "Broken",
        "uid": "broken-2024-01-01"}
TEXT = {"type": "string"}
cases = []


def botocore(name, shapes, expected_shape, phrase, operations=None, metadata=None, raw=None, paginators=None):
    model = {"metadata": metadata or META, "operations": operations or {}, "shapes": shapes}
    text = raw if raw is not None else json.dumps(model, indent=1)
    if paginators is None:
        path = f"{name}.json"
        open(os.path.join(HERE, path), "w").write(text)
    else:
        path = name
        os.makedirs(os.path.join(HERE, name), exist_ok=True)
        open(os.path.join(HERE, name, "service-2.json"), "w").write(text)
        open(os.path.join(HERE, name, "paginators-1.json"), "w").write(json.dumps({"pagination": paginators}, indent=1))
    cases.append((path, expected_shape, phrase))


def smithy(name, shapes, expected_shape, phrase, raw=None, service=True):
    all_shapes = {}
    if service:
        all_shapes = {
            "ex#Svc": {"type": "service", "version": "1", "operations": [{"target": "ex#Op"}],
                       "traits": {"aws.protocols#awsJson1_0": {}}},
            "ex#Op": {"type": "operation", "input": {"target": "ex#In"}},
            "ex#In": {"type": "structure", "members": {}},
        }
    all_shapes.update(shapes)
    text = raw if raw is not None else json.dumps({"smithy": "2.0", "shapes": all_shapes}, indent=1)
    path = f"{name}.smithy.json"
    open(os.path.join(HERE, path), "w").write(text)
    cases.append((path, expected_shape, phrase))


def struct(members, required=(), **extra):
    shape = {"type": "structure", "members": {m: {"shape": t} for m, t in members.items()}}
    if required:
        shape["required"] = list(required)
    shape.update(extra)
    return shape


for entry in os.listdir(HERE):
    if entry.startswith(("0", "1", "2", "3", "4", "5", "6", "7", "8", "9")):
        p = os.path.join(HERE, entry)
        shutil.rmtree(p) if os.path.isdir(p) else os.remove(p)

# --- botocore: the file as a whole
botocore("01-truncated-json", {}, "-", "line 3, column", raw='{\n "metadata": {\n')
botocore("02-not-an-object", {}, "-", "expected struct ServiceModel", raw="[]")
botocore("03-no-metadata", {}, "-", "missing field `metadata`", raw='{"operations": {}, "shapes": {}}')
botocore("04-unknown-protocol", {"Text": TEXT}, "-", "`soap` is not an AWS protocol",
         metadata=dict(META, protocol="soap"))
dup = json.dumps({"metadata": META, "operations": {}, "shapes": {"Foo": TEXT}}, indent=1)
botocore("05-duplicate-shape", {}, "-", "duplicate key `Foo`",
         raw=dup.replace('"Foo": {', '"Foo": {"type": "string"},\n  "Foo": {', 1))
dup = json.dumps({"metadata": META, "operations": {}, "shapes": {"Foo": struct({"A": "Text"}), "Text": TEXT}}, indent=1)
botocore("06-duplicate-member", {}, "-", "duplicate key `A`",
         raw=dup.replace('"A": {', '"A": {"shape": "Text"},\n    "A": {', 1))
dup = json.dumps({"metadata": META, "operations": {"Op": {"name": "Op", "http": {"method": "POST", "requestUri": "/"}}}, "shapes": {}}, indent=1)
botocore("07-duplicate-operation", {}, "-", "duplicate key `Op`",
         raw=dup.replace('"Op": {', '"Op": {"name": "Op"},\n  "Op": {', 1))
# --- botocore: one shape
botocore("08-missing-target", {"Thing": struct({"Owner": "Nobody"})}, "Thing", "targets `Nobody`")
botocore("09-unknown-shape-type", {"Thing": {"type": "tuple"}}, "Thing", "tuple")
botocore("10-list-without-member", {"Things": {"type": "list"}}, "Things", "member")
botocore("11-map-without-key", {"Things": {"type": "map", "value": {"shape": "Text"}}, "Text": TEXT}, "Things", "key")
botocore("12-list-of-itself", {"Nest": {"type": "list", "member": {"shape": "Nest"}}}, "Nest", "contains itself")
botocore("13-map-of-itself", {"Nest": {"type": "map", "key": {"shape": "Text"}, "value": {"shape": "Nest"}}, "Text": TEXT}, "Nest", "contains itself")
botocore("14-list-map-cycle", {"L": {"type": "list", "member": {"shape": "M"}},
                               "M": {"type": "map", "key": {"shape": "Text"}, "value": {"shape": "L"}}, "Text": TEXT},
         "L", "contains itself")
botocore("15-required-cycle", {"A": struct({"B": "B"}, ["B"]), "B": struct({"A": "A"}, ["A"])}, "A", "required members lead back")
botocore("16-required-self", {"Node": struct({"Next": "Node"}, ["Next"])}, "Node", "required members lead back")
botocore("17-shape-name-with-space", {"Foo Bar": TEXT}, "Foo Bar", "must be an identifier")
botocore("18-member-named-raw-prefix", {"Thing": struct({"r#": "Text"}), "Text": TEXT}, "Thing", "member `r#`")
botocore("19-empty-enum", {"Color": {"type": "string", "enum": []}}, "Color", "at least one value")
botocore("20-duplicate-enum-value", {"Color": {"type": "string", "enum": ["RED", "RED"]}}, "Color", "listed twice")
botocore("21-empty-enum-value", {"Color": {"type": "string", "enum": ["RED", ""]}}, "Color", "may not be empty")
botocore("22-empty-union", {"Choice": {"type": "structure", "union": True, "members": {}}}, "Choice", "at least one member")
botocore("23-length-min-over-max", {"Name": {"type": "string", "min": 5, "max": 2}}, "Name", "min 5 greater than max 2")
botocore("24-range-min-over-max", {"Count": {"type": "integer", "min": 10, "max": 1}}, "Count", "greater than max")
botocore("25-fractional-integer-range", {"Count": {"type": "integer", "min": 0.5}}, "Count", "not a whole number")
botocore("26-map-keyed-by-structure", {"Index": {"type": "map", "key": {"shape": "Key"}, "value": {"shape": "Text"}},
                                       "Key": struct({"A": "Text"}), "Text": TEXT}, "Index", "map key must target a string")
botocore("27-members-differ-in-case", {"Thing": struct({"Name": "Text", "name": "Text"}), "Text": TEXT}, "Thing", "differ only in case")
botocore("28-required-names-nothing", {"Thing": struct({"A": "Text"}, ["B"]), "Text": TEXT}, "Thing", "`B`")
botocore("29-operation-input-missing", {}, "Op", "Missing",
         operations={"Op": {"name": "Op", "http": {"method": "POST", "requestUri": "/"}, "input": {"shape": "Missing"}}})
botocore("30-bad-timestamp-format", {"When": {"type": "timestamp", "timestampFormat": "yesterday"}}, "When", "yesterday")
paginated_ops = {"List": {"name": "List", "http": {"method": "POST", "requestUri": "/"},
                          "input": {"shape": "ListIn"}, "output": {"shape": "ListOut"}}}
paginated_shapes = {"ListIn": struct({"NextToken": "Text"}), "ListOut": struct({"NextToken": "Text", "Items": "Texts"}),
                    "Texts": {"type": "list", "member": {"shape": "Text"}}, "Text": TEXT}
botocore("31-paginator-input-token-missing", paginated_shapes, "List", "input token `Token`", operations=paginated_ops,
         paginators={"List": {"input_token": "Token", "output_token": "NextToken", "result_key": "Items"}})
botocore("32-paginator-output-token-missing", paginated_shapes, "List", "output path `Next`", operations=paginated_ops,
         paginators={"List": {"input_token": "NextToken", "output_token": "Next", "result_key": "Items"}})
botocore("33-paginator-result-key-missing", paginated_shapes, "List", "output path `Rows`", operations=paginated_ops,
         paginators={"List": {"input_token": "NextToken", "output_token": "NextToken", "result_key": "Rows"}})
botocore("34-paginator-limit-key-missing", paginated_shapes, "List", "page size `MaxResults`", operations=paginated_ops,
         paginators={"List": {"input_token": "NextToken", "output_token": "NextToken", "result_key": "Items", "limit_key": "MaxResults"}})
botocore("35-member-targets-operation-name", {"Thing": struct({"A": "Op"})}, "Thing", "targets `Op`",
         operations={"Op": {"name": "Op", "http": {"method": "POST", "requestUri": "/"}}})
# --- hostile but valid: must generate, in bounded time and memory, without a deep stack
chain = {f"S{i}": struct({"Next": f"S{i + 1}"}) for i in range(3000)}
chain["S3000"] = struct({"Text": "Text"})
chain["Text"] = TEXT
botocore("36-structure-chain-3000-deep", chain, "-", "ok")
depth = 20000
botocore("37-html-nested-20000-deep", {"Doc": struct({"A": "Text"}, documentation="<ul><li>" * depth + "x" + "</li></ul>" * depth), "Text": TEXT}, "-", "ok")
botocore("38-html-unclosed-tags", {"Doc": struct({"A": "Text"}, documentation="<p><b><i><code>" * 5000), "Text": TEXT}, "-", "ok")
many = {f"M{i}": {"shape": "Text"} for i in range(20000)}
botocore("39-structure-with-20000-members", {"Wide": {"type": "structure", "members": many}, "Text": TEXT}, "-", "ok")
botocore("40-recursive-through-optional", {"Node": struct({"Next": "Node", "Kids": "Nodes"}),
                                           "Nodes": {"type": "list", "member": {"shape": "Node"}}}, "-", "ok")

# --- Smithy
smithy("41-smithy-truncated-json", {}, "-", "line 1, column", raw='{"smithy": "2.0", "shapes": {')
smithy("42-smithy-no-service", {}, "-", "exactly one service shape", service=False)
smithy("43-smithy-two-services", {"ex#Other": {"type": "service", "version": "1", "traits": {"aws.protocols#awsJson1_0": {}}}}, "-", "exactly one service shape, found 2")
smithy("44-smithy-id-without-namespace", {"Thing": {"type": "string"}}, "Thing", "has no namespace")
smithy("45-smithy-target-without-namespace", {"ex#Thing": {"type": "structure", "members": {"A": {"target": "String"}}}}, "ex#Thing$A", "has no namespace")
smithy("46-smithy-duplicate-shape", {}, "-", "duplicate key `ex#In`",
       raw=json.dumps({"smithy": "2.0", "shapes": {
           "ex#Svc": {"type": "service", "version": "1", "operations": [{"target": "ex#Op"}], "traits": {"aws.protocols#awsJson1_0": {}}},
           "ex#Op": {"type": "operation", "input": {"target": "ex#In"}},
           "ex#In": {"type": "structure", "members": {}}}}, indent=1).replace('"ex#In": {', '"ex#In": {"type": "string"},\n  "ex#In": {', 1))
smithy("47-smithy-duplicate-member", {}, "-", "duplicate member `A`",
       raw=json.dumps({"smithy": "2.0", "shapes": {
           "ex#Svc": {"type": "service", "version": "1", "traits": {"aws.protocols#awsJson1_0": {}}},
           "ex#Thing": {"type": "structure", "members": {"A": {"target": "smithy.api#String"}}}}}, indent=1)
       .replace('"A": {', '"A": {"target": "smithy.api#String"},\n    "A": {', 1))
smithy("48-smithy-empty-enum", {"ex#Color": {"type": "enum", "members": {}}}, "Color", "at least one value")
smithy("49-smithy-empty-enum-value", {"ex#Color": {"type": "enum", "members": {"RED": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": ""}}}}}, "Color", "may not be empty")
smithy("50-smithy-duplicate-int-enum", {"ex#Level": {"type": "intEnum", "members": {
    "LOW": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": 1}},
    "ALSO_LOW": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": 1}}}}}, "Level", "listed twice")
smithy("51-smithy-empty-union", {"ex#Choice": {"type": "union", "members": {}}}, "Choice", "at least one member")
smithy("52-smithy-list-of-itself", {"ex#Nest": {"type": "list", "member": {"target": "ex#Nest"}}}, "Nest", "contains itself")
smithy("53-smithy-length-min-over-max", {"ex#Name": {"type": "string", "traits": {"smithy.api#length": {"min": 9, "max": 1}}}}, "Name", "greater than max")
smithy("54-smithy-unknown-shape-type", {"ex#Thing": {"type": "tuple"}}, "ex#Thing", "tuple")
smithy("55-smithy-no-protocol", {}, "ex#Svc", "no protocol trait",
       raw=json.dumps({"smithy": "2.0", "shapes": {"ex#Svc": {"type": "service", "version": "1"}}}))
smithy("56-smithy-apply-to-missing", {"ex#Ghost": {"type": "apply", "traits": {"smithy.api#documentation": "boo"}}}, "ex#Ghost", "")
smithy("57-smithy-fractional-int-range", {"ex#Count": {"type": "integer", "traits": {"smithy.api#range": {"min": 0.5}}}}, "Count", "not a whole number")
smithy("58-smithy-required-cycle", {"ex#A": {"type": "structure", "members": {"B": {"target": "ex#B", "traits": {"smithy.api#required": {}}}}},
                                    "ex#B": {"type": "structure", "members": {"A": {"target": "ex#A", "traits": {"smithy.api#required": {}}}}}},
       "A", "required members lead back")
smithy("59-smithy-mixin-cycle", {"ex#M1": {"type": "structure", "mixins": [{"target": "ex#M2"}], "members": {}, "traits": {"smithy.api#mixin": {}}},
                                 "ex#M2": {"type": "structure", "mixins": [{"target": "ex#M1"}], "members": {}, "traits": {"smithy.api#mixin": {}}}},
       "ex#M", "")
smithy("60-smithy-bad-shape-id", {"ex#Not Valid": {"type": "string"}}, "ex#Not Valid", "not a valid shape id")

# Found by tests/fuzz_models.rs.
botocore("61-operation-input-is-a-string", {"Text": TEXT}, "Text", "input of operation `Op` must be a structure",
         operations={"Op": {"name": "Op", "http": {"method": "POST", "requestUri": "/"}, "input": {"shape": "Text"}}})
botocore("62-operation-error-not-an-error", {"Oops": struct({"A": "Text"}), "Text": TEXT}, "Op", "`Oops` is not an exception shape",
         operations={"Op": {"name": "Op", "http": {"method": "POST", "requestUri": "/"}, "errors": [{"shape": "Oops"}]}})
smithy("63-smithy-member-targets-operation", {"ex#Thing": {"type": "structure", "members": {"A": {"target": "ex#Op"}}}}, "ex#Thing", "targets `ex#Op`")
smithy("64-smithy-operation-input-is-a-string", {"ex#Op": {"type": "operation", "input": {"target": "ex#Text"}}, "ex#Text": {"type": "string"}},
       "ex#Op", "input `ex#Text` is not a structure")
smithy("65-smithy-error-not-an-error", {"ex#Op": {"type": "operation", "input": {"target": "ex#In"}, "errors": [{"target": "ex#Oops"}]},
                                        "ex#Oops": {"type": "structure", "members": {}}}, "ex#Op", "is not an error structure")

# --- HTTP bindings (restJson1 / restXml)
REST = dict(META, protocol="rest-json")
del REST["targetPrefix"]
def rest_op(uri, input_shape="In", **extra):
    return {"Op": {"name": "Op", "http": {"method": "GET", "requestUri": uri}, "input": {"shape": input_shape}, **extra}}
def bound(location, name=None, shape="Text"):
    ref = {"shape": shape, "location": location}
    if name:
        ref["locationName"] = name
    return ref
botocore("66-uri-without-slash", {"In": struct({}), "Text": TEXT}, "Op", "does not start with `/`",
         operations=rest_op("things"), metadata=REST)
botocore("67-uri-label-unbound", {"In": struct({}), "Text": TEXT}, "Op", "bound by 0 input members",
         operations=rest_op("/things/{Id}"), metadata=REST)
botocore("68-label-member-not-in-uri", {"In": {"type": "structure", "required": ["Id"], "members": {"Id": bound("uri", "Id")}}, "Text": TEXT},
         "Op", "which its URI `/things` does not have", operations=rest_op("/things"), metadata=REST)
botocore("69-two-greedy-labels", {"In": struct({}), "Text": TEXT}, "Op", "more than one greedy label",
         operations=rest_op("/{A+}/{B+}"), metadata=REST)
botocore("70-payload-beside-body-members", {"In": dict(struct({"Doc": "Text", "Other": "Text"}), payload="Doc"), "Text": TEXT},
         "Op", "a payload member and 1 other member(s) in the body", operations=rest_op("/"), metadata=REST)
botocore("71-payload-not-a-member", {"In": dict(struct({"Doc": "Text"}), payload="Body"), "Text": TEXT},
         "In", "`payload` names `Body`", operations=rest_op("/"), metadata=REST)
botocore("72-unknown-location", {"In": {"type": "structure", "members": {"A": bound("cookie")}}, "Text": TEXT},
         "In", "unknown location `cookie`", operations=rest_op("/"), metadata=REST)
botocore("73-prefix-headers-not-a-map", {"In": {"type": "structure", "members": {"Meta": bound("headers", "x-meta-")}}, "Text": TEXT},
         "Op", "binds prefix headers but is not a map", operations=rest_op("/"), metadata=REST)
botocore("74-host-label-missing", {"In": struct({}), "Text": TEXT}, "Op", "no host-label input member `Account`",
         operations=rest_op("/", endpoint={"hostPrefix": "{Account}."}), metadata=REST)
smithy("75-smithy-http-without-uri", {"ex#Op": {"type": "operation", "input": {"target": "ex#In"},
                                                "traits": {"smithy.api#http": {"method": "GET"}}}},
       "ex#Op", "needs a `method` and a `uri`")

with open(os.path.join(HERE, "expected.txt"), "w") as out:
    out.write("# case\tshape named by the error (- for the file)\tphrase (ok: must generate)\n")
    for path, shape, phrase in cases:
        out.write(f"{path}\t{shape}\t{phrase}\n")
print(len(cases), "cases")
