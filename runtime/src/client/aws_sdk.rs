//! Sharing configuration with the AWS SDK for Rust (feature `aws-sdk-config`).
//!
//! A program already on `aws-config` keeps one configuration for both kinds of clients:
//! [`Config::from_sdk_config`] reads an [`aws_types::SdkConfig`] (region, credentials,
//! endpoint URLs, FIPS and dual-stack, retries, timeouts, request compression, checksums),
//! [`FromSdkCredentials`] makes any `aws_credential_types` provider a source for this
//! runtime, and [`IntoSdkCredentials`] goes the other way, so an aws-sdk-rust client can sign
//! with a source of this runtime (`awsgen-credentials`' chain, say).

use std::fmt;

use aws_credential_types::provider::{self as sdk, ProvideCredentials as _};
use aws_types::SdkConfig;
use aws_types::sdk_config::RequestChecksumCalculation;
use aws_types::service_config::ServiceConfigKey;

use super::config::{Config, ConfigBuilder, RetryMode};
use super::credentials::{Credentials, CredentialsError, ProvideCredentials, ProvideFuture};

impl Config {
    /// A builder with the settings of an aws-sdk-rust [`SdkConfig`] (from
    /// `aws_config::load_defaults`, say); values set on the builder afterwards win.
    ///
    /// - region, credentials provider (cached by the client, see [`FromSdkCredentials`]);
    /// - endpoint: the service-specific URL of `SdkConfig::service_config`
    ///   (`AWS_ENDPOINT_URL_<SERVICE_ID>`, the profile's `services` section), then
    ///   `SdkConfig::endpoint_url`, as an aws-sdk-rust client resolves them;
    /// - `use_fips`, `use_dual_stack`, `disable_request_compression`,
    ///   `request_min_compression_size_bytes`, `request_checksum_calculation`;
    /// - retries: mode, max attempts and max backoff (the base delays stay botocore's, see
    ///   [`RetryConfig`](super::RetryConfig): aws-sdk-rust's single `initial_backoff` has no
    ///   transient/throttling split);
    /// - timeouts: connect, operation and operation attempt.
    ///
    /// Not carried over: the HTTP client, sleep and time source, identity cache (this
    /// runtime has its own), token provider, app name and stalled-stream protection.
    pub fn from_sdk_config(sdk: &SdkConfig) -> ConfigBuilder {
        let mut builder = Config::builder();
        if let Some(region) = sdk.region() {
            builder = builder.region(region.as_ref());
        }
        if let Some(provider) = sdk.credentials_provider() {
            builder = builder.credentials_provider(FromSdkCredentials::new(provider));
        }
        let global = sdk.endpoint_url().map(str::to_owned);
        let services = sdk.to_builder().build();
        builder = builder.endpoint_url_for_service(move |service_id| {
            let key = ServiceConfigKey::builder()
                .service_id(service_id)
                .profile("endpoint_url")
                .env("AWS_ENDPOINT_URL")
                .build()
                .ok()?;
            services
                .service_config()
                .and_then(|loader| loader.load_config(key))
                .or_else(|| global.clone())
        });
        if let Some(use_fips) = sdk.use_fips() {
            builder = builder.use_fips(use_fips);
        }
        if let Some(use_dual_stack) = sdk.use_dual_stack() {
            builder = builder.use_dual_stack(use_dual_stack);
        }
        if let Some(retry) = sdk.retry_config() {
            let mut ours = builder.retry_config();
            ours.max_attempts = retry.max_attempts();
            ours.max_backoff = retry.max_backoff();
            ours.mode = match retry.mode() {
                aws_smithy_types::retry::RetryMode::Adaptive => RetryMode::Adaptive,
                _ => RetryMode::Standard,
            };
            builder = builder.retry(ours);
        }
        if let Some(timeouts) = sdk.timeout_config() {
            if let Some(connect) = timeouts.connect_timeout() {
                builder = builder.connect_timeout(connect);
            }
            if let Some(attempt) = timeouts.operation_attempt_timeout() {
                builder = builder.attempt_timeout(attempt);
            }
            if let Some(operation) = timeouts.operation_timeout() {
                builder = builder.operation_timeout(operation);
            }
        }
        match (
            sdk.disable_request_compression(),
            sdk.request_min_compression_size_bytes(),
        ) {
            (Some(true), _) => builder = builder.request_compression(None),
            (_, Some(min)) => builder = builder.request_compression(Some(min as usize)),
            _ => {}
        }
        if let Some(calculation) = sdk.request_checksum_calculation() {
            builder = builder
                .checksum_when_supported(calculation != RequestChecksumCalculation::WhenRequired);
        }
        builder
    }
}

/// Any aws-sdk-rust credentials provider (`aws_config`'s default chain, an
/// `AssumeRoleProvider`, ...) as a source of this runtime. Its errors keep the SDK's
/// message chain, which names the provider and the reason, never a key.
#[derive(Clone)]
pub struct FromSdkCredentials {
    provider: sdk::SharedCredentialsProvider,
}

impl FromSdkCredentials {
    pub fn new(provider: impl sdk::ProvideCredentials + 'static) -> FromSdkCredentials {
        FromSdkCredentials {
            provider: sdk::SharedCredentialsProvider::new(provider),
        }
    }
}

impl fmt::Debug for FromSdkCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The SDK's providers redact their own secrets in `Debug`.
        f.debug_tuple("FromSdkCredentials")
            .field(&self.provider)
            .finish()
    }
}

impl ProvideCredentials for FromSdkCredentials {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        Box::pin(async move {
            match self.provider.provide_credentials().await {
                Ok(credentials) => {
                    let ours = Credentials::new(
                        credentials.access_key_id(),
                        credentials.secret_access_key(),
                        credentials.session_token().map(str::to_owned),
                    );
                    Ok(match credentials.expiry() {
                        Some(expiry) => ours.with_expiry(expiry),
                        None => ours,
                    })
                }
                Err(error) => {
                    // The SDK's `Display` is only the outer layer.
                    let message = super::error_chain(&error);
                    Err(match error {
                        sdk::error::CredentialsError::CredentialsNotLoaded(_) => {
                            CredentialsError::not_configured("aws-sdk-rust provider", message)
                        }
                        _ => CredentialsError::failed("aws-sdk-rust provider", message),
                    })
                }
            }
        })
    }
}

/// A source of this runtime as an aws-sdk-rust credentials provider, for an aws-sdk-rust
/// client (or `SdkConfig`) that should sign with the same credentials.
#[derive(Debug, Clone)]
pub struct IntoSdkCredentials {
    source: super::SharedCredentialsProvider,
}

impl IntoSdkCredentials {
    pub fn new(source: impl ProvideCredentials + 'static) -> IntoSdkCredentials {
        IntoSdkCredentials {
            source: std::sync::Arc::new(source),
        }
    }
}

impl sdk::ProvideCredentials for IntoSdkCredentials {
    fn provide_credentials<'a>(&'a self) -> sdk::future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        sdk::future::ProvideCredentials::new(async move {
            match self.source.provide_credentials().await {
                Ok(credentials) => Ok(aws_credential_types::Credentials::new(
                    credentials.access_key_id(),
                    credentials.secret_access_key(),
                    credentials.session_token().map(str::to_owned),
                    credentials.expiry(),
                    "awsgen",
                )),
                Err(error) => Err(match error.kind() {
                    super::CredentialsErrorKind::NotConfigured => {
                        sdk::error::CredentialsError::not_loaded(error)
                    }
                    super::CredentialsErrorKind::Failed => {
                        sdk::error::CredentialsError::provider_error(error)
                    }
                }),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_types::region::Region;
    use std::time::{Duration, SystemTime};

    #[test]
    fn an_sdk_config_carries_over() {
        let sdk = SdkConfig::builder()
            .region(Region::new("eu-west-3"))
            .endpoint_url("http://127.0.0.1:1")
            .use_fips(true)
            .retry_config(
                aws_types::sdk_config::RetryConfig::adaptive()
                    .with_max_attempts(7)
                    .with_max_backoff(Duration::from_secs(9)),
            )
            .timeout_config(
                aws_types::sdk_config::TimeoutConfig::builder()
                    .connect_timeout(Duration::from_secs(2))
                    .operation_timeout(Duration::from_secs(30))
                    .build(),
            )
            .disable_request_compression(true)
            .request_checksum_calculation(RequestChecksumCalculation::WhenRequired)
            .build();
        let config = Config::from_sdk_config(&sdk).build();
        assert_eq!(config.region(), Some("eu-west-3"));
        assert!(config.use_fips());
        assert_eq!(config.retry().mode, RetryMode::Adaptive);
        assert_eq!(config.retry().max_attempts, 7);
        assert_eq!(config.retry().max_backoff, Duration::from_secs(9));
        assert_eq!(config.connect_timeout(), Duration::from_secs(2));
        assert_eq!(config.operation_timeout(), Some(Duration::from_secs(30)));
        assert_eq!(config.request_compression(), None);
        assert!(!config.checksum_when_supported());
        assert_eq!(
            config.endpoint_url_for("PartnerCentral Selling").as_deref(),
            Some("http://127.0.0.1:1")
        );
    }

    #[tokio::test]
    async fn credentials_go_both_ways_with_their_expiry() {
        let expiry = SystemTime::now() + Duration::from_secs(900);
        let sdk_credentials = aws_credential_types::Credentials::new(
            "AKIDSDK",
            "SECRETSDK",
            Some("token".into()),
            Some(expiry),
            "test",
        );
        let ours = FromSdkCredentials::new(sdk_credentials)
            .provide_credentials()
            .await
            .unwrap();
        assert_eq!(ours.access_key_id(), "AKIDSDK");
        assert_eq!(ours.session_token(), Some("token"));
        assert_eq!(ours.expiry(), Some(expiry));
        assert!(!format!("{ours:?}").contains("SECRETSDK"));

        let back = IntoSdkCredentials::new(ours)
            .provide_credentials()
            .await
            .unwrap();
        assert_eq!(back.secret_access_key(), "SECRETSDK");
        assert_eq!(back.expiry(), Some(expiry));

        let missing = FromSdkCredentials::new(sdk::SharedCredentialsProvider::new(
            IntoSdkCredentials::new(Failing),
        ))
        .provide_credentials()
        .await
        .unwrap_err();
        assert_eq!(
            missing.kind(),
            super::super::CredentialsErrorKind::NotConfigured
        );
        assert!(missing.message().contains("nothing here"), "{missing}");
    }

    #[derive(Debug)]
    struct Failing;

    impl ProvideCredentials for Failing {
        fn provide_credentials(&self) -> ProvideFuture<'_> {
            Box::pin(async { Err(CredentialsError::not_configured("test", "nothing here")) })
        }
    }
}
