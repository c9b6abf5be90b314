"""The wire forms the vectors are recorded in: awsJson bodies, and Smithy RPC v2 CBOR bodies.

A `Wire` turns wire values (what `to_wire` builds: dicts, lists, scalars) into body bytes and
back. For CBOR the recorded "body" is a view of the CBOR in awsJson form (byte strings as
base64, tag 1 timestamps as epoch seconds), so that the same Rust checks read both; the exact
bytes are recorded beside it, base64-encoded, as "cbor".
"""

import base64
import datetime
import json
import struct

from vector_values import Tag, epoch, to_wire

REQUEST_ID = "c0ffee00-0000-4000-8000-000000000000"


class JsonWire:
    protocol = "json"
    headers = {"Content-Type": "application/x-amz-json-1.0", "x-amzn-RequestId": REQUEST_ID}
    request_headers = ("X-Amz-Target", "Content-Type")

    def to_wire(self, shape, value):
        return to_wire(shape, value)

    def encode(self, value):
        """Body bytes; a str is the exact body text."""
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        return text.encode("utf-8")

    def view(self, body):
        return json.loads(body.decode("utf-8"))

    def record(self, body):
        """The recorded form of body bytes."""
        return {"body": body.decode("utf-8")}


class CborWire:
    protocol = "smithy-rpc-v2-cbor"
    headers = {"Content-Type": "application/cbor", "smithy-protocol": "rpc-v2-cbor",
               "x-amzn-RequestId": REQUEST_ID}
    request_headers = ("smithy-protocol", "Content-Type", "Accept")

    def __init__(self, indefinite=False):
        self.indefinite = indefinite

    def to_wire(self, shape, value):
        return to_wire(shape, value, cbor=True)

    def encode(self, value):
        """Body bytes; a str is the exact body (for bodies that are not CBOR at all)."""
        if isinstance(value, str):
            return value.encode("utf-8")
        out = bytearray()
        self._item(out, value)
        return bytes(out)

    def _head(self, out, major, n):
        if n < 24:
            out.append(major << 5 | n)
        else:
            size = next(i for i, limit in enumerate((0xFF, 0xFFFF, 0xFFFFFFFF, 2**64 - 1)) if n <= limit)
            out.append(major << 5 | (24 + size))
            out += n.to_bytes(1 << size, "big")

    def _item(self, out, value):
        if value is None:
            out.append(0xF6)
        elif value is True or value is False:
            out.append(0xF5 if value else 0xF4)
        elif isinstance(value, int):
            self._head(out, 0, value) if value >= 0 else self._head(out, 1, -1 - value)
        elif isinstance(value, float):
            out.append(0xFB)
            out += struct.pack(">d", value)
        elif isinstance(value, Tag):
            self._head(out, 6, value.tag)
            self._item(out, value.value)
        elif isinstance(value, (bytes, str)):
            major, data = (2, value) if isinstance(value, bytes) else (3, value.encode("utf-8"))
            if self.indefinite and len(data) > 1:  # two chunks
                out.append(major << 5 | 31)
                for chunk in (data[:1], data[1:]):
                    self._head(out, major, len(chunk))
                    out += chunk
                out.append(0xFF)
            else:
                self._head(out, major, len(data))
                out += data
        elif isinstance(value, (list, dict)):
            major = 4 if isinstance(value, list) else 5
            if self.indefinite:
                out.append(major << 5 | 31)
            else:
                self._head(out, major, len(value))
            for entry in value.items() if isinstance(value, dict) else value:
                for part in entry if isinstance(value, dict) else (entry,):
                    self._item(out, part)
            if self.indefinite:
                out.append(0xFF)
        else:
            raise TypeError("no CBOR form for %r" % (value,))

    def view(self, body):
        """botocore's own CBOR reader, then awsJson form."""
        from botocore.parsers import create_parser

        parser = create_parser(self.protocol)
        return awsjson_form(parser.parse_data_item(parser.get_peekable_stream_from_bytes(body)))

    def record(self, body):
        try:
            text = json.dumps(self.view(body), ensure_ascii=False)
        except Exception:  # not CBOR: the raw text, for the reader
            text = body.decode("utf-8", "replace")
        return {"body": text, "cbor": base64.b64encode(body).decode("ascii")}


def awsjson_form(value):
    if isinstance(value, datetime.datetime):
        return epoch(value)
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, dict):
        return {k: awsjson_form(v) for k, v in value.items()}
    if isinstance(value, list):
        return [awsjson_form(v) for v in value]
    return value


def wire_for(protocol):
    return {"json": JsonWire, "smithy-rpc-v2-cbor": CborWire}[protocol]()
