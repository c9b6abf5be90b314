//! botocore 1.44.5 as an independent client of the emulator: `tests/botocore/e2e.py` makes
//! the same calls as `e2e_client.rs` with botocore's own models, serializer, parsers and
//! paginators, over loopback HTTP, and checks that botocore reads every response and error
//! as it reads AWS's. botocore comes from a virtualenv under `target/` created on first use;
//! without Python 3 and PyPI the test fails, it does not skip.

use std::path::Path;
use std::process::Command;

use partnercentral_emulator::{Emulator, EmulatorConfig};

#[allow(dead_code)]
#[path = "../../xtask/src/vectors.rs"]
mod vectors;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn botocore_reads_every_answer_of_the_emulator() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("repository root")
        .to_owned();
    let python = {
        let root = root.clone();
        tokio::task::spawn_blocking(move || vectors::ensure_venv(&root))
            .await
            .unwrap()
            .unwrap_or_else(|e| panic!("botocore venv: {e}"))
    };
    // botocore's signatures are checked too (e2e.py's test keys).
    let emulator = Emulator::new(EmulatorConfig::default())
        .unwrap()
        .check_signatures("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    let running = emulator.bind("127.0.0.1:0").await.unwrap();
    let endpoint = running.endpoint();
    let script = root.join("tests/botocore/e2e.py");
    let output = tokio::task::spawn_blocking(move || {
        Command::new(python)
            .arg(script)
            .arg(endpoint)
            // botocore must not pick up a developer's real configuration.
            .env("AWS_CONFIG_FILE", "/dev/null")
            .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
            .env_remove("AWS_PROFILE")
            .output()
            .expect("runs the venv's python")
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "e2e.py failed:\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains("checks passed"), "{stdout}");
    println!("{stdout}");
    running.shutdown().await.unwrap();
}
