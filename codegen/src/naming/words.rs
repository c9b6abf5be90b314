//! AWS-aware word splitting.
//!
//! A generic case-change splitter (heck's) breaks AWS names: `IPv4Address` becomes
//! `i_pv4_address`, `ARNs` becomes `ar_ns`, `GiB` becomes `gi_b`. So we split into words
//! here, keeping each word's original case, and only case the words afterwards (in `mod.rs`).
//!
//! Rules, in the order they apply:
//! 1. Any character that is not an ASCII letter or digit separates words (`_`, `-`, ` `,
//!    `.`, `/`, `(`, ...). Non-ASCII characters are separators too: generated identifiers
//!    stay ASCII.
//! 2. A few words whose case pattern defeats the rules below ([`WHOLE_WORDS`]: `IPv4`,
//!    `GiB`, `OAuth`, ...) are taken as they are.
//! 3. A new word starts at an upper-case letter that follows a lower-case letter or a digit
//!    (`client|Token`, `S3|Bucket`, `V2|Api`), and at the last upper-case letter of a run
//!    that is followed by a lower-case one (`AWS|Account`, `HTTPS|Endpoint`), except that a
//!    plural `s` stays with its acronym (`ARNs`, `IDs`, `CRRs`), and that a `v` + digits
//!    after an acronym is a word of its own (`DynamoDB` `v2` -> `Dynamo|DB|v2`).
//! 4. Digits stay attached to the word before them (`Version2`, `EC2`), as in smithy-rs.
//! 5. An all-caps word that is made up entirely of known [`ACRONYMS`] is split into them
//!    (`SSEKMS` -> `SSE|KMS`).

/// Words matched case-sensitively wherever they start, as long as no lower-case letter
/// follows them (so `GiB` does not match inside `GiBberish`). A plural `s` and trailing
/// digits stay attached: `ETags`, `OAuth2`.
const WHOLE_WORDS: &[&str] = &[
    "IPv4", "IPv6", "SigV4", "KiB", "MiB", "MiBps", "GiB", "TiB", "OAuth", "OTel", "ETag", "IoT",
    "FSx", "SaaS", "PaaS", "iOS",
];

/// Acronyms that AWS models run together with no case change between them (`SSEKMSKeyId`).
/// Only used when they cover an all-caps word completely, with at least two of them.
/// Picked from runs seen in botocore models (`RDSDB`, `JDBCURL`, `IAMSAML`, `SMBACL`, ...).
const ACRONYMS: &[&str] = &[
    "AWS", "ACL", "ARN", "DB", "DSSE", "EBS", "IAM", "ID", "JDBC", "KMS", "RDS", "SAML", "SMB",
    "SSE", "URL", "VPC",
];

/// Splits an AWS model identifier into words, AWS-aware (see the module docs).
/// Words keep their original case; separators are dropped.
pub fn split_words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    for chunk in name.split(|c: char| !c.is_ascii_alphanumeric()) {
        split_chunk(chunk.as_bytes(), &mut words);
    }
    words
}

/// Splits one run of ASCII letters and digits, pushing its words onto `out`.
fn split_chunk(b: &[u8], out: &mut Vec<String>) {
    let mut push = |word: &[u8]| {
        if !word.is_empty() {
            // Only ASCII alphanumerics reach here, so this cannot fail.
            let word = std::str::from_utf8(word).expect("ASCII chunk");
            split_acronyms(word, out);
        }
    };
    let (mut start, mut i) = (0, 0);
    while i < b.len() {
        if let Some(end) = whole_word_at(b, i) {
            push(&b[start..i]);
            push(&b[i..end]);
            (start, i) = (end, end);
            continue;
        }
        if i > start && boundary_before(b, start, i) {
            push(&b[start..i]);
            start = i;
        }
        i += 1;
    }
    push(&b[start..]);
}

/// Whether a new word starts at `b[i]`, the current word being `b[start..i]` (non-empty).
fn boundary_before(b: &[u8], start: usize, i: usize) -> bool {
    let (c, last) = (b[i], b[i - 1]);
    let next = b.get(i + 1).copied();
    let after_next = b.get(i + 2).copied();
    let is_lower = |c: Option<u8>| c.is_some_and(|c| c.is_ascii_lowercase());
    let is_digit = |c: Option<u8>| c.is_some_and(|c| c.is_ascii_digit());

    if c.is_ascii_uppercase() {
        // fooBar, S3Bucket, V2Api
        if last.is_ascii_lowercase() || last.is_ascii_digit() {
            return true;
        }
        // End of an acronym: AWS|Account. Not AR|Ns (plural) nor D|Bv2 (version suffix).
        if last.is_ascii_uppercase() && is_lower(next) {
            let plural = next == Some(b's') && !is_lower(after_next);
            let version = next == Some(b'v') && is_digit(after_next);
            return !plural && !version;
        }
        return false;
    }
    // DB|v2: a version suffix after an acronym of two or more letters is its own word.
    c == b'v'
        && is_digit(next)
        && i - start >= 2
        && last.is_ascii_uppercase()
        && b[i - 2].is_ascii_uppercase()
}

/// If a [`WHOLE_WORDS`] entry starts at `b[i]`, the end of the word it makes.
fn whole_word_at(b: &[u8], i: usize) -> Option<usize> {
    // A lower-case-initial entry (`iOS`) must not start in the middle of a lower-case word.
    let after_lower = i > 0 && b[i - 1].is_ascii_lowercase();
    let at = |j: usize| b.get(j).copied();
    let is_lower = |j: usize| at(j).is_some_and(|c| c.is_ascii_lowercase());
    WHOLE_WORDS.iter().find_map(|word| {
        let starts_lower = word.as_bytes()[0].is_ascii_lowercase();
        if !b[i..].starts_with(word.as_bytes()) || (after_lower && starts_lower) {
            return None;
        }
        let mut end = i + word.len();
        if at(end) == Some(b's') && !is_lower(end + 1) {
            end += 1; // ETags
        } else {
            while at(end).is_some_and(|c| c.is_ascii_digit()) {
                end += 1; // OAuth2
            }
        }
        // `GiBberish` is not `GiB` (but `MiBps` is a word of its own).
        (!is_lower(end)).then_some(end)
    })
}

/// Pushes `word`, split into [`ACRONYMS`] if it is all caps and they cover it exactly.
fn split_acronyms(word: &str, out: &mut Vec<String>) {
    if word.len() >= 4 && word.bytes().all(|c| c.is_ascii_uppercase()) {
        let mut parts = Vec::new();
        if cover(word, &mut parts) && parts.len() >= 2 {
            out.extend(parts.into_iter().map(str::to_owned));
            return;
        }
    }
    out.push(word.to_owned());
}

/// Cover of `rest` by [`ACRONYMS`]. No entry is a prefix of another (see the tests), so at
/// most one entry matches at each step and this stays linear.
fn cover<'a>(rest: &'a str, parts: &mut Vec<&'a str>) -> bool {
    if rest.is_empty() {
        return true;
    }
    for acronym in ACRONYMS {
        if let Some(tail) = rest.strip_prefix(acronym) {
            parts.push(&rest[..acronym.len()]);
            if cover(tail, parts) {
                return true;
            }
            parts.pop();
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::split_words;

    #[track_caller]
    fn check(input: &str, expected: &[&str]) {
        assert_eq!(split_words(input), expected, "split_words({input:?})");
    }

    #[test]
    fn plain_camel_case() {
        check("ClientToken", &["Client", "Token"]);
        check("NextToken", &["Next", "Token"]);
        check("MaxResults", &["Max", "Results"]);
        check("clientToken", &["client", "Token"]);
    }

    #[test]
    fn acronym_runs() {
        check("AWSAccountId", &["AWS", "Account", "Id"]);
        check("AwsAccountId", &["Aws", "Account", "Id"]);
        check(
            "AWSPartnerCentralSelling",
            &["AWS", "Partner", "Central", "Selling"],
        );
        check("DUNSNumber", &["DUNS", "Number"]);
        check("HTTPSEndpoint", &["HTTPS", "Endpoint"]);
        check("AWS", &["AWS"]);
    }

    #[test]
    fn known_acronyms_run_together() {
        check("SSEKMSKeyId", &["SSE", "KMS", "Key", "Id"]);
        check("AWSKMS", &["AWS", "KMS"]);
        // Not fully covered by known acronyms: left alone.
        check("WWPSPDM", &["WWPSPDM"]);
        check("DESCENDING", &["DESCENDING"]);
    }

    #[test]
    fn acronym_table_is_prefix_free() {
        for a in super::ACRONYMS {
            for b in super::ACRONYMS {
                assert!(a == b || !b.starts_with(a), "{a} is a prefix of {b}");
            }
        }
    }

    #[test]
    fn plurals_stay_with_their_acronym() {
        check("ARNs", &["ARNs"]);
        check("ResourceARNs", &["Resource", "ARNs"]);
        check("IDs", &["IDs"]);
        check("URLs", &["URLs"]);
        check("CRRs", &["CRRs"]);
        check("KMSKeyIds", &["KMS", "Key", "Ids"]);
        check("ACLsEnabled", &["ACLs", "Enabled"]);
    }

    #[test]
    fn whole_words() {
        check("IPv4Address", &["IPv4", "Address"]);
        check("IPv6", &["IPv6"]);
        check("GiB", &["GiB"]);
        check("SizeInGiB", &["Size", "In", "GiB"]);
        check("MiB", &["MiB"]);
        check("KiB", &["KiB"]);
        check("TiB", &["TiB"]);
        check("OAuth", &["OAuth"]);
        check("OAuth2Scopes", &["OAuth2", "Scopes"]);
        check("ETag", &["ETag"]);
        check("ETags", &["ETags"]);
        check("SigV4Auth", &["SigV4", "Auth"]);
        check("TargetMiBps", &["Target", "MiBps"]);
        check("GetOTelEnrichment", &["Get", "OTel", "Enrichment"]);
        check("AWS::IoT::Thing", &["AWS", "IoT", "Thing"]);
        check("LocationFSxLustre", &["Location", "FSx", "Lustre"]);
        check("SaaSProductSummary", &["SaaS", "Product", "Summary"]);
        // Not followed by a word boundary: ordinary rules apply.
        check("GiBberish", &["Gi", "Bberish"]);
    }

    #[test]
    fn digits_attach_to_the_preceding_word() {
        check("Version2", &["Version2"]);
        check("V2Api", &["V2", "Api"]);
        check("S3Bucket", &["S3", "Bucket"]);
        check("EC2Instance", &["EC2", "Instance"]);
        check("Ec2", &["Ec2"]);
        check("DynamoDBv2", &["Dynamo", "DB", "v2"]);
        check("TLSv1.2", &["TLS", "v1", "2"]);
        check("3DES", &["3", "DES"]);
        check("2xlarge", &["2xlarge"]);
    }

    #[test]
    fn separators() {
        check(
            "Lost to Competitor - Google",
            &["Lost", "to", "Competitor", "Google"],
        );
        check("Out Of Home (OOH)", &["Out", "Of", "Home", "OOH"]);
        check("snake_case_name", &["snake", "case", "name"]);
        check("aws-eusc", &["aws", "eusc"]);
        check("a.b/c d", &["a", "b", "c", "d"]);
        check("IN_PROGRESS", &["IN", "PROGRESS"]);
        check("ListOf__string", &["List", "Of", "string"]);
        check("0.5", &["0", "5"]);
        check("Café", &["Caf"]);
        check("", &[] as &[&str]);
        check("*", &[] as &[&str]);
    }
}
