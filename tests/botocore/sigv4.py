"""Signs requests with botocore's own SigV4Auth at a fixed time.

Reads a JSON list of cases on stdin, each
  {"method", "url", "headers": [[name, value], ...], "body" (text), "access_key", "secret",
   "token" (or null), "region", "service", "time" (Unix seconds)}
and writes a JSON list of the headers botocore adds: {"authorization", "x-amz-date",
"x-amz-security-token"}. Used by tests/tests/sigv4_botocore.rs.
"""

import datetime
import json
import sys
from unittest import mock

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials


def sign(case):
    request = AWSRequest(
        method=case["method"],
        url=case["url"],
        data=case["body"].encode("utf-8"),
        headers=dict(case["headers"]),
    )
    credentials = Credentials(case["access_key"], case["secret"], case["token"])
    signer = botocore.auth.SigV4Auth(credentials, case["service"], case["region"])
    now = datetime.datetime.fromtimestamp(case["time"], tz=datetime.timezone.utc)
    # botocore reads the clock through this one function; fixing it fixes the signature.
    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=now):
        signer.add_auth(request)
    return {
        "authorization": request.headers.get("Authorization"),
        "x-amz-date": request.headers.get("X-Amz-Date"),
        "x-amz-security-token": request.headers.get("X-Amz-Security-Token"),
    }


def main():
    cases = json.load(sys.stdin)
    json.dump([sign(case) for case in cases], sys.stdout, indent=1)


if __name__ == "__main__":
    main()
