//! The per-service SigV4 rules both sides apply: the client when it signs
//! (`client::sign`) and a server when it checks (`server::SignatureCheck`), so that the two
//! cannot disagree about S3.

use aws_sigv4::http_request::{PercentEncodingMode, SigningSettings, UriPathNormalizationMode};

/// Whether a signing name is S3's (`s3`, `s3-outposts`, `s3-object-lambda`), which signs by
/// its own rules.
pub fn is_s3(signing_name: &str) -> bool {
    matches!(signing_name, "s3" | "s3-outposts" | "s3-object-lambda")
}

/// The signing settings of a service before any payload rule: the defaults, or S3's (its
/// path is neither normalized nor encoded a second time).
pub(crate) fn settings_for(signing_name: &str) -> SigningSettings {
    let mut settings = SigningSettings::default();
    if is_s3(signing_name) {
        settings.percent_encoding_mode = PercentEncodingMode::Single;
        settings.uri_path_normalization_mode = UriPathNormalizationMode::Disabled;
    }
    settings
}
