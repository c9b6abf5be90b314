"""Signs requests with botocore's own SigV4Auth at a fixed time.

Reads a JSON list of cases on stdin, each
  {"method", "url", "headers": [[name, value], ...], "body" (base64),
   "payload" ("signed", "unsigned" or "trailer"),
   "access_key", "secret", "token" (or null), "region", "service", "time" (Unix seconds)}
and writes a JSON list of the headers botocore adds: {"authorization", "x-amz-date",
"x-amz-security-token", "x-amz-content-sha256"}. S3 is signed by `S3SigV4Auth`, the others by
`SigV4Auth`; "unsigned" turns payload signing off the way botocore's configuration does (S3's
`payload_signing_enabled`, the request context's for the others); "trailer" marks the request's
checksum as sent in an aws-chunked trailer, as botocore's httpchecksum does for S3 uploads over
HTTPS (S3SigV4Auth then signs STREAMING-UNSIGNED-PAYLOAD-TRAILER). Used by
tests/tests/sigv4_botocore.rs.
"""

import base64
import datetime
import json
import sys
from unittest import mock

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials


def sign(case):
    request = AWSRequest(
        method=case["method"],
        url=case["url"],
        data=base64.b64decode(case["body"]),
        headers=dict(case["headers"]),
    )
    credentials = Credentials(case["access_key"], case["secret"], case["token"])
    s3 = case["service"] == "s3"
    auth = botocore.auth.S3SigV4Auth if s3 else botocore.auth.SigV4Auth
    signer = auth(credentials, case["service"], case["region"])
    if case["payload"] == "unsigned" and s3:
        request.context["client_config"] = Config(s3={"payload_signing_enabled": False})
    elif case["payload"] == "unsigned":
        request.context["payload_signing_enabled"] = False
    elif case["payload"] == "trailer":
        trailer = dict(case["headers"])["x-amz-trailer"]
        request.context["checksum"] = {"request_algorithm": {
            "in": "trailer", "name": trailer, "algorithm": trailer.rsplit("-", 1)[1]}}
    now = datetime.datetime.fromtimestamp(case["time"], tz=datetime.timezone.utc)
    # botocore reads the clock through this one function; fixing it fixes the signature.
    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=now):
        signer.add_auth(request)
    return {
        "authorization": request.headers.get("Authorization"),
        "x-amz-date": request.headers.get("X-Amz-Date"),
        "x-amz-security-token": request.headers.get("X-Amz-Security-Token"),
        "x-amz-content-sha256": request.headers.get("X-Amz-Content-SHA256"),
    }


def main():
    cases = json.load(sys.stdin)
    json.dump([sign(case) for case in cases], sys.stdout, indent=1)


if __name__ == "__main__":
    main()
