//! Campaign rules at the HTTP edge: the per-campaign maximum a caller may ask for, whether
//! unregistered campaign ids are accepted, and `PUT /admin/campaigns/{id}` as a partial update.

use crate::common::{TestApp, spawn_app, spawn_app_with, wallet};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// `PUT /admin/campaigns/{id}` with a JSON body: status and body.
async fn put_campaign(app: &TestApp, id: &str, body: Value) -> (StatusCode, Value) {
    let res = app
        .http
        .put(app.url(&format!("/admin/campaigns/{id}")))
        .json(&body)
        .send()
        .await
        .unwrap();
    (res.status(), res.json().await.unwrap())
}

/// `POST /token-request` with a JSON body: status and body.
async fn grant(app: &TestApp, body: Value) -> (StatusCode, Value) {
    let res = app
        .http
        .post(app.url("/token-request"))
        .json(&body)
        .send()
        .await
        .unwrap();
    (res.status(), res.json().await.unwrap())
}

#[tokio::test]
async fn a_caller_cannot_ask_for_more_than_the_campaigns_maximum() {
    let app = spawn_app().await;
    app.add_user("alice", Some(&wallet(0x71)), 0).await;
    let (status, _) = put_campaign(
        &app,
        "five",
        json!({"token_amount": 5, "allow_repeats": true}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);

    // The reproduction: an admin-set amount of 5 overridden with 10^12 by a grant-scope key.
    let (status, body) = grant(
        &app,
        json!({"user_id": "alice", "campaign_id": "five", "amount": 1_000_000_000_000u64}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["code"], "amount_above_campaign_max", "{body}");
    assert_eq!(body["error"]["field"], "amount", "{body}");
    // Without a maximum of its own, the campaign's amount is the most a caller may ask for.
    let (status, body) = grant(
        &app,
        json!({"user_id": "alice", "campaign_id": "five", "amount": 6}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    for amount in [3, 5] {
        let (status, body) = grant(
            &app,
            json!({"user_id": "alice", "campaign_id": "five", "amount": amount}),
        )
        .await;
        assert_eq!(status, StatusCode::ACCEPTED, "{body}");
        assert_eq!(body["token_amount"], amount);
    }

    // An admin-set maximum lets callers ask for more, up to it.
    let (status, body) = put_campaign(&app, "five", json!({"max_amount": 50})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body,
        json!({"campaign_id": "five", "token_amount": 5, "max_amount": 50, "allow_repeats": true, "active": true})
    );
    let (status, _) = grant(
        &app,
        json!({"user_id": "alice", "campaign_id": "five", "amount": 50}),
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let (status, body) = grant(
        &app,
        json!({"user_id": "alice", "campaign_id": "five", "amount": 51}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["field"], "amount");

    // An unregistered campaign (accepted by default) caps at DEFAULT_CAMPAIGN_AMOUNT (100).
    let (status, body) = grant(
        &app,
        json!({"user_id": "alice", "campaign_id": "nobody-registered", "amount": 101}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["field"], "amount");
    let (status, body) = grant(
        &app,
        json!({"user_id": "alice", "campaign_id": "nobody-registered", "amount": 100}),
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    let amounts: Vec<i64> =
        sqlx::query_scalar("SELECT token_amount FROM grants ORDER BY created_at")
            .fetch_all(&app.db)
            .await
            .unwrap();
    assert_eq!(amounts, [3, 5, 50, 100]);
}

#[tokio::test]
async fn a_maximum_below_the_campaigns_amount_is_refused() {
    let app = spawn_app().await;
    let (status, body) =
        put_campaign(&app, "c", json!({"token_amount": 10, "max_amount": 5})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["field"], "max_amount");
    let (status, _) = put_campaign(&app, "c", json!({"token_amount": 10, "max_amount": 50})).await;
    assert_eq!(status, StatusCode::OK);
    // Raising the amount above the maximum it keeps names the amount.
    let (status, body) = put_campaign(&app, "c", json!({"token_amount": 60})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["field"], "token_amount");
    let (status, body) = put_campaign(&app, "c", json!({"max_amount": 1_000_000_000_001u64})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["error"]["field"], "max_amount");
    let stored: (i64, Option<i64>) =
        sqlx::query_as("SELECT token_amount, max_amount FROM campaigns WHERE campaign_id = 'c'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(stored, (10, Some(50)));
}

#[tokio::test]
async fn unregistered_campaigns_are_refused_when_switched_off() {
    let app = spawn_app_with(|c| c.accept_unregistered_campaigns = false).await;
    app.add_user("alice", Some(&wallet(0x72)), 0).await;
    let res = app
        .http
        .post(app.url("/token-request?user_id=alice&campaign_id=summer"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "unknown_campaign", "{body}");
    assert_eq!(body["error"]["field"], "campaign_id", "{body}");
    let (status, _) = put_campaign(&app, "summer", json!({"token_amount": 40})).await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = grant(&app, json!({"user_id": "alice", "campaign_id": "summer"})).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    assert_eq!(body["token_amount"], 40);
}

#[tokio::test]
async fn leaving_out_active_keeps_a_switched_off_campaign_off() {
    let app = spawn_app().await;
    app.add_user("alice", Some(&wallet(0x73)), 0).await;
    let (status, body) =
        put_campaign(&app, "spring", json!({"token_amount": 5, "active": false})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // The reproduction: changing the amount without `active` switched the campaign back on.
    let (status, body) = put_campaign(&app, "spring", json!({"token_amount": 6})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body,
        json!({"campaign_id": "spring", "token_amount": 6, "max_amount": null, "allow_repeats": false, "active": false})
    );
    let (status, body) = grant(&app, json!({"user_id": "alice", "campaign_id": "spring"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["code"], "campaign_inactive");
    // Each field changes alone; the others stay.
    let (_, body) = put_campaign(&app, "spring", json!({"allow_repeats": true})).await;
    assert_eq!(body["active"], false);
    assert_eq!(body["token_amount"], 6);
    let (_, body) = put_campaign(&app, "spring", json!({"active": "true"})).await;
    assert_eq!(
        body,
        json!({"campaign_id": "spring", "token_amount": 6, "max_amount": null, "allow_repeats": true, "active": true})
    );
    let (status, _) = grant(&app, json!({"user_id": "alice", "campaign_id": "spring"})).await;
    assert_eq!(status, StatusCode::ACCEPTED);
}

#[tokio::test]
async fn campaign_updates_refuse_input_they_do_not_use() {
    let app = spawn_app().await;
    put_campaign(&app, "autumn", json!({"token_amount": 5, "active": false})).await;
    // The reproduction: `?active=true` was ignored silently.
    let res = app
        .http
        .put(app.url("/admin/campaigns/autumn?active=true"))
        .json(&json!({"token_amount": 6}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "unknown_field", "{body}");
    assert_eq!(body["error"]["field"], "active", "{body}");

    let cases: Vec<(&str, &str, StatusCode, &str)> = vec![
        (
            "autumn",
            r#"{"colour": "red"}"#,
            StatusCode::BAD_REQUEST,
            "colour",
        ),
        (
            "autumn",
            r#"{"token_amount": 5, "token_amount": 7}"#,
            StatusCode::BAD_REQUEST,
            "token_amount",
        ),
        ("autumn", "{}", StatusCode::BAD_REQUEST, "body"),
        (
            "autumn",
            r#"{"active": null}"#,
            StatusCode::BAD_REQUEST,
            "body",
        ),
        (
            "autumn",
            r#"{"active": "yes"}"#,
            StatusCode::BAD_REQUEST,
            "active",
        ),
        (
            "autumn",
            r#"{"token_amount": 0}"#,
            StatusCode::BAD_REQUEST,
            "token_amount",
        ),
        // A new campaign needs its amount.
        (
            "winter",
            r#"{"active": true}"#,
            StatusCode::BAD_REQUEST,
            "token_amount",
        ),
    ];
    for (id, body, status, field) in cases {
        let res = app
            .http
            .put(app.url(&format!("/admin/campaigns/{id}")))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), status, "{body}");
        let answer: Value = res.json().await.unwrap();
        assert_eq!(answer["error"]["field"], field, "{body}: {answer}");
    }
    let stored: (i64, bool) =
        sqlx::query_as("SELECT token_amount, active FROM campaigns WHERE campaign_id = 'autumn'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(stored, (5, false), "nothing refused changed the campaign");
    let winter: i64 =
        sqlx::query_scalar("SELECT count(*) FROM campaigns WHERE campaign_id = 'winter'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(winter, 0);
}
