"""Inputs that break exactly one model constraint, and what botocore says about them (used by
make_vectors.py for the "invalid" section of tests/vectors/<service>.json).

Starting from each operation's valid `full` params (plus, for union members `full` never picked,
a `full` value built with that member forced), every node of the input offers candidate cases:

* structures: a required member removed (`missing-required`); unions set to `{}`
  (`union-empty`) or given a second member (`union-two-members`);
* strings with `min`/`max`: `too-short` / `too-long` by one code point, and the VALID `at-min`,
  `at-max` and `multibyte-at-max` (max code points, more UTF-8 bytes than max);
* strings with a `pattern`: `pattern-mismatch` (valid length; an ID prefix changed where there is
  one), `pattern-non-ascii-digits` for `\\d` (Arabic-Indic digits) and `pattern-non-ascii-word`
  for `\\w` (an "é"): ECMA-262 `\\d\\w` are ASCII;
* enums: `enum-case` (differs only in case), `enum-unknown`; `enum-empty` ("") once per
  context (top level, nested structure, list entry, ...) rather than per enum;
* lists/maps with `min`/`max`: `too-few` / `too-many` entries, VALID `at-min` / `at-max`;
* integers with `min`/`max`: `below-min` / `above-max`, VALID `at-min` / `at-max`.

Each (variant, shape) - and for `missing-required` each structure, rotating through its
required members - is recorded once, for the operation with the fewest cases so far (preferring
a place not covered yet: top level, nested structure, list entry, map value, union member,
idempotency token). The case's params keep only what is needed: required members, plus the
path to the changed member. `violations` checks every case against the model (lengths in code
points, patterns matched against the whole value with ASCII `\\d\\w\\s`): a valid case must have
no violation and an invalid one exactly the intended one; candidates that cannot do so (e.g. a
too-long ID whose pattern fixes its length) are skipped.

Record: operation, case (`<variant>:<JSON pointer>`), valid, constraint (required, length,
range, enum, pattern, union; none when valid), path (JSON pointer of the broken member, "" when
valid), params, body (botocore's JSON serializer WITHOUT validation, or null and body_error),
body_error, botocore = {rejected, errors: [{path, kind, message}]} from
`ParamValidator().validate` (path: the JSON pointer of botocore's name; for a missing required
member, of that member; for a map key, of its entry; kind: botocore's error type, e.g.
"missing required field", "invalid length", "empty input", "more than one input").
"""

import copy
import json
import re
import random

from vector_values import UNKNOWN_ENUM, Builder, Xeger, compiled, sre_parse, to_json, translate

ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FILLERS = ["a", "0", "A", "-", "a-", "x.", " ", "é", "東"]
MULTIBYTE = ["東", "é"]


def pointer(path):
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def nodes(shape, value, path=(), context="top"):
    """(path, shape, value, context) for `value` and everything inside it, in model order;
    context: how the node is reached (top, structure, list, map, union)."""
    yield path, shape, value, context
    kind = shape.type_name
    if kind == "structure" and not shape.metadata.get("document") and isinstance(value, dict):
        inner = "union" if shape.is_tagged_union else "structure"
        for name, member in shape.members.items():
            if name in value:
                yield from nodes(member, value[name], path + (name,), inner)
    elif kind == "list" and isinstance(value, list):
        for i, item in enumerate(value):
            yield from nodes(shape.member, item, path + (i,), "list")
    elif kind == "map" and isinstance(value, dict):
        for k, v in value.items():
            yield from nodes(shape.value, v, path + (k,), "map")


# ---------------------------------------------------------------------------- the model's rules


def string_violations(shape, value):
    meta, out = shape.metadata, []
    if shape.enum and value not in shape.enum:
        out.append("enum")
    if len(value) < meta.get("min", 0) or len(value) > meta.get("max", len(value)):
        out.append("length")
    if "pattern" in meta and compiled(meta["pattern"]).fullmatch(value) is None:
        out.append("pattern")
    return out


def violations(shape, value, path=()):
    """(constraint, JSON pointer) for every model constraint `value` breaks."""
    kind, meta, out = shape.type_name, shape.metadata, []
    if value is None:
        return out
    if kind == "structure" and not meta.get("document"):
        if shape.is_tagged_union and len([v for v in value.values() if v is not None]) != 1:
            out.append(("union", pointer(path)))
        for name in shape.required_members:
            if value.get(name) is None:
                out.append(("required", pointer(path + (name,))))
        for name, v in value.items():
            out += violations(shape.members[name], v, path + (name,))
    elif kind in ("list", "map"):
        if len(value) < meta.get("min", 0) or len(value) > meta.get("max", len(value)):
            out.append(("length", pointer(path)))
        if kind == "list":
            for i, v in enumerate(value):
                out += violations(shape.member, v, path + (i,))
        else:
            for k, v in value.items():
                out += [(c, pointer(path + (k,))) for c in string_violations(shape.key, k)]
                out += violations(shape.value, v, path + (k,))
    elif kind == "string":
        out += [(c, pointer(path)) for c in string_violations(shape, value)]
    elif kind in ("integer", "long", "short", "byte", "float", "double"):
        if value < meta.get("min", value) or value > meta.get("max", value):
            out.append(("range", pointer(path)))
    return out


# ---------------------------------------------------------------------------- candidate values


def fit_length(shape, value, length, fillers=FILLERS, wanted=None):
    """A string of exactly `length` code points matching the shape's pattern, made from `value`
    (cut, or padded with a filler at some position), else generated; None if none is found.
    `wanted` filters further (e.g. more UTF-8 bytes than code points)."""
    pattern = shape.metadata.get("pattern")
    ok = (lambda s: pattern is None or compiled(pattern).fullmatch(s) is not None)
    tries = [value[:length], value[len(value) - length:]] if length <= len(value) else []
    n = length - len(value)
    for f in fillers:
        if n > 0:
            pad = (f * n)[:n]
            tries += [value[:i] + pad + value[i:] for i in [len(value)] + list(range(len(value)))]
        tries.append((f * length)[:length])
    for t in tries:
        if len(t) == length and ok(t) and (wanted is None or wanted(t)):
            return t
    if wanted is None and pattern and length <= 64:  # a few random tries from the pattern
        rng, parsed = random.Random("invalid|%s|%d" % (shape.name, length)), \
            sre_parse.parse(translate(pattern), re.ASCII)
        for attempt in range(200):
            t = Xeger(rng, extra=1 + attempt % 8).gen(parsed, {})
            if len(t) == length and ok(t):
                return t
    return None


def pattern_mismatches(shape, value):
    """Candidates for `pattern-mismatch`, most telling first."""
    out = []
    prefix = re.match(r"[A-Za-z]+(?=[-:])", value)
    if prefix:
        first = "y" if value[0] in "xX" else "x"
        out.append(first + value[1:])
    if re.search(r"[0-9]", value) and not re.search(r"\\[dw]", shape.metadata["pattern"]):
        out.append(value.translate(ARABIC_DIGITS))  # \d, \w: see non_ascii_class
    mid = len(value) // 2
    out += ["#" + value[1:], value[:mid] + " " + value[mid + 1:], value + "!", value + "\x07",
            "\x07" + value, ""]
    bounds = re.findall(r"\{(\d+)(?:,(\d+))?\}", shape.metadata["pattern"])  # {m} / {m,n}
    for n in sorted({int(b) for pair in bounds for b in pair if b}):
        out += ["a" * (n + 1), (value + "a" * (n + 1))[: n + 1], "a" * max(n - 1, 0)]
    return out


def non_ascii_class(shape, value, cls):
    """Candidates that match the pattern only if `\\d` (cls "d") or `\\w` ("w") were Unicode
    classes: ASCII digits made Arabic-Indic (all, or one), for `\\w` also a letter made "é"."""
    out = [value.translate(ARABIC_DIGITS)]
    out += [value[:i] + value[i].translate(ARABIC_DIGITS) + value[i + 1:]
            for i in range(len(value)) if value[i] in "0123456789"]
    if cls == "w":
        out += [value[:i] + "é" + value[i + 1:] for i in range(len(value)) if value[i].isascii()
                and value[i].isalpha()]
    unicode = re.compile(translate(shape.metadata["pattern"]))
    return tuple(t for t in out if t != value and unicode.fullmatch(t))


def enum_case_variant(shape, value):
    for v in [value] + list(shape.enum):
        for t in (v.lower(), v.upper(), v.swapcase()):
            if t != v and t not in shape.enum:
                return t
    return None


# ---------------------------------------------------------------------------- cases


class InvalidCases:
    def __init__(self, client, ops, full_params, view):
        from botocore.validate import ParamValidator, ParamValidationDecorator

        self.model = client.meta.service_model
        ser = client._serializer
        self.serializer = ser._serializer if isinstance(ser, ParamValidationDecorator) else ser
        self.validator = ParamValidator()
        self.ops, self.full_params, self.view = ops, full_params, view
        self.cases = []

    # -- candidates: (key, extra coverage keys, op, baseline, variant, path, member)

    def baselines(self, op, shape):
        """The full params, then a full value for each union member they (and earlier
        baselines) lack, built with that member forced."""
        full = self.full_params[op]
        yield full
        done = {(s.name, m) for _, s, v, _ in nodes(shape, full) if is_union(s) for m in v}
        for union in reachable_unions(shape):
            for m in union.members:
                if (union.name, m) not in done:
                    b = Builder()
                    b.force = {union.name: m}
                    base = b.value(shape, "full", "Value")
                    done |= {(s.name, k) for _, s, v, _ in nodes(shape, base) if is_union(s) for k in v}
                    yield base

    def candidates(self, op, shape):
        for base in self.baselines(op, shape):
            for path, s, v, ctx in nodes(shape, base):
                kind, meta = s.type_name, s.metadata
                add = lambda variant, key=s.name, extra=(), member=None: (  # noqa: E731
                    (variant, key), extra, op, base, variant, path, member)
                if kind == "structure" and not meta.get("document"):
                    for name in s.required_members:
                        m = s.members[name]
                        extra = [("required", ctx)]
                        if m.metadata.get("idempotencyToken"):
                            extra.append(("required", "idempotency-token"))
                        yield add("missing-required", extra=extra, member=name)
                    if s.is_tagged_union:
                        yield add("union-empty")
                        if len(s.members) > 1:
                            yield add("union-two-members")
                elif kind == "string" and s.enum:
                    yield add("enum-case")
                    yield add("enum-unknown")
                    yield add("enum-empty", key=ctx)  # once per context: top, list, ...
                elif kind == "string":
                    if "min" in meta or "max" in meta:
                        for variant in ("too-short", "at-min", "at-max", "too-long",
                                        "multibyte-at-max"):
                            yield add(variant)
                    if "pattern" in meta:
                        yield add("pattern-mismatch")
                        if "\\d" in meta["pattern"]:
                            yield add("pattern-non-ascii-digits")
                        if "\\w" in meta["pattern"]:
                            yield add("pattern-non-ascii-word")
                elif kind in ("list", "map", "integer", "long") and ("min" in meta or "max" in meta):
                    for variant in ("too-few", "at-min", "at-max", "too-many") if kind in ("list", "map") \
                            else ("below-min", "at-min", "at-max", "above-max"):
                        yield add(variant)

    # -- building one case

    def mutate(self, shape, value, variant, member, path):
        """(new value for the node `value` of `shape` - or a tuple of candidates, or None if the
        variant cannot be made -, the constraint it breaks or "none")."""
        meta = shape.metadata
        lo, hi = meta.get("min"), meta.get("max")
        if variant == "missing-required":
            new = dict(value)
            del new[member]
            return new, "required"
        if variant == "union-empty":
            return {}, "union"
        if variant == "union-two-members":
            other = next(m for m in shape.members if m not in value)
            new = dict(value)
            new[other] = Builder().value(shape.members[other], "minimal", other)
            return new, "union"
        if variant.startswith("enum-"):
            new = {"enum-case": enum_case_variant(shape, value), "enum-unknown": UNKNOWN_ENUM,
                   "enum-empty": ""}[variant]
            return new, "enum"
        if shape.type_name == "string":
            if variant == "too-short":
                return (fit_length(shape, value, lo - 1) if lo else None), "length"
            if variant == "too-long":
                return (fit_length(shape, value, hi + 1) if hi is not None else None), "length"
            if variant in ("at-min", "at-max"):
                n = lo if variant == "at-min" else hi
                return (fit_length(shape, value, n) if n is not None else None), "none"
            if variant == "multibyte-at-max":
                more_bytes = (lambda s: len(s.encode("utf-8")) > hi)
                return (fit_length(shape, value, hi, MULTIBYTE, more_bytes) if hi else None), "none"
            if variant == "pattern-mismatch":
                return tuple(pattern_mismatches(shape, value)), "pattern"  # tried in order
            if variant.startswith("pattern-non-ascii-"):
                return non_ascii_class(shape, value, "d" if variant.endswith("digits") else "w"), "pattern"
        if shape.type_name in ("list", "map"):
            n = {"too-few": (lo or 0) - 1, "at-min": lo, "at-max": hi,
                 "too-many": None if hi is None else hi + 1}[variant]
            if n is None or n < 0:
                return None, "length"
            return self.entries(shape, n, path), "none" if variant.startswith("at-") else "length"
        if shape.type_name in ("integer", "long"):
            n = {"below-min": None if lo is None else lo - 1, "at-min": lo, "at-max": hi,
                 "above-max": None if hi is None else hi + 1}[variant]
            return n, "none" if variant.startswith("at-") else "range"
        raise ValueError("unknown variant %s for %s" % (variant, shape.name))

    @staticmethod
    def entries(shape, n, path):
        label = next((p for p in reversed(path) if isinstance(p, str)), "Value")
        b = Builder()
        if shape.type_name == "list":
            items = []
            for i in range(n):
                items.append(b.value(shape.member, "minimal", label, i, avoid=items))
            return items
        out, i = {}, 0
        while len(out) < n and i < 4 * n + 8:
            key = b.value(shape.key, "minimal", "key", i, avoid=list(out))
            out.setdefault(key, b.value(shape.value, "minimal", label, i))
            i += 1
        return out if len(out) == n else None

    def build(self, cand):
        _, _, op, base, variant, path, member = cand
        shape = self.model.operation_model(op).input_shape
        params = prune(shape, base, path)
        node_shape, node = shape, params
        for p in path:
            node_shape, node = child_shape(node_shape, p), node[p]
        options, constraint = self.mutate(node_shape, node, variant, member, path)
        target = path + ((member,) if member else ())
        expected = [] if constraint == "none" else [(constraint, pointer(target))]
        for new in (options if isinstance(options, tuple) else [options]):
            if new is None or (new == node and expected):
                continue
            trial = set_value(params, path, copy.deepcopy(new))
            if violations(shape, trial) == expected:
                return self.record(op, "%s:%s" % (variant, pointer(target)), trial, constraint,
                                   pointer(target) if expected else "")
        return None

    def record(self, op, case, params, constraint, path):
        op_model = self.model.operation_model(op)
        try:
            body = self.view(self.serializer.serialize_to_request(copy.deepcopy(params), op_model)["body"])
            body_error = None
        except Exception as e:  # recorded: botocore's serializer rejects these params
            body, body_error = None, "%s: %s" % (type(e).__name__, e)
        report = self.validator.validate(copy.deepcopy(params), op_model.input_shape)
        errors = []
        for err in report._errors:
            reason, name, extra = err
            tokens = botocore_path(name, op_model.input_shape, params)
            if tokens is None:
                raise ValueError("%s %s: cannot follow botocore's path %r" % (op, case, name))
            if reason == "missing required field":
                tokens = tokens + [extra["required_name"]]
            errors.append({"path": pointer(tokens), "kind": reason, "message": report._format_error(err)})
        return {"operation": op, "case": case, "valid": constraint == "none", "constraint": constraint,
                "path": path, "params": to_json(params), "body": body, "body_error": body_error,
                "botocore": {"rejected": report.has_errors(), "errors": errors}}

    # -- choosing

    def generate(self):
        cands, order = {}, []
        for op in self.ops:
            shape = self.model.operation_model(op).input_shape
            if shape is None:
                continue
            for c in self.candidates(op, shape):
                if c[0] not in cands:
                    cands[c[0]] = []
                    order.append(c[0])
                cands[c[0]].append(c)
        covered, load, chosen, turn = set(), {}, [], 0
        for key in order:
            pool = cands[key]
            if key[0] == "missing-required":  # rotate through the structure's required members
                names = list(self.model.shape_for(key[1]).required_members)
                wanted, turn = names[turn % len(names)], turn + 1
            else:
                wanted = None
            ranked = sorted(range(len(pool)), key=lambda i: (
                -len(set(pool[i][1]) - covered), pool[i][6] != wanted, load.get(pool[i][2], 0), i))
            for i in ranked[:8]:
                case = self.build(pool[i])
                if case is not None:
                    covered |= set(pool[i][1])
                    load[case["operation"]] = load.get(case["operation"], 0) + 1
                    chosen.append((self.ops.index(case["operation"]), len(chosen), case))
                    break
        self.cases = [c for _, _, c in sorted(chosen, key=lambda t: t[:2])]
        seen = set()
        for c in self.cases:
            if (c["operation"], c["case"]) in seen:
                raise ValueError("duplicate case %s %s" % (c["operation"], c["case"]))
            seen.add((c["operation"], c["case"]))
        return self.cases

    def summary(self):
        by, kinds = {}, {}
        for c in self.cases:
            s = by.setdefault(c["constraint"], {"cases": 0, "botocore_rejected": 0})
            s["cases"] += 1
            s["botocore_rejected"] += c["botocore"]["rejected"]
            for e in c["botocore"]["errors"]:
                kinds[e["kind"]] = kinds.get(e["kind"], 0) + 1
        return {"cases": len(self.cases), "valid": sum(c["valid"] for c in self.cases),
                "invalid": sum(not c["valid"] for c in self.cases),
                "botocore_rejected": sum(c["botocore"]["rejected"] for c in self.cases),
                "botocore_rejected_valid": sum(c["botocore"]["rejected"] and c["valid"] for c in self.cases),
                "by_constraint": by, "botocore_error_kinds": kinds}


def is_union(shape):
    return shape.type_name == "structure" and shape.is_tagged_union


def child_shape(shape, token):
    kind = shape.type_name
    return shape.members[token] if kind == "structure" else shape.member if kind == "list" else shape.value


def reachable_unions(shape):
    """The unions reachable from `shape` in the model, in depth-first model order."""
    seen, out = set(), []

    def visit(s):
        if s.name in seen:
            return
        seen.add(s.name)
        if is_union(s):
            out.append(s)
        kids = {"structure": lambda: list(s.members.values()), "list": lambda: [s.member],
                "map": lambda: [s.key, s.value]}.get(s.type_name, lambda: [])()
        for k in kids:
            visit(k)

    visit(shape)
    return out


def prune(shape, value, path):
    """`value` cut down to required members (and idempotency tokens), except along `path`."""
    kind = shape.type_name
    if kind == "structure" and not shape.metadata.get("document"):
        out = {}
        for name, member in shape.members.items():
            if name not in value:
                continue
            if path and path[0] == name:
                out[name] = prune(member, value[name], path[1:])
            elif name in shape.required_members or member.metadata.get("idempotencyToken") \
                    or shape.is_tagged_union:
                out[name] = prune(member, value[name], ())
        return out
    if kind == "list":
        return [prune(shape.member, v, path[1:] if path and path[0] == i else ()) for i, v in enumerate(value)]
    if kind == "map":
        return {k: prune(shape.value, v, path[1:] if path and path[0] == k else ()) for k, v in value.items()}
    return copy.deepcopy(value)


def set_value(params, path, new):
    if not path:
        return new
    out = copy.deepcopy(params)
    node = out
    for p in path[:-1]:
        node = node[p]
    node[path[-1]] = new
    return out


def botocore_path(name, shape, value):
    """The path tokens of botocore's parameter name (".A.B[0].C", ".Map.key", ".Map (key: k)"),
    followed through the params (map keys may contain dots); None if it does not fit."""
    if name == "":
        return []
    kind = shape.type_name
    if kind == "structure" and isinstance(value, dict):
        for m in sorted(shape.members, key=len, reverse=True):
            if name.startswith("." + m) and m in value:
                rest = botocore_path(name[len(m) + 1:], shape.members[m], value[m])
                if rest is not None:
                    return [m] + rest
    elif kind == "list" and isinstance(value, list):
        m = re.match(r"\[(\d+)\]", name)
        if m and int(m.group(1)) < len(value):
            rest = botocore_path(name[m.end():], shape.member, value[int(m.group(1))])
            if rest is not None:
                return [int(m.group(1))] + rest
    elif kind == "map" and isinstance(value, dict):
        for k in sorted(value, key=len, reverse=True):
            if name == " (key: %s)" % k:
                return [k]
            if name.startswith("." + k):
                rest = botocore_path(name[len(k) + 1:], shape.value, value[k])
                if rest is not None:
                    return [k] + rest
    return None


def invalid_vectors(client, ops, full_params, view):
    """(cases, summary) for the service of `client`; `view(bytes)` reads a request body (as
    awsJson)."""
    gen = InvalidCases(client, ops, full_params, view)
    gen.generate()
    return gen.cases, gen.summary()
