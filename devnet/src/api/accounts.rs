//! Account endpoints beyond `GET /v1/accounts/{address}`: the account's committed transactions
//! and its resources (and, at the Jobs module's address, the module's `jobs::Jobs`).

use axum::Json;
use axum::extract::{Path, State};
use axum::response::Response;
use serde_json::{Value, json};

use super::move_type;
use super::params::{self, MAX_TRANSACTIONS_PAGE_SIZE, Page, RawQuery, StateKeyPage};
use super::{ApiError, AppState};
use crate::address::Address;
use crate::chain::{Account, Chain};
use crate::jobs::JobsState;
use crate::render;
use crate::wire::TypeTag;
use sha3::{Digest, Sha3_256};

/// 404 `account_not_found`, worded as a real node words it (address as a hex literal).
pub(crate) fn account_not_found(address: &Address, ledger_version: u64) -> ApiError {
    ApiError::not_found(
        "account_not_found",
        format!(
            "Account not found by Address({}) and Ledger version({ledger_version})",
            address.to_hex_literal()
        ),
    )
}

/// `GET /v1/accounts/{address}/transactions?start=S&limit=L`: the account's committed user
/// transactions, ascending by sequence number from `start` (default: the latest `limit`),
/// `limit` 25 by default and at most 100; an unknown account is 404 `account_not_found`, a start
/// past the end an empty list.
#[tracing::instrument(skip_all, fields(address = %raw))]
pub(crate) async fn transactions(
    State(node): State<AppState>,
    Path(raw): Path<String>,
    query: RawQuery,
) -> Result<Json<Vec<Value>>, ApiError> {
    let address = params::address_path(&raw)?;
    let page = Page::parse(&query, MAX_TRANSACTIONS_PAGE_SIZE)?;
    let chain = node.chain();
    let found = chain
        .account_transactions(&address, page.start, usize::from(page.limit))
        .ok_or_else(|| account_not_found(&address, chain.ledger().version))?;
    drop(chain);
    let jobs = node.settings.jobs_address;
    Ok(Json(
        found.iter().map(|t| render::committed(t, jobs)).collect(),
    ))
}

/// The resources a dev-chain account holds, in a real node's order (by state key): its
/// `0x1::account::Account` and its `0x1::coin::CoinStore<0x1::aptos_coin::AptosCoin>` (APT on
/// Movement lives in the coin store: a faucet-funded account has no fungible-asset store).
/// The event-handle counters are 0: the dev chain emits no account or coin events.
fn resources(address: &Address, account: &Account) -> [Resource; 2] {
    let handle = |creation_num: u64| {
        json!({
            "counter": "0",
            "guid": { "id": { "addr": address.to_hex_literal(), "creation_num": creation_num.to_string() } },
        })
    };
    let none = json!({ "for": { "vec": [] } });
    [
        Resource {
            tag: move_type::struct_tag(Address::one(), "account", "Account", Vec::new()),
            data: json!({
                "authentication_key": account.authentication_key.to_long_string(),
                "coin_register_events": handle(0),
                "guid_creation_num": "4",
                "key_rotation_events": handle(1),
                "rotation_capability_offer": none,
                "sequence_number": account.sequence_number.to_string(),
                "signer_capability_offer": none,
            }),
        },
        Resource {
            tag: move_type::struct_tag(
                Address::one(),
                "coin",
                "CoinStore",
                vec![move_type::aptos_coin()],
            ),
            data: json!({
                "coin": { "value": account.apt_balance.to_string() },
                "deposit_events": handle(2),
                "frozen": false,
                "withdraw_events": handle(3),
            }),
        },
    ]
}

/// The Jobs module's `jobs::Jobs` resource at the module address, rendered as a real node renders
/// it (`move/jobs/sources/jobs.move`). Its three table handles are derived from the module address
/// and the field name here (a real node derives them from the publishing transaction): opaque
/// to every client, and the dev chain serves no table items.
fn jobs_resource(module: Address, jobs: &JobsState) -> Resource {
    let handle = |field: &str| {
        let digest: [u8; 32] = Sha3_256::new()
            .chain_update(module.0)
            .chain_update(field.as_bytes())
            .finalize()
            .into();
        json!({ "handle": Address(digest).to_hex_literal() })
    };
    let metadata = json!({ "inner": jobs.metadata.to_hex_literal() });
    Resource {
        tag: move_type::struct_tag(module, "jobs", "Jobs", Vec::new()),
        data: json!({
            "admins": jobs.admins.iter().map(Address::to_hex_literal).collect::<Vec<_>>(),
            "metadata": metadata,
            "mint_ref": { "metadata": metadata },
            "next_payment": jobs.next_payment().to_string(),
            "operators": handle("operators"),
            "paid": handle("paid"),
            "paused": jobs.paused,
            "payments": handle("payments"),
            "per_grant_cap": jobs.per_grant_cap.to_string(),
        }),
    }
}

/// Every resource `address` holds: an account's own, plus `jobs::Jobs` at the module address
/// (which holds it even where the dev chain has no account for it, such as its default vanity
/// address). `None` when the address holds nothing and is no account.
fn held_resources(
    chain: &Chain,
    jobs_address: Address,
    address: &Address,
) -> Option<Vec<Resource>> {
    let account = chain.account(address);
    let mut held: Vec<Resource> = account
        .map(|a| resources(address, a).into())
        .unwrap_or_default();
    if *address == jobs_address {
        held.push(jobs_resource(jobs_address, chain.jobs()));
    }
    (account.is_some() || !held.is_empty()).then_some(held)
}

/// One resource: its type and its value as the API renders Move values.
struct Resource {
    tag: TypeTag,
    data: Value,
}

impl Resource {
    fn json(&self) -> Value {
        json!({ "type": self.tag.to_string(), "data": self.data })
    }

    /// The resource's state key, BCS-encoded: what a real node's `x-aptos-cursor` and `start`
    /// carry (hex, no `0x`), and the order resources are listed in.
    fn state_key(&self, address: &Address) -> Vec<u8> {
        let mut path = vec![1u8]; // Path::Resource
        move_type::encode_struct_tag(&self.tag, &mut path);
        move_type::access_path_state_key(address, &path)
    }
}

/// Largest page of `GET /v1/accounts/{address}/resources` (`max_account_resources_page_size`);
/// without `limit` a real node answers up to this many.
const MAX_RESOURCES_PAGE_SIZE: u16 = 9999;

/// `GET /v1/accounts/{address}/resources?start=CURSOR&limit=L`: the account's resources; when
/// more remain than `limit`, `x-aptos-cursor` names the next one (pass it as `start`).
#[tracing::instrument(skip_all, fields(address = %raw))]
pub(crate) async fn list_resources(
    State(node): State<AppState>,
    Path(raw): Path<String>,
    query: RawQuery,
) -> Result<Response, ApiError> {
    let address = params::address_path(&raw)?;
    let page = StateKeyPage::parse(&query, MAX_RESOURCES_PAGE_SIZE)?;
    let chain = node.chain();
    let all = held_resources(&chain, node.settings.jobs_address, &address)
        .ok_or_else(|| account_not_found(&address, chain.ledger().version))?;
    drop(chain);
    Ok(page.respond(all.iter().map(|r| (r.state_key(&address), r.json()))))
}

/// `GET /v1/accounts/{address}/resource/{resource_type}`: one resource; 404
/// `resource_not_found` when the account does not hold it (or does not exist).
#[tracing::instrument(skip_all, fields(address = %raw, resource_type = %raw_type))]
pub(crate) async fn resource(
    State(node): State<AppState>,
    Path((raw, raw_type)): Path<(String, String)>,
) -> Result<Json<Value>, ApiError> {
    let address = params::address_path(&raw)?;
    let tag = move_type::parse_struct(&raw_type).ok_or_else(|| {
        ApiError::web_framework(format!(
            "failed to parse path `resource_type`: failed to parse \"string(MoveStructTag)\": \
             invalid struct tag: {raw_type}"
        ))
    })?;
    let chain = node.chain();
    let found = held_resources(&chain, node.settings.jobs_address, &address)
        .and_then(|held| held.into_iter().find(|r| r.tag == tag));
    found.map(|r| Json(r.json())).ok_or_else(|| {
        ApiError::not_found(
            "resource_not_found",
            format!(
                "Resource not found by Address({}), Struct tag({tag}) and Ledger version({})",
                address.to_hex_literal(),
                chain.ledger().version
            ),
        )
    })
}
