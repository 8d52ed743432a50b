//! The `devnet` binary: configured from the environment, announces itself as a development chain,
//! serves, writes its generated keys to a mode-0600 file (never to the log), and on SIGTERM shuts
//! down saving its state file.

use std::io::{BufRead, BufReader};
use std::os::unix::fs::PermissionsExt;
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
    let rest: Vec<String> = lines.by_ref().take(4).map(Result::unwrap).collect();
    assert!(rest[0].contains("chain id 9"), "{rest:?}");
    let keys_file = dir.join("state.json.keys");
    assert!(
        rest.iter()
            .any(|l| l.contains("generated admin 0x")
                && l.contains(&keys_file.display().to_string())),
        "{rest:?}"
    );
    assert!(
        rest.iter().any(|l| l.starts_with("devnet: operator 0x")),
        "{rest:?}"
    );

    // The generated admin key is in the keys file, readable by the owner only.
    let mode = std::fs::metadata(&keys_file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "{keys_file:?}");
    let keys = std::fs::read_to_string(&keys_file).unwrap();
    let admin_key = keys
        .lines()
        .find_map(|l| l.strip_prefix("DEVNET_ADMIN_KEYS="))
        .unwrap_or_else(|| panic!("{keys}"))
        .to_string();
    assert_eq!(admin_key.len(), 66, "{admin_key}");
    assert!(!keys.contains("DEVNET_OPERATOR_KEYS"), "{keys}");

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
    // Nothing the binary wrote to stdout (its announcements and its log) holds the private key.
    let mut log = rest.join("\n");
    for line in lines {
        log.push('\n');
        log.push_str(&line.unwrap());
    }
    let digits = admin_key.trim_start_matches("0x");
    assert!(
        !log.contains(digits),
        "the private key is in the log: {log}"
    );
    let saved: serde_json::Value = serde_json::from_slice(&std::fs::read(&state).unwrap()).unwrap();
    assert_eq!(saved["chain"]["ledger"]["chain_id"], 9);
    // The state file holds the generated keys too: owner-only, like the keys file, and no
    // temporary is left beside it.
    let mode = std::fs::metadata(&state).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "state file mode {mode:o}");
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}
