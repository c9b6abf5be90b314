"""Resolves credentials and the region with botocore's default chain, scenario by scenario.

Reads {"relative_base": "127.0.0.1:PORT", "scenarios": [{"name", "env": {...}}, ...]} on
stdin. For each scenario the process environment becomes exactly "env" (HOME, the files,
AWS_* variables; IMDS and the container endpoint pointed at local servers), a new
botocore Session resolves credentials (session.get_credentials()) and the region
(session.get_config_variable("region")), and one result is written:
  {"name", "outcome": "ok" | "none" | "error", "method", "access_key", "secret_key", "token",
   "error", "region", "region_error"}
Sources that need STS or SSO (assume-role, assume-role-with-web-identity, sso) are deferred by
botocore until first use: only their method is reported, their keys are never fetched.
Relative container URIs go to "relative_base" instead of 169.254.170.2 (botocore builds
them from ContainerMetadataFetcher.IP_ADDRESS). Used by tests/tests/credentials_botocore.rs.
"""

import json
import os
import sys

import botocore.session
import botocore.utils

DEFERRED = {"assume-role", "assume-role-with-web-identity", "sso"}


def resolve(env):
    os.environ.clear()
    os.environ.update(env)
    session = botocore.session.Session()
    result = {"outcome": "none", "method": None, "access_key": None, "secret_key": None,
              "token": None, "error": None, "region": None, "region_error": None}
    try:
        credentials = session.get_credentials()
        if credentials is not None:
            result["outcome"] = "ok"
            result["method"] = credentials.method
            if credentials.method not in DEFERRED:
                frozen = credentials.get_frozen_credentials()
                result["access_key"] = frozen.access_key
                result["secret_key"] = frozen.secret_key
                result["token"] = frozen.token
    except Exception as error:  # every failure counts as one outcome: "error"
        result.update(outcome="error", method=None, error=f"{type(error).__name__}: {error}")
    try:
        result["region"] = session.get_config_variable("region")
    except Exception as error:
        result["region_error"] = f"{type(error).__name__}: {error}"
    return result


def main():
    request = json.load(sys.stdin)
    botocore.utils.ContainerMetadataFetcher.IP_ADDRESS = request["relative_base"]
    results = []
    for scenario in request["scenarios"]:
        result = resolve(scenario["env"])
        result["name"] = scenario["name"]
        results.append(result)
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
