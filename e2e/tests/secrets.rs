//! Secrets never leak: the real binaries run a full grant with debug logging, a database password
//! in DATABASE_URL, a signer key and an API key; none of them appears in any log line, error
//! response or `/stats`.

use e2e::{ChainKind, TestChain};
use std::io::Read;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn binary(name: &str) -> std::path::PathBuf {
    // target/<profile>/deps/secrets-<hash> → target/<profile>/<name>
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().unwrap().parent().unwrap();
    let path = dir.join(name);
    assert!(
        path.exists(),
        "{} is not built (cargo build --workspace --bins)",
        path.display()
    );
    path
}

/// Child output goes to a file: a pipe nobody reads fills up and stalls a chatty child.
fn log_file(name: &str) -> (std::path::PathBuf, Stdio, Stdio) {
    let dir = shared::testkit::repo_root().join("target").join("testkit");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("secrets-{name}-{}.log", std::process::id()));
    let file = std::fs::File::create(&path).unwrap();
    (
        path,
        Stdio::from(file.try_clone().unwrap()),
        Stdio::from(file),
    )
}

fn output(mut child: Child, log: std::path::PathBuf) -> String {
    let _ = Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string())
        .status();
    let deadline = Instant::now() + Duration::from_secs(20);
    while child.try_wait().unwrap().is_none() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = child.kill();
    let _ = child.wait();
    let mut out = String::new();
    std::fs::File::open(&log)
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    let _ = std::fs::remove_file(&log);
    out
}

async fn wait_ok(http: &reqwest::Client, url: &str) {
    let start = Instant::now();
    loop {
        if let Ok(r) = http.get(url).send().await
            && r.status().is_success()
        {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "{url} never became ready"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn no_secret_appears_in_logs_errors_or_stats_on_the_dev_chain() {
    no_secret_appears_in_logs_errors_or_stats(ChainKind::Devnet).await;
}

#[tokio::test]
async fn no_secret_appears_in_logs_errors_or_stats_on_the_real_local_chain() {
    no_secret_appears_in_logs_errors_or_stats(ChainKind::Localnet).await;
}

async fn no_secret_appears_in_logs_errors_or_stats(kind: ChainKind) {
    shared::telemetry::install_crypto_provider();
    let node = TestChain::start(kind, 1).await;
    let signer_key = node.operator_keys()[0].clone();
    let password = format!("pw{}", uuid::Uuid::new_v4().simple());
    let api_key = format!("key{}", uuid::Uuid::new_v4().simple());
    // Trust authentication accepts (and ignores) the password, so the URL carries a real secret
    // through every code path that touches it.
    let url = shared::testkit::fresh_database().replacen(
        "postgres@",
        &format!("postgres:{password}@"),
        1,
    );
    let topics = shared::pubsub::TopicNames::unique_for_test("secrets");
    // Its own message signing key, so the test can look for its secret in the output.
    let signing_line = shared::signing::generate_key_line("secrets-test").unwrap();
    let signing_secret = signing_line
        .split_once(':')
        .map(|(_, s)| s.to_string())
        .unwrap();
    let signing_file = shared::testkit::repo_root()
        .join("target")
        .join("testkit")
        .join(format!("signing-keys-{}", uuid::Uuid::new_v4().simple()));
    shared::testkit::write_secret_file(&signing_file, &format!("{signing_line}\n"));
    let emulator = shared::testkit::pubsub_emulator_host();
    let (campaign_port, chain_port) = (shared::testkit::free_port(), shared::testkit::free_port());
    let common = |cmd: &mut Command| {
        cmd.env("PUBSUB_EMULATOR_HOST", emulator)
            .env("GCP_PROJECT_ID", "test-project")
            .env("REQUESTS_TOPIC", &topics.requests_topic)
            .env("REQUESTS_SUBSCRIPTION", &topics.requests_subscription)
            .env(
                "REQUESTS_DEAD_LETTER_TOPIC",
                &topics.requests_dead_letter_topic,
            )
            .env("RESULTS_TOPIC", &topics.results_topic)
            .env("RESULTS_SUBSCRIPTION", &topics.results_subscription)
            .env(
                "RESULTS_DEAD_LETTER_TOPIC",
                &topics.results_dead_letter_topic,
            )
            .env("MESSAGE_SIGNING_KEYS_FILE", &signing_file)
            .env("RUST_LOG", "debug")
            .env("LOG_FORMAT", "json");
    };
    let mut seed = Command::new(binary("campaign-svc"));
    common(&mut seed);
    let seeded = seed
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .args(["seed-users", "--count", "5"])
        .env("DATABASE_URL", &url)
        .output()
        .unwrap();
    assert!(seeded.status.success());
    let (campaign_log, out, err) = log_file("campaign");
    let mut campaign = Command::new(binary("campaign-svc"));
    common(&mut campaign);
    let campaign = campaign
        .stdout(out)
        .stderr(err)
        .env("DATABASE_URL", &url)
        .env("PORT", campaign_port.to_string())
        .env("BIND_ADDRESS", "127.0.0.1")
        .env("LEDGER_SCHEDULE", "off")
        .env(
            "API_KEYS",
            format!(
                "grant+read+admin:{}",
                campaign_svc::http::auth::hash_key(&api_key)
            ),
        )
        .spawn()
        .unwrap();
    let (chain_log, out, err) = log_file("chain");
    let mut chain = Command::new(binary("chain-svc"));
    common(&mut chain);
    let chain = chain
        .stdout(out)
        .stderr(err)
        .env("PORT", chain_port.to_string())
        .env("NODE_URL", node.url())
        .env("JOBS_ADDRESS", node.jobs_address())
        .env("SIGNER_KEYS", &signer_key)
        .spawn()
        .unwrap();

    let http = reqwest::Client::new();
    let base = format!("http://127.0.0.1:{campaign_port}");
    wait_ok(&http, &format!("{base}/ready")).await;
    wait_ok(&http, &format!("http://127.0.0.1:{chain_port}/ready")).await;
    let res = http
        .post(format!("{base}/token-request?user_id=alice&campaign_id=s"))
        .header("x-api-key", &api_key)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 202);
    let start = Instant::now();
    loop {
        let status: serde_json::Value = http
            .get(format!("{base}/status?user_id=alice"))
            .header("x-api-key", &api_key)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if status["grants"][0]["status"] == "completed" {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "grant never completed: {status}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let mut seen = Vec::new();
    for (url, key) in [
        (format!("http://127.0.0.1:{chain_port}/stats"), None),
        (format!("http://127.0.0.1:{chain_port}/ready"), None),
        (format!("{base}/ready"), None),
        (format!("{base}/metrics"), None),
        (format!("{base}/status?user_id=alice"), Some("wrong-key")),
        (format!("{base}/admin/ledger-runs"), Some(api_key.as_str())),
        (format!("{base}/grants/nope"), Some(api_key.as_str())),
    ] {
        let mut req = http.get(url);
        if let Some(k) = key {
            req = req.header("x-api-key", k);
        }
        seen.push(req.send().await.unwrap().text().await.unwrap());
    }
    seen.push(output(campaign, campaign_log));
    seen.push(output(chain, chain_log));
    // A start-up failure against an unreachable database names the problem, not the password.
    let mut failing = Command::new(binary("campaign-svc"));
    common(&mut failing);
    let failed = failing
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .arg("ledger-run")
        .env(
            "DATABASE_URL",
            format!("postgres://ledger:{password}@127.0.0.1:1/ledger"),
        )
        .output()
        .unwrap();
    assert!(!failed.status.success());
    seen.push(String::from_utf8_lossy(&failed.stdout).into_owned());
    seen.push(String::from_utf8_lossy(&failed.stderr).into_owned());

    let everything = seen.join("\n");
    assert!(everything.len() > 1000, "the logs were captured");
    assert!(everything.contains("ledger run") || everything.contains("campaign-svc"));
    for (what, secret) in [
        ("database password", &password),
        ("signer key", &signer_key),
        ("API key", &api_key),
        ("message signing key", &signing_secret),
    ] {
        assert!(!everything.contains(secret.as_str()), "the {what} leaked");
    }
    node.stop().await;
}
