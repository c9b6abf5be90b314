use serde_json::json;

use super::*;
use crate::schema::{BLOB, BOOLEAN, FLOAT, INTEGER, STRING, TIMESTAMP};

static TAG_MEMBERS: [Member; 2] = [Member::new("Key", &STRING), Member::new("Value", &STRING)];
static TAG: Shape = Shape::new("Tag", Kind::Structure(&TAG_MEMBERS));
static TAG_ITEM: Member = Member::new("", &TAG);
static TAGS: Shape = Shape::new("Tags", Kind::List(&TAG_ITEM));
static ITEM: Member = Member::new("", &STRING).xml_name("item");
static VALUES: Shape = Shape::new("Values", Kind::List(&ITEM));
static INT_ITEM: Member = Member::new("", &INTEGER);
static INTS: Shape = Shape::new("Ints", Kind::List(&INT_ITEM));
static FILTER_MEMBERS: [Member; 2] = [Member::new("Name", &STRING), Member::new("Value", &INTS)];
static FILTER: Shape = Shape::new("Filter", Kind::Structure(&FILTER_MEMBERS));
static FILTER_ITEM: Member = Member::new("", &FILTER);
static FILTERS: Shape = Shape::new("Filters", Kind::List(&FILTER_ITEM));
static KEY: Member = Member::new("", &STRING);
static VALUE: Member = Member::new("", &STRING);
static ATTRIBUTES: Shape = Shape::new(
    "Attributes",
    Kind::Map {
        key: &KEY,
        value: &VALUE,
    },
);
static K: Member = Member::new("", &STRING).xml_name("K");
static V: Member = Member::new("", &TAGS).xml_name("V");
static SETTINGS: Shape = Shape::new("Settings", Kind::Map { key: &K, value: &V });
static NESTED_MEMBERS: [Member; 3] = [
    Member::new("Count", &INTEGER),
    Member::new("Ratio", &FLOAT),
    Member::new("Inner", &NESTED),
];
static NESTED: Shape = Shape::new("Nested", Kind::Structure(&NESTED_MEMBERS));
static INPUT_MEMBERS: [Member; 12] = [
    Member::new("Name", &STRING),
    Member::new("Tags", &TAGS),
    Member::new("Labels", &VALUES).xml_name("Label").flattened(),
    Member::new("Values", &VALUES),
    Member::new("Attributes", &ATTRIBUTES),
    Member::new("Settings", &SETTINGS)
        .xml_name("Setting")
        .flattened(),
    Member::new("Nested", &NESTED),
    Member::new("Enabled", &BOOLEAN),
    Member::new("Created", &TIMESTAMP),
    Member::new("Data", &BLOB),
    Member::new("dryRun", &BOOLEAN).query_name("DryRun"),
    Member::new("Filter", &FILTERS),
];
static INPUT: Shape = Shape::new("Input", Kind::Structure(&INPUT_MEMBERS));

fn full() -> Value {
    json!({
        "Name": "a b&c=d+é",
        "Tags": [{"Key": "k1", "Value": "v1"}, {"Key": "k2"}],
        "Labels": ["x", "y"],
        "Values": [],
        "Attributes": {"a": "1", "b": ""},
        "Settings": {"s": [{"Key": "deep"}]},
        "Nested": {"Count": 3, "Ratio": "NaN", "Inner": {"Ratio": 2.5, "Inner": {"Count": -1}}},
        "Enabled": false,
        "Created": "2024-01-02T03:04:05.5Z",
        "Data": "AGJpbmFyef8=",
        "dryRun": true,
        "Filter": [{"Name": "n", "Value": [1, 2]}, {"Name": "m", "Value": [10, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12]}],
    })
}

fn read(body: &[u8], ec2: bool) -> Result<Value, String> {
    let params = parse_form(body)?;
    decode_input(&INPUT, &params, ec2).map_err(|e| e.to_string())
}

fn form(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect()
}

/// What the client writes, the server reads back: both protocols, every kind of member.
#[test]
fn the_clients_form_reads_back() {
    for ec2 in [false, true] {
        let value = full();
        let body = super::super::encode("Op", "2020-01-01", &INPUT, &value, ec2).unwrap();
        let mut want = value.clone();
        if ec2 {
            // ec2Query sends nothing for an empty list.
            want.as_object_mut().unwrap().remove("Values");
        }
        assert_eq!(read(&body, ec2).unwrap(), want, "ec2: {ec2}");
    }
}

#[test]
fn names_follow_each_protocol() {
    let body = b"Action=Op&Version=1&Tags.member.1.Key=k&Label.1=x&Values.item.1=v\
        &Attributes.entry.1.key=a&Attributes.entry.1.value=1&Setting.1.K=s&Setting.1.V.member.1.Key=d\
        &DryRun=true&dryRun=false&Filter.member.1.Name=n&Filter.member.1.Value.member.1=4";
    let read = read(body, false).unwrap();
    assert_eq!(
        read,
        json!({
            "Tags": [{"Key": "k"}], "Labels": ["x"], "Values": ["v"], "Attributes": {"a": "1"},
            "Settings": {"s": [{"Key": "d"}]}, "dryRun": false, "Filter": [{"Name": "n", "Value": [4]}],
        })
    );
    // ec2Query: lists are always `Name.N`, `ec2QueryName` wins, else the XML name capitalized.
    let body = b"Tags.1.Key=k&Values.1=v&DryRun=true&Filter.1.Value.1=4&Filter.1.Value.2=5";
    assert_eq!(
        decode_input(&INPUT, &parse_form(body).unwrap(), true).unwrap(),
        json!({"Tags": [{"Key": "k"}], "Values": ["v"], "dryRun": true, "Filter": [{"Value": [4, 5]}]})
    );
}

#[test]
fn items_go_by_index_not_by_order() {
    let params = form(&[
        ("Filter.10.Name", "ten"),
        ("Filter.2.Name", "two"),
        ("Filter.3.Name", "three"),
    ]);
    let read = decode_input(&INPUT, &params, true).unwrap();
    assert_eq!(
        read["Filter"],
        json!([{"Name": "two"}, {"Name": "three"}, {"Name": "ten"}])
    );
}

#[test]
fn empty_lists_and_maps() {
    let params = form(&[("Tags", ""), ("Attributes", ""), ("Values.item", "")]);
    assert_eq!(
        decode_input(&INPUT, &params, false).unwrap(),
        json!({"Tags": [], "Attributes": {}, "Values": []})
    );
}

#[test]
fn floats_timestamps_and_blobs() {
    let params = form(&[
        ("Nested.Ratio", "-Infinity"),
        ("Nested.Inner.Ratio", "1e3"),
        ("Created", "1422172800"),
    ]);
    let read = decode_input(&INPUT, &params, false).unwrap();
    assert_eq!(
        read["Nested"],
        json!({"Ratio": "-Infinity", "Inner": {"Ratio": 1000.0}})
    );
    assert_eq!(read["Created"], "2015-01-25T08:00:00Z");
    let params = form(&[("Created", "Sun, 25 Jan 2015 08:00:00 GMT")]);
    assert_eq!(
        decode_input(&INPUT, &params, false).unwrap()["Created"],
        "2015-01-25T08:00:00Z"
    );
}

/// Each error names the parameter as the client wrote it.
#[test]
fn errors_name_the_parameter() {
    for (pairs, ec2, message) in [
        (
            &[("Filter.2.Value.1", "abc")][..],
            true,
            "cannot read Filter.2.Value.1: `abc` is not an integer",
        ),
        (
            &[("Filter.member.1.Value.member.x", "1")],
            false,
            "cannot read Filter.member.1.Value.member.x: is not an item index (1, 2, ...)",
        ),
        (
            &[("Filter.1.Name", "n")],
            false,
            "cannot read Filter.1: its items are Filter.member.N",
        ),
        (
            &[("Filter.0.Name", "n")],
            true,
            "cannot read Filter.0: is not an item index (1, 2, ...)",
        ),
        (
            &[("Filter.01.Name", "n")],
            true,
            "cannot read Filter.01: is not an item index (1, 2, ...)",
        ),
        (
            &[("Tags.item.1.Key", "k")],
            false,
            "cannot read Tags.item: its items are Tags.member.N",
        ),
        (
            &[("Tags.member.1", "k")],
            false,
            "cannot read Tags.member.1: a structure has members, not a value",
        ),
        (
            &[("Enabled", "yes")],
            false,
            "cannot read Enabled: `yes` is not a boolean",
        ),
        (
            &[("Enabled.x", "true")],
            false,
            "cannot read Enabled.x: Enabled is a value, it has no parts",
        ),
        (
            &[("Data", "!!")],
            false,
            "cannot read Data: `!!` is not base64",
        ),
        (
            &[("Created", "yesterday")],
            false,
            "cannot read Created: `yesterday` is not an epoch-seconds, RFC 3339 or HTTP-date timestamp",
        ),
        (
            &[("Attributes.entry.1.key", "a")],
            false,
            "cannot read Attributes.entry.1.value: the entry has no value",
        ),
        (
            &[("Attributes.entry.1.value", "a")],
            false,
            "cannot read Attributes.entry.1.key: the entry has no key",
        ),
        (
            &[
                ("Attributes.entry.1.key", "a"),
                ("Attributes.entry.1.value", "1"),
                ("Attributes.entry.2.key", "a"),
                ("Attributes.entry.2.value", "2"),
            ],
            false,
            "cannot read Attributes.entry.2.key: the key `a` is given twice",
        ),
        (
            &[
                ("Setting.1.K", "s"),
                ("Setting.1.V.member.1.Key", "d"),
                ("Setting.1.X", "?"),
            ],
            false,
            "cannot read Setting.1.X: a map entry has a K and a V, nothing else",
        ),
        (
            &[("Name", "a"), ("Name", "b")],
            false,
            "cannot read Name: the parameter is given twice",
        ),
        (
            &[("Nested..Count", "1")],
            false,
            "cannot read Nested..Count: a name has an empty part",
        ),
    ] {
        let error = decode_input(&INPUT, &form(pairs), ec2).unwrap_err();
        assert_eq!(error.to_string(), message);
    }
}

/// A recursive member nested without end is refused before it is read, and its tree never
/// gets deep enough to exhaust the stack.
#[test]
fn deep_names_are_refused() {
    let name = format!("Nested{}.Count", ".Inner".repeat(100_000));
    let error = decode_input(&INPUT, &form(&[(&name, "1")]), false).unwrap_err();
    assert_eq!(error.reason, "a name has at most 64 parts");
    let name = format!("Nested{}.Count", ".Inner".repeat(60));
    assert!(decode_input(&INPUT, &form(&[(&name, "1")]), false).is_ok());
}

#[test]
fn unknown_parameters_are_ignored() {
    let params = form(&[
        ("Action", "Op"),
        ("Version", "1"),
        ("Unknown.member.1", "x"),
        ("Name", "n"),
    ]);
    assert_eq!(
        decode_input(&INPUT, &params, false).unwrap(),
        json!({"Name": "n"})
    );
}

#[test]
fn forms_decode_plus_and_escapes() {
    assert_eq!(
        parse_form(b"a=b+c%2B%C3%A9&flag&&e=").unwrap(),
        form(&[("a", "b c+é"), ("flag", ""), ("e", "")])
    );
    assert!(
        parse_form(b"a=%zz")
            .unwrap_err()
            .contains("malformed escape")
    );
    assert!(parse_form(b"a=%FF").is_err());
    assert!(parse_form(b"\xff=1").is_err());
}

#[test]
fn outputs_are_wrapped_as_each_protocol_has_it() {
    static OUT_MEMBERS: [Member; 2] = [Member::new("Name", &STRING), Member::new("tagSet", &TAGS)];
    static OUTPUT: Shape = Shape::new("Output", Kind::Structure(&OUT_MEMBERS));
    let value = json!({"Name": "a<b", "tagSet": [{"Key": "k"}]});
    let query =
        encode_output("Op", &OUTPUT, &value, Some("https://x/doc/"), "id-1", false).unwrap();
    assert_eq!(
        String::from_utf8(query).unwrap(),
        "<OpResponse xmlns=\"https://x/doc/\"><OpResult><Name>a&lt;b</Name><tagSet><member><Key>k</Key></member></tagSet></OpResult>\
         <ResponseMetadata><RequestId>id-1</RequestId></ResponseMetadata></OpResponse>"
    );
    let ec2 = encode_output("Op", &OUTPUT, &value, None, "id-2", true).unwrap();
    assert_eq!(
        String::from_utf8(ec2).unwrap(),
        "<OpResponse><requestId>id-2</requestId><Name>a&lt;b</Name><tagSet><member><Key>k</Key></member></tagSet></OpResponse>"
    );
    // No output: no result element.
    let empty = encode_output("Op", &crate::schema::UNIT, &json!({}), None, "id", false).unwrap();
    assert_eq!(
        String::from_utf8(empty).unwrap(),
        "<OpResponse><ResponseMetadata><RequestId>id</RequestId></ResponseMetadata></OpResponse>"
    );
    // The client reads what the server writes.
    let body = encode_output("Op", &OUTPUT, &value, None, "id", false).unwrap();
    assert_eq!(
        super::super::decode("Op", &OUTPUT, &body, false).unwrap(),
        value
    );
    let body = encode_output("Op", &OUTPUT, &value, None, "id", true).unwrap();
    assert_eq!(
        super::super::decode("Op", &OUTPUT, &body, true).unwrap(),
        value
    );
}

#[test]
fn error_bodies_get_the_request_id() {
    let query = b"<ErrorResponse><Error><Code>C</Code></Error></ErrorResponse>".to_vec();
    assert_eq!(
        with_request_id(query, false, "r-1"),
        b"<ErrorResponse><Error><Code>C</Code></Error><RequestId>r-1</RequestId></ErrorResponse>"
    );
    let ec2 = b"<Response><Errors><Error><Code>C</Code></Error></Errors></Response>".to_vec();
    assert_eq!(
        with_request_id(ec2, true, "r-2"),
        b"<Response><Errors><Error><Code>C</Code></Error></Errors><RequestID>r-2</RequestID></Response>"
    );
    let other = b"{}".to_vec();
    assert_eq!(with_request_id(other.clone(), false, "r"), other);
}
