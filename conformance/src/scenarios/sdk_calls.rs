//! The calls the official TypeScript and Python SDKs make in ordinary use, beyond submitting:
//! the module ABI (the TypeScript SDK fetches it to build an entry-function call), account
//! resources, view functions with type and JSON arguments, and coin and fungible-asset
//! balances (`coin::balance`, the `CoinStore` resource the Python SDK reads,
//! `primary_fungible_store::balance`).

use std::sync::Arc;

use aptos_sdk::AccountAddress;
use serde_json::{Value, json};

use crate::chain::Chain;
use crate::failure::{Checked, Failure, Lit, array_field, ensure, eq, field, str_field, u64_field};
use crate::jobs::{Grant, api_address, fresh_address};
use crate::scenario::Measurement;
use crate::scenarios::events::pay;

/// The coin type every Aptos chain pays fees in.
const APTOS_COIN: &str = "0x1::aptos_coin::AptosCoin";
/// `0x1::coin::CoinStore<0x1::aptos_coin::AptosCoin>`.
const COIN_STORE: &str = "0x1::coin::CoinStore<0x1::aptos_coin::AptosCoin>";

/// Replaces every spelling of the Jobs address with `JOBS`, so two deployments' ABIs compare.
fn without_address(chain: &Chain, value: &Value) -> Value {
    let text = value.to_string();
    let a = chain.target.jobs_address;
    let text = text
        .replace(&a.to_long_string(), "JOBS")
        .replace(&a.to_short_string(), "JOBS");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

/// `(params, return)` of an exposed function, as strings.
fn signature(abi: &Value, name: &str) -> Checked<(Value, Value, Value, Value)> {
    let functions = array_field("abi", abi, "exposed_functions")?;
    let f = functions
        .iter()
        .find(|f| f["name"] == name)
        .ok_or_else(|| {
            Failure::mismatch(
                format!("abi function {name}"),
                Lit("exposed"),
                functions.len(),
            )
        })?;
    Ok((
        f["params"].clone(),
        f["return"].clone(),
        f["is_entry"].clone(),
        f["is_view"].clone(),
    ))
}

/// `GET /v1/accounts/{jobs}/module/jobs`: bytecode and ABI; the entry functions and views with
/// the parameter and return types of `move/jobs`; every event struct with its fields; the whole
/// ABI (address aside) identical to the reference's. Unknown module: 404 `module_not_found`.
pub async fn module_abi(chain: Arc<Chain>) -> Checked<Vec<Measurement>> {
    let path = format!(
        "accounts/{}/module/jobs",
        chain.target.jobs_address.to_long_string()
    );
    let r = chain.get(&path).await?;
    let body = r.expect(200)?;
    ensure(
        str_field("module", body, "bytecode")?.starts_with("0xa11ceb0b"),
        "module.bytecode",
        "Move bytecode (0xa11ceb0b…)",
        &body["bytecode"],
    )?;
    let abi = field("module", body, "abi")?;
    eq("abi.name", Some("jobs"), abi["name"].as_str())?;
    eq(
        "abi.address",
        Some(api_address(chain.target.jobs_address)),
        abi["address"].as_str().map(str::to_string),
    )?;
    let s = |v: &[&str]| json!(v);
    let expectations = [
        (
            "submit_job",
            s(&[
                "&signer",
                "u64",
                "vector<address>",
                "vector<u64>",
                "vector<vector<u8>>",
            ]),
            s(&[]),
            true,
            false,
        ),
        (
            "add_operator",
            s(&["&signer", "address"]),
            s(&[]),
            true,
            false,
        ),
        (
            "remove_operator",
            s(&["&signer", "address"]),
            s(&[]),
            true,
            false,
        ),
        ("set_paused", s(&["&signer", "bool"]), s(&[]), true, false),
        ("is_paid", s(&["vector<u8>"]), s(&["bool"]), false, true),
        (
            "paid_grant",
            s(&["vector<u8>"]),
            s(&["bool", "u64", "address", "u64"]),
            false,
            true,
        ),
        ("balance", s(&["address"]), s(&["u64"]), false, true),
        ("is_operator", s(&["address"]), s(&["bool"]), false, true),
        ("is_paused", s(&[]), s(&["bool"]), false, true),
    ];
    for (name, params, returns, is_entry, is_view) in expectations {
        eq(
            format!("abi {name}"),
            (params, returns, json!(is_entry), json!(is_view)),
            signature(abi, name)?,
        )?;
    }
    let structs = array_field("abi", abi, "structs")?;
    for (name, fields) in [
        ("JobSubmitted", vec!["job_id", "operator", "grant_count"]),
        (
            "GrantPaid",
            vec!["job_id", "grant_id", "recipient", "amount"],
        ),
        (
            "GrantSkipped",
            vec![
                "job_id",
                "grant_id",
                "recipient",
                "amount",
                "paid_job_id",
                "paid_operator",
                "paid_sequence_number",
            ],
        ),
        (
            "GrantFailed",
            vec![
                "job_id",
                "grant_id",
                "recipient",
                "amount",
                "reason",
                "reason_name",
            ],
        ),
        (
            "JobCompleted",
            vec!["job_id", "paid", "skipped", "failed", "total_amount"],
        ),
    ] {
        let found: Option<Vec<&str>> = structs.iter().find(|s| s["name"] == name).map(|s| {
            s["fields"]
                .as_array()
                .map(|f| f.iter().filter_map(|f| f["name"].as_str()).collect())
                .unwrap_or_default()
        });
        eq(format!("abi struct {name} fields"), Some(fields), found)?;
    }
    chain
        .get(&format!(
            "accounts/{}/module/no_such_module",
            chain.target.jobs_address.to_long_string()
        ))
        .await?
        .expect_error(404, "module_not_found", None)?;
    let sdk = chain
        .aptos
        .fullnode()
        .get_account_module(chain.target.jobs_address, "jobs")
        .await
        .map_err(Failure::sdk("aptos-sdk get_account_module"))?;
    ensure(
        sdk.data.abi.is_some(),
        "aptos-sdk get_account_module",
        "an ABI",
        "none",
    )?;
    Ok(vec![Measurement::exact(
        "jobs module ABI (address as JOBS)",
        without_address(&chain, abi),
    )])
}

/// `GET /v1/accounts/{a}/resources` and `/resource/{type}`: a funded account holds
/// `0x1::account::Account` and the AptosCoin `CoinStore`; the Jobs deployment holds
/// `jobs::Jobs` (admins, pause flag, per-grant cap, the token's metadata object at its derived
/// address); a missing resource is 404 `resource_not_found`.
pub async fn account_resources(chain: Arc<Chain>) -> Checked<Vec<Measurement>> {
    let account = chain.new_account(1_000_000).await?;
    let address = account.address().to_long_string();
    let r = chain.get(&format!("accounts/{address}/resources")).await?;
    let list = r.expect(200)?;
    let types: Vec<&str> = list
        .as_array()
        .map(|a| a.iter().filter_map(|r| r["type"].as_str()).collect())
        .unwrap_or_default();
    for wanted in ["0x1::account::Account", COIN_STORE] {
        ensure(
            types.contains(&wanted),
            "resources of a funded account",
            &format!("include {wanted}"),
            &types,
        )?;
    }
    let r = chain
        .get(&format!(
            "accounts/{address}/resource/0x1::account::Account"
        ))
        .await?;
    let resource = r.expect(200)?;
    eq(
        "resource type",
        Some("0x1::account::Account"),
        resource["type"].as_str(),
    )?;
    eq(
        "Account.sequence_number",
        0,
        u64_field("Account", &resource["data"], "sequence_number")?,
    )?;
    eq(
        "Account.authentication_key",
        Some(address.as_str()),
        resource["data"]["authentication_key"].as_str(),
    )?;
    chain
        .get(&format!(
            "accounts/{address}/resource/0x1::account::NoSuchResource"
        ))
        .await?
        .expect_error(404, "resource_not_found", None)?;

    let jobs_type = format!(
        "{}::jobs::Jobs",
        chain.target.jobs_address.to_short_string()
    );
    let r = chain
        .get(&format!(
            "accounts/{}/resource/{jobs_type}",
            chain.target.jobs_address.to_long_string()
        ))
        .await?;
    let jobs = &r.expect(200)?["data"];
    eq("Jobs.paused", Some(false), jobs["paused"].as_bool())?;
    eq(
        "Jobs.per_grant_cap",
        Some("1000000000000000"),
        jobs["per_grant_cap"].as_str(),
    )?;
    ensure(
        jobs["next_payment"]
            .as_str()
            .is_some_and(|n| n.parse::<u64>().is_ok()),
        "Jobs.next_payment",
        "a u64 as a string",
        &jobs["next_payment"],
    )?;
    for table in ["operators", "paid", "payments"] {
        ensure(
            jobs[table]["handle"].is_string(),
            format!("Jobs.{table}"),
            "a table handle",
            &jobs[table],
        )?;
    }
    let admins = array_field("Jobs", jobs, "admins")?;
    ensure(
        admins.contains(&json!(api_address(chain.admin_address()))),
        "Jobs.admins",
        "include the admin key's address",
        admins,
    )?;
    eq(
        "Jobs.metadata.inner",
        Some(api_address(crate::jobs::token_metadata_address(
            chain.target.jobs_address,
        ))),
        jobs["metadata"]["inner"].as_str().map(str::to_string),
    )?;
    Ok(vec![])
}

/// Balances as SDKs read them: `0x1::coin::balance<AptosCoin>` (view, JSON arguments and a type
/// argument), the `CoinStore` resource, aptos-sdk's `get_balance`; and the Jobs token through
/// `0x1::primary_fungible_store::balance<0x1::object::ObjectCore>(owner, metadata)`, equal to
/// `jobs::balance`, and `0` for an address that holds none.
pub async fn coin_and_fungible_asset_balances(chain: Arc<Chain>) -> Checked<Vec<Measurement>> {
    let funded = 123_456_789;
    let account = chain.new_account(funded).await?;
    let address = account.address();
    let view = chain
        .view_ok(
            "0x1::coin::balance",
            &[APTOS_COIN],
            vec![address.to_long_string().into()],
        )
        .await?;
    eq(
        "coin::balance<AptosCoin>",
        vec![json!(funded.to_string())],
        view,
    )?;
    let r = chain
        .get(&format!(
            "accounts/{}/resource/{COIN_STORE}",
            address.to_long_string()
        ))
        .await?;
    eq(
        "CoinStore.coin.value",
        Some(funded.to_string()),
        r.expect(200)?["data"]["coin"]["value"]
            .as_str()
            .map(str::to_string),
    )?;
    let sdk = chain
        .aptos
        .get_balance(address)
        .await
        .map_err(Failure::sdk("aptos-sdk get_balance"))?;
    eq("aptos-sdk get_balance", funded, sdk)?;

    let metadata = crate::jobs::token_metadata_address(chain.target.jobs_address).to_long_string();
    let operator = chain.new_operator().await?;
    let grant = Grant::to(fresh_address(), 4_321);
    pay(
        &chain,
        &operator,
        crate::jobs::job_id(),
        std::slice::from_ref(&grant),
    )
    .await?;
    let fa = |owner: AccountAddress| {
        let chain = chain.clone();
        let metadata = metadata.clone();
        async move {
            chain
                .view_ok(
                    "0x1::primary_fungible_store::balance",
                    &["0x1::object::ObjectCore"],
                    vec![owner.to_long_string().into(), metadata.into()],
                )
                .await
        }
    };
    eq(
        "primary_fungible_store::balance(recipient)",
        vec![json!("4321")],
        fa(grant.recipient).await?,
    )?;
    eq(
        "primary_fungible_store::balance(nobody)",
        vec![json!("0")],
        fa(fresh_address()).await?,
    )?;
    let jobs_balance = chain
        .view_ok(
            &chain.target.jobs_function("balance"),
            &[],
            vec![grant.recipient.to_long_string().into()],
        )
        .await?;
    eq(
        "jobs::balance(recipient)",
        vec![json!("4321")],
        jobs_balance,
    )?;
    Ok(vec![])
}
