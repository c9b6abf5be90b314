"""Sample values for botocore shapes that obey the model's constraints (used by make_vectors.py).

* Strings: enum members rotate through the enum; other strings first try a readable value
  (``<Label>-<n>``) and otherwise are generated from the shape's ``pattern`` with a small
  generator over Python's own regex parser, seeded from the shape name so runs are repeatable.
  Every string is checked with ``re.fullmatch`` (ASCII semantics for ``\\w``/``\\d``, as in
  ECMA-262) and against ``min``/``max`` in code points. ``\\p{L}``-style classes, which Python's
  ``re`` lacks, are translated into explicit ranges from ``unicodedata``.
* Numbers sit inside ``min``/``max``; unbounded ones use boundary-ish values (i32::MAX for
  integer, 2**53 + 1 for long, which a float would round).
* Structures: ``minimal`` = required members (and idempotency tokens) only, ``full`` = every
  member, recursively, except members that would recurse into a shape already being built.
* Lists and maps get 2 entries (clamped to the shape's min/max); unions get one member, rotating
  through the members each time the union is built (``Builder.force`` picks one explicitly).
"""

import base64
import datetime
import random
import re
import string
import unicodedata

try:  # Python 3.11+
    import re._constants as sre_c
    import re._parser as sre_parse
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants as sre_c
    import sre_parse

UTC = datetime.timezone.utc
NON_ASCII = ["Zürich 東京 🚀", "Zürich 東京", "Zürich", "ü"]
UNKNOWN_ENUM = "FUTURE_VALUE_2030"
FULL_TIME = datetime.datetime(2024, 2, 29, 12, 34, 56, 789000, tzinfo=UTC)
MINIMAL_TIME = datetime.datetime(2024, 1, 1, 0, 0, 0, tzinfo=UTC)
BIG_LONG = 2**53 + 1
PREFERRED = string.ascii_lowercase + string.digits + string.ascii_uppercase
OTHER = "-_.:/=+@ " + "".join(sorted(set(string.punctuation) - set("-_.:/=+@")))

# ---------------------------------------------------------------------------- patterns

_CATEGORY_CLASSES = {}


def _category_class(name):
    """The body of a character class matching Unicode general category `name` (L, Lu, Z...)."""
    if name not in _CATEGORY_CLASSES:
        parts, start = [], None
        for cp in range(0x110001):
            ok = cp <= 0x10FFFF and not 0xD800 <= cp <= 0xDFFF
            if ok:
                cat = unicodedata.category(chr(cp))
                ok = cat == name or (len(name) == 1 and cat[0] == name)
            if ok and start is None:
                start = cp
            elif not ok and start is not None:
                last = cp - 1
                parts.append("\\U%08x" % start + ("" if last == start else "-\\U%08x" % last))
                start = None
        if not parts:
            raise ValueError("unknown Unicode category \\p{%s}" % name)
        _CATEGORY_CLASSES[name] = "".join(parts)
    return _CATEGORY_CLASSES[name]


def translate(pattern):
    """Rewrites ECMA `\\p{X}` / `\\P{X}` classes so that Python's `re` accepts the pattern."""
    out, i, in_class = [], 0, False
    while i < len(pattern):
        m = re.match(r"\\([pP])\{(\w+)\}", pattern[i:])
        if m:
            body, negated = _category_class(m.group(2)), m.group(1) == "P"
            if in_class and negated:
                raise ValueError("\\P{..} inside [...] is not supported: %r" % pattern)
            out.append(body if in_class else ("[^" if negated else "[") + body + "]")
            i += m.end()
            continue
        c = pattern[i]
        if c == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if c == "[" and not in_class:
            in_class = True
            out.append(c)
            i += 1
            if pattern[i : i + 1] == "^":
                out.append("^")
                i += 1
            if pattern[i : i + 1] == "]":  # a leading ']' is a literal
                out.append("\\]")
                i += 1
            continue
        if c == "]" and in_class:
            in_class = False
        out.append(c)
        i += 1
    return "".join(out)


_COMPILED = {}


def compiled(pattern):
    if pattern not in _COMPILED:
        _COMPILED[pattern] = re.compile(translate(pattern), re.ASCII)
    return _COMPILED[pattern]


def string_ok(shape, value):
    """Whether `value` satisfies the string shape's length (code points) and pattern."""
    meta = shape.metadata
    if len(value) < meta.get("min", 0) or len(value) > meta.get("max", len(value)):
        return False
    return "pattern" not in meta or compiled(meta["pattern"]).fullmatch(value) is not None


_CATEGORY_TESTS = {
    sre_c.CATEGORY_DIGIT: lambda c: c in string.digits,
    sre_c.CATEGORY_NOT_DIGIT: lambda c: c not in string.digits,
    sre_c.CATEGORY_SPACE: lambda c: c in " \t\n\r\f\v",
    sre_c.CATEGORY_NOT_SPACE: lambda c: c not in " \t\n\r\f\v",
    sre_c.CATEGORY_WORD: lambda c: c.isascii() and (c.isalnum() or c == "_"),
    sre_c.CATEGORY_NOT_WORD: lambda c: not (c.isascii() and (c.isalnum() or c == "_")),
}


def _in_class(items, c):
    negate, hit = False, False
    for op, av in items:
        if op is sre_c.NEGATE:
            negate = True
        elif op is sre_c.LITERAL:
            hit = hit or ord(c) == av
        elif op is sre_c.RANGE:
            hit = hit or av[0] <= ord(c) <= av[1]
        elif op is sre_c.CATEGORY:
            hit = hit or _CATEGORY_TESTS[av](c)
        else:
            raise ValueError("unsupported class item %r" % (op,))
    return hit != negate


class Xeger:
    """Generates a string matching a parsed regex; lookaheads are ignored (the caller checks
    the result with fullmatch and retries). Repeats stay short: at most min + `extra`."""

    def __init__(self, rng, extra=3):
        self.rng, self.extra = rng, extra

    def pick(self, allowed):
        preferred = [c for c in PREFERRED if allowed(c)]
        other = [c for c in OTHER if allowed(c)]
        if not preferred and not other:
            raise ValueError("no printable ASCII character fits")
        return self.rng.choice(preferred or other)

    def gen(self, parsed, groups):
        out = []
        for op, av in parsed:
            if op is sre_c.LITERAL:
                out.append(chr(av))
            elif op is sre_c.NOT_LITERAL:
                out.append(self.pick(lambda c, av=av: ord(c) != av))
            elif op is sre_c.ANY:
                out.append(self.pick(lambda c: c != "\n"))
            elif op is sre_c.IN:
                out.append(self.pick(lambda c, av=av: _in_class(av, c)))
            elif op is sre_c.BRANCH:
                out.append(self.gen(self.rng.choice(av[1]), groups))
            elif op is sre_c.SUBPATTERN:
                text = self.gen(av[-1], groups)
                if av[0] is not None:
                    groups[av[0]] = text
                out.append(text)
            elif op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, getattr(sre_c, "POSSESSIVE_REPEAT", None)):
                lo, hi, sub = av
                hi = lo + self.extra if hi is sre_c.MAXREPEAT else min(hi, lo + self.extra)
                out.extend(self.gen(sub, groups) for _ in range(self.rng.randint(lo, hi)))
            elif op is getattr(sre_c, "ATOMIC_GROUP", None):
                out.append(self.gen(av, groups))
            elif op is sre_c.GROUPREF:
                out.append(groups.get(av, ""))
            elif op in (sre_c.AT, sre_c.ASSERT, sre_c.ASSERT_NOT):
                pass
            else:
                raise ValueError("unsupported regex construct %r" % (op,))
        return "".join(out)


def generate_string(shape, seed, avoid=()):
    """A deterministic string for `shape` that satisfies its pattern and length, not in `avoid`."""
    meta = shape.metadata
    rng = random.Random(seed)
    pattern = meta.get("pattern", "(?s).*")
    parsed = sre_parse.parse(translate(pattern), re.ASCII)
    for attempt in range(2000):
        # Longer repeats only when short ones keep failing (e.g. a `min` length on `[0-9]+`).
        text = Xeger(rng, extra=min(3 * 2 ** (attempt // 100), 4096)).gen(parsed, {})
        if string_ok(shape, text) and text not in avoid and (text or attempt >= 100):
            return text
    raise ValueError("cannot generate a value for %s matching %r" % (shape.name, pattern))


# ---------------------------------------------------------------------------- values


class Builder:
    """Builds Python parameter values for shapes. `union_used` records every (union, member)
    built so far, so the caller can add cases for members that never came up."""

    def __init__(self):
        self.union_turn = {}
        self.enum_turn = {}
        self.union_used = set()
        self.force = {}  # union shape name -> member name to use

    def value(self, shape, mode, label, idx=0, stack=(), avoid=()):
        kind = shape.type_name
        if kind == "structure":
            if shape.metadata.get("document"):
                return {"doc": [1, "two", None, True], "n": 1.5}
            return self.structure(shape, mode, idx, stack + (shape.name,))
        if kind == "list":
            n = self.count(shape, 1 if mode == "minimal" else 2)
            items = []
            for i in range(n):
                items.append(self.value(shape.member, mode, label, idx + i, stack, avoid=items))
            return items
        if kind == "map":
            n = self.count(shape, 1 if mode == "minimal" else 2)
            out = {}
            for i in range(n):
                key = self.value(shape.key, mode, "key", idx + i, stack, avoid=list(out))
                if key in out:  # e.g. a key enum with fewer values than entries
                    break
                out[key] = self.value(shape.value, mode, label, idx + i, stack)
            return out
        if kind == "string":
            return self.string(shape, label, idx, avoid)
        if kind in ("integer", "long", "short", "byte"):
            return self.number(shape, mode, BIG_LONG if kind == "long" else 2**31 - 1)
        if kind in ("double", "float"):  # clamped into the range (lambda's GiB per vCPU)
            lo, hi = shape.metadata.get("min"), shape.metadata.get("max")
            v = 1.5 if mode == "full" else 0.25
            return min(max(v, lo if lo is not None else v), hi if hi is not None else v)
        if kind == "boolean":
            return mode == "full"
        if kind == "timestamp":
            return FULL_TIME if mode == "full" else MINIMAL_TIME
        if kind == "blob":
            return b"\x00binary\xff" if mode == "full" else b"b"
        raise ValueError("unsupported shape type %s (%s)" % (kind, shape.name))

    def structure(self, shape, mode, idx, stack):
        members = list(shape.members.items())
        if shape.is_tagged_union:
            name = self.force.get(shape.name)
            if name is None:
                turn = self.union_turn.get(shape.name, 0)
                self.union_turn[shape.name] = turn + 1
                name = members[turn % len(members)][0]
            self.union_used.add((shape.name, name))
            return {name: self.value(shape.members[name], mode, name, idx, stack)}
        out = {}
        for name, member in members:
            wanted = (
                name in shape.required_members
                or member.metadata.get("idempotencyToken")
                or (mode == "full" and not self.recursive(member, stack))
            )
            if wanted:
                out[name] = self.value(member, mode, name, idx, stack)
        return out

    def recursive(self, shape, stack):
        """Whether building `shape` would re-enter a structure already on `stack`."""
        seen = set()

        def walk(s):
            if s.name in stack:
                return True
            if s.name in seen:
                return False
            seen.add(s.name)
            if s.type_name == "structure":
                return any(walk(m) for m in s.members.values())
            if s.type_name == "list":
                return walk(s.member)
            if s.type_name == "map":
                return walk(s.value)
            return False

        return walk(shape)

    @staticmethod
    def count(shape, wanted):
        lo, hi = shape.metadata.get("min", 0), shape.metadata.get("max", wanted)
        return max(lo, min(wanted, hi))

    @staticmethod
    def number(shape, mode, unbounded):
        lo, hi = shape.metadata.get("min"), shape.metadata.get("max")
        if mode == "minimal":
            return lo if lo is not None else 1
        if hi is not None:
            return hi
        return unbounded if lo is None or unbounded >= lo else lo

    def string(self, shape, label, idx, avoid=()):
        enum = shape.enum
        if enum:
            turn = self.enum_turn.get(shape.name, 0)
            for k in range(len(enum)):
                v = enum[(turn + k) % len(enum)]
                if v not in avoid:
                    self.enum_turn[shape.name] = turn + k + 1
                    return v
            return enum[turn % len(enum)]
        for readable in ("%s-%d" % (label, idx), "%s%d" % (label, idx), label if idx == 0 else None):
            if readable and string_ok(shape, readable) and readable not in avoid:
                return readable
        return generate_string(shape, "%s|%s|%d" % (shape.name, label, idx), avoid)


# ---------------------------------------------------------------------------- walking values


def walk(shape, value, wire, path=()):
    """Yields (path, shape, value) for `value` and everything inside it, depth first, in model
    order. Paths are member names (or, if `wire`, serialized JSON keys), list indices, map keys."""
    yield path, shape, value
    if not isinstance(value, (dict, list)):
        return
    if shape.type_name == "structure" and not shape.metadata.get("document"):
        for name, member in shape.members.items():
            key = member.serialization.get("name", name) if wire else name
            if key in value:
                yield from walk(member, value[key], wire, path + (key,))
    elif shape.type_name == "list":
        for i, item in enumerate(value):
            yield from walk(shape.member, item, wire, path + (i,))
    elif shape.type_name == "map":
        for k, v in list(value.items()):
            yield from walk(shape.value, v, wire, path + (k,))


def get_path(value, path):
    for p in path:
        value = value[p]
    return value


def set_path(value, path, new):
    get_path(value, path[:-1])[path[-1]] = new


def timestamp_wire(shape, dt):
    fmt = (shape.serialization.get("timestampFormat") or "unixtimestamp").lower()
    if fmt == "iso8601":
        ms = ".%03d" % (dt.microsecond // 1000) if dt.microsecond else ""
        return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S") + ms + "Z"
    if fmt == "rfc822":
        return dt.astimezone(UTC).strftime("%a, %d %b %Y %H:%M:%S GMT")
    return epoch(dt)


class Tag:
    """A CBOR tagged value (tag 1: epoch seconds)."""

    def __init__(self, tag, value):
        self.tag, self.value = tag, value


def to_wire(shape, value, cbor=False):
    """The awsJson form of a parameter value (what a service would put in a body), or with
    `cbor` the RPC v2 CBOR form (blobs as bytes, timestamps as tag 1 epoch seconds)."""
    if value is None:
        return None
    kind = shape.type_name
    if kind == "structure" and not shape.metadata.get("document"):
        return {
            shape.members[k].serialization.get("name", k): to_wire(shape.members[k], v, cbor)
            for k, v in value.items()
        }
    if kind == "list":
        return [to_wire(shape.member, v, cbor) for v in value]
    if kind == "map":
        return {k: to_wire(shape.value, v, cbor) for k, v in value.items()}
    if kind == "timestamp" and cbor:
        return Tag(1, epoch(value))
    if kind == "timestamp":
        return timestamp_wire(shape, value)
    if kind == "blob" and cbor:
        return bytes(value)
    if kind == "blob":
        return base64.b64encode(value).decode("ascii")
    return value


def epoch(dt):
    """Seconds since the epoch: an int when whole, else the nearest float."""
    delta = dt - datetime.datetime(1970, 1, 1, tzinfo=UTC)
    micros = (delta.days * 86400 + delta.seconds) * 10**6 + delta.microseconds
    return micros // 10**6 if micros % 10**6 == 0 else micros / 10**6


def to_json(value):
    """JSON-encodable form of Python values: datetimes as ISO-8601 (UTC, 'Z'), bytes as base64."""
    if isinstance(value, datetime.datetime):
        return timestamp_wire_iso(value)
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    return value


def timestamp_wire_iso(dt):
    frac = ".%06d" % dt.microsecond if dt.microsecond else ""
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S") + frac.rstrip("0") + "Z"


def parsed_to_json(value):
    """Encodes what botocore's parser returned: datetime -> {"$timestamp": epoch seconds}."""
    if isinstance(value, datetime.datetime):
        return {"$timestamp": epoch(value)}
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, dict):
        return {k: parsed_to_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [parsed_to_json(v) for v in value]
    return value
