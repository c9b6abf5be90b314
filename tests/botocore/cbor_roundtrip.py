"""botocore 1.44.5 as a client of a server that speaks Smithy RPC v2 CBOR.

Usage: cbor_roundtrip.py ENDPOINT SERVICE. Calls every operation of SERVICE twice, with
minimal and with full valid parameters (xtask/vectors/vector_values.py's Builder), against
ENDPOINT, and writes a JSON list of {"operation", "case", "ok", "error", "output"}. botocore
sees only this repository's models and no user configuration. Used by
tests/tests/e2e_botocore_cbor.rs.
"""

import datetime
import json
import os
import sys


def main():
    endpoint, service = sys.argv[1], sys.argv[2]
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    for key in [k for k in os.environ if k.startswith("AWS_")]:
        del os.environ[key]
    os.environ.update({
        "AWS_DATA_PATH": os.path.join(root, "models"), "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull, "AWS_EC2_METADATA_DISABLED": "true",
    })
    sys.path.insert(0, os.path.join(root, "xtask", "vectors"))
    import botocore
    import botocore.session
    from botocore.config import Config
    from vector_values import Builder

    session = botocore.session.get_session()
    client = session.create_client(
        service, region_name="us-east-1", endpoint_url=endpoint,
        aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="SECRETEXAMPLE",
        config=Config(retries={"max_attempts": 1}),
    )
    model = client.meta.service_model
    assert model.protocol == "smithy-rpc-v2-cbor", model.protocol

    def plain(value):
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items() if k != "ResponseMetadata"}
        if isinstance(value, list):
            return [plain(v) for v in value]
        if isinstance(value, datetime.datetime):
            return value.timestamp()
        if isinstance(value, bytes):
            return value.decode("latin-1")
        return value

    results = []
    builder = Builder()
    for op in model.operation_names:
        shape = model.operation_model(op).input_shape
        for case in ("minimal", "full"):
            params = builder.value(shape, case, "Value") if shape is not None else {}
            method = getattr(client, botocore.xform_name(op))
            try:
                output = method(**params)
                results.append({"operation": op, "case": case, "ok": True, "error": None,
                                "output": plain(output)})
            except Exception as error:  # recorded, judged by the Rust test
                results.append({"operation": op, "case": case, "ok": False,
                                "error": "%s: %s" % (type(error).__name__, error), "output": None})
    json.dump(results, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
