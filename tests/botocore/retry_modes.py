"""Drives botocore's standard-mode retry handler with its retry quota, and the adaptive
mode's client rate limiter on a fake clock, through scripted outcomes.

Reads on stdin {"quota": [scenario], "limiter": [scenario]}:

- a quota scenario {"max_attempts", "capacity", "outcomes": [outcome]} is a stream of
  attempt outcomes that calls consume in turn (past its end every attempt succeeds); each
  call runs botocore's `RetryHandler.needs_retry` after each attempt (built as
  `standard.register_retry_handler` builds it) and `RetryQuotaChecker.release_retry_quota`
  when it ends with a response;
- a limiter scenario {"start", "steps": [{"at", "latency", "outcome"}]} sends each step at
  `at` (or later, if the limiter makes it wait) through the `ClientRateLimiter` that
  `adaptive.register_retry_handler` builds, its clock a fake one: the token bucket's waits
  advance it instead of sleeping (by at least one floating-point step, as real time would).

An outcome is "ok" (200), "throttle" (400 ThrottlingException), "429" (429
TooManyRequests, a code the operation does not model), "500" (500
InternalServerException), "503" (503, empty body), "validation" (400
ValidationException), "timeout" (ReadTimeoutError) or "connection"
(EndpointConnectionError).

A classify case {"service", "operation", "status", "code"} is one error response of that
operation, judged by `StandardRetryConditions` (retryable?) and `ThrottlingErrorDetector`
(throttling?) with the operation's own model: [retryable, throttling].

Writes {"quota": [[record]], "limiter": [[record]], "classify": [[bool, bool]]}: one record per attempt and one per
call end for the quota (the decision and the quota left), one per step for the limiter
(send time, waits, and the bucket, CUBIC and rate-clocker state after the response, each
number as the bits of its double). Used
by tests/tests/retry_botocore.rs.
"""

import json
import math
import struct
import sys
import types

import botocore.session
from botocore.awsrequest import AWSResponse
from botocore.exceptions import EndpointConnectionError, ReadTimeoutError
from botocore.hooks import HierarchicalEmitter
from botocore.retries import adaptive, bucket, quota, standard

URL = "https://partnercentral-selling.us-east-1.api.aws/"
OPERATION = (
    botocore.session.get_session()
    .get_service_model("partnercentral-selling")
    .operation_model("CreateOpportunity")
)

RESPONSES = {
    "ok": (200, None),
    "throttle": (400, "ThrottlingException"),
    "429": (429, "TooManyRequests"),
    "500": (500, "InternalServerException"),
    "503": (503, ""),
    "validation": (400, "ValidationException"),
}


def needs_retry_kwargs(outcome, attempt, request_context):
    """The keyword arguments of botocore's `needs-retry` event for one attempt."""
    response = None
    exception = None
    if outcome == "timeout":
        exception = ReadTimeoutError(endpoint_url=URL)
    elif outcome == "connection":
        exception = EndpointConnectionError(endpoint_url=URL)
    else:
        status, code = RESPONSES[outcome]
        http = AWSResponse(URL, status, {}, None)
        parsed = {"ResponseMetadata": {"HTTPStatusCode": status}}
        if code is not None:
            parsed["Error"] = {"Code": code, "Message": ""}
        response = (http, parsed)
    return {
        "response": response,
        "attempts": attempt,
        "operation": OPERATION,
        "caught_exception": exception,
        "request_dict": {"context": request_context},
    }


def run_quota(scenario):
    max_attempts = scenario["max_attempts"]
    # As `standard.register_retry_handler` wires them, with the scenario's capacity.
    adapter = standard.RetryEventAdapter()
    detector = standard.ThrottlingErrorDetector(adapter)
    checker = standard.RetryQuotaChecker(
        quota.RetryQuota(scenario["capacity"]), detector
    )
    conditions = standard.StandardRetryConditions(max_attempts=max_attempts)
    handler = standard.RetryHandler(
        retry_policy=standard.RetryPolicy(
            retry_checker=conditions,
            retry_backoff=standard.ExponentialBackoff(
                service_name="partnercentral-selling",
                throttling_detector=detector,
            ),
        ),
        retry_event_adapter=adapter,
        retry_quota=checker,
        service_name="partnercentral-selling",
    )
    outcomes = list(scenario["outcomes"])
    records = []
    call = 0
    while outcomes:
        call += 1
        request_context = {}
        attempt = 1
        while True:
            outcome = outcomes.pop(0) if outcomes else "ok"
            kwargs = needs_retry_kwargs(outcome, attempt, request_context)
            context = adapter.create_retry_context(**kwargs)
            retryable = conditions._additional_checkers.is_retryable(context)
            delay = handler.needs_retry(**kwargs)
            if delay is not None:
                decision = "retry"
            elif not retryable:
                decision = "final"
            elif attempt >= max_attempts:
                decision = "attempts"
            else:
                decision = "quota"
            records.append(
                {
                    "call": call,
                    "attempt": attempt,
                    "outcome": outcome,
                    "decision": decision,
                    "available": checker._quota.available_capacity,
                }
            )
            if decision != "retry":
                break
            attempt += 1
        response = kwargs["response"]
        if response is not None:
            # botocore's `after-call`, which only a call that ends with a response reaches.
            checker.release_retry_quota(request_context, response[0])
        records.append(
            {"call": call, "end": True, "available": checker._quota.available_capacity}
        )
    return records


def bits(number):
    """A float as the 64 bits of its IEEE 754 double: JSON readers may round decimals."""
    return struct.unpack("<Q", struct.pack("<d", float(number)))[0]


class FakeClock:
    def __init__(self, now):
        self.now = now

    def current_time(self):
        return self.now

    def sleep(self, amount):
        self.now += amount


class FakeCondition:
    """The token bucket's condition variable: a wait advances the fake clock."""

    def __init__(self, clock):
        self.clock = clock
        self.waits = []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def wait(self, timeout):
        self.waits.append(timeout)
        # A wait too short to move the clock (the bucket can end a wait an ulp short of a
        # token) moves it one step, as real time would.
        later = self.clock.now + timeout
        self.clock.now = later if later > self.clock.now else math.nextafter(later, math.inf)

    def notify(self):
        pass


def run_limiter(scenario):
    clock = FakeClock(scenario["start"])
    real_clock = bucket.Clock
    bucket.Clock = lambda: clock
    try:
        client = types.SimpleNamespace(
            meta=types.SimpleNamespace(events=HierarchicalEmitter())
        )
        limiter = adaptive.register_retry_handler(client)
    finally:
        bucket.Clock = real_clock
    token_bucket = limiter._token_bucket
    condition = FakeCondition(clock)
    token_bucket._new_fill_rate_condition = condition
    records = []
    for step in scenario["steps"]:
        clock.now = max(clock.now, step["at"])
        before = len(condition.waits)
        limiter.on_sending_request(request=None)
        sent = clock.now
        clock.now = sent + step["latency"]
        limiter.on_receiving_response(
            **needs_retry_kwargs(step["outcome"], 1, {})
        )
        cubic = limiter._rate_adjustor.get_params_snapshot()
        records.append(
            {
                "sent": bits(sent),
                "waits": [bits(wait) for wait in condition.waits[before:]],
                "enabled": limiter._enabled,
                "fill_rate": bits(token_bucket.max_rate),
                "max_capacity": bits(token_bucket.max_capacity),
                "available": bits(token_bucket.available_capacity),
                "measured_rate": bits(limiter._rate_clocker.measured_rate),
                "w_max": bits(cubic.w_max),
                "k": bits(cubic.k),
                "last_fail": bits(cubic.last_fail),
            }
        )
    return records


def classify(case, session=botocore.session.get_session()):
    """[retryable, throttling] of one error response, as botocore's standard mode sees it."""
    operation = session.get_service_model(case["service"]).operation_model(
        case["operation"]
    )
    status = case["status"]
    context = standard.RetryContext(
        attempt_number=1,
        operation_model=operation,
        parsed_response={
            "Error": {"Code": case["code"], "Message": ""},
            "ResponseMetadata": {"HTTPStatusCode": status},
        },
        http_response=AWSResponse(URL, status, {}, None),
    )
    retryable = standard.StandardRetryConditions(max_attempts=10).is_retryable(context)
    throttling = standard.ThrottlingErrorDetector(
        None
    ).is_throttling_error_from_context(context)
    return [retryable, throttling]


def main():
    scenarios = json.load(sys.stdin)
    json.dump(
        {
            "quota": [run_quota(s) for s in scenarios["quota"]],
            "limiter": [run_limiter(s) for s in scenarios["limiter"]],
            "classify": [classify(c) for c in scenarios.get("classify", [])],
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
