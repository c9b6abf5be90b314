//! botocore 1.44.5 as an independent client of a server built from the generated
//! revenue-measurement dispatcher (Smithy RPC v2 CBOR): every operation, with minimal and with
//! full valid parameters (`tests/botocore/cbor_roundtrip.py`). botocore encodes each request in
//! CBOR; the dispatcher reads it, validates it strictly and answers an output of zero values
//! (a `{}` document read leniently: required members get their zero values, as Smithy's
//! error correction says), which botocore must parse. A failure on either side fails the test.

use std::path::Path;
use std::process::Command;
use std::sync::Mutex;

use partnercentral::revenue_measurement as rm;
use partnercentral::revenue_measurement::operations::{
    CreateMarketplaceRevenueShareAllocationError, CreateMarketplaceRevenueShareError,
    CreateRevenueAttributionError, GetMarketplaceRevenueShareAllocationError,
    GetMarketplaceRevenueShareError, GetRevenueAttributionAllocationError,
    GetRevenueAttributionAllocationsTaskError, GetRevenueAttributionError,
    ListMarketplaceRevenueShareAllocationsError, ListMarketplaceRevenueSharesError,
    ListRevenueAttributionAllocationsError, ListRevenueAttributionsError, ListTagsForResourceError,
    PartnerCentralRevenueMeasurement, StartRevenueAttributionAllocationsTaskError,
    TagResourceError, UntagResourceError, UpdateMarketplaceRevenueShareAllocationError,
    UpdateRevenueAttributionError,
};

#[allow(dead_code)]
#[path = "../../xtask/src/vectors.rs"]
mod vectors;

/// An output of zero values, read from an empty CBOR map.
fn zero<T: serde::de::DeserializeOwned>() -> T {
    awsgen_runtime::protocol::read_body(awsgen_runtime::protocol::Protocol::RpcV2Cbor, &[])
        .expect("an empty map reads as any output")
}

/// Answers every operation with zero values, and counts the inputs it was given.
#[derive(Default)]
struct Zero {
    inputs: Mutex<usize>,
}

impl Zero {
    fn seen<T>(&self, _input: &T) {
        *self.inputs.lock().unwrap() += 1;
    }
}

impl PartnerCentralRevenueMeasurement for Zero {
    async fn call_create_marketplace_revenue_share(
        &self,
        input: rm::CreateMarketplaceRevenueShareInput,
    ) -> Result<rm::CreateMarketplaceRevenueShareOutput, CreateMarketplaceRevenueShareError> {
        self.seen(&input);
        Ok(zero())
    }

    async fn call_create_marketplace_revenue_share_allocation(
        &self,
        input: rm::CreateMarketplaceRevenueShareAllocationInput,
    ) -> Result<
        rm::CreateMarketplaceRevenueShareAllocationOutput,
        CreateMarketplaceRevenueShareAllocationError,
    > {
        self.seen(&input);
        Ok(zero())
    }

    async fn call_create_revenue_attribution(
        &self,
        input: rm::CreateRevenueAttributionInput,
    ) -> Result<rm::CreateRevenueAttributionOutput, CreateRevenueAttributionError> {
        self.seen(&input);
        Ok(zero())
    }

    async fn call_get_marketplace_revenue_share(
        &self,
        input: rm::GetMarketplaceRevenueShareInput,
    ) -> Result<rm::GetMarketplaceRevenueShareOutput, GetMarketplaceRevenueShareError> {
        self.seen(&input);
        Ok(zero())
    }

    async fn call_get_marketplace_revenue_share_allocation(
        &self,
        input: rm::GetMarketplaceRevenueShareAllocationInput,
    ) -> Result<
        rm::GetMarketplaceRevenueShareAllocationOutput,
        GetMarketplaceRevenueShareAllocationError,
    > {
        self.seen(&input);
        Ok(zero())
    }

    async fn call_get_revenue_attribution(
        &self,
        input: rm::GetRevenueAttributionInput,
    ) -> Result<rm::GetRevenueAttributionOutput, GetRevenueAttributionError> {
        self.seen(&input);
        Ok(zero())
    }

    async fn call_get_revenue_attribution_allocation(
        &self,
        input: rm::GetRevenueAttributionAllocationInput,
    ) -> Result<rm::GetRevenueAttributionAllocationOutput, GetRevenueAttributionAllocationError>
    {
        self.seen(&input);
        Ok(zero())
    }

    async fn call_get_revenue_attribution_allocations_task(
        &self,
        input: rm::GetRevenueAttributionAllocationsTaskInput,
    ) -> Result<
        rm::GetRevenueAttributionAllocationsTaskOutput,
        GetRevenueAttributionAllocationsTaskError,
    > {
        self.seen(&input);
        Ok(zero())
    }

    async fn call_list_marketplace_revenue_share_allocations(
        &self,
        input: rm::ListMarketplaceRevenueShareAllocationsInput,
    ) -> Result<
        rm::ListMarketplaceRevenueShareAllocationsOutput,
        ListMarketplaceRevenueShareAllocationsError,
    > {
        self.seen(&input);
        Ok(zero())
    }

    async fn call_list_marketplace_revenue_shares(
        &self,
        input: rm::ListMarketplaceRevenueSharesInput,
    ) -> Result<rm::ListMarketplaceRevenueSharesOutput, ListMarketplaceRevenueSharesError> {
        self.seen(&input);
        Ok(zero())
    }

    async fn call_list_revenue_attribution_allocations(
        &self,
        input: rm::ListRevenueAttributionAllocationsInput,
    ) -> Result<rm::ListRevenueAttributionAllocationsOutput, ListRevenueAttributionAllocationsError>
    {
        self.seen(&input);
        Ok(zero())
    }

    async fn call_list_revenue_attributions(
        &self,
        input: rm::ListRevenueAttributionsInput,
    ) -> Result<rm::ListRevenueAttributionsOutput, ListRevenueAttributionsError> {
        self.seen(&input);
        Ok(zero())
    }

    async fn call_list_tags_for_resource(
        &self,
        input: rm::ListTagsForResourceInput,
    ) -> Result<rm::ListTagsForResourceOutput, ListTagsForResourceError> {
        self.seen(&input);
        Ok(zero())
    }

    async fn call_start_revenue_attribution_allocations_task(
        &self,
        input: rm::StartRevenueAttributionAllocationsTaskInput,
    ) -> Result<
        rm::StartRevenueAttributionAllocationsTaskOutput,
        StartRevenueAttributionAllocationsTaskError,
    > {
        self.seen(&input);
        Ok(zero())
    }

    async fn call_tag_resource(
        &self,
        input: rm::TagResourceInput,
    ) -> Result<rm::TagResourceOutput, TagResourceError> {
        self.seen(&input);
        Ok(zero())
    }

    async fn call_untag_resource(
        &self,
        input: rm::UntagResourceInput,
    ) -> Result<rm::UntagResourceOutput, UntagResourceError> {
        self.seen(&input);
        Ok(zero())
    }

    async fn call_update_marketplace_revenue_share_allocation(
        &self,
        input: rm::UpdateMarketplaceRevenueShareAllocationInput,
    ) -> Result<
        rm::UpdateMarketplaceRevenueShareAllocationOutput,
        UpdateMarketplaceRevenueShareAllocationError,
    > {
        self.seen(&input);
        Ok(zero())
    }

    async fn call_update_revenue_attribution(
        &self,
        input: rm::UpdateRevenueAttributionInput,
    ) -> Result<rm::UpdateRevenueAttributionOutput, UpdateRevenueAttributionError> {
        self.seen(&input);
        Ok(zero())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn botocore_round_trips_every_cbor_operation() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("repository root");
    let python = tokio::task::spawn_blocking({
        let root = root.to_path_buf();
        move || vectors::ensure_venv(&root)
    })
    .await
    .unwrap()
    .unwrap_or_else(|e| panic!("botocore venv: {e}"));
    let service = std::sync::Arc::new(Zero::default());
    let server = awsgen_runtime::server::Server::new().with(rm::server::Dispatcher::from_arc(
        std::sync::Arc::clone(&service),
    ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(server.serve(listener));
    let script = root.join("tests/botocore/cbor_roundtrip.py");
    let output = tokio::task::spawn_blocking(move || {
        Command::new(python)
            .arg(script)
            .arg(endpoint)
            .arg("partnercentral-revenue-measurement")
            .output()
            .expect("runs the venv's python")
    })
    .await
    .unwrap();
    assert!(
        output.status.success(),
        "cbor_roundtrip.py: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let results: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    let failures: Vec<String> = results
        .iter()
        .filter(|r| r["ok"] != true)
        .map(|r| format!("{} {}: {}", r["operation"], r["case"], r["error"]))
        .collect();
    assert!(
        failures.is_empty(),
        "{} calls failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    let operations: std::collections::BTreeSet<&str> = results
        .iter()
        .map(|r| r["operation"].as_str().unwrap())
        .collect();
    assert_eq!(operations.len(), 18, "every operation");
    assert_eq!(
        *service.inputs.lock().unwrap(),
        results.len(),
        "every call reached the service"
    );
}
