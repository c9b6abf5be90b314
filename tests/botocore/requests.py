"""The request botocore's client sends for an operation, as it would go on the wire.

Reads a JSON list of cases on stdin, each {"service", "operation" (the model name),
"region", "time" (Unix seconds)}, and writes a JSON list of {"url", "method", "headers"
(lower-cased names), "body" (base64)} for a call with no parameters (validation off), fixed
credentials and a fixed clock. botocore sees only this repository's models and no user
configuration. Used by tests/tests/auth_botocore.rs: which endpoint, auth scheme, signing
name and region botocore resolves.
"""

import base64
import datetime
import json
import os
import sys
from unittest import mock


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    for key in [k for k in os.environ if k.startswith("AWS_")]:
        del os.environ[key]
    os.environ.update({
        "AWS_DATA_PATH": os.path.join(root, "models"), "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull, "AWS_EC2_METADATA_DISABLED": "true",
    })
    import botocore.auth
    import botocore.session
    from botocore.awsrequest import AWSResponse
    from botocore.config import Config

    class Raw:
        def stream(self, **_kwargs):
            yield b""

    results = []
    for case in json.load(sys.stdin):
        session = botocore.session.get_session()
        client = session.create_client(
            case["service"], region_name=case["region"],
            aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="SECRETEXAMPLE",
            config=Config(parameter_validation=False, retries={"max_attempts": 1}),
        )
        captured = {}

        def capture(request, **_kwargs):
            captured["request"] = request
            return AWSResponse(request.url, 200, {}, Raw())

        client.meta.events.register("before-send", capture)
        now = datetime.datetime.fromtimestamp(case["time"], tz=datetime.timezone.utc)
        method = getattr(client, botocore.xform_name(case["operation"]))
        with mock.patch.object(botocore.auth, "get_current_datetime", return_value=now):
            try:
                method()
            except Exception:  # the empty reply may not parse; the request is what counts
                pass
        request = captured["request"]
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode("utf-8")
        results.append({
            "url": request.url, "method": request.method,
            "headers": {k.lower(): (v.decode() if isinstance(v, bytes) else v) for k, v in request.headers.items()},
            "body": base64.b64encode(body).decode(),
        })
    json.dump(results, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
