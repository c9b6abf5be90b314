"""botocore 1.44.5 as a client of a server that speaks awsQuery or ec2Query.

Usage: query_roundtrip.py ENDPOINT MODEL. Loads MODEL (the `query` or `ec2-query` fixture's
service-2.json) as a service of its own, calls it at ENDPOINT (a server built from the
generated dispatcher of that fixture, tests/tests/e2e_query.rs) and writes a JSON list of
{"check", "ok", "error"}: botocore's form reaches the service and reads back, gzipped when
large, its idempotency token filled; botocore parses every output (the awsQuery result
wrapper or ec2Query's unwrapped members, the request id in ResponseMetadata), the modeled
error and the server's own validation error, with their codes, messages, statuses and
request ids. botocore sees no user configuration.
"""

import datetime
import json
import os
import shutil
import sys
import tempfile
import traceback

UTC = datetime.timezone.utc


def thing(name, label):
    return {
        "Name": name,
        "Kind": "large",
        "Tags": [{"Key": "k1", "Value": "v & <1> + \u00fc"}, {"Key": "k2"}],
        "Labels": [label, "a=b&c"],
        "Counts": list(range(1, 13)),
        "Attributes": {"color": "blue", "empty": ""},
        "Settings": {"fast": {"Key": "mode", "Value": "on"}, "slow": {"Key": "mode"}},
        "Nested": {"Count": -3, "Ratio": float("inf"), "Size": 9007199254740993,
                   "Inner": {"Ratio": 0.25, "Inner": {"Count": 7}}},
        "Enabled": False,
        "Created": datetime.datetime(2024, 5, 1, 12, 30, 45, 500000, tzinfo=UTC),
        "Expires": datetime.datetime(2030, 1, 1, tzinfo=UTC),
        "Data": b"\x00binary\xff",
    }


def main():
    endpoint, model_path = sys.argv[1], sys.argv[2]
    with open(model_path, encoding="utf-8") as f:
        model = json.load(f)
    name = "fixture-" + model["metadata"]["endpointPrefix"]
    data = tempfile.mkdtemp()
    dest = os.path.join(data, name, model["metadata"]["apiVersion"])
    os.makedirs(dest)
    shutil.copyfile(model_path, os.path.join(dest, "service-2.json"))
    for key in [k for k in os.environ if k.startswith("AWS_")]:
        del os.environ[key]
    os.environ.update({
        "AWS_DATA_PATH": data, "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull, "AWS_EC2_METADATA_DISABLED": "true",
    })
    import botocore.session
    from botocore.config import Config
    from botocore.exceptions import ClientError

    client = botocore.session.get_session().create_client(
        name, region_name="us-east-1", endpoint_url=endpoint,
        aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="SECRETEXAMPLE",
        config=Config(retries={"total_max_attempts": 1}),
    )
    protocol = client.meta.service_model.protocol
    assert protocol in ("query", "ec2"), protocol
    sent = []
    client.meta.events.register("before-send", lambda request, **_: sent.append(request))

    results = []

    def check(label, function):
        try:
            function()
            results.append({"check": label, "ok": True, "error": None})
        except Exception:  # a failed check, reported with its traceback
            results.append({"check": label, "ok": False, "error": traceback.format_exc()})

    def same(got, want, what):
        assert got == want, "%s: got %r, want %r" % (what, got, want)

    def request_id(response):
        metadata = response["ResponseMetadata"]
        same(metadata["RequestId"], metadata["HTTPHeaders"]["x-amzn-requestid"], "request id")

    def put_get():
        want = thing("thing-1", "one label")
        put = client.put_thing(Thing=want, DryRun=True)
        request_id(put)
        same(put["Thing"], want, "PutThing output")
        same(len(put["Token"]), 36, "the idempotency token botocore filled")
        got = client.get_thing(ThingName="thing-1")
        request_id(got)
        same(got["Thing"], want, "GetThing output")

    def gzipped():
        want = thing("thing-2", "x" * 20000)
        put = client.put_thing(Thing=want)
        encoding = sent[-1].headers.get("Content-Encoding")
        assert encoding in ("gzip", b"gzip"), "the request's encoding: %r" % (encoding,)
        same(put["Thing"], want, "PutThing output of a gzipped request")

    def no_output_then_modeled_error():
        deleted = client.delete_thing(ThingName="thing-1")
        request_id(deleted)
        try:
            client.get_thing(ThingName="thing-1")
        except ClientError as error:
            response = error.response
            same(response["Error"]["Code"], "ThingNotFound", "code")
            same(response["Error"]["Message"], "no such thing", "message")
            same(response["ResponseMetadata"]["HTTPStatusCode"], 404, "status")
            request_id(response)
            return
        raise AssertionError("GetThing of a deleted thing succeeded")

    def validation():
        code = "InvalidParameterValue" if protocol == "ec2" else "ValidationError"
        try:
            client.put_thing(Thing=thing("Not Valid!", "l"))
        except ClientError as error:
            same(error.response["Error"]["Code"], code, "code")
            message = error.response["Error"]["Message"]
            assert "/Thing/Name must match the pattern" in message, message
            request_id(error.response)
            return
        raise AssertionError("an invalid name was accepted")

    check("put and get", put_get)
    check("gzipped request", gzipped)
    check("no output, then the modeled error", no_output_then_modeled_error)
    check("strict validation", validation)
    json.dump(results, sys.stdout)
    shutil.rmtree(data)


if __name__ == "__main__":
    main()
