//! One wallet rule for every path: the API and the ledger's SQL both give each case of
//! `shared::wallet::cases` the verdict the table says.

use crate::common::{TestApp, spawn_app_with};
use shared::wallet::cases::{self, Expected, WalletCase};
use std::collections::HashMap;

/// One game user per case (`w00`, `w01`, ...), each with a balance to pay.
async fn users_for_every_case(app: &TestApp) -> Vec<(String, WalletCase)> {
    let mut users = Vec::new();
    for (i, case) in cases::all().into_iter().enumerate() {
        let user = format!("w{i:02}");
        app.add_user(&user, case.stored.as_deref(), 100).await;
        users.push((user, case));
    }
    users
}

#[tokio::test]
async fn the_ledger_gives_every_wallet_case_its_verdict() {
    let app = spawn_app_with(|c| c.outbox_workers = 0).await;
    let users = users_for_every_case(&app).await;
    let run = app.run_ledger().await;
    assert_eq!(run["outcome"], "completed", "{run}");
    let paid: HashMap<String, String> =
        sqlx::query_as::<_, (String, String)>("SELECT user_id, wallet_address FROM grants")
            .fetch_all(&app.db)
            .await
            .unwrap()
            .into_iter()
            .collect();
    let mut refused = 0;
    for (user, case) in &users {
        let expected = match &case.expected {
            Expected::Pays(to) => Some(to.clone()),
            Expected::NoWallet | Expected::Invalid => {
                refused += 1;
                None
            }
        };
        assert_eq!(
            paid.get(user).cloned(),
            expected,
            "stored wallet {:?}",
            case.stored
        );
    }
    assert_eq!(run["users_skipped_no_wallet"], refused, "{run}");
}

#[tokio::test]
async fn the_api_gives_every_wallet_case_its_verdict() {
    let app = spawn_app_with(|c| c.outbox_workers = 0).await;
    let users = users_for_every_case(&app).await;
    for (user, case) in &users {
        let res = app
            .http
            .post(app.url("/token-request"))
            .json(&serde_json::json!({ "user_id": user, "campaign_id": "wallets" }))
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        let body: serde_json::Value = res.json().await.unwrap();
        match &case.expected {
            Expected::Pays(to) => {
                assert_eq!(status, 202, "stored wallet {:?}: {body}", case.stored);
                assert_eq!(body["wallet_address"], to.as_str(), "{:?}", case.stored);
            }
            Expected::NoWallet => {
                assert_eq!(status, 422, "stored wallet {:?}: {body}", case.stored);
                assert_eq!(body["error"]["code"], "no_wallet", "{:?}", case.stored);
            }
            Expected::Invalid => {
                assert_eq!(status, 422, "stored wallet {:?}: {body}", case.stored);
                assert_eq!(body["error"]["code"], "invalid_wallet", "{:?}", case.stored);
            }
        }
    }
}
