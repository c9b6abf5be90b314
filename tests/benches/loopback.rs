//! `cargo bench -p tests --bench loopback`: the emulator's memory and the generated client's
//! round trip over loopback, in one process on a Tokio multi-thread runtime with 2 workers.
//!
//! 1. Memory first, while the heap is fresh: a new emulator (no seed data) takes 100,000
//!    `CreateOpportunity` requests through `PartnerCentralSelling::create_opportunity`, no
//!    HTTP; reports the growth of `VmRSS` (MB = 10^6 bytes; allocator overhead and spare
//!    capacity included), the time to insert, and the median time of one
//!    `ListOpportunities` page of 100 over all of them.
//! 2. Then `GetOpportunity` with the generated client against the emulator on
//!    127.0.0.1, default client config: 500 calls of warm-up, 10,000 sequential calls (the
//!    caller on the `block_on` thread, as under `#[tokio::main]`), then 10,000 calls from
//!    16 tasks on the runtime, after a warm-up of 500 calls the same way.

use std::time::{Duration, Instant};

use awsgen_runtime::client::{Config, Credentials};
use partnercentral::selling::client::Client;
use partnercentral::selling::operations::PartnerCentralSelling;
use partnercentral::selling::{
    CreateOpportunityRequest, GetOpportunityRequest, ListOpportunitiesRequest,
};
use partnercentral_emulator::{Emulator, EmulatorConfig};
use serde_json::json;
use tokio::task::JoinSet;

const OPPORTUNITIES: usize = 100_000;
const LIST_RUNS: usize = 9;
const WARM_UP: usize = 500;
const CALLS: usize = 10_000;
const IN_FLIGHT: usize = 16;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a Tokio runtime");
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    println!("loopback bench: {cpus} CPUs available, Tokio multi-thread runtime, 2 workers");
    runtime.block_on(memory());
    runtime.block_on(round_trips());
}

/// A realistic Sandbox opportunity, valid under strict validation.
fn template() -> CreateOpportunityRequest {
    let body = json!({
        "Catalog": "Sandbox",
        "ClientToken": "loopback-bench",
        "Origin": "Partner Referral",
        "OpportunityType": "Net New Business",
        "NationalSecurity": "No",
        "PartnerOpportunityIdentifier": "CRM-00000000",
        "PrimaryNeedsFromAws": ["Co-Sell - Architectural Validation"],
        "Customer": {
            "Account": {
                "CompanyName": "Example Logistics",
                "Industry": "Transportation and Logistics",
                "WebsiteUrl": "https://logistics.example.com",
                "Address": {
                    "City": "Seattle",
                    "PostalCode": "98101",
                    "StateOrRegion": "Washington",
                    "CountryCode": "US",
                    "StreetAddress": "410 Terry Ave N"
                }
            },
            "Contacts": [{
                "Email": "jane.doe@logistics.example.com",
                "FirstName": "Jane",
                "LastName": "Doe",
                "BusinessTitle": "CTO",
                "Phone": "+12065550100"
            }]
        },
        "Project": {
            "Title": "Data platform migration",
            "CustomerBusinessProblem": "On-premises data warehouse cannot keep up with daily shipment volume.",
            "CustomerUseCase": "Migration",
            "DeliveryModels": ["SaaS or PaaS"],
            "SalesActivities": ["Initialized discussions with customer"],
            "ExpectedCustomerSpend": [{
                "Amount": "25000",
                "CurrencyCode": "USD",
                "Frequency": "Monthly",
                "TargetCompany": "AWS"
            }]
        },
        "LifeCycle": {
            "Stage": "Prospect",
            "TargetCloseDate": "2026-12-31",
            "NextSteps": "Architecture review with the customer's data team."
        },
        "Marketing": { "Source": "None" },
        "Tags": [{ "Key": "team", "Value": "emea-logistics" }]
    });
    serde_json::from_value(body).expect("the request template matches the model")
}

/// `template` with its own client token and names, as a caller would send it.
fn numbered(template: &CreateOpportunityRequest, n: usize) -> CreateOpportunityRequest {
    let mut request = template.clone();
    request.client_token = format!("loopback-bench-{n}");
    request.partner_opportunity_identifier = Some(format!("CRM-{n:08}"));
    if let Some(account) = request.customer.as_mut().and_then(|c| c.account.as_mut()) {
        account.company_name = format!("Example Logistics {n}");
    }
    if let Some(project) = request.project.as_mut() {
        project.title = Some(format!("Data platform migration {n}"));
    }
    request
}

/// This process's resident set, from `/proc/self/status` (Linux).
fn rss_bytes() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    let kib = status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.trim().strip_suffix("kB"))
        .and_then(|kib| kib.trim().parse::<u64>().ok())
        .expect("a VmRSS line in kB");
    kib * 1024
}

fn megabytes(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

/// The sample at percentile `p` (nearest rank) of sorted `samples`.
fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = (p / 100.0 * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

async fn memory() {
    let config = EmulatorConfig {
        seed: false,
        ..EmulatorConfig::default()
    };
    let emulator = Emulator::new(config).expect("emulator config");
    let selling = emulator.selling();
    let template = template();
    let before = rss_bytes();
    let started = Instant::now();
    for n in 0..OPPORTUNITIES {
        selling
            .call_create_opportunity(numbered(&template, n))
            .await
            .expect("CreateOpportunity");
    }
    let insert = started.elapsed();
    let after = rss_bytes();
    assert_eq!(emulator.opportunity_count(), OPPORTUNITIES);
    let growth = after.saturating_sub(before);

    let list = ListOpportunitiesRequest::builder()
        .catalog("Sandbox")
        .max_results(100)
        .build()
        .expect("ListOpportunities request");
    let mut pages = Vec::with_capacity(LIST_RUNS);
    for _ in 0..LIST_RUNS {
        let started = Instant::now();
        let page = selling
            .call_list_opportunities(list.clone())
            .await
            .expect("ListOpportunities");
        pages.push(started.elapsed());
        assert_eq!(page.opportunity_summaries.len(), 100);
        assert!(page.next_token.is_some());
    }
    pages.sort();

    println!("\nemulator, {OPPORTUNITIES} opportunities (trait calls, no HTTP, no seed data)");
    println!(
        "  VmRSS before / after      {:>8.1} MB / {:.1} MB",
        megabytes(before),
        megabytes(after)
    );
    println!(
        "  VmRSS growth              {:>8.1} MB = {} bytes per opportunity",
        megabytes(growth),
        growth / OPPORTUNITIES as u64
    );
    println!(
        "  insert                    {:>8.2?} = {:.0} creates/s (each request a renamed clone)",
        insert,
        OPPORTUNITIES as f64 / insert.as_secs_f64()
    );
    println!(
        "  ListOpportunities, MaxResults 100: median {:.2?} (min {:.2?}, max {:.2?}, {LIST_RUNS} runs)",
        pages[LIST_RUNS / 2],
        pages[0],
        pages[LIST_RUNS - 1]
    );
}

async fn round_trips() {
    let emulator = Emulator::new(EmulatorConfig::default()).expect("emulator config");
    let running = emulator
        .bind("127.0.0.1:0")
        .await
        .expect("bind 127.0.0.1:0");
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
        .endpoint_url(running.endpoint())
        .build();
    println!(
        "\nGetOpportunity, generated client -> emulator over 127.0.0.1 (default client config: \
         pre-send validation {:?}, up to {} attempts)",
        config.validation(),
        config.retry().max_attempts
    );
    let client = Client::new(config).expect("client config");
    let created = client
        .call_create_opportunity(numbered(&template(), 0))
        .await
        .expect("CreateOpportunity over loopback");
    let get = GetOpportunityRequest::builder()
        .catalog("Sandbox")
        .identifier(&created.id)
        .build()
        .expect("GetOpportunity request");

    for _ in 0..WARM_UP {
        timed_get(&client, &get).await;
    }
    let mut samples = Vec::with_capacity(CALLS);
    let started = Instant::now();
    for _ in 0..CALLS {
        samples.push(timed_get(&client, &get).await);
    }
    report("sequential", started.elapsed(), samples);

    concurrent(&client, &get, WARM_UP).await;
    let (wall, samples) = concurrent(&client, &get, CALLS).await;
    report(&format!("{IN_FLIGHT} in flight"), wall, samples);

    running.shutdown().await.expect("emulator shutdown");
}

async fn timed_get(client: &Client, request: &GetOpportunityRequest) -> Duration {
    let started = Instant::now();
    let response = client
        .call_get_opportunity(request.clone())
        .await
        .expect("GetOpportunity over loopback");
    let elapsed = started.elapsed();
    assert_eq!(response.id, request.identifier);
    elapsed
}

/// `calls` calls from `IN_FLIGHT` tasks sharing clones of `client`: the wall time and
/// each call's latency.
async fn concurrent(
    client: &Client,
    request: &GetOpportunityRequest,
    calls: usize,
) -> (Duration, Vec<Duration>) {
    let mut tasks = JoinSet::new();
    let started = Instant::now();
    for task in 0..IN_FLIGHT {
        let (client, request) = (client.clone(), request.clone());
        let share = calls / IN_FLIGHT + usize::from(task < calls % IN_FLIGHT);
        tasks.spawn(async move {
            let mut samples = Vec::with_capacity(share);
            for _ in 0..share {
                samples.push(timed_get(&client, &request).await);
            }
            samples
        });
    }
    let mut samples = Vec::with_capacity(calls);
    while let Some(done) = tasks.join_next().await {
        samples.extend(done.expect("a benchmark task panicked"));
    }
    (started.elapsed(), samples)
}

fn report(label: &str, wall: Duration, mut samples: Vec<Duration>) {
    samples.sort();
    let max = samples.last().copied().unwrap_or_default();
    println!(
        "  {label:<12} {} calls  p50 {:>8.1?}  p90 {:>8.1?}  p99 {:>8.1?}  max {:>8.1?}  {:>7.0} calls/s",
        samples.len(),
        percentile(&samples, 50.0),
        percentile(&samples, 90.0),
        percentile(&samples, 99.0),
        max,
        samples.len() as f64 / wall.as_secs_f64()
    );
}
