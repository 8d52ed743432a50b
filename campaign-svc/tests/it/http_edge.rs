//! Input handling at the HTTP edge: every malformed input is a 4xx in the JSON error shape that
//! names what was wrong (invalid UTF-8, repeated members and headers, ids the identifier rule
//! refuses, URLs too long for the server, parameter messages in their own units).

use crate::common::{TestApp, spawn_app, wallet};
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn grant_count(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM grants")
        .fetch_one(&app.db)
        .await
        .unwrap()
}

/// Sends `req` and asserts a 4xx `status` in the JSON error shape naming `field`: the error.
async fn refused(req: reqwest::RequestBuilder, status: StatusCode, field: &str) -> Value {
    let res = req.send().await.unwrap();
    assert_eq!(res.status(), status);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["field"], field, "{body}");
    assert_ne!(body["error"]["code"], "error", "{body}");
    assert!(
        body["error"]["message"].as_str().unwrap().len() > 5,
        "{body}"
    );
    body["error"].clone()
}

#[tokio::test]
async fn invalid_utf8_in_the_query_is_refused_naming_the_parameter() {
    let app = spawn_app().await;
    app.add_user("alice", Some(&wallet(0x81)), 0).await;
    // %FF and %FE used to decode to the same U+FFFD and both be granted (as one user).
    for bad in ["%FF", "%FE", "a%C3", "%C3%28"] {
        refused(
            app.http
                .post(app.url(&format!("/token-request?user_id={bad}&campaign_id=summer"))),
            StatusCode::BAD_REQUEST,
            "user_id",
        )
        .await;
        refused(
            app.http
                .post(app.url(&format!("/token-request?user_id=alice&campaign_id={bad}"))),
            StatusCode::BAD_REQUEST,
            "campaign_id",
        )
        .await;
        refused(
            app.http.get(app.url(&format!("/status?user_id={bad}"))),
            StatusCode::BAD_REQUEST,
            "user_id",
        )
        .await;
    }
    assert_eq!(grant_count(&app).await, 0);
    // Valid percent-encoded UTF-8 and `+` still decode.
    app.add_user("zoë c", Some(&wallet(0x82)), 0).await;
    let res = app
        .http
        .post(app.url("/token-request?user_id=zo%C3%AB+c&campaign_id=summer"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["user_id"], "zoë c");
}

#[tokio::test]
async fn duplicate_json_members_are_refused_like_duplicate_query_parameters() {
    let app = spawn_app().await;
    app.add_user("alice", Some(&wallet(0x83)), 0).await;
    app.add_user("bob", Some(&wallet(0x84)), 0).await;
    refused(
        app.http
            .post(app.url("/token-request?user_id=alice&user_id=bob&campaign_id=s")),
        StatusCode::BAD_REQUEST,
        "user_id",
    )
    .await;
    // The last of two members used to win.
    refused(
        app.http
            .post(app.url("/token-request"))
            .header("content-type", "application/json")
            .body(r#"{"user_id": "alice", "campaign_id": "s", "user_id": "bob"}"#),
        StatusCode::BAD_REQUEST,
        "user_id",
    )
    .await;
    let error = refused(
        app.http
            .post(app.url("/token-request"))
            .header("content-type", "application/json")
            .body(r#"{"user_id": "alice", "campaign_id": "s", "colour": 1, "colour": 2}"#),
        StatusCode::BAD_REQUEST,
        "colour",
    )
    .await;
    assert_eq!(error["code"], "unknown_field");
    assert_eq!(grant_count(&app).await, 0);
}

#[tokio::test]
async fn a_second_idempotency_key_header_is_refused() {
    let app = spawn_app().await;
    app.add_user("alice", Some(&wallet(0x85)), 0).await;
    let mut headers = reqwest::header::HeaderMap::new();
    headers.append("idempotency-key", "k1".parse().unwrap());
    headers.append("idempotency-key", "k2".parse().unwrap());
    refused(
        app.http
            .post(app.url("/token-request?user_id=alice&campaign_id=s"))
            .headers(headers),
        StatusCode::BAD_REQUEST,
        "Idempotency-Key",
    )
    .await;
    assert_eq!(grant_count(&app).await, 0);
}

#[tokio::test]
async fn path_ids_that_are_not_utf8_are_field_errors() {
    let app = spawn_app().await;
    refused(
        app.http
            .put(app.url("/admin/campaigns/%FF"))
            .json(&json!({"token_amount": 5})),
        StatusCode::BAD_REQUEST,
        "campaign_id",
    )
    .await;
    refused(
        app.http.get(app.url("/grants/%FF")),
        StatusCode::BAD_REQUEST,
        "request_id",
    )
    .await;
    refused(
        app.http.post(app.url("/admin/grants/%FF/retry")),
        StatusCode::BAD_REQUEST,
        "request_id",
    )
    .await;
}

#[tokio::test]
async fn a_70_kb_url_gets_414_in_the_json_error_shape() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = spawn_app().await;
    let addr = app.base.trim_start_matches("http://").to_string();
    let mut stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let request = format!(
        "GET /status?user_id={} HTTP/1.1\r\nHost: x\r\n\r\n",
        "a".repeat(70 * 1024)
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    tokio::time::timeout(
        std::time::Duration::from_secs(10),
        stream.read_to_end(&mut answer),
    )
    .await
    .expect("the server closes the connection")
    .unwrap();
    let answer = String::from_utf8(answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 414 "), "{answer}");
    let (head, body) = answer.split_once("\r\n\r\n").unwrap();
    assert!(
        head.to_ascii_lowercase()
            .contains("content-type: application/json"),
        "{head}"
    );
    let body: Value = serde_json::from_str(body).unwrap();
    assert_eq!(body["error"]["code"], "uri_too_long", "{body}");
    // The service still answers.
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
async fn stuck_grant_parameter_errors_speak_of_seconds_and_counts() {
    let app = spawn_app().await;
    for (query, field, unit) in [
        ("older_than_secs=abc", "older_than_secs", "seconds"),
        ("limit=abc", "limit", "grants"),
    ] {
        let error = refused(
            app.http
                .get(app.url(&format!("/admin/grants/stuck?{query}"))),
            StatusCode::BAD_REQUEST,
            field,
        )
        .await;
        let message = error["message"].as_str().unwrap();
        assert!(message.contains(unit), "{message}");
        assert!(!message.contains("token"), "{message}");
    }
}

#[tokio::test]
async fn right_to_left_override_and_byte_order_mark_in_ids_are_refused() {
    let app = spawn_app().await;
    app.add_user("alice", Some(&wallet(0x86)), 0).await;
    for bad in [
        "ali\u{202E}ce",
        "\u{FEFF}alice",
        "alice\u{FEFF}",
        "a\u{200B}b",
    ] {
        refused(
            app.http
                .post(app.url("/token-request"))
                .json(&json!({"user_id": bad, "campaign_id": "summer"})),
            StatusCode::BAD_REQUEST,
            "user_id",
        )
        .await;
        refused(
            app.http
                .post(app.url("/token-request"))
                .json(&json!({"user_id": "alice", "campaign_id": bad})),
            StatusCode::BAD_REQUEST,
            "campaign_id",
        )
        .await;
        refused(
            app.http.get(app.url("/status")).query(&[("user_id", bad)]),
            StatusCode::BAD_REQUEST,
            "user_id",
        )
        .await;
    }
    assert_eq!(grant_count(&app).await, 0);
}

#[tokio::test]
async fn the_api_decides_every_identifier_case_as_the_shared_rule_does() {
    let app = spawn_app().await;
    app.add_user("alice", Some(&wallet(0x87)), 0).await;
    for case in shared::identifier::cases::all() {
        for (field, body) in [
            (
                "user_id",
                json!({"user_id": case.value, "campaign_id": "rule"}),
            ),
            (
                "campaign_id",
                json!({"user_id": "alice", "campaign_id": case.value}),
            ),
        ] {
            let res = app
                .http
                .post(app.url("/token-request"))
                .json(&body)
                .send()
                .await
                .unwrap();
            let status = res.status();
            let answer: Value = res.json().await.unwrap();
            let refused_field =
                status == StatusCode::BAD_REQUEST && answer["error"]["field"] == field;
            assert_eq!(
                !refused_field, case.valid,
                "{} in {field} ({:?}): {status} {answer}",
                case.about, case.value
            );
        }
    }
}

/// A JSON Schema character class (ECMA-262 and Python `re` alike) of the Basic Multilingual
/// Plane part of `ranges`, in `\uXXXX` escapes.
fn bmp_class(ranges: &[(char, char)]) -> String {
    ranges
        .iter()
        .filter(|(lo, _)| (*lo as u32) <= 0xFFFF)
        .map(|&(lo, hi)| {
            let hi = (hi as u32).min(0xFFFF);
            if lo as u32 == hi {
                format!("\\u{:04x}", lo as u32)
            } else {
                format!("\\u{:04x}-\\u{hi:04x}", lo as u32)
            }
        })
        .collect()
}

#[test]
fn the_openapi_identifier_pattern_is_the_shared_rule() {
    use shared::identifier::{FORBIDDEN, WHITESPACE};
    let forbidden = bmp_class(FORBIDDEN);
    let edge = format!("{}{forbidden}", bmp_class(WHITESPACE));
    let expected = format!("^[^{edge}]([^{forbidden}]*[^{edge}])?$");
    let spec: Value = serde_json::from_str(include_str!("../../openapi.json")).unwrap();
    let mut patterns = Vec::new();
    collect_id_patterns(&spec, &mut patterns);
    assert!(patterns.len() >= 6, "{patterns:?}");
    for p in patterns {
        assert_eq!(p, expected);
    }
}

/// Every `pattern` of a schema with `maxLength: 128` (the identifiers).
fn collect_id_patterns(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(o) => {
            if o.get("maxLength") == Some(&json!(128))
                && let Some(Value::String(p)) = o.get("pattern")
            {
                out.push(p.clone());
            }
            o.values().for_each(|c| collect_id_patterns(c, out));
        }
        Value::Array(a) => a.iter().for_each(|c| collect_id_patterns(c, out)),
        _ => {}
    }
}
