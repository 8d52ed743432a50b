//! The `devnet` binary: configured from the environment, announces itself as a development chain,
//! serves, and on SIGTERM shuts down saving its state file.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

#[tokio::test]
async fn the_binary_reads_env_config_serves_and_saves_state_on_sigterm() {
    let dir = std::env::temp_dir().join(format!("devnet-bin-{}", rand::random::<u64>()));
    std::fs::create_dir_all(&dir).unwrap();
    let state = dir.join("state.json");
    let mut child = Command::new(env!("CARGO_BIN_EXE_devnet"))
        .env("DEVNET_LISTEN", "127.0.0.1:0")
        .env("DEVNET_CHAIN_ID", "9")
        .env("DEVNET_STATE_FILE", &state)
        .env("DEVNET_OPERATOR_KEYS", format!("0x{}", "42".repeat(32)))
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    assert!(first.contains("DEVELOPMENT CHAIN"), "{first}");
    let url = first.rsplit(' ').next().unwrap().to_string();
    let rest: Vec<String> = lines.by_ref().take(3).map(Result::unwrap).collect();
    assert!(rest[0].contains("chain id 9"), "{rest:?}");
    assert!(
        rest.iter().any(|l| l.contains("generated admin")),
        "{rest:?}"
    );
    assert!(
        rest.iter().any(|l| l.starts_with("devnet: operator 0x")),
        "{rest:?}"
    );

    let info: serde_json::Value = reqwest::get(&url).await.unwrap().json().await.unwrap();
    assert_eq!(info["chain_id"], 9);

    let status = Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string())
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(exit) = child.try_wait().unwrap() {
            assert!(exit.success(), "{exit:?}");
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "devnet did not stop on SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let saved: serde_json::Value = serde_json::from_slice(&std::fs::read(&state).unwrap()).unwrap();
    assert_eq!(saved["chain"]["ledger"]["chain_id"], 9);
    std::fs::remove_dir_all(&dir).unwrap();
}
