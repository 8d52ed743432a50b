//! `campaign-svc hash-key KEY` runs the real binary with an empty environment: hashing a key needs
//! no database URL or any other setting.

use std::process::Command;

#[test]
fn hash_key_needs_nothing_but_the_key() {
    let out = Command::new(env!("CARGO_BIN_EXE_campaign-svc"))
        .env_clear()
        .args(["hash-key", "secret-key"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "status {:?}, stderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        stdout.trim(),
        campaign_svc::http::auth::hash_key("secret-key")
    );
    assert_eq!(stdout.trim().len(), 64, "{stdout}");
}
