//! `POST /v1/view` as a real node takes it: a JSON body (`{function, type_arguments,
//! arguments}`) or a BCS `ViewFunction` (`Content-Type: application/x.aptos.view_function+bcs`,
//! what both official SDKs send), answered in JSON or, with `Accept: application/x-bcs`, as the
//! BCS of the returned values.
//!
//! Arguments and results are typed by the function's ABI (the module fixtures in `modules.rs`):
//! BCS arguments are decoded into the JSON forms, JSON arguments are counted against it, and a
//! function that is not a `#[view]` is refused. The framework views the SDKs call
//! (`0x1::account::{exists_at, get_sequence_number}`, `0x1::primary_fungible_store::balance`,
//! `0x1::coin::paired_coin`, which the TS SDK asks before a balance by metadata address) are
//! answered here from the chain's accounts and the Jobs token; every other view (the Jobs views,
//! `0x1::coin::balance`) is the chain's ([`crate::chain::Chain::view`]).

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use sha3::{Digest, Sha3_256};

use super::modules::{self, Module};
use super::move_type;
use super::{ApiError, AppState};
use crate::address::Address;
use crate::chain::Chain;
use crate::wire::EntryFunction;

/// Content type of a BCS view request.
const BCS_VIEW_REQUEST: &str = "application/x.aptos.view_function+bcs";
/// `Accept` value asking for a BCS response.
const BCS_RESPONSE: &str = "application/x-bcs";
/// The seed `move/jobs` names its token's metadata object with (`TOKEN_SEED`).
const JOBS_TOKEN_SEED: &[u8] = b"JOBS_TOKEN";

/// Body of a JSON view request.
#[derive(Debug, Deserialize)]
pub(crate) struct ViewRequest {
    function: String,
    #[serde(default)]
    type_arguments: Vec<String>,
    #[serde(default)]
    arguments: Vec<Value>,
}

/// A view call, whichever way it came.
struct Call {
    address: Address,
    module: String,
    function: String,
    type_arguments: Vec<String>,
    arguments: Vec<Value>,
}

impl Call {
    fn id(&self) -> String {
        format!(
            "{}::{}::{}",
            self.address.to_hex_literal(),
            self.module,
            self.function
        )
    }
}

/// `POST /v1/view`.
#[tracing::instrument(skip_all)]
pub(crate) async fn view(
    State(node): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let content_type = header_str(&headers, header::CONTENT_TYPE);
    let jobs = node.settings.jobs_address;
    let (call, abi) = if content_type.starts_with(BCS_VIEW_REQUEST) {
        from_bcs(&body, jobs)?
    } else {
        from_json(&body, jobs)?
    };
    tracing::debug!(function = %call.id(), "view");
    let values = {
        let chain = node.chain();
        run(&chain, &call, jobs)?
    };
    if header_str(&headers, header::ACCEPT).contains(BCS_RESPONSE) {
        let bytes = encode_results(&values, &abi)
            .ok_or_else(|| ApiError::invalid_input("view results do not fit the ABI's types"))?;
        let mut response = bytes.into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(BCS_RESPONSE));
        return Ok(response);
    }
    Ok(Json(values).into_response())
}

fn header_str(headers: &HeaderMap, name: header::HeaderName) -> &str {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

/// The ABI of a view: its module must be published and the function a `#[view]`.
fn view_abi(
    address: &Address,
    module: &str,
    function: &str,
    jobs: Address,
) -> Result<Value, ApiError> {
    let published: Option<&Module> = modules::modules_at(address, jobs)
        .into_iter()
        .find(|m| m.name == module);
    let Some(published) = published else {
        return Err(ApiError::invalid_input(format!(
            "Module ModuleId {{ address: {}, name: Identifier({module:?}) }} can't be found",
            hex::encode(address.0)
        )));
    };
    let abi = published.function(function).ok_or_else(|| {
        ApiError::invalid_input(format!(
            "could not find entry function by {}::{module}::{function}",
            address.to_hex_literal()
        ))
    })?;
    if abi["is_view"] != true {
        return Err(ApiError::invalid_input(
            "PartialVMError with status INVALID_MAIN_FUNCTION_SIGNATURE and message function not marked as view function",
        ));
    }
    Ok(abi.clone())
}

/// The ABI's parameter types, without a leading signer.
fn params(abi: &Value) -> Vec<String> {
    abi["params"]
        .as_array()
        .map(|p| {
            p.iter()
                .filter_map(Value::as_str)
                .filter(|t| !t.ends_with("signer"))
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn check_type_arguments(abi: &Value, call: &Call) -> Result<(), ApiError> {
    let expected = abi["generic_type_params"].as_array().map_or(0, Vec::len);
    if call.type_arguments.len() != expected {
        return Err(ApiError::invalid_input(format!(
            "expected {expected} type arguments for entry function {}, but got {}",
            call.id(),
            call.type_arguments.len()
        )));
    }
    Ok(())
}

fn from_json(body: &[u8], jobs: Address) -> Result<(Call, Value), ApiError> {
    let request: ViewRequest = serde_json::from_slice(body)
        .map_err(|e| ApiError::invalid_input(format!("Failed to parse request body: {e}")))?;
    let mut parts = request.function.split("::");
    let (Some(address), Some(module), Some(function), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(ApiError::invalid_input(format!(
            "invalid entry function id {:?}",
            request.function
        )));
    };
    let address: Address = address.parse().map_err(|e| {
        ApiError::invalid_input(format!("invalid address in {:?}: {e}", request.function))
    })?;
    // Type arguments in the node's canonical spelling (`0x1::…`), whatever the caller wrote.
    let type_arguments = request
        .type_arguments
        .iter()
        .map(|t| {
            move_type::parse(t)
                .map(|tag| tag.to_string())
                .ok_or_else(|| ApiError::invalid_input(format!("invalid type argument {t:?}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let call = Call {
        address,
        module: module.to_string(),
        function: function.to_string(),
        type_arguments,
        arguments: request.arguments,
    };
    let abi = view_abi(&call.address, &call.module, &call.function, jobs)?;
    check_type_arguments(&abi, &call)?;
    let params = params(&abi);
    if call.arguments.len() != params.len() {
        let described: Vec<String> = params.iter().map(|p| json_form(p)).collect();
        return Err(ApiError::invalid_input(format!(
            "expected {} arguments [{}], but got {} ({})",
            params.len(),
            described.join(", "),
            call.arguments.len(),
            Value::Array(call.arguments.clone())
        )));
    }
    Ok((call, abi))
}

/// How the node names the JSON form of a parameter type in its errors.
fn json_form(param: &str) -> String {
    match param {
        "bool" | "u8" | "u16" | "u32" => param.to_string(),
        _ => format!("string<{param}>"),
    }
}

fn from_bcs(body: &[u8], jobs: Address) -> Result<(Call, Value), ApiError> {
    let f = EntryFunction::decode(body).map_err(|e| {
        ApiError::invalid_input(format!("Failed to deserialize input into ViewRequest: {e}"))
    })?;
    let abi = view_abi(&f.module_address, &f.module_name, &f.function, jobs)?;
    let params = params(&abi);
    let mut call = Call {
        address: f.module_address,
        module: f.module_name,
        function: f.function,
        type_arguments: f.type_args.iter().map(ToString::to_string).collect(),
        arguments: Vec::new(),
    };
    check_type_arguments(&abi, &call)?;
    if f.args.len() != params.len() {
        return Err(ApiError::invalid_input(format!(
            "expected {} arguments, but got {}",
            params.len(),
            f.args.len()
        )));
    }
    for (i, (bytes, param)) in f.args.iter().zip(&params).enumerate() {
        let mut input = bytes.as_slice();
        let value = decode_value(param, &mut input)
            .filter(|_| input.is_empty())
            .ok_or_else(|| {
                ApiError::invalid_input(format!(
                    "Failed to deserialize argument {i} as {param} for {}",
                    call.id()
                ))
            })?;
        call.arguments.push(value);
    }
    Ok((call, abi))
}

/// Runs a view: the framework views here, everything else on the chain.
fn run(chain: &Chain, call: &Call, jobs: Address) -> Result<Vec<Value>, ApiError> {
    let address_arg = |i: usize| -> Result<Address, ApiError> {
        call.arguments[i]
            .as_str()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| {
                ApiError::invalid_input(format!(
                    "parse arguments[{i}] failed, expect string<address>, caused by error: invalid address {}",
                    call.arguments[i]
                ))
            })
    };
    if call.address == Address::one() {
        match (call.module.as_str(), call.function.as_str()) {
            ("account", "exists_at") => {
                return Ok(vec![json!(chain.account(&address_arg(0)?).is_some())]);
            }
            ("account", "get_sequence_number") => {
                let owner = address_arg(0)?;
                return match chain.account(&owner) {
                    Some(account) => Ok(vec![json!(account.sequence_number.to_string())]),
                    None => Err(missing_account_resource(&owner)),
                };
            }
            ("primary_fungible_store", "balance") => {
                let (owner, metadata) = (address_arg(0)?, address_arg(1)?);
                // APT lives in coin stores on Movement (no primary store for `0xa`); the only
                // fungible asset with primary stores here is the Jobs token.
                let balance = if metadata == jobs_token_metadata(jobs) {
                    chain.jobs().balance(&owner)
                } else {
                    0
                };
                return Ok(vec![json!(balance.to_string())]);
            }
            ("coin", "paired_coin") => {
                // Which coin a fungible asset is paired with (the TS SDK asks before reading a
                // balance by metadata address): APT's metadata `0xa` is AptosCoin's pair; the Jobs
                // token has none; an address that is no metadata object aborts.
                let metadata = address_arg(0)?;
                return if metadata == apt_metadata() {
                    Ok(vec![json!({"vec": [{
                        "account_address": "0x1",
                        "module_name": format!("0x{}", hex::encode("aptos_coin")),
                        "struct_name": format!("0x{}", hex::encode("AptosCoin")),
                    }]})])
                } else if metadata == jobs_token_metadata(jobs) {
                    Ok(vec![json!({ "vec": [] })])
                } else {
                    Err(ApiError::invalid_input(
                        "PartialVMError with status ABORTED",
                    ))
                };
            }
            _ => {}
        }
    }
    Ok(chain.view(&call.id(), &call.type_arguments, &call.arguments)?)
}

/// APT's fungible-asset metadata object, `0xa`.
fn apt_metadata() -> Address {
    let mut bytes = [0u8; 32];
    bytes[31] = 0xa;
    Address(bytes)
}

/// The Jobs token's metadata object: `object::create_named_object(publisher, TOKEN_SEED)`,
/// i.e. sha3_256(publisher ‖ seed ‖ 0xFE).
pub(crate) fn jobs_token_metadata(jobs: Address) -> Address {
    let mut hasher = Sha3_256::new();
    hasher.update(jobs.0);
    hasher.update(JOBS_TOKEN_SEED);
    hasher.update([0xFE]);
    Address(hasher.finalize().into())
}

/// What the VM reports when a view borrows `0x1::account::Account` of an address without one.
fn missing_account_resource(owner: &Address) -> ApiError {
    ApiError::invalid_input(format!(
        "Failed to execute function: VMError {{ major_status: MISSING_DATA, sub_status: None, \
         message: Some(\"Failed to borrow global resource from {} Struct(StructTag {{ address: \
         {}, module: Identifier(\\\"account\\\"), name: Identifier(\\\"Account\\\"), type_args: [] }})\"), \
         location: Module(ModuleId {{ address: {}, name: Identifier(\"account\") }}) }}",
        hex::encode(owner.0),
        hex::encode(Address::one().0),
        hex::encode(Address::one().0),
    ))
}

/// Reads a BCS value of Move type `ty` into its JSON form (u64 and wider as strings, addresses
/// trimmed, `vector<u8>` as `0x` hex).
fn decode_value(ty: &str, input: &mut &[u8]) -> Option<Value> {
    fn take<'a>(input: &mut &'a [u8], n: usize) -> Option<&'a [u8]> {
        let (head, rest) = (input.get(..n)?, input.get(n..)?);
        *input = rest;
        Some(head)
    }
    fn uleb(input: &mut &[u8]) -> Option<usize> {
        let mut value: u64 = 0;
        for shift in (0..64).step_by(7) {
            let byte = take(input, 1)?[0];
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return usize::try_from(value).ok();
            }
        }
        None
    }
    fn le(bytes: &[u8]) -> u128 {
        bytes
            .iter()
            .rev()
            .fold(0u128, |acc, b| (acc << 8) | u128::from(*b))
    }
    let address = |input: &mut &[u8]| {
        let bytes: [u8; 32] = take(input, 32)?.try_into().ok()?;
        Some(json!(Address(bytes).to_hex_literal()))
    };
    Some(match ty {
        "bool" => match take(input, 1)?[0] {
            0 => json!(false),
            1 => json!(true),
            _ => return None,
        },
        "u8" => json!(take(input, 1)?[0]),
        "u16" => json!(le(take(input, 2)?)),
        "u32" => json!(le(take(input, 4)?)),
        "u64" => json!(le(take(input, 8)?).to_string()),
        "u128" => json!(le(take(input, 16)?).to_string()),
        "address" => address(input)?,
        "vector<u8>" => {
            let n = uleb(input)?;
            json!(format!("0x{}", hex::encode(take(input, n)?)))
        }
        "0x1::string::String" => {
            let n = uleb(input)?;
            json!(std::str::from_utf8(take(input, n)?).ok()?)
        }
        object if object.starts_with("0x1::object::Object<") => address(input)?,
        vector if vector.starts_with("vector<") && vector.ends_with('>') => {
            let inner = &vector["vector<".len()..vector.len() - 1];
            let n = uleb(input)?;
            let items = (0..n)
                .map(|_| decode_value(inner, input))
                .collect::<Option<Vec<_>>>()?;
            Value::Array(items)
        }
        _ => return None,
    })
}

/// The BCS of a view's results typed by the ABI's `return`: a vector of the values.
fn encode_results(values: &[Value], abi: &Value) -> Option<Vec<u8>> {
    let types: Vec<&str> = abi["return"]
        .as_array()?
        .iter()
        .filter_map(Value::as_str)
        .collect();
    if types.len() != values.len() {
        return None;
    }
    let mut out = Vec::new();
    move_type::uleb128(values.len() as u64, &mut out);
    for (value, ty) in values.iter().zip(types) {
        encode_value(ty, value, &mut out)?;
    }
    Some(out)
}

fn encode_value(ty: &str, value: &Value, out: &mut Vec<u8>) -> Option<()> {
    let number = |value: &Value| -> Option<u128> {
        match value {
            Value::String(s) => s.parse().ok(),
            Value::Number(n) => n.as_u64().map(u128::from),
            _ => None,
        }
    };
    match ty {
        "bool" => out.push(u8::from(value.as_bool()?)),
        "u8" => out.push(u8::try_from(number(value)?).ok()?),
        "u16" => out.extend_from_slice(&u16::try_from(number(value)?).ok()?.to_le_bytes()),
        "u32" => out.extend_from_slice(&u32::try_from(number(value)?).ok()?.to_le_bytes()),
        "u64" => out.extend_from_slice(&u64::try_from(number(value)?).ok()?.to_le_bytes()),
        "u128" => out.extend_from_slice(&number(value)?.to_le_bytes()),
        "address" => out.extend_from_slice(&value.as_str()?.parse::<Address>().ok()?.0),
        "vector<u8>" => {
            let bytes = hex::decode(value.as_str()?.strip_prefix("0x")?).ok()?;
            move_type::uleb128(bytes.len() as u64, out);
            out.extend_from_slice(&bytes);
        }
        _ => return None,
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bcs_arguments_decode_into_the_json_forms() {
        let mut owner = [0u8; 32];
        owner[31] = 0x34;
        owner[30] = 0x12;
        let decode = |ty: &str, bytes: &[u8]| {
            let mut input = bytes;
            let value = decode_value(ty, &mut input);
            assert!(input.is_empty(), "{ty} consumed everything");
            value
        };
        assert_eq!(decode("address", &owner), Some(json!("0x1234")));
        assert_eq!(
            decode("0x1::object::Object<T0>", &owner),
            Some(json!("0x1234"))
        );
        assert_eq!(decode("u64", &42u64.to_le_bytes()), Some(json!("42")));
        assert_eq!(
            decode("vector<u8>", &[2, 0xab, 0xcd]),
            Some(json!("0xabcd"))
        );
        assert_eq!(decode("bool", &[1]), Some(json!(true)));
        assert_eq!(decode_value("bool", &mut [2u8].as_slice()), None);
        assert_eq!(decode_value("u64", &mut [1u8, 2].as_slice()), None);
    }

    #[test]
    fn bcs_results_are_a_vector_of_values_as_a_real_node_sends_them() {
        // Measured: coin::balance answering 9,999,900,890 is 01 da600a5402000000 on Movement.
        let abi = json!({ "return": ["u64"] });
        assert_eq!(
            encode_results(&[json!("9999900890")], &abi),
            Some(hex::decode("01da600a5402000000").unwrap())
        );
        let abi = json!({ "return": ["bool", "u64", "address", "u64"] });
        let bytes =
            encode_results(&[json!(true), json!("7"), json!("0x1"), json!("2")], &abi).unwrap();
        assert_eq!(bytes.len(), 1 + 1 + 8 + 32 + 8);
    }

    #[test]
    fn the_jobs_token_metadata_is_the_named_object_a_real_publication_creates() {
        // Measured on Movement's local chain: the Jobs token published by 0x77b9… lives at 0xa41c….
        let publisher: Address =
            "0x77b958951c4ea997543178ad158caea871f3df10865c6f8ca92b05a7716151a9"
                .parse()
                .unwrap();
        assert_eq!(
            jobs_token_metadata(publisher).to_long_string(),
            "0xa41c864dacd42c14b120b748a3588f36dc1044785779c9a00d73cbe61dd9f2f8"
        );
    }
}
