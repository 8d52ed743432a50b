//! `GET /v1/accounts/{address}`: an account that exists, one that does not, and what aptos-sdk
//! makes of both.

use std::sync::Arc;

use crate::chain::Chain;
use crate::failure::{Checked, Failure, eq, str_field, u64_field};
use crate::jobs::fresh_address;
use crate::scenario::Measurement;
use crate::scenarios::events::account_with_leading_zero;

/// A funded account answers its sequence number (0) and authentication key (its address, for a
/// single-Ed25519 key); an unknown one is 404 `account_not_found` with a null `vm_error_code`.
pub async fn account_exists_or_not_found(chain: Arc<Chain>) -> Checked<Vec<Measurement>> {
    // A leading zero byte: the path takes the full or the trimmed form, the key stays 32 bytes.
    let account = account_with_leading_zero();
    chain.fund(account.address(), 1_000_000).await?;
    let address = account.address();
    let r = chain
        .get(&format!("accounts/{}", address.to_long_string()))
        .await?;
    let body = r.expect(200)?;
    eq(
        "account.sequence_number",
        0,
        u64_field("account", body, "sequence_number")?,
    )?;
    eq(
        "account.authentication_key",
        address.to_long_string(),
        str_field("account", body, "authentication_key")?.to_string(),
    )?;
    // The short form of an address names the same account.
    let short = address.to_short_string();
    chain.get(&format!("accounts/{short}")).await?.expect(200)?;

    let missing = fresh_address();
    let r = chain
        .get(&format!("accounts/{}", missing.to_long_string()))
        .await?;
    r.expect_error(404, "account_not_found", None)?;

    let sdk = chain
        .aptos
        .get_sequence_number(address)
        .await
        .map_err(Failure::sdk("aptos-sdk get_sequence_number"))?;
    eq("aptos-sdk get_sequence_number", 0, sdk)?;
    let exists = chain
        .aptos
        .account_exists(missing)
        .await
        .map_err(Failure::sdk("aptos-sdk account_exists"))?;
    eq("aptos-sdk account_exists(unknown)", false, exists)?;
    Ok(vec![])
}
