//! `POST /admin/grants/{id}/fail` without a chain to ask: nothing is failed on a guess. (With
//! chain-svc and a chain: `e2e/tests/stuck.rs`.)

use crate::common::spawn_app_with;
use serde_json::{Value, json};

#[tokio::test]
async fn a_stuck_grant_is_left_alone_when_chain_svc_cannot_be_asked() {
    // Nothing listens on this port: chain-svc is down.
    let port = shared::testkit::free_port();
    let app = spawn_app_with(|c| {
        c.outbox_workers = 0;
        c.resend_after_secs = 60;
        c.chain_svc_url = Some(format!("http://127.0.0.1:{port}"));
    })
    .await;
    let id: uuid::Uuid = sqlx::query_scalar(
        "INSERT INTO grants (request_id, source, user_id, campaign_id, wallet_address, coins, \
                             token_amount, token_type, status, created_at) \
         VALUES (grant_request_id(), 'campaign', 'alice', 'summer', '0x' || repeat('a1', 32), 0, \
                 100, 'GRANT', 'submitted', now() - interval '1 hour') RETURNING request_id",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    let res = app
        .http
        .post(app.url(&format!("/admin/grants/{id}/fail")))
        .json(&json!({"reason": "stuck"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 503);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "chain_unavailable", "{body}");
    let status: String =
        sqlx::query_scalar("SELECT status::text FROM grants WHERE request_id = $1")
            .bind(id)
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(status, "submitted");
    let actions: i64 = sqlx::query_scalar("SELECT count(*) FROM admin_actions")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(actions, 0);

    // Bad input is named before anything is asked.
    for (path, body, field) in [
        (
            format!("/admin/grants/{id}/fail"),
            json!({"reason": ""}),
            "reason",
        ),
        (
            format!("/admin/grants/{id}/fail"),
            json!({"reason": "x", "release": "maybe"}),
            "release",
        ),
        (
            format!("/admin/grants/{id}/fail"),
            json!({"reason": "x", "extra": 1}),
            "extra",
        ),
        (
            "/admin/grants/not-a-uuid/fail".to_string(),
            json!({"reason": "x"}),
            "request_id",
        ),
    ] {
        let res = app
            .http
            .post(app.url(&path))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400, "{path} {body}");
        let err: Value = res.json().await.unwrap();
        assert_eq!(err["error"]["field"], field, "{err}");
    }
    // Unknown grant.
    let res = app
        .http
        .post(app.url(&format!("/admin/grants/{}/fail", uuid::Uuid::new_v4())))
        .json(&json!({"reason": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
}
