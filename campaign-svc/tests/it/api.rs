//! The HTTP API: both request forms, idempotency, concurrency, validation, keys, probes.

use crate::common::{spawn_app, spawn_app_with, wallet};
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn grant_count(app: &crate::common::TestApp) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM grants")
        .fetch_one(&app.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn seed_form_and_json_form_both_create_a_grant() {
    let app = spawn_app().await;
    app.add_user("alice", Some(&wallet(0xa1)), 1000).await;
    app.add_user("bob", Some("0xB0"), 1000).await;
    // A caller may ask for more than the campaign's amount only up to its admin-set maximum.
    sqlx::query(
        "INSERT INTO campaigns (campaign_id, token_amount, max_amount) VALUES ('summer', 100, 250)",
    )
    .execute(&app.db)
    .await
    .unwrap();

    let res = app
        .http
        .post(app.url("/token-request?user_id=alice&campaign_id=summer"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["user_id"], "alice");
    assert_eq!(body["campaign_id"], "summer");
    assert_eq!(body["token_amount"], 100);
    assert_eq!(body["status"], "pending");
    assert_eq!(body["wallet_address"], wallet(0xa1));
    let id = body["request_id"].as_str().unwrap().to_string();
    assert_eq!(body["status_url"], format!("/grants/{id}"));

    let res = app
        .http
        .post(app.url("/token-request"))
        .json(&json!({ "user_id": "bob", "campaign_id": "summer", "amount": 250 }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["token_amount"], 250);
    assert_eq!(
        body["wallet_address"],
        format!("0x{}b0", "0".repeat(62)),
        "short wallets are normalised"
    );

    let shown = app.get_json(&format!("/grants/{id}")).await;
    assert_eq!(shown["request_id"], id.as_str());
    assert_eq!(grant_count(&app).await, 2);
}

#[tokio::test]
async fn the_same_idempotency_key_twice_gives_one_grant() {
    let app = spawn_app_with(|c| c.outbox_workers = 1).await;
    sqlx::query("INSERT INTO campaigns (campaign_id, token_amount, allow_repeats) VALUES ('daily', 10, true)")
        .execute(&app.db)
        .await
        .unwrap();
    app.add_user("alice", Some(&wallet(1)), 0).await;
    let post = |key: &'static str, amount: u64| {
        app.http
            .post(app.url("/token-request"))
            .header("Idempotency-Key", key)
            .json(&json!({ "user_id": "alice", "campaign_id": "daily", "amount": amount }))
            .send()
    };
    let first = post("key-1", 10).await.unwrap();
    assert_eq!(first.status(), StatusCode::ACCEPTED);
    let first: Value = first.json().await.unwrap();
    let again = post("key-1", 10).await.unwrap();
    assert_eq!(again.status(), StatusCode::OK);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    let again: Value = again.json().await.unwrap();
    assert_eq!(first["request_id"], again["request_id"]);
    assert_eq!(grant_count(&app).await, 1);

    // A repeatable campaign with a new key is a new grant; the old key with other content is refused.
    assert_eq!(
        post("key-2", 10).await.unwrap().status(),
        StatusCode::ACCEPTED
    );
    let reused = post("key-1", 11).await.unwrap();
    assert_eq!(reused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let err: Value = reused.json().await.unwrap();
    assert_eq!(err["error"]["field"], "Idempotency-Key");
    assert_eq!(grant_count(&app).await, 2);
}

#[tokio::test]
async fn an_idempotent_replay_returns_the_original_grant_after_the_campaign_changes() {
    let app = spawn_app().await;
    app.add_user("alice", Some(&wallet(0x11)), 0).await;
    let put = |body: Value| {
        app.http
            .put(app.url("/admin/campaigns/spring"))
            .json(&body)
            .send()
    };
    assert_eq!(
        put(json!({"token_amount": 5, "max_amount": 10}))
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    let post = |key: &'static str, body: Value| {
        app.http
            .post(app.url("/token-request"))
            .header("Idempotency-Key", key)
            .json(&body)
            .send()
    };
    let plain = json!({"user_id": "alice", "campaign_id": "spring"});
    let first = post("K", plain.clone()).await.unwrap();
    assert_eq!(first.status(), StatusCode::ACCEPTED);
    let first: Value = first.json().await.unwrap();
    assert_eq!(first["token_amount"], 5);

    // The reproduction: the admin changes the amount, then switches the campaign off; the
    // client whose first answer was lost sends the same request again.
    for change in [json!({"token_amount": 7}), json!({"active": false})] {
        assert_eq!(put(change).await.unwrap().status(), StatusCode::OK);
        let again = post("K", plain.clone()).await.unwrap();
        assert_eq!(again.status(), StatusCode::OK);
        assert_eq!(again.headers()["idempotent-replayed"], "true");
        let again: Value = again.json().await.unwrap();
        assert_eq!(again["request_id"], first["request_id"]);
        assert_eq!(again["token_amount"], 5);
    }
    // Another request under the same key is still refused, whatever the campaign's state: the
    // fingerprint is the request as sent, so naming the amount the grant got is another request.
    for other in [
        json!({"user_id": "alice", "campaign_id": "spring", "amount": 5}),
        json!({"user_id": "alice", "campaign_id": "autumn"}),
    ] {
        let reused = post("K", other).await.unwrap();
        assert_eq!(reused.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let err: Value = reused.json().await.unwrap();
        assert_eq!(err["error"]["code"], "idempotency_key_reused");
        assert_eq!(err["error"]["field"], "Idempotency-Key");
    }
    assert_eq!(grant_count(&app).await, 1);
}

#[tokio::test]
async fn a_replay_matches_a_grant_recorded_before_fingerprints_were_made_from_the_request() {
    use sha2::{Digest, Sha256};
    let app = spawn_app().await;
    app.add_user("alice", Some(&wallet(0x12)), 0).await;
    let res = app
        .http
        .post(app.url("/token-request?user_id=alice&campaign_id=old"))
        .header("Idempotency-Key", "old-key")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    // What earlier versions stored: a digest of user, campaign and the amount the grant got.
    let legacy = hex::encode(Sha256::digest("alice\u{1f}old\u{1f}100".as_bytes()));
    sqlx::query("UPDATE grants SET request_fingerprint = $1")
        .bind(&legacy)
        .execute(&app.db)
        .await
        .unwrap();
    for (query, status) in [
        ("user_id=alice&campaign_id=old", StatusCode::OK),
        ("user_id=alice&campaign_id=old&amount=100", StatusCode::OK),
        (
            "user_id=alice&campaign_id=old&amount=99",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ] {
        let res = app
            .http
            .post(app.url(&format!("/token-request?{query}")))
            .header("Idempotency-Key", "old-key")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), status, "{query}");
    }
}

#[tokio::test]
async fn fifty_concurrent_duplicates_create_one_grant() {
    let app = spawn_app().await;
    app.add_user("alice", Some(&wallet(2)), 0).await;
    let mut tasks = Vec::new();
    for _ in 0..50 {
        let http = app.http.clone();
        let url = app.url("/token-request?user_id=alice&campaign_id=launch");
        tasks.push(tokio::spawn(
            async move { http.post(url).send().await.unwrap() },
        ));
    }
    let mut accepted = 0;
    let mut conflicts = 0;
    let mut ids = std::collections::HashSet::new();
    for t in tasks {
        let res = t.await.unwrap();
        match res.status() {
            StatusCode::ACCEPTED => {
                accepted += 1;
                let body: Value = res.json().await.unwrap();
                ids.insert(body["request_id"].as_str().unwrap().to_string());
            }
            StatusCode::CONFLICT => {
                conflicts += 1;
                let body: Value = res.json().await.unwrap();
                assert_eq!(body["error"]["code"], "grant_exists");
                ids.insert(body["error"]["request_id"].as_str().unwrap().to_string());
            }
            other => panic!("unexpected status {other}"),
        }
    }
    assert_eq!(accepted, 1);
    assert_eq!(conflicts, 49);
    assert_eq!(ids.len(), 1, "every answer names the same grant");
    assert_eq!(grant_count(&app).await, 1);
}

#[tokio::test]
async fn every_validation_error_names_its_field() {
    let app = spawn_app().await;
    app.add_user("alice", Some(&wallet(3)), 0).await;
    app.add_user("carol", None, 10).await;
    app.add_user("dave", Some("not-a-wallet"), 10).await;
    let cases: Vec<(reqwest::RequestBuilder, StatusCode, &str)> = vec![
        (
            app.http.post(app.url("/token-request?campaign_id=summer")),
            StatusCode::BAD_REQUEST,
            "user_id",
        ),
        (
            app.http.post(app.url("/token-request?user_id=alice")),
            StatusCode::BAD_REQUEST,
            "campaign_id",
        ),
        (
            app.http
                .post(app.url("/token-request?user_id=&campaign_id=summer")),
            StatusCode::BAD_REQUEST,
            "user_id",
        ),
        (
            app.http
                .post(app.url("/token-request?user_id=alice&campaign_id=summer&amount=abc")),
            StatusCode::BAD_REQUEST,
            "amount",
        ),
        (
            app.http
                .post(app.url("/token-request?user_id=alice&campaign_id=summer&amount=0")),
            StatusCode::BAD_REQUEST,
            "amount",
        ),
        (
            app.http.post(
                app.url("/token-request?user_id=alice&campaign_id=summer&amount=1000000000000000"),
            ),
            StatusCode::BAD_REQUEST,
            "amount",
        ),
        (
            app.http
                .post(app.url("/token-request"))
                .json(&json!({"user_id": 5, "campaign_id": "x"})),
            StatusCode::BAD_REQUEST,
            "user_id",
        ),
        (
            app.http
                .post(app.url("/token-request"))
                .json(&json!({"user_id": "alice", "campaign_id": "x", "amount": -3})),
            StatusCode::BAD_REQUEST,
            "amount",
        ),
        (
            app.http
                .post(app.url("/token-request"))
                .header("content-type", "application/json")
                .body("{not json"),
            StatusCode::BAD_REQUEST,
            "body",
        ),
        (
            app.http
                .post(app.url("/token-request"))
                .json(&json!([1, 2])),
            StatusCode::BAD_REQUEST,
            "body",
        ),
        (
            app.http
                .post(app.url("/token-request?user_id=alice&campaign_id=a"))
                .json(&json!({"user_id": "bob"})),
            StatusCode::BAD_REQUEST,
            "user_id",
        ),
        (
            app.http
                .post(app.url("/token-request?user_id=alice&campaign_id=summer"))
                .header("Idempotency-Key", "has space"),
            StatusCode::BAD_REQUEST,
            "Idempotency-Key",
        ),
        (
            app.http
                .post(app.url("/token-request?user_id=nobody&campaign_id=summer")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "user_id",
        ),
        (
            app.http
                .post(app.url("/token-request?user_id=carol&campaign_id=summer")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "user_id",
        ),
        (
            app.http
                .post(app.url("/token-request?user_id=dave&campaign_id=summer")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "user_id",
        ),
        (
            app.http.get(app.url("/status")),
            StatusCode::BAD_REQUEST,
            "user_id",
        ),
        (
            app.http.get(app.url("/grants/not-a-uuid")),
            StatusCode::BAD_REQUEST,
            "request_id",
        ),
    ];
    for (i, (req, status, field)) in cases.into_iter().enumerate() {
        let res = req.send().await.unwrap();
        assert_eq!(res.status(), status, "case {i}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["error"]["field"], field, "case {i}: {body}");
        assert!(
            body["error"]["message"].as_str().unwrap().len() > 5,
            "case {i}"
        );
    }
    let unknown = app
        .http
        .post(app.url("/token-request?user_id=alice&campaign_id=s&colour=red"))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), StatusCode::BAD_REQUEST);
    let body: Value = unknown.json().await.unwrap();
    assert_eq!(body["error"]["code"], "unknown_field");
    let missing = app
        .http
        .get(app.url(&format!("/grants/{}", uuid::Uuid::new_v4())))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    let oversized = app
        .http
        .post(app.url("/token-request"))
        .header("content-type", "application/json")
        .body(vec![b' '; campaign_svc::http::MAX_BODY_BYTES + 1])
        .send()
        .await
        .unwrap();
    assert_eq!(oversized.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let body: Value = oversized.json().await.unwrap();
    assert_eq!(body["error"]["field"], "body");
    let wrong_method = app
        .http
        .get(app.url("/token-request"))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_method.status(), StatusCode::METHOD_NOT_ALLOWED);
    let body: Value = wrong_method.json().await.unwrap();
    assert_eq!(body["error"]["code"], "method_not_allowed");
    assert_eq!(
        grant_count(&app).await,
        0,
        "no bad request created anything"
    );
}

#[tokio::test]
async fn inactive_campaigns_and_repeat_rules_come_from_the_campaign_table() {
    let app = spawn_app().await;
    app.add_user("alice", Some(&wallet(4)), 0).await;
    let put = app
        .http
        .put(app.url("/admin/campaigns/closed"))
        .json(&json!({"token_amount": 5, "active": false}))
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), StatusCode::OK);
    let res = app
        .http
        .post(app.url("/token-request?user_id=alice&campaign_id=closed"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["field"], "campaign_id");
    app.http
        .put(app.url("/admin/campaigns/daily"))
        .json(&json!({"token_amount": 7, "allow_repeats": true}))
        .send()
        .await
        .unwrap();
    for _ in 0..3 {
        let res = app
            .http
            .post(app.url("/token-request?user_id=alice&campaign_id=daily"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::ACCEPTED);
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["token_amount"], 7);
    }
}

#[tokio::test]
async fn api_keys_gate_each_scope_but_not_the_probes() {
    use campaign_svc::http::auth::hash_key;
    let spec = format!(
        "grant:{},read:{},admin:{}",
        hash_key("g"),
        hash_key("r"),
        hash_key("a")
    );
    let app = spawn_app_with(move |c| c.api_keys = spec).await;
    app.add_user("alice", Some(&wallet(5)), 0).await;
    let post = |key: Option<&str>| {
        let mut req = app
            .http
            .post(app.url("/token-request?user_id=alice&campaign_id=k"));
        if let Some(k) = key {
            req = req.header("x-api-key", k);
        }
        req.send()
    };
    assert_eq!(post(None).await.unwrap().status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        post(Some("wrong")).await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        post(Some("r")).await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        post(Some("g")).await.unwrap().status(),
        StatusCode::ACCEPTED
    );
    let status = |key: &str| {
        app.http
            .get(app.url("/status?user_id=alice"))
            .bearer_auth(key)
            .send()
    };
    assert_eq!(status("g").await.unwrap().status(), StatusCode::FORBIDDEN);
    assert_eq!(status("r").await.unwrap().status(), StatusCode::OK);
    let admin = |key: &str| {
        app.http
            .get(app.url("/admin/ledger-runs"))
            .header("x-api-key", key)
            .send()
    };
    assert_eq!(admin("r").await.unwrap().status(), StatusCode::FORBIDDEN);
    assert_eq!(admin("a").await.unwrap().status(), StatusCode::OK);
    for open in ["/health", "/ready"] {
        assert_eq!(
            app.http.get(app.url(open)).send().await.unwrap().status(),
            StatusCode::OK,
            "{open}"
        );
    }
}

/// The scope table in `http::router` against the API document: every operation the document
/// secures answers 401 without a key (so a route added without a scope fails here), and a key
/// with every scope is never refused for its scope. Operations the document leaves open (the
/// probes) need no key.
#[tokio::test]
async fn every_secured_operation_in_the_document_needs_a_key() {
    use campaign_svc::http::auth::hash_key;
    let spec = format!("grant+read+admin:{}", hash_key("all"));
    let app = spawn_app_with(move |c| c.api_keys = spec).await;
    let doc: Value = app.get_json("/openapi.json").await;
    let id = "0190a0b0-0000-7000-8000-000000000000";
    let mut checked = 0;
    for (path, ops) in doc["paths"].as_object().unwrap() {
        let url = path
            .replace("{request_id}", id)
            .replace("{endpoint_id}", id)
            .replace("{delivery_id}", id)
            .replace("{campaign_id}", "scope-check");
        for (method, op) in ops.as_object().unwrap() {
            let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let open = op["security"].as_array().is_some_and(|s| s.is_empty());
            let send = |key: Option<&str>| {
                let mut req = app.http.request(method.clone(), app.url(&url));
                if let Some(k) = key {
                    req = req.header("x-api-key", k);
                }
                req.send()
            };
            let without = send(None).await.unwrap().status();
            let with_all = send(Some("all")).await.unwrap().status();
            if open {
                assert_ne!(without, StatusCode::UNAUTHORIZED, "{method} {path}");
            } else {
                assert_eq!(without, StatusCode::UNAUTHORIZED, "{method} {path}");
                checked += 1;
            }
            assert!(
                with_all != StatusCode::UNAUTHORIZED && with_all != StatusCode::FORBIDDEN,
                "{method} {path}: {with_all}"
            );
        }
    }
    assert!(
        checked >= 18,
        "only {checked} secured operations in the document"
    );
}

#[tokio::test]
async fn probes_metrics_and_openapi_answer() {
    let app = spawn_app().await;
    let health = app.get_json("/health").await;
    assert_eq!(health["status"], "ok");
    let ready = app.http.get(app.url("/ready")).send().await.unwrap();
    assert_eq!(ready.status(), StatusCode::OK);
    let ready: Value = ready.json().await.unwrap();
    assert_eq!(ready["checks"]["database"]["ok"], true);
    assert_eq!(ready["checks"]["pubsub"]["ok"], true);
    app.http
        .get(app.url("/status?user_id=x"))
        .send()
        .await
        .unwrap();
    let metrics = app.metrics().await;
    assert!(metrics.contains("http_requests_total"), "{metrics}");
    let spec = app.get_json("/openapi.json").await;
    assert_eq!(spec["openapi"].as_str().unwrap().chars().next(), Some('3'));
    assert!(spec["paths"]["/token-request"]["post"].is_object());
    let unknown_user = app.get_json("/status?user_id=test").await;
    assert_eq!(unknown_user["known_to_game"], false);
    assert_eq!(unknown_user["paid"], 0);
}

#[tokio::test]
async fn status_reports_ledger_and_campaign_figures_apart() {
    let app = spawn_app().await;
    app.add_user("alice", Some(&wallet(0x13)), 1500).await;
    let run = app.run_ledger().await;
    assert_eq!(run["outcome"], "completed", "{run}");
    let campaign_grant = app.post_grant("alice", "summer").await;
    let second = app.post_grant("alice", "launch").await;
    sqlx::query("UPDATE grants SET status = 'completed' WHERE request_id = ANY($1)")
        .bind(vec![campaign_grant, second])
        .execute(&app.db)
        .await
        .unwrap();
    let status = app.get_json("/status?user_id=alice").await;
    // The reproduction: earned 1500, credited 1500, paid 200 (the campaigns' grants) read as
    // the ledger having paid more than it credited.
    assert_eq!(
        status["ledger"],
        json!({"earned": 1500, "credited": 1500, "paid": 0, "pending": 1500, "failed": 0, "grant_count": 1}),
        "{status}"
    );
    assert_eq!(
        status["campaigns"],
        json!({"granted": 200, "paid": 200, "pending": 0, "failed": 0, "grant_count": 2}),
        "{status}"
    );
    // The flat fields of earlier versions stay: the ledger's earned and credited, and the
    // totals of both kinds.
    assert_eq!(status["earned"], 1500);
    assert_eq!(status["credited"], 1500);
    assert_eq!(status["paid"], 200);
    assert_eq!(status["pending"], 1500);
    assert_eq!(status["grant_count"], 3);
    let unknown = app.get_json("/status?user_id=nobody").await;
    assert_eq!(unknown["ledger"]["earned"], Value::Null);
    assert_eq!(unknown["campaigns"]["granted"], 0);
}

#[tokio::test]
async fn shutdown_drains_and_stops_the_service() {
    let app = spawn_app().await;
    app.add_user("alice", Some(&wallet(6)), 0).await;
    let res = app
        .http
        .post(app.url("/token-request?user_id=alice&campaign_id=bye"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let base = app.base.clone();
    let http = app.http.clone();
    app.stop().await;
    assert!(
        http.get(format!("{base}/health")).send().await.is_err(),
        "the port is closed"
    );
}

#[tokio::test]
async fn over_the_rate_limit_a_caller_gets_429_with_retry_after() {
    // A slow refill (one request per 100 s), so that only the burst of 5 passes however slowly
    // a loaded machine sends the 8 requests (at 1 a second, a 1.2 s run had let a sixth through).
    let app = spawn_app_with(|c| {
        c.rate_limit_per_ip = 0.01;
        c.rate_limit_per_ip_burst = 5.0;
    })
    .await;
    let mut statuses = Vec::new();
    for _ in 0..8 {
        let res = app
            .http
            .get(app.url("/status?user_id=x"))
            .send()
            .await
            .unwrap();
        statuses.push(res.status().as_u16());
        if res.status() == StatusCode::TOO_MANY_REQUESTS {
            assert!(
                res.headers()["retry-after"]
                    .to_str()
                    .unwrap()
                    .parse::<u64>()
                    .unwrap()
                    >= 1
            );
            let body: Value = res.json().await.unwrap();
            assert_eq!(body["error"]["code"], "rate_limited");
        }
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        5,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 429).count(),
        3,
        "{statuses:?}"
    );
    // Probes are never limited.
    for _ in 0..10 {
        assert_eq!(
            app.http
                .get(app.url("/health"))
                .send()
                .await
                .unwrap()
                .status(),
            StatusCode::OK
        );
    }
}

#[tokio::test]
async fn each_api_key_has_its_own_budget() {
    use campaign_svc::http::auth::hash_key;
    let spec = format!("read:{},read:{}", hash_key("k1"), hash_key("k2"));
    let app = spawn_app_with(move |c| {
        c.api_keys = spec;
        c.rate_limit_per_key = 1.0;
        c.rate_limit_per_key_burst = 2.0;
    })
    .await;
    let get = |key: &'static str| {
        app.http
            .get(app.url("/status?user_id=x"))
            .header("x-api-key", key)
            .send()
    };
    assert_eq!(get("k1").await.unwrap().status(), StatusCode::OK);
    assert_eq!(get("k1").await.unwrap().status(), StatusCode::OK);
    assert_eq!(
        get("k1").await.unwrap().status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        get("k2").await.unwrap().status(),
        StatusCode::OK,
        "another key is not affected"
    );
}

/// The value of `name="..."` in one Prometheus exposition line.
fn label<'a>(line: &'a str, name: &str) -> Option<&'a str> {
    let start = line.find(&format!("{name}=\""))? + name.len() + 2;
    line[start..].split('"').next()
}

#[tokio::test]
async fn made_up_methods_and_paths_add_no_metric_series() {
    let app = spawn_app().await;
    let long = "X".repeat(3000);
    for method in ["PROBEA", "PROBEB", long.as_str()] {
        for path in ["/status?user_id=x", "/no-such-path-1", "/no-such-path-2"] {
            let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
            // Whatever the answer, it must not mint a series.
            let _ = app.http.request(method, app.url(path)).send().await;
        }
    }
    for path in ["/no-such-path-3", "/grants/not-a-route/at-all"] {
        let _ = app.http.get(app.url(path)).send().await.unwrap();
    }
    let text = app.metrics().await;
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("http_requests_total{"))
        .collect();
    assert!(!lines.is_empty(), "{text}");
    let methods = [
        "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "CONNECT", "TRACE", "other",
    ];
    let mut saw_other = false;
    let mut saw_unmatched = false;
    for line in &lines {
        let method = label(line, "method").unwrap();
        let route = label(line, "route").unwrap();
        assert!(methods.contains(&method), "{line:.200}");
        assert!(
            route == "unmatched" || (route.starts_with('/') && !route.contains("no-such")),
            "{line:.200}"
        );
        saw_other |= method == "other";
        saw_unmatched |= route == "unmatched";
    }
    assert!(saw_other && saw_unmatched, "{lines:#?}");
    assert!(!text.contains("PROBEA") && !text.contains("XXXXXXXX"));
}

#[tokio::test]
async fn re_spelling_a_key_does_not_buy_a_fresh_rate_limit_budget() {
    // The limiter used to key on the raw header while auth trimmed it: `Bearer  k1` with one more
    // space each time was a new caller to the limiter and the same key to auth.
    use campaign_svc::http::auth::hash_key;
    let spec = format!("read:{}", hash_key("k1"));
    let app = spawn_app_with(move |c| {
        c.api_keys = spec;
        // Slow enough that no token comes back during the test.
        c.rate_limit_per_key = 0.001;
        c.rate_limit_per_key_burst = 2.0;
    })
    .await;
    let mut statuses = Vec::new();
    for spaces in 1..=6 {
        let res = app
            .http
            .get(app.url("/status?user_id=x"))
            .header("authorization", format!("Bearer{}k1", " ".repeat(spaces)))
            .send()
            .await
            .unwrap();
        statuses.push(res.status().as_u16());
    }
    let res = app
        .http
        .get(app.url("/status?user_id=x"))
        .header("x-api-key", " k1 ")
        .send()
        .await
        .unwrap();
    statuses.push(res.status().as_u16());
    assert_eq!(
        statuses,
        [200, 200, 429, 429, 429, 429, 429],
        "{statuses:?}"
    );
}

#[tokio::test]
async fn stuck_grants_refuse_out_of_range_parameters_instead_of_clamping_them() {
    // The documented bounds (openapi.json: limit 1..=1000, older_than_secs at most a year) are
    // enforced, not clamped: the schemathesis run (scripts/api-fuzz.sh) saw 200 outside them.
    let app = spawn_app().await;
    let get = |query: &'static str| {
        app.http
            .get(app.url(&format!("/admin/grants/stuck?{query}")))
            .send()
    };
    for (query, field) in [
        ("limit=0", "limit"),
        ("limit=1001", "limit"),
        ("older_than_secs=31536001", "older_than_secs"),
    ] {
        let res = get(query).await.unwrap();
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{query}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["error"]["field"], field, "{query}");
    }
    for query in [
        "limit=1",
        "limit=1000&older_than_secs=31536000",
        "older_than_secs=0",
    ] {
        let res = get(query).await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{query}");
        let body: Value = res.json().await.unwrap();
        assert!(body["grants"].is_array(), "{query}");
    }
}

#[tokio::test]
async fn batched_inserts_answer_each_request_on_its_own() {
    use campaign_svc::grants::{
        CreateOutcome, GrantWriter, NewCampaignGrant, create_campaign_grant,
    };
    use shared::grant::WalletAddress;
    let app = spawn_app_with(|c| c.outbox_workers = 0).await;
    // One writer with a batch of 64: the 60 requests below queue up behind each other.
    let writer = GrantWriter::spawn(app.db.clone(), 1, 64);
    let new = |user: String, amount: i64, key: Option<String>| NewCampaignGrant {
        user_id: user,
        campaign_id: "batch".into(),
        wallet: WalletAddress::parse(&wallet(7)).unwrap(),
        token_amount: amount,
        token_type: "GRANT".into(),
        allow_repeats: false,
        idempotency_key: key.clone(),
        fingerprint: key.unwrap_or_default(),
        traceparent: String::new(),
    };
    let mut requests = Vec::new();
    for i in 0..40 {
        requests.push(new(format!("u{i}"), 10, None)); // distinct users: created
    }
    for _ in 0..10 {
        requests.push(new("u0".into(), 10, None)); // the same user and campaign: duplicates
    }
    for i in 0..5 {
        requests.push(new(format!("bad{i}"), 0, None)); // violates token_amount > 0
    }
    for _ in 0..5 {
        requests.push(new("k".into(), 10, Some("same-key".into()))); // one key: 1 created, 4 replays
    }
    let answers = futures::future::join_all(requests.iter().map(|r| {
        let db = app.db.clone();
        let writer = writer.clone();
        async move { create_campaign_grant(&db, &writer, r).await }
    }))
    .await;
    let (mut created, mut duplicate, mut replayed, mut errors) = (0, 0, 0, 0);
    for a in &answers {
        match a {
            Ok(CreateOutcome::Created(_)) => created += 1,
            Ok(CreateOutcome::Duplicate(_)) => duplicate += 1,
            Ok(CreateOutcome::Replayed(_)) => replayed += 1,
            Ok(CreateOutcome::KeyReused(_)) => panic!("same fingerprint"),
            Err(_) => errors += 1,
        }
    }
    assert_eq!((created, duplicate, replayed, errors), (41, 10, 4, 5));
    assert_eq!(grant_count(&app).await, 41);
    let metrics = app.metrics().await;
    assert!(metrics.contains("grant_insert_batch_size"), "{metrics}");
}

#[tokio::test]
async fn batched_user_lookups_answer_each_request_on_its_own() {
    use campaign_svc::game::{Balance, GameSource, UserLookup};
    let app = spawn_app_with(|c| c.outbox_workers = 0).await;
    for i in 0..30u8 {
        let w = (!i.is_multiple_of(3)).then(|| wallet(i + 1));
        app.add_user(&format!("look{i}"), w.as_deref(), i64::from(i) * 10)
            .await;
    }
    let game = GameSource::new(
        app.db.clone(),
        "SELECT user_id, wallet_address, balance FROM users",
        true,
    );
    // One worker with a batch of 16: the 90 lookups below queue up behind each other, and each
    // known user is asked for three times, some in the same batch.
    let users = UserLookup::spawn(game, 1, 16);
    let asked: Vec<String> = (0..3)
        .flat_map(|_| (0..30).map(|i| format!("look{i}")))
        .chain((0..10).map(|i| format!("nobody{i}")))
        .collect();
    let answers = futures::future::join_all(asked.iter().map(|id| users.find(id))).await;
    for (id, answer) in asked.iter().zip(answers) {
        let answer = answer.unwrap();
        match id.strip_prefix("look") {
            Some(n) => {
                let i: u8 = n.parse().unwrap();
                let user = answer.unwrap_or_else(|| panic!("{id} not found"));
                assert_eq!(user.user_id, *id);
                assert_eq!(user.balance, Balance::Coins(i64::from(i) * 10));
                assert_eq!(
                    user.wallet_address,
                    (!i.is_multiple_of(3)).then(|| wallet(i + 1))
                );
            }
            None => assert!(answer.is_none(), "{id} found"),
        }
    }

    // A query that fails answers every waiter with the error, and nobody hangs.
    let broken = UserLookup::spawn(
        GameSource::new(
            app.db.clone(),
            "SELECT user_id, wallet_address, balance FROM no_such_table",
            true,
        ),
        1,
        16,
    );
    let answers = futures::future::join_all((0..20).map(|i| {
        let broken = broken.clone();
        async move { broken.find(&format!("look{i}")).await }
    }))
    .await;
    for a in answers {
        let e = a.unwrap_err().to_string();
        assert!(e.contains("no_such_table"), "{e}");
    }
}

#[tokio::test]
async fn a_connection_that_never_finishes_its_headers_is_closed() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = spawn_app_with(|c| c.http_header_read_timeout_secs = 1).await;
    let addr = app.base.trim_start_matches("http://").to_string();
    let mut stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
    // A request line and one header, never the blank line that ends the headers.
    stream
        .write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let mut rest = Vec::new();
    // The server must hang up by itself (1 s configured); 30 s is only this test's own bound,
    // far beyond it, so a slow machine does not make it flaky.
    let closed = tokio::time::timeout(
        std::time::Duration::from_secs(30),
        stream.read_to_end(&mut rest),
    )
    .await;
    assert!(
        closed.is_ok(),
        "the server kept a connection with unfinished headers open"
    );
    // A complete request still works.
    assert_eq!(
        app.http
            .get(app.url("/health"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn many_readiness_probes_share_one_check() {
    // A long cache period makes the count independent of timing: every probe below falls in it.
    let app = spawn_app_with(|c| c.readiness_cache_ms = 600_000).await;
    let probes = (0..20).map(|_| app.http.get(app.url("/ready")).send());
    for res in futures::future::join_all(probes).await {
        assert_eq!(res.unwrap().status(), StatusCode::OK);
    }
    for _ in 0..10 {
        let body: Value = app
            .http
            .get(app.url("/ready"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(body["status"], "ready");
    }
    let text = app.metrics().await;
    let checks: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("readiness_checks_total"))
        .collect();
    assert_eq!(checks, ["readiness_checks_total 1"], "{text}");
}

#[tokio::test]
async fn a_body_that_stops_arriving_fails_at_the_body_read_timeout() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = spawn_app_with(|c| c.http_body_read_timeout_secs = 1).await;
    let addr = app.base.trim_start_matches("http://").to_string();
    let mut stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
    // Headers promise 100 bytes; 10 arrive, then nothing.
    stream
        .write_all(
            b"POST /token-request HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"user_id\"",
        )
        .await
        .unwrap();
    let mut head = vec![0u8; 1024];
    // The body timeout (1 s) answers long before the 10 s whole-request timeout would (408).
    let n = tokio::time::timeout(std::time::Duration::from_secs(8), stream.read(&mut head))
        .await
        .expect("no answer before the request timeout")
        .unwrap();
    let head = String::from_utf8_lossy(&head[..n]);
    // The body cannot be read: a 400 in the JSON error shape, not the 408 of the request timeout.
    assert!(head.starts_with("HTTP/1.1 400"), "{head}");
    assert!(head.contains("application/json"), "{head}");
}

/// `GrantStatus` and `GrantSource` spell the schema's words: the `grant_status` labels in their
/// order, and the sources the `grants.source` CHECK admits (and no other). Each is written and
/// read back through its `sqlx::Type`.
#[tokio::test]
async fn the_grant_status_and_source_types_spell_the_schemas_words() {
    use campaign_svc::grants::{GrantSource, GrantStatus};
    let app = spawn_app_with(|c| c.outbox_workers = 0).await;
    let labels: Vec<String> =
        sqlx::query_scalar("SELECT unnest(enum_range(NULL::grant_status))::text")
            .fetch_all(&app.db)
            .await
            .unwrap();
    assert_eq!(labels, GrantStatus::ALL.map(GrantStatus::as_str));
    let insert = "INSERT INTO grants (request_id, source, user_id, campaign_id, wallet_address, \
                  token_amount, token_type, status) VALUES ($1, $2, $3, 'c', $4, 1, 'GRANT', $5)";
    for (i, (source, status)) in GrantSource::ALL
        .into_iter()
        .zip(GrantStatus::ALL.into_iter().rev())
        .enumerate()
    {
        let id = uuid::Uuid::now_v7();
        sqlx::query(insert)
            .bind(id)
            .bind(source)
            .bind(format!("u{i}"))
            .bind(wallet(i as u8 + 1))
            .bind(status)
            .execute(&app.db)
            .await
            .unwrap();
        let back: (GrantSource, GrantStatus) =
            sqlx::query_as("SELECT source, status FROM grants WHERE request_id = $1")
                .bind(id)
                .fetch_one(&app.db)
                .await
                .unwrap();
        assert_eq!(back, (source, status));
    }
    let refused = sqlx::query(insert)
        .bind(uuid::Uuid::now_v7())
        .bind("ledgr")
        .bind("u9")
        .bind(wallet(9))
        .bind(GrantStatus::Pending)
        .execute(&app.db)
        .await
        .unwrap_err();
    assert!(
        refused
            .as_database_error()
            .is_some_and(|e| e.is_check_violation()),
        "{refused}"
    );
}
