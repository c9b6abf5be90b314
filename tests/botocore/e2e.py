"""botocore 1.44.5 as an independent client of the emulator.

Usage: e2e.py ENDPOINT_URL. Runs the Selling and Account calls the emulator implements,
with botocore's own models, serializers, parsers and paginators, and checks that botocore
reads every response and error the way it reads AWS's: types (datetimes, unions as one-key
dicts), error codes and messages, the ValidationException's Reason and field list, HTTP
statuses. Prints one line per check; exits 1 on the first failure.
Used by tests/tests/e2e_botocore.rs.
"""

import datetime
import sys

import botocore.session
from botocore.config import Config
from botocore.exceptions import ClientError

CHECKS = []


def check(condition, what):
    if not condition:
        print(f"FAILED: {what}", flush=True)
        sys.exit(1)
    CHECKS.append(what)
    print(f"ok: {what}", flush=True)


def client(service, url, validate=True):
    session = botocore.session.get_session()
    return session.create_client(
        service,
        region_name="us-east-1",
        endpoint_url=url,
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        config=Config(
            parameter_validation=validate,
            retries={"max_attempts": 1, "mode": "standard"},
        ),
    )


def error_of(call, **params):
    try:
        call(**params)
    except ClientError as error:
        return error.response
    check(False, f"{call.__name__} should fail")


OPPORTUNITY = dict(
    Catalog="Sandbox",
    ClientToken="botocore-token-1",
    Customer={"Account": {"CompanyName": "Zoë Example GmbH", "Industry": "Software and Internet"}},
    Project={"Title": "Migration to AWS", "CustomerBusinessProblem": "The legacy data center lease ends next year."},
    OpportunityType="Net New Business",
)


def selling(url):
    c = client("partnercentral-selling", url)
    created = c.create_opportunity(**OPPORTUNITY)
    opportunity_id = created["Id"]
    check(opportunity_id.startswith("O"), "CreateOpportunity returns an Id")
    check(isinstance(created["LastModifiedDate"], datetime.datetime), "LastModifiedDate parses as a datetime")
    check(created["ResponseMetadata"]["HTTPStatusCode"] == 200, "CreateOpportunity answers 200")
    check(bool(created["ResponseMetadata"].get("RequestId")), "botocore reads x-amzn-requestid")

    again = c.create_opportunity(**OPPORTUNITY)
    check(again["Id"] == opportunity_id, "a repeated ClientToken with the same request returns the first result")
    conflict = error_of(c.create_opportunity, Catalog="Sandbox", ClientToken="botocore-token-1")
    check(conflict["Error"]["Code"] == "ConflictException", "a reused ClientToken with another request is a ConflictException")
    check(conflict["ResponseMetadata"]["HTTPStatusCode"] == 409, "ConflictException answers 409")

    got = c.get_opportunity(Catalog="Sandbox", Identifier=opportunity_id)
    check(got["Id"] == opportunity_id and got["Catalog"] == "Sandbox", "GetOpportunity returns the opportunity")
    check(got["Customer"]["Account"]["CompanyName"] == "Zoë Example GmbH", "non-ASCII text round-trips")
    check(isinstance(got["CreatedDate"], datetime.datetime), "CreatedDate parses as a datetime")
    check(got["LifeCycle"]["ReviewStatus"] == "Pending Submission", "a new opportunity is Pending Submission")
    check(isinstance(got["RelatedEntityIdentifiers"], dict), "RelatedEntityIdentifiers is a structure")

    missing = error_of(c.get_opportunity, Catalog="AWS", Identifier=opportunity_id)
    check(missing["Error"]["Code"] == "ResourceNotFoundException", "the AWS catalog does not see Sandbox data")
    check(bool(missing["Error"]["Message"]), "errors carry a message")
    check(missing["ResponseMetadata"]["HTTPStatusCode"] == 404, "ResourceNotFoundException answers 404, as the Smithy model says")

    c.associate_opportunity(
        Catalog="Sandbox", OpportunityIdentifier=opportunity_id,
        RelatedEntityType="Solutions", RelatedEntityIdentifier="S-0000001",
    )
    got = c.get_opportunity(Catalog="Sandbox", Identifier=opportunity_id)
    check(got["RelatedEntityIdentifiers"].get("Solutions") == ["S-0000001"], "AssociateOpportunity associates")
    result = c.disassociate_opportunity(
        Catalog="Sandbox", OpportunityIdentifier=opportunity_id,
        RelatedEntityType="Solutions", RelatedEntityIdentifier="S-0000001",
    )
    check(set(result) == {"ResponseMetadata"}, "an empty output parses as an empty result")
    got = c.get_opportunity(Catalog="Sandbox", Identifier=opportunity_id)
    check(not got["RelatedEntityIdentifiers"].get("Solutions"), "DisassociateOpportunity disassociates")
    again = error_of(
        c.disassociate_opportunity, Catalog="Sandbox", OpportunityIdentifier=opportunity_id,
        RelatedEntityType="Solutions", RelatedEntityIdentifier="S-0000001",
    )
    check(again["Error"]["Code"] in ("ResourceNotFoundException", "ValidationException"),
          "disassociating what is not associated is an error")

    ids = {opportunity_id}
    for n in range(6):
        ids.add(c.create_opportunity(Catalog="Sandbox", ClientToken=f"botocore-page-{n}")["Id"])
    pages = list(c.get_paginator("list_opportunities").paginate(Catalog="Sandbox", PaginationConfig={"PageSize": 2}))
    listed = [s["Id"] for page in pages for s in page["OpportunitySummaries"]]
    check(len(pages) >= 4, f"the paginator follows NextToken ({len(pages)} pages of 2)")
    check(ids <= set(listed) and len(listed) == len(set(listed)), "pages neither repeat nor skip")
    aws_ids = [s["Id"] for page in c.get_paginator("list_opportunities").paginate(Catalog="AWS") for s in page["OpportunitySummaries"]]
    check(not (set(aws_ids) & ids), "ListOpportunities in AWS does not list Sandbox opportunities")

    unchecked = client("partnercentral-selling", url, validate=False)
    invalid = error_of(unchecked.list_opportunities, Catalog="AWS", MaxResults=1000, Identifier=["not-an-id"])
    check(invalid["Error"]["Code"] == "ValidationException", "invalid input is a ValidationException")
    check(invalid.get("Reason") == "REQUEST_VALIDATION_FAILED", "with Reason REQUEST_VALIDATION_FAILED")
    fields = {e["FieldName"]: e["Code"] for e in invalid.get("ErrorList", [])}
    check(fields.get("/MaxResults") == "VALUE_OUT_OF_RANGE", f"ErrorList names MaxResults: {fields}")
    check(fields.get("/Identifier/0") == "INVALID_STRING_FORMAT", f"ErrorList names Identifier[0]: {fields}")
    check(invalid["ResponseMetadata"]["HTTPStatusCode"] == 400, "ValidationException answers 400")
    message = invalid["Error"]["Message"]
    check(message.startswith("2 validation errors detected: ") and "/MaxResults must be between 1 and 100" in message
          and "/Identifier/0 must match the pattern" in message, f"the message names the fields and constraints: {message}")
    business = error_of(c.get_opportunity, Catalog="Nowhere", Identifier=opportunity_id)
    fields = {e["FieldName"] for e in business.get("ErrorList", [])}
    check(fields == {"/Catalog"}, f"the emulator's own checks name fields the same way: {fields}")
    check("/Catalog must be `AWS` or `Sandbox`" in business["Error"]["Message"], f"and so does its message: {business['Error']['Message']}")

    not_implemented = error_of(c.list_solutions, Catalog="AWS")
    check(not_implemented["Error"]["Code"] == "NotImplemented", "other operations answer NotImplemented")
    check(not_implemented["ResponseMetadata"]["HTTPStatusCode"] == 501, "with HTTP 501")


def account(url):
    c = client("partnercentral-account", url)
    pages = list(c.get_paginator("list_connections").paginate(Catalog="Sandbox", PaginationConfig={"PageSize": 1}))
    summaries = [s for page in pages for s in page["ConnectionSummaries"]]
    check(len(summaries) >= 2, f"seeded connections are listed ({len(summaries)} over {len(pages)} pages)")
    aws = [s["Id"] for page in c.get_paginator("list_connections").paginate(Catalog="AWS") for s in page["ConnectionSummaries"]]
    check(not (set(aws) & {s["Id"] for s in summaries}), "catalogs do not share connections")

    first = summaries[0]
    got = c.get_connection(Catalog="Sandbox", Identifier=first["Id"])
    check(got["Id"] == first["Id"] and isinstance(got["UpdatedAt"], datetime.datetime), "GetConnection returns the connection")
    kind, detail = next(iter(got["ConnectionTypes"].items()))
    check(len(detail["OtherParticipant"]) == 1, "OtherParticipant parses as a one-member union")
    check(detail["Status"] == "ACTIVE", f"a seeded connection type is ACTIVE ({detail['Status']})")

    canceled = c.cancel_connection(
        Catalog="Sandbox", Identifier=first["Id"], ConnectionType=kind, Reason="Partnership ended",
        ClientToken="botocore-cancel-1",
    )
    after = canceled["ConnectionTypes"][kind]
    check(after["Status"] == "CANCELED", "CancelConnection sets the Status to CANCELED")
    check(isinstance(after["CanceledAt"], datetime.datetime), "with CanceledAt")
    check(bool(after.get("CanceledBy")), "and CanceledBy")
    check(after["OtherParticipant"] == detail["OtherParticipant"], "and the OtherParticipant union intact")
    again = c.cancel_connection(
        Catalog="Sandbox", Identifier=first["Id"], ConnectionType=kind, Reason="Partnership ended",
        ClientToken="botocore-cancel-1",
    )
    check(again["ConnectionTypes"][kind] == after, "a repeated ClientToken returns the first result")

    missing = error_of(c.get_connection, Catalog="AWS", Identifier=first["Id"])
    check(missing["Error"]["Code"] == "ResourceNotFoundException", "an unknown connection is a ResourceNotFoundException")
    check(bool(missing.get("Reason")), "modeled error members (Reason) parse")
    check(missing["ResponseMetadata"]["HTTPStatusCode"] == 404, "an Account ResourceNotFoundException answers 404")
    conflict = error_of(
        c.cancel_connection, Catalog="Sandbox", Identifier=first["Id"], ConnectionType=kind, Reason="Again",
        ClientToken="botocore-cancel-2",
    )
    check(conflict["Error"]["Code"] == "ConflictException" and conflict["ResponseMetadata"]["HTTPStatusCode"] == 409,
          "canceling a canceled connection type is a ConflictException with 409")

    unchecked = client("partnercentral-account", url, validate=False)
    invalid = error_of(unchecked.get_connection, Catalog="Sandbox", Identifier="not-a-connection")
    check(invalid["Error"]["Code"] == "ValidationException", "invalid Account input is a ValidationException")
    details = invalid.get("ErrorDetails", [])
    check(any(d.get("FieldValidationError", {}).get("Name") == "/Identifier" for d in details),
          f"ErrorDetails names the field inside the union: {details}")
    check(invalid["Error"]["Message"].startswith("1 validation error detected: /Identifier must match the pattern"),
          f"the Account message names the field: {invalid['Error']['Message']}")
    business = error_of(c.get_connection, Catalog="Nowhere", Identifier=first["Id"])
    names = [d.get("FieldValidationError", {}).get("Name") for d in business.get("ErrorDetails", [])]
    check(names == ["/Catalog"], f"the emulator's own Account checks name fields the same way: {names}")

    not_implemented = error_of(c.list_partners, Catalog="AWS")
    check(not_implemented["Error"]["Code"] == "NotImplemented", "other Account operations answer NotImplemented")


def main():
    url = sys.argv[1]
    try:
        selling(url)
        account(url)
    except ClientError as error:
        # An unexpected error: show all of what botocore parsed, then fail.
        response = dict(error.response)
        response.pop("ResponseMetadata", None)
        print(f"FAILED: unexpected {error}: {response}", flush=True)
        sys.exit(1)
    print(f"{len(CHECKS)} checks passed")


if __name__ == "__main__":
    main()
