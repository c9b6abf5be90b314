use super::*;

/// One `#[test]` per required conversion: `test_name: input => (type_name, field_name)`.
macro_rules! conversions {
    ($($test:ident: $input:expr => ($ty:expr, $field:expr),)*) => {$(
        #[test]
        fn $test() {
            assert_eq!(type_name($input), $ty, "type_name({:?})", $input);
            assert_eq!(field_name($input), $field, "field_name({:?})", $input);
        }
    )*};
}

conversions! {
    ipv4_address: "IPv4Address" => ("Ipv4Address", "ipv4_address"),
    ipv6: "IPv6" => ("Ipv6", "ipv6"),
    arns: "ARNs" => ("Arns", "arns"),
    resource_arns: "ResourceARNs" => ("ResourceArns", "resource_arns"),
    dynamo_db_v2: "DynamoDBv2" => ("DynamoDbV2", "dynamo_db_v2"),
    gib: "GiB" => ("Gib", "gib"),
    mib: "MiB" => ("Mib", "mib"),
    kib: "KiB" => ("Kib", "kib"),
    tib: "TiB" => ("Tib", "tib"),
    aws_account_id: "AWSAccountId" => ("AwsAccountId", "aws_account_id"),
    aws_account_id_camel: "AwsAccountId" => ("AwsAccountId", "aws_account_id"),
    aws_partner_central_selling: "AWSPartnerCentralSelling"
        => ("AwsPartnerCentralSelling", "aws_partner_central_selling"),
    sse_kms_key_id: "SSEKMSKeyId" => ("SseKmsKeyId", "sse_kms_key_id"),
    etag: "ETag" => ("Etag", "etag"),
    s3_bucket: "S3Bucket" => ("S3Bucket", "s3_bucket"),
    ec2_instance: "EC2Instance" => ("Ec2Instance", "ec2_instance"),
    ec2: "Ec2" => ("Ec2", "ec2"),
    oauth: "OAuth" => ("Oauth", "oauth"),
    ids: "IDs" => ("Ids", "ids"),
    urls: "URLs" => ("Urls", "urls"),
    client_token: "ClientToken" => ("ClientToken", "client_token"),
    next_token: "NextToken" => ("NextToken", "next_token"),
    max_results: "MaxResults" => ("MaxResults", "max_results"),
    duns_number: "DUNSNumber" => ("DunsNumber", "duns_number"),
    kms_key_ids: "KMSKeyIds" => ("KmsKeyIds", "kms_key_ids"),
    crrs: "CRRs" => ("Crrs", "crrs"),
    https_endpoint: "HTTPSEndpoint" => ("HttpsEndpoint", "https_endpoint"),
    lost_to_competitor: "Lost to Competitor - Google"
        => ("LostToCompetitorGoogle", "lost_to_competitor_google"),
    out_of_home: "Out Of Home (OOH)" => ("OutOfHomeOoh", "out_of_home_ooh"),
    snake_input: "snake_case_name" => ("SnakeCaseName", "snake_case_name"),
    screaming_input: "IN_PROGRESS" => ("InProgress", "in_progress"),
    kebab_input: "aws-eusc" => ("AwsEusc", "aws_eusc"),
    space_input: "Closed Lost" => ("ClosedLost", "closed_lost"),
    dot_input: "m5.large" => ("M5Large", "m5_large"),
    slash_input: "Financial/Commercial" => ("FinancialCommercial", "financial_commercial"),
    version2: "Version2" => ("Version2", "version2"),
    v2_api: "V2Api" => ("V2Api", "v2_api"),
    decimal: "0.5" => ("V0_5", "v0_5"),
    leading_digit_acronym: "3DES" => ("V3Des", "v3_des"),
    empty: "" => ("Empty", "empty"),
    star: "*" => ("Star", "star"),
    dash: "-" => ("Dash", "dash"),
    keyword_type: "Type" => ("Type", "r#type"),
    keyword_self: "Self" => ("SelfValue", "self_"),
    keyword_gen: "gen" => ("Gen", "r#gen"),
}

#[test]
fn split_words_keeps_case() {
    assert_eq!(split_words("IPv4Address"), ["IPv4", "Address"]);
    assert_eq!(
        split_words("Lost to Competitor - Google"),
        ["Lost", "to", "Competitor", "Google"]
    );
}

#[test]
fn scope_plain_claim_has_no_note() {
    let mut scope = Scope::new(&["builder"]);
    let name = scope.claim("Type", &field_name("Type"));
    assert_eq!(
        name,
        Name {
            rust: "r#type".into(),
            wire: "Type".into(),
            note: None
        }
    );
}

#[test]
fn scope_reserved_gets_suffix_by_case_style() {
    let mut variants = Scope::new(&["Unknown"]);
    let name = variants.claim("UNKNOWN", &variant_name("UNKNOWN"));
    assert_eq!(name.rust, "UnknownValue");
    assert_eq!(
        name.note.as_deref(),
        Some("renamed from `Unknown`: reserved by the generator")
    );

    let mut methods = Scope::new(&["builder"]);
    assert_eq!(
        methods.claim("Builder", &field_name("Builder")).rust,
        "builder_value"
    );
}

#[test]
fn scope_collision_gets_smallest_free_number() {
    let mut scope = Scope::new(&[]);
    assert_eq!(scope.claim("FooBar", "FooBar").note, None);
    let second = scope.claim("Foo Bar", &variant_name("Foo Bar"));
    assert_eq!(second.rust, "FooBar2");
    assert_eq!(
        second.note.as_deref(),
        Some("suffixed: `FooBar` and `Foo Bar` both map to `FooBar`")
    );
    assert_eq!(scope.claim("foo-bar", "FooBar").rust, "FooBar3");

    let mut fields = Scope::new(&[]);
    fields.claim("FooBar", "foo_bar");
    assert_eq!(fields.claim("foo_bar", "foo_bar").rust, "foo_bar_2");
}

#[test]
fn scope_suffix_after_digit_and_keyword() {
    let mut scope = Scope::new(&[]);
    scope.claim(">=5", &variant_name(">=5"));
    assert_eq!(scope.claim("<=5", &variant_name("<=5")).rust, "V5_2");

    let mut fields = Scope::new(&[]);
    fields.claim("type", "r#type");
    assert_eq!(fields.claim("Type", "r#type").rust, "type_2");
    fields.claim("self", "self_");
    assert_eq!(fields.claim("Self", "self_").rust, "self_2");
}

#[test]
fn scope_reserved_suffix_can_collide_too() {
    let mut scope = Scope::new(&["Unknown"]);
    scope.claim("UnknownValue", "UnknownValue");
    let name = scope.claim("unknown", "Unknown");
    assert_eq!(name.rust, "UnknownValue2");
    assert_eq!(
        name.note.as_deref(),
        Some(
            "renamed from `Unknown`: reserved by the generator; \
             suffixed: `UnknownValue` and `unknown` both map to `UnknownValue`"
        )
    );
}

#[test]
fn scope_same_wire_twice_is_stable() {
    let mut scope = Scope::new(&[]);
    let first = scope.claim("A", "A");
    scope.claim("a", "A");
    assert_eq!(scope.claim("A", "A"), first);
    assert_eq!(scope.claim("a", "A").rust, "A2");
}

#[test]
fn scope_is_deterministic() {
    let claims = [
        ("Foo Bar", "FooBar"),
        ("FooBar", "FooBar"),
        ("foo-bar", "FooBar"),
    ];
    let run = || {
        let mut scope = Scope::new(&["Unknown"]);
        claims
            .iter()
            .map(|(w, c)| scope.claim(w, c))
            .collect::<Vec<_>>()
    };
    assert_eq!(run(), run());
}

/// `syn` as an independent oracle for the escaping tiers (it is a dependency anyway).
fn syn_accepts(ident: &str) -> bool {
    syn::parse_str::<syn::Ident>(ident).is_ok()
}

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "try",
    "type", "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield",
];

#[test]
fn keywords_against_syn() {
    for kw in KEYWORDS {
        // syn is edition-agnostic and accepts `gen`, which edition 2024 reserves.
        assert!(
            !syn_accepts(kw) || *kw == "gen",
            "{kw} should need escaping"
        );
        for out in [field_name(kw), type_name(kw)] {
            assert!(syn_accepts(&out), "{kw} -> {out}");
            assert!(is_valid_ident(&out), "{kw} -> {out}");
        }
    }
    for kw in ["self", "Self", "super", "crate"] {
        assert!(!syn_accepts(&format!("r#{kw}")));
    }
}

#[test]
fn validator_agrees_with_syn() {
    let samples = [
        "r#type",
        "type",
        "r#self",
        "self_",
        "Self",
        "SelfValue",
        "r#Self",
        "_",
        "_a",
        "a1",
        "1a",
        "r#union",
        "union",
        "",
        "a-b",
        "r#gen",
        "r#crate",
        "crate_",
    ];
    for s in samples {
        assert_eq!(is_valid_ident(s), syn_accepts(s), "{s:?}");
    }
}

/// The override tables and a sample of real model names, in one reviewable table.
#[test]
fn name_table() {
    #[rustfmt::skip]
    let inputs = [
        // Whole words, plurals and known acronyms.
        "IPv4", "IPv6", "IPv4Address", "Ipv6CidrBlock", "SigV4", "ARNs", "ResourceARNs", "IDs",
        "URLs", "CRRs", "ACLsEnabled", "KiB", "MiB", "MiBps", "GiB", "TiB", "SizeInGiB", "OTel",
        "IoTSiteWise", "FSxLustre", "SaaSProductSummary", "DB", "DynamoDBv2", "TLSv1.2",
        "OAuth", "OAuth2", "ETag", "ETags", "iOS", "SSEKMSKeyId", "AWSKMS", "DSSEKMS",
        "RDSDBInstance", "ClusterJDBCURL", "IAMSAMLProviderArn", "SMBACLEnabled", "EBSKMSKeyId",
        "IAMRoleArn", "DBInstanceId", "VPCId", "LDAPSSettingsInfo", "HTTPSEndpoint", "DUNSNumber",
        // Known misses, kept visible: `MSK As`, `VMware`.
        "MSKAsSource", "VMWare",
        // partnercentral-selling: member and shape names.
        "AwsAccountId", "AWSPartnerCentralSelling", "AwsClosedLostReason", "ClosedLostReason",
        "PrimaryNeedsFromAws", "DunsNumber", "WebsiteUrl", "NextToken", "MaxResults",
        "ClientToken", "Catalog", "Type",
        // partnercentral-selling: enum values.
        "Lost to Competitor - Google", "Lost to Competitor - VMWare",
        "Delay / Cancellation of Project", "Legal / Tax / Regulatory",
        "Other (Details in Description)", "People/Relationship/Governance",
        "No Perceived Value of MP", "Out Of Home (OOH)", "SaaS or PaaS", "BYOL or AMI",
        "Co-Sell - Support for Public Tender / RFx", "Other- Cost Optimization", "*Other",
        "Pay-as-you-go", "On-hold", "Conducted POC / Demo", "SOW Signed", "AWSSalesRep",
        "WWPSPDM", "ISVSM", "TV", "US",
        // partnercentral-account: enum values.
        "aws-eusc", "INCOMPATIBLE_BENEFIT_AWS_PARTNER_STATE", "ALLOW_BY_DEFAULT_DENY_SOME",
        "SEMICONDUCTOR_ELECTR",
        // Other botocore enum values.
        "AWS::IoT::Dimension", "c4.4xlarge", "m7gd.2xlarge", "FLINK-1_6", "SSLv3",
        // Escaping tiers.
        "0.5", "3DES", "1h", "", "*", "->", "self", "Self", "type", "async",
    ];
    let rows: Vec<[String; 3]> = inputs
        .iter()
        .map(|input| [format!("{input:?}"), type_name(input), field_name(input)])
        .collect();
    let width = |col: usize| rows.iter().map(|r| r[col].len()).max().unwrap_or(0);
    let (w0, w1) = (width(0), width(1));
    let table: String = rows
        .iter()
        .map(|[input, ty, field]| format!("{input:w0$}  {ty:w1$}  {field}\n"))
        .collect();
    insta::with_settings!({ prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!("naming_table", table);
    });
}
