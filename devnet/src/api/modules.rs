//! Published modules: `GET /v1/accounts/{address}/modules` and `/module/{name}`, answered from
//! fixtures of what a real Movement node serves (`devnet/fixtures/modules/`, refreshed by
//! `devnet/fixtures/refresh.sh`):
//! - the Jobs module at the chain's Jobs address: `move/jobs` compiled by the Movement CLI at the
//!   default Jobs address `0x4a6f6273`, with the ABI a real node derived from that bytecode; for
//!   another configured address both are moved there (the address is a 32-byte value in the
//!   bytecode and a trimmed hex literal in the ABI);
//! - the framework modules the official SDKs fetch in ordinary use (`0x1::account`,
//!   `aptos_account`, `coin`, `primary_fungible_store`), as the node serves them.
//!
//! The ABIs also type the arguments of BCS view requests (see `view.rs`).

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use axum::Json;
use axum::extract::{Path, State};
use axum::response::Response;
use serde_json::Value;

use super::accounts::account_not_found;
use super::move_type;
use super::params::{self, RawQuery, StateKeyPage};
use super::{ApiError, AppState};
use crate::address::Address;

/// The Jobs module as compiled at this address (`jobs.json`).
pub(crate) const FIXTURE_JOBS_ADDRESS: &str = "0x4a6f6273";

/// The fixtures, as served by a real node at [`FIXTURE_JOBS_ADDRESS`] and `0x1`.
const JOBS: &str = include_str!("../../fixtures/modules/jobs.json");
const FRAMEWORK: [&str; 4] = [
    include_str!("../../fixtures/modules/0x1/account.json"),
    include_str!("../../fixtures/modules/0x1/aptos_account.json"),
    include_str!("../../fixtures/modules/0x1/coin.json"),
    include_str!("../../fixtures/modules/0x1/primary_fungible_store.json"),
];

/// Most modules one page lists (`max_account_modules_page_size`); without `limit` a real node
/// answers up to this many.
const MAX_MODULES_PAGE_SIZE: u16 = 9999;

/// A module as a node serves it: `{bytecode, abi}`.
#[derive(Debug, Clone)]
pub(crate) struct Module {
    /// Module name.
    pub(crate) name: String,
    /// The `{bytecode, abi}` JSON.
    pub(crate) json: Value,
}

impl Module {
    fn parse(text: &str) -> Module {
        let json: Value = serde_json::from_str(text).expect("module fixtures are valid JSON");
        let name = json["abi"]["name"]
            .as_str()
            .expect("module fixtures name their module")
            .to_string();
        Module { name, json }
    }

    /// The ABI of function `name`, if the module exposes it.
    pub(crate) fn function(&self, name: &str) -> Option<&Value> {
        self.json["abi"]["exposed_functions"]
            .as_array()?
            .iter()
            .find(|f| f["name"] == name)
    }

    /// The state key a real node lists modules by (and pages with in `x-aptos-cursor`):
    /// `StateKeyInner::AccessPath(address, Path::Code(ModuleId))` in BCS.
    fn state_key(&self, address: &Address) -> Vec<u8> {
        let mut path = vec![0u8]; // Path::Code
        path.extend_from_slice(&address.0);
        move_type::uleb128(self.name.len() as u64, &mut path);
        path.extend_from_slice(self.name.as_bytes());
        move_type::access_path_state_key(address, &path)
    }
}

fn framework() -> &'static [Module] {
    static MODULES: OnceLock<Vec<Module>> = OnceLock::new();
    MODULES.get_or_init(|| FRAMEWORK.iter().map(|m| Module::parse(m)).collect())
}

/// The Jobs module published at `jobs_address` (built once per address for the process's life).
pub(crate) fn jobs_module(jobs_address: Address) -> &'static Module {
    static MODULES: OnceLock<Mutex<HashMap<Address, &'static Module>>> = OnceLock::new();
    let mut built = MODULES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    built
        .entry(jobs_address)
        .or_insert_with(|| Box::leak(Box::new(moved_jobs_module(jobs_address))))
}

/// The fixture moved from [`FIXTURE_JOBS_ADDRESS`] to `to`.
fn moved_jobs_module(to: Address) -> Module {
    let from: Address = FIXTURE_JOBS_ADDRESS
        .parse()
        .expect("fixture address parses");
    let mut module = Module::parse(JOBS);
    if to == from {
        return module;
    }
    let abi = module.json["abi"].to_string();
    let (old, new) = (from.to_hex_literal(), to.to_hex_literal());
    let abi = abi
        .replace(&format!("\"{old}\""), &format!("\"{new}\""))
        .replace(&format!("{old}::"), &format!("{new}::"));
    module.json["abi"] = serde_json::from_str(&abi).expect("a moved ABI stays valid JSON");
    let bytecode = module.json["bytecode"].as_str().unwrap_or_default();
    let bytes = hex::decode(bytecode.trim_start_matches("0x")).unwrap_or_default();
    module.json["bytecode"] = Value::String(format!(
        "0x{}",
        hex::encode(move_address(&bytes, &from, &to))
    ));
    module
}

/// Replaces every 32-byte occurrence of `from` in compiled bytecode with `to`: the module's own
/// address in the address pool and `@jobs_addr` constants. (The test against the Movement CLI
/// shows this equals compiling at `to`.)
pub(crate) fn move_address(bytecode: &[u8], from: &Address, to: &Address) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytecode.len());
    let mut i = 0;
    while i < bytecode.len() {
        if bytecode[i..].starts_with(&from.0) {
            out.extend_from_slice(&to.0);
            i += 32;
        } else {
            out.push(bytecode[i]);
            i += 1;
        }
    }
    out
}

/// The modules published at `address` on the dev chain.
pub(crate) fn modules_at(address: &Address, jobs_address: Address) -> Vec<&'static Module> {
    if *address == Address::one() {
        framework().iter().collect()
    } else if *address == jobs_address {
        vec![jobs_module(jobs_address)]
    } else {
        Vec::new()
    }
}

/// Whether `address` holds anything on the dev chain (an account, or published modules).
fn exists(node: &AppState, address: &Address) -> bool {
    node.chain().account(address).is_some()
        || !modules_at(address, node.settings.jobs_address).is_empty()
}

/// `GET /v1/accounts/{address}/modules?start=CURSOR&limit=L`.
#[tracing::instrument(skip_all, fields(address = %raw))]
pub(crate) async fn list(
    State(node): State<AppState>,
    Path(raw): Path<String>,
    query: RawQuery,
) -> Result<Response, ApiError> {
    let address = params::address_path(&raw)?;
    let page = StateKeyPage::parse(&query, MAX_MODULES_PAGE_SIZE)?;
    if !exists(&node, &address) {
        return Err(account_not_found(&address, node.chain().ledger().version));
    }
    let modules = modules_at(&address, node.settings.jobs_address);
    Ok(page.respond(
        modules
            .into_iter()
            .map(|m| (m.state_key(&address), m.json.clone())),
    ))
}

/// `GET /v1/accounts/{address}/module/{name}`: 404 `module_not_found` otherwise.
#[tracing::instrument(skip_all, fields(address = %raw, module = %name))]
pub(crate) async fn one(
    State(node): State<AppState>,
    Path((raw, name)): Path<(String, String)>,
) -> Result<Json<Value>, ApiError> {
    let address = params::address_path(&raw)?;
    modules_at(&address, node.settings.jobs_address)
        .into_iter()
        .find(|m| m.name == name)
        .map(|m| Json(m.json.clone()))
        .ok_or_else(|| {
            ApiError::not_found(
                "module_not_found",
                format!(
                    "Module not found by Address({}), Module name({name}) and Ledger version({})",
                    address.to_hex_literal(),
                    node.chain().ledger().version
                ),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_jobs_fixture_moves_to_another_address_everywhere_it_names_itself() {
        let to: Address = "0x77b958951c4ea997543178ad158caea871f3df10865c6f8ca92b05a7716151a9"
            .parse()
            .unwrap();
        let moved = moved_jobs_module(to);
        assert_eq!(moved.json["abi"]["address"], to.to_hex_literal());
        let text = moved.json.to_string();
        assert!(!text.contains("0x4a6f6273"));
        assert!(text.contains(&format!("{}::jobs::PaidNode", to.to_hex_literal())));
        let bytecode = moved.json["bytecode"].as_str().unwrap();
        assert!(bytecode.contains(&hex::encode(to.0)));
        let fixture: Address = FIXTURE_JOBS_ADDRESS.parse().unwrap();
        assert!(!bytecode.contains(&hex::encode(fixture.0)));
        assert_eq!(moved.function("submit_job").unwrap()["is_entry"], true);
    }

    #[test]
    fn framework_fixtures_are_the_modules_the_sdks_fetch() {
        let names: Vec<&str> = framework().iter().map(|m| m.name.as_str()).collect();
        assert_eq!(
            names,
            ["account", "aptos_account", "coin", "primary_fungible_store"]
        );
        let coin = &framework()[2];
        assert_eq!(coin.function("balance").unwrap()["is_view"], true);
    }
}
