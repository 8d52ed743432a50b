//! The answers the response types produce, held to openapi.json: every member an answer carries
//! is one its schema documents, and every member the schema requires is there, nested objects
//! and array items included. (The request types are held to the document by a unit test in
//! `http`.)

use crate::common::{spawn_app_with, wallet};
use serde_json::{Value, json};

/// The schema `$ref` points to, or the schema itself.
fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str() {
        Some(reference) => {
            let pointer = reference.trim_start_matches('#');
            doc.pointer(pointer)
                .unwrap_or_else(|| panic!("{reference} is in openapi.json"))
        }
        None => schema,
    }
}

/// The properties and required members of an object schema, its `allOf` parts merged.
fn object_members(doc: &Value, schema: &Value) -> (serde_json::Map<String, Value>, Vec<String>) {
    let schema = resolve(doc, schema);
    let mut properties = schema["properties"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    let mut required: Vec<String> = schema["required"]
        .as_array()
        .map(|r| {
            r.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    for part in schema["allOf"].as_array().into_iter().flatten() {
        let (more, also) = object_members(doc, part);
        properties.extend(more);
        required.extend(also);
    }
    (properties, required)
}

/// Holds `value` to `schema`: its members documented, the required ones present, recursively.
fn conforms(doc: &Value, schema: &Value, value: &Value, at: &str) -> usize {
    let schema = resolve(doc, schema);
    // A nullable or alternative schema: the first alternative that is an object or an array
    // describes the value when it is one.
    for key in ["anyOf", "oneOf"] {
        if let Some(alternatives) = schema[key].as_array() {
            let fitting = alternatives.iter().map(|a| resolve(doc, a)).find(|a| {
                (value.is_object() && (a["properties"].is_object() || a["allOf"].is_array()))
                    || (value.is_array() && a["items"].is_object())
            });
            return fitting.map_or(0, |a| conforms(doc, a, value, at));
        }
    }
    match value {
        Value::Object(object) => {
            let (properties, required) = object_members(doc, schema);
            if properties.is_empty() {
                // A free-form object (a map, `details`): nothing to hold it to.
                return 0;
            }
            let mut checked = 1;
            for name in object.keys() {
                assert!(
                    properties.contains_key(name),
                    "{at}.{name} is not in openapi.json (documented: {:?})",
                    properties.keys().collect::<Vec<_>>()
                );
            }
            for name in &required {
                assert!(
                    object.contains_key(name),
                    "{at}.{name} is required by openapi.json"
                );
            }
            for (name, member) in object {
                checked += conforms(doc, &properties[name], member, &format!("{at}.{name}"));
            }
            checked
        }
        Value::Array(items) if schema["items"].is_object() => items
            .iter()
            .enumerate()
            .map(|(i, item)| conforms(doc, &schema["items"], item, &format!("{at}[{i}]")))
            .sum(),
        _ => 0,
    }
}

/// The schema of `method path`'s answer with `status`.
fn answer_schema<'a>(doc: &'a Value, path: &str, method: &str, status: u16) -> &'a Value {
    let response = resolve(
        doc,
        &doc["paths"][path][method]["responses"][status.to_string()],
    );
    let schema = &response["content"]["application/json"]["schema"];
    assert!(
        schema.is_object(),
        "{method} {path} {status} has a JSON schema in openapi.json"
    );
    schema
}

#[tokio::test]
async fn every_answer_carries_the_members_openapi_json_documents() {
    let app = spawn_app_with(|c| {
        c.webhooks.webhook_secrets_key = Some(base64::Engine::encode(
            &base64::engine::general_purpose::STANDARD,
            [7u8; 32],
        ));
        c.webhooks.webhook_allow_insecure_urls = true;
    })
    .await;
    let doc: Value = serde_json::from_str(campaign_svc::http::OPENAPI).unwrap();
    app.add_user("alice", Some(&wallet(0x21)), 1500).await;

    // Each call: method, path as documented, the URL, a body; the status it must answer.
    let mut checked = 0;
    let mut call = async |method: &str, path: &str, url: &str, body: Option<Value>, status: u16| {
        let mut request = app
            .http
            .request(method.to_uppercase().parse().unwrap(), app.url(url));
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status().as_u16(), status, "{method} {url}");
        let answer: Value = response.json().await.unwrap();
        let n = conforms(
            &doc,
            answer_schema(&doc, path, method, status),
            &answer,
            url,
        );
        assert!(n > 0, "{method} {url}: an object was checked");
        checked += n;
        answer
    };

    call("get", "/health", "/health", None, 200).await;
    call("get", "/ready", "/ready", None, 200).await;
    let campaign = json!({"token_amount": 100, "max_amount": 500, "allow_repeats": false});
    call(
        "put",
        "/admin/campaigns/{campaign_id}",
        "/admin/campaigns/summer",
        Some(campaign),
        200,
    )
    .await;
    let grant = call(
        "post",
        "/token-request",
        "/token-request",
        Some(json!({"user_id": "alice", "campaign_id": "summer", "amount": 250})),
        202,
    )
    .await;
    let id = grant["request_id"].as_str().unwrap().to_string();
    call(
        "get",
        "/grants/{request_id}",
        &format!("/grants/{id}"),
        None,
        200,
    )
    .await;
    call(
        "post",
        "/admin/ledger-runs",
        "/admin/ledger-runs",
        None,
        200,
    )
    .await;
    call("get", "/admin/ledger-runs", "/admin/ledger-runs", None, 200).await;
    call("get", "/status", "/status?user_id=alice", None, 200).await;
    let stuck = call(
        "get",
        "/admin/grants/stuck",
        "/admin/grants/stuck?older_than_secs=0",
        None,
        200,
    )
    .await;
    assert!(!stuck["grants"].as_array().unwrap().is_empty(), "{stuck}");

    let endpoint = call(
        "post",
        "/admin/webhooks",
        "/admin/webhooks",
        Some(
            json!({"url": "http://127.0.0.1:9/hook", "event_types": ["grant.completed"],
                    "description": "agreement"}),
        ),
        201,
    )
    .await;
    let endpoint_id = endpoint["id"].as_str().unwrap().to_string();
    let one = format!("/admin/webhooks/{endpoint_id}");
    call("get", "/admin/webhooks", "/admin/webhooks", None, 200).await;
    call("get", "/admin/webhooks/{endpoint_id}", &one, None, 200).await;
    call(
        "patch",
        "/admin/webhooks/{endpoint_id}",
        &one,
        Some(json!({"description": "changed"})),
        200,
    )
    .await;
    call(
        "post",
        "/admin/webhooks/{endpoint_id}/rotate-secret",
        &format!("{one}/rotate-secret"),
        Some(json!({"grace_secs": 60})),
        200,
    )
    .await;
    let sent = call(
        "post",
        "/admin/webhooks/{endpoint_id}/test",
        &format!("{one}/test"),
        None,
        202,
    )
    .await;
    let deliveries = call(
        "get",
        "/admin/webhooks/{endpoint_id}/deliveries",
        &format!("{one}/deliveries"),
        None,
        200,
    )
    .await;
    assert!(
        !deliveries["deliveries"].as_array().unwrap().is_empty(),
        "{deliveries}"
    );
    call(
        "post",
        "/admin/webhooks/{endpoint_id}/deliveries/{delivery_id}/replay",
        &format!(
            "{one}/deliveries/{}/replay",
            sent["delivery_id"].as_str().unwrap()
        ),
        None,
        202,
    )
    .await;
    // The error shape, from a 400 naming its field.
    call("get", "/status", "/status", None, 400).await;
    assert!(checked >= 20, "{checked} objects checked");
    app.stop().await;
}
