"""Resolves credentials and the region with botocore's default chain, scenario by scenario.

Reads {"relative_base": "127.0.0.1:PORT", "scenarios": [{"name", "env": {...}}, ...]} on
stdin. For each scenario the process environment becomes exactly "env" (HOME, the files,
AWS_* variables; IMDS and the container endpoint pointed at local servers), a new
botocore Session resolves credentials (session.get_credentials()) and the region
(session.get_config_variable("region")), and one result is written:
  {"name", "outcome": "ok" | "none" | "error", "method", "planned_method", "access_key",
   "secret_key", "token", "error", "region", "region_error"}
Every source's keys are fetched (get_frozen_credentials), those that need STS, SSO or SSO-OIDC
too: the test points AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL_SSO and AWS_ENDPOINT_URL_SSO_OIDC at
local servers. "planned_method" is the method botocore chose even when fetching then failed.
botocore computes its SSO token cache directory from HOME when it is imported
(SSOProvider._SSO_TOKEN_CACHE_DIR, SSOTokenProvider._SSO_TOKEN_CACHE_DIR): it is recomputed
for each scenario's HOME, as if botocore had started there. An MFA prompt (getpass) reads
the exhausted stdin and fails (EOFError). Relative container URIs go to "relative_base"
instead of 169.254.170.2 (botocore builds them from ContainerMetadataFetcher.IP_ADDRESS).
Used by tests/tests/credentials_botocore.rs.
"""

import json
import os
import sys

import botocore.credentials
import botocore.session
import botocore.tokens
import botocore.utils


def resolve(env):
    os.environ.clear()
    os.environ.update(env)
    cache = os.path.expanduser(os.path.join("~", ".aws", "sso", "cache"))
    botocore.credentials.SSOProvider._SSO_TOKEN_CACHE_DIR = cache
    botocore.tokens.SSOTokenProvider._SSO_TOKEN_CACHE_DIR = cache
    session = botocore.session.Session()
    result = {"outcome": "none", "method": None, "planned_method": None, "access_key": None,
              "secret_key": None, "token": None, "error": None, "region": None,
              "region_error": None}
    try:
        credentials = session.get_credentials()
        if credentials is not None:
            result["planned_method"] = credentials.method
            frozen = credentials.get_frozen_credentials()
            result["outcome"] = "ok"
            result["method"] = credentials.method
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
