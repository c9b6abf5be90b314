use serde_json::{Value as J, json};

use super::functions::{
    is_valid_host_label, is_virtual_hostable_s3_bucket, parse_arn, parse_url, substring, uri_encode,
};
use super::partitions::partition;
use super::{Params, RuleSet, Value};

/// A rule set with the given parameters and rules.
fn rules(parameters: J, rules: J) -> RuleSet {
    RuleSet::from_json(&json!({"version": "1.0", "parameters": parameters, "rules": rules}))
        .unwrap()
}

fn region_params() -> J {
    json!({
        "Region": {"type": "string", "builtIn": "AWS::Region"},
        "UseFIPS": {"type": "boolean", "builtIn": "AWS::UseFIPS", "required": true, "default": false},
    })
}

/// A single endpoint rule with one condition whose url shows what was bound.
fn condition_set(condition: J, url: &str) -> RuleSet {
    rules(
        region_params(),
        json!([
            {"type": "endpoint", "conditions": [condition], "endpoint": {"url": url}},
            {"type": "error", "conditions": [], "error": "fell through"},
        ]),
    )
}

fn url(set: &RuleSet, params: &Params) -> Result<String, String> {
    set.resolve(params)
        .map(|e| e.url)
        .map_err(|e| e.to_string())
}

#[test]
fn endpoint_rule_with_properties_and_headers() {
    let set = rules(
        region_params(),
        json!([{"type": "endpoint", "conditions": [], "endpoint": {
            "url": "https://svc.{Region}.example.com",
            "properties": {"authSchemes": [{"name": "sigv4", "signingRegion": "{Region}", "double": true}]},
            "headers": {"x-region": ["{Region}", "static"]},
        }}]),
    );
    let e = set
        .resolve(&Params::new().with("Region", "eu-west-1"))
        .unwrap();
    assert_eq!(e.url, "https://svc.eu-west-1.example.com");
    assert_eq!(
        J::Object(e.properties),
        json!({"authSchemes": [{"name": "sigv4", "signingRegion": "eu-west-1", "double": true}]})
    );
    assert_eq!(
        e.headers["x-region"],
        vec!["eu-west-1".to_owned(), "static".to_owned()]
    );
}

#[test]
fn error_rule_gives_its_message() {
    let set = rules(
        region_params(),
        json!([{"type": "error", "conditions": [], "error": "bad {Region}"}]),
    );
    let err = set.resolve(&Params::new().with("Region", "x")).unwrap_err();
    assert_eq!(err.message(), "bad x");
}

#[test]
fn tree_rule_scopes_assignments_and_is_terminal() {
    let set = rules(
        region_params(),
        json!([
            {"type": "tree", "conditions": [{"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "P"}],
             "rules": [{"type": "endpoint", "conditions": [{"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, true]}],
                        "endpoint": {"url": "https://{P#name}.{P#dnsSuffix}"}}]},
            {"type": "error", "conditions": [], "error": "no region"},
        ]),
    );
    let fips = Params::new()
        .with("Region", "cn-north-1")
        .with("UseFIPS", true);
    assert_eq!(url(&set, &fips).unwrap(), "https://aws-cn.amazonaws.com.cn");
    // The tree matched but nothing inside did: an error, not the next top-level rule.
    let err = url(&set, &Params::new().with("Region", "us-east-1")).unwrap_err();
    assert!(err.contains("tree"), "{err}");
    assert_eq!(url(&set, &Params::new()).unwrap_err(), "no region");
}

#[test]
fn params_defaults_required_and_types() {
    let set = rules(
        json!({"Bucket": {"type": "String", "required": true}, "Flag": {"type": "Boolean", "default": true}}),
        json!([{"type": "endpoint", "conditions": [{"fn": "booleanEquals", "argv": [{"ref": "Flag"}, true]}],
                "endpoint": {"url": "https://{Bucket}"}}]),
    );
    assert_eq!(
        url(&set, &Params::new().with("Bucket", "b")).unwrap(),
        "https://b"
    );
    assert!(url(&set, &Params::new()).unwrap_err().contains("Bucket"));
    assert!(url(&set, &Params::new().with("Bucket", true)).is_err());
    let no_match = url(&set, &Params::new().with("Bucket", "b").with("Flag", false));
    assert!(no_match.is_err());
    assert_eq!(set.param_for_built_in("AWS::Region"), None);
}

#[test]
fn string_array_params_and_indexing() {
    let set = rules(
        json!({"Names": {"type": "stringArray", "default": ["a", "b"]}}),
        json!([{"type": "endpoint", "conditions": [
            {"fn": "getAttr", "argv": [{"ref": "Names"}, "[1]"], "assign": "second"}],
            "endpoint": {"url": "https://{second}"}}]),
    );
    assert_eq!(url(&set, &Params::new()).unwrap(), "https://b");
    let one = Params::new().with("Names", Value::StringArray(vec!["x".into()]));
    assert!(url(&set, &one).is_err());
}

#[test]
fn is_set_not_and_string_equals() {
    let set = condition_set(
        json!({"fn": "not", "argv": [{"fn": "isSet", "argv": [{"ref": "Region"}]}]}),
        "https://none",
    );
    assert_eq!(url(&set, &Params::new()).unwrap(), "https://none");
    assert!(url(&set, &Params::new().with("Region", "r")).is_err());
    let set = condition_set(
        json!({"fn": "stringEquals", "argv": [{"ref": "Region"}, "aws-global"]}),
        "https://global",
    );
    assert_eq!(
        url(&set, &Params::new().with("Region", "aws-global")).unwrap(),
        "https://global"
    );
    assert!(url(&set, &Params::new().with("Region", "us-east-1")).is_err());
}

#[test]
fn get_attr_paths_and_templates() {
    let set = condition_set(
        json!({"fn": "aws.parseArn", "argv": [{"ref": "Region"}], "assign": "arn"}),
        "https://{arn#resourceId[1]}.{arn#accountId}.{{literal}}",
    );
    let p = Params::new().with("Region", "arn:aws:s3:us-west-2:123:accesspoint/my-ap");
    assert_eq!(url(&set, &p).unwrap(), "https://my-ap.123.{literal}");
}

#[test]
fn partitions() {
    assert_eq!(partition("us-east-1")["name"], "aws");
    assert_eq!(partition("us-gov-west-1")["dualStackDnsSuffix"], "api.aws");
    assert_eq!(
        partition("cn-northwest-1")["dualStackDnsSuffix"],
        "api.amazonwebservices.com.cn"
    );
    // Matched by regex only, then the default for anything unknown.
    assert_eq!(partition("us-isob-west-9")["name"], "aws-iso-b");
    assert_eq!(partition("mars-north-1")["name"], "aws");
    assert_eq!(partition("aws-global")["supportsFIPS"], true);
}

#[test]
fn arns() {
    let arn = parse_arn("arn:aws:iam::123456789012:user/a:b").unwrap();
    assert_eq!(arn["region"], "");
    assert_eq!(arn["resourceId"], json!(["user", "a", "b"]));
    assert!(parse_arn("arn:aws:s3:::").is_none());
    assert!(parse_arn("arn::s3:::bucket").is_none());
    assert!(parse_arn("not:an:arn:x:y:z").is_none());
}

#[test]
fn urls() {
    let u = parse_url("https://example.com:8443/a/b").unwrap();
    assert_eq!(u["authority"], "example.com:8443");
    assert_eq!(u["path"], "/a/b");
    assert_eq!(u["normalizedPath"], "/a/b/");
    assert_eq!(u["isIp"], false);
    assert_eq!(
        parse_url("http://127.0.0.1").unwrap()["normalizedPath"],
        "/"
    );
    assert_eq!(parse_url("http://[::1]:80/").unwrap()["isIp"], true);
    assert!(parse_url("ftp://example.com").is_none());
    assert!(parse_url("https://example.com/?q=1").is_none());
    assert!(parse_url("https://example.com:port").is_none());
}

#[test]
fn substrings() {
    assert_eq!(substring("abcdef", 0, 4, false), Some("abcd"));
    assert_eq!(substring("abcdef", 0, 4, true), Some("cdef"));
    assert_eq!(substring("abc", 1, 4, false), None);
    assert_eq!(substring("abc", 2, 2, false), None);
    assert_eq!(substring("aé--", 0, 1, false), None);
}

#[test]
fn uri_encoding() {
    assert_eq!(uri_encode("a b/c~d*é"), "a%20b%2Fc~d%2A%C3%A9");
}

#[test]
fn host_labels() {
    assert!(is_valid_host_label("us-east-1", false));
    assert!(!is_valid_host_label("a.b", false));
    assert!(is_valid_host_label("a.b", true));
    assert!(!is_valid_host_label("-a", false));
    assert!(!is_valid_host_label("", false));
    assert!(!is_valid_host_label(&"a".repeat(64), false));
    assert!(is_virtual_hostable_s3_bucket("my-bucket", false));
    assert!(!is_virtual_hostable_s3_bucket("My-Bucket", false));
    assert!(!is_virtual_hostable_s3_bucket("a.b.c", false));
    assert!(is_virtual_hostable_s3_bucket("a.bb.c", true));
    assert!(!is_virtual_hostable_s3_bucket("192.168.1.1", true));
    assert!(!is_virtual_hostable_s3_bucket("ab", true));
}

#[test]
fn malformed_rule_sets_are_errors() {
    let bad = [
        json!({}),
        json!({"parameters": {}, "rules": [{"type": "nope"}]}),
        json!({"parameters": {"R": {"type": "int"}}, "rules": []}),
        json!({"parameters": {}, "rules": [{"type": "error", "conditions": [], "error": "{open"}]}),
        json!({"parameters": {}, "rules": [{"type": "error", "conditions": [{"fn": "mystery", "argv": []}], "error": "x"}]}),
        json!({"parameters": {}, "rules": [{"type": "error", "conditions": [{"fn": "isSet", "argv": []}], "error": "x"}]}),
        json!({"parameters": {}, "rules": [{"type": "endpoint", "conditions": [], "endpoint": {}}]}),
        json!({"parameters": {}, "rules": [{"type": "error", "conditions": [{"fn": "getAttr", "argv": [{"ref": "a"}, "b[x]"]}], "error": "x"}]}),
    ];
    for set in bad {
        assert!(RuleSet::from_json(&set).is_err(), "{set}");
    }
    // Well formed but wrong at run time: still an error, never a panic.
    let set = rules(
        json!({}),
        json!([{"type": "endpoint", "conditions": [], "endpoint": {"url": "{Nope}"}}]),
    );
    assert!(url(&set, &Params::new()).is_err());
    let set = rules(
        json!({}),
        json!([{"type": "endpoint", "conditions": [], "endpoint": {"url": true}}]),
    );
    assert!(url(&set, &Params::new()).is_err());
}
