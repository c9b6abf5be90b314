//! One aws-sdk-rust `SdkConfig` for both kinds of clients (feature `aws-sdk-config`): a
//! generated client built with `Client::from_sdk_config` and aws-sdk-rust's own client of
//! the same service call the emulator, which checks every SigV4 signature, with the
//! region, endpoint and credentials of that one configuration. The credentials come from a
//! source of this runtime lent to aws-sdk-rust (`IntoSdkCredentials`), so both directions
//! of the adapter sign real requests.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

use aws_credential_types::provider::SharedCredentialsProvider;
use aws_sdk_partnercentralselling as selling_sdk;
use aws_smithy_http_client::Builder as HttpClientBuilder;
use aws_types::SdkConfig;
use aws_types::region::Region;
use aws_types::service_config::{LoadServiceConfig, ServiceConfigKey};
use awsgen_runtime::client::{
    Credentials, CredentialsError, IntoSdkCredentials, ProvideCredentials, ProvideFuture,
};
use partnercentral::selling;
use partnercentral::selling::operations::PartnerCentralSelling;
use partnercentral_emulator::{Emulator, EmulatorConfig};

const KEY: &str = "AKIDSHARED";
const SECRET: &str = "shared-secret";

/// Temporary credentials that count how often they are asked for.
#[derive(Debug, Default)]
struct Counting {
    fetches: AtomicUsize,
    secret: &'static str,
}

impl ProvideCredentials for Counting {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        self.fetches.fetch_add(1, Ordering::SeqCst);
        let credentials = Credentials::new(KEY, self.secret, Some("session".into()))
            .with_expiry(SystemTime::now() + Duration::from_secs(3600));
        Box::pin(async move { Ok::<_, CredentialsError>(credentials) })
    }
}

/// `AWS_ENDPOINT_URL_<SERVICE>` as aws-config's loader answers it, for one service.
#[derive(Debug)]
struct OneServiceEndpoint {
    service_id: &'static str,
    url: String,
}

impl LoadServiceConfig for OneServiceEndpoint {
    fn load_config(&self, key: ServiceConfigKey<'_>) -> Option<String> {
        (key.service_id() == self.service_id && key.env() == "AWS_ENDPOINT_URL")
            .then(|| self.url.clone())
    }
}

fn sdk_config(endpoint: &str, credentials: Arc<Counting>) -> SdkConfig {
    SdkConfig::builder()
        .behavior_version(selling_sdk::config::BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .endpoint_url(endpoint)
        .credentials_provider(SharedCredentialsProvider::new(IntoSdkCredentials::new(
            credentials,
        )))
        .http_client(HttpClientBuilder::new().build_http())
        .retry_config(aws_types::sdk_config::RetryConfig::disabled())
        .build()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_sdk_config_serves_a_generated_client_and_aws_sdk_rust() {
    let emulator = Emulator::new(EmulatorConfig::default())
        .unwrap()
        .check_signatures(KEY, SECRET);
    let running = emulator.bind("127.0.0.1:0").await.unwrap();
    let credentials = Arc::new(Counting {
        secret: SECRET,
        ..Counting::default()
    });
    let sdk = sdk_config(&running.endpoint(), credentials.clone());

    let ours = selling::client::Client::from_sdk_config(&sdk).unwrap();
    let created = ours
        .create_opportunity()
        .catalog("Sandbox")
        .client_token("shared-config")
        .send()
        .await
        .unwrap();

    let theirs = selling_sdk::Client::new(&sdk);
    let got = theirs
        .get_opportunity()
        .catalog("Sandbox")
        .identifier(&created.id)
        .send()
        .await
        .unwrap();
    assert_eq!(got.id(), created.id);

    // Our client caches what the shared source gave: one fetch for several calls.
    let before = credentials.fetches.load(Ordering::SeqCst);
    for _ in 0..3 {
        ours.get_opportunity()
            .catalog("Sandbox")
            .identifier(&created.id)
            .send()
            .await
            .unwrap();
    }
    assert_eq!(credentials.fetches.load(Ordering::SeqCst), before);
}

/// A wrong secret in the shared source is refused by the emulator: the signatures the test
/// above relies on are really checked.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shared_source_with_the_wrong_secret_is_refused() {
    let emulator = Emulator::new(EmulatorConfig::default())
        .unwrap()
        .check_signatures(KEY, SECRET);
    let running = emulator.bind("127.0.0.1:0").await.unwrap();
    let wrong = Arc::new(Counting {
        secret: "not-the-secret",
        ..Counting::default()
    });
    let sdk = sdk_config(&running.endpoint(), wrong);
    let ours = selling::client::Client::from_sdk_config(&sdk).unwrap();
    let error = ours
        .create_opportunity()
        .catalog("Sandbox")
        .client_token("wrong-secret")
        .send()
        .await
        .unwrap_err();
    let response = awsgen_runtime::OperationError::to_response(&error);
    assert_eq!(response.status, 403, "{error}");
}

/// The service-specific endpoint of the shared configuration wins over its global one, as
/// in aws-sdk-rust; credentials from an aws-sdk-rust provider sign our requests.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_service_endpoint_and_sdk_credentials_carry_over() {
    let emulator = Emulator::new(EmulatorConfig::default())
        .unwrap()
        .check_signatures(KEY, SECRET);
    let running = emulator.bind("127.0.0.1:0").await.unwrap();
    let sdk = SdkConfig::builder()
        .region(Region::new("us-east-1"))
        // Nothing listens here: only the service's own URL reaches the emulator.
        .endpoint_url("http://127.0.0.1:9")
        .service_config(OneServiceEndpoint {
            service_id: "PartnerCentral Selling",
            url: running.endpoint(),
        })
        .credentials_provider(SharedCredentialsProvider::new(
            aws_credential_types::Credentials::new(KEY, SECRET, None, None, "test"),
        ))
        .build();
    let config = awsgen_runtime::client::Config::from_sdk_config(&sdk).build();
    assert_eq!(
        config.endpoint_url_for("PartnerCentral Selling"),
        Some(running.endpoint())
    );
    assert_eq!(
        config.endpoint_url_for("PartnerCentral Account").as_deref(),
        Some("http://127.0.0.1:9")
    );
    let ours = selling::client::Client::new(config).unwrap();
    ours.create_opportunity()
        .catalog("Sandbox")
        .client_token("sdk-credentials")
        .send()
        .await
        .unwrap();
}
