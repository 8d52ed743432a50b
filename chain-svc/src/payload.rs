//! The `jobs::submit_job` call: its entry-function payload, and how many grants fit one
//! transaction (64 KiB, the contract's 1000, the gas cap).
//!
//! A grant travels as three parallel vectors: recipient address, amount, and grant id (the 16
//! bytes of the request's UUID), so the contract's events name the same id the bus did.

use aptos_sdk::AccountAddress;
use aptos_sdk::transaction::{InputEntryFunctionData, TransactionPayload};
use uuid::Uuid;

/// The contract's limit of grants per job.
pub(crate) const MAX_GRANTS_PER_JOB: usize = 1000;
/// Largest transaction a node accepts.
pub(crate) const MAX_TRANSACTION_BYTES: usize = 64 * 1024;

/// BCS bytes one grant adds to a raw transaction: a 32-byte address, a u64 amount and a 16-byte
/// vector with its 1-byte length prefix.
pub(crate) const BYTES_PER_GRANT: usize = 32 + 8 + 1 + 16;
/// Upper bound on everything else in a `submit_job` raw transaction: sender, sequence number,
/// payload tag, module id (address, "jobs"), function name, type and argument vector headers,
/// the job id, each argument's length prefixes (≤ 3 + 3 bytes each), gas fields, expiry, chain id.
pub(crate) const FIXED_TRANSACTION_BYTES: usize =
    32 + 8 + 1 + 32 + 5 + 11 + 1 + 1 + 9 + 3 * (3 + 3) + 8 + 8 + 8 + 1;

/// Most grants whose transaction stays within `limit` bytes.
pub(crate) fn max_grants_in_size(limit: usize) -> usize {
    limit.saturating_sub(FIXED_TRANSACTION_BYTES) / BYTES_PER_GRANT
}

/// Parses `0x`-prefixed hex of 1..=64 digits into an address.
pub fn parse_address(raw: &str) -> Option<AccountAddress> {
    let hex = raw.trim().strip_prefix("0x")?;
    if hex.is_empty() || hex.len() > 64 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    AccountAddress::from_hex(format!("0x{hex:0>64}")).ok()
}

/// One grant as the contract sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JobGrant {
    /// The grant id.
    pub grant_id: Uuid,
    /// Recipient.
    pub recipient: AccountAddress,
    /// Amount in base units.
    pub amount: u64,
}

/// Builds the `submit_job` payload for `grants`.
pub fn submit_job(
    jobs_address: AccountAddress,
    job_id: u64,
    grants: &[JobGrant],
) -> Result<TransactionPayload, aptos_sdk::AptosError> {
    let function = format!("{}::jobs::submit_job", jobs_address.to_long_string());
    InputEntryFunctionData::new(&function)
        .arg(job_id)
        .arg(grants.iter().map(|g| g.recipient).collect::<Vec<_>>())
        .arg(grants.iter().map(|g| g.amount).collect::<Vec<_>>())
        .arg(
            grants
                .iter()
                .map(|g| g.grant_id.as_bytes().to_vec())
                .collect::<Vec<_>>(),
        )
        .build()
}

/// The event/view rendering of a grant id: `0x` + 32 hex digits.
pub fn grant_id_hex(id: &Uuid) -> String {
    format!("0x{}", hex::encode(id.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use aptos_sdk::ChainId;
    use aptos_sdk::transaction::TransactionBuilder;

    /// Upper bound on the raw transaction size of a job with `grants` grants: the bound
    /// [`max_grants_in_size`] inverts.
    fn transaction_size_bound(grants: usize) -> usize {
        FIXED_TRANSACTION_BYTES + BYTES_PER_GRANT * grants
    }

    /// Parses `0x` + 32 hex digits back into a grant id (how the chain's events name it).
    fn parse_grant_id(raw: &str) -> Option<Uuid> {
        let bytes = hex::decode(raw.strip_prefix("0x")?).ok()?;
        Uuid::from_slice(&bytes).ok()
    }

    fn grants(n: usize) -> Vec<JobGrant> {
        (0..n)
            .map(|i| JobGrant {
                grant_id: Uuid::new_v4(),
                recipient: AccountAddress::new([(i % 250) as u8 + 1; 32]),
                amount: u64::MAX - i as u64,
            })
            .collect()
    }

    fn raw_size(n: usize) -> usize {
        let jobs = parse_address(crate::config::DEFAULT_JOBS_ADDRESS).unwrap();
        let payload = submit_job(jobs, u64::MAX, &grants(n)).unwrap();
        let raw = TransactionBuilder::new()
            .sender(AccountAddress::new([9; 32]))
            .sequence_number(u64::MAX)
            .payload(payload)
            .max_gas_amount(u64::MAX)
            .gas_unit_price(u64::MAX)
            .expiration_timestamp_secs(u64::MAX)
            .chain_id(ChainId::new(126))
            .build()
            .unwrap();
        raw.to_bcs().unwrap().len()
    }

    #[test]
    fn size_bound_holds_for_real_transactions_of_every_shape() {
        for n in [1, 2, 127, 128, 500, 1000, 1140] {
            let actual = raw_size(n);
            let bound = transaction_size_bound(n);
            assert!(actual <= bound, "{n} grants: {actual} > {bound}");
            assert!(
                bound - actual < 32,
                "{n} grants: bound {bound} is loose vs {actual}"
            );
        }
    }

    #[test]
    fn a_full_job_of_1000_grants_fits_64_kib() {
        assert!(max_grants_in_size(MAX_TRANSACTION_BYTES) >= MAX_GRANTS_PER_JOB);
        assert!(raw_size(MAX_GRANTS_PER_JOB) <= MAX_TRANSACTION_BYTES);
        let over = max_grants_in_size(MAX_TRANSACTION_BYTES) + 1;
        assert!(transaction_size_bound(over) > MAX_TRANSACTION_BYTES);
    }

    #[test]
    fn grant_ids_round_trip_through_their_hex_rendering() {
        let id = Uuid::new_v4();
        assert_eq!(grant_id_hex(&id).len(), 34);
        assert_eq!(parse_grant_id(&grant_id_hex(&id)), Some(id));
        assert_eq!(parse_grant_id("0x1234"), None);
    }

    #[test]
    fn short_addresses_are_left_padded() {
        let a = parse_address("0x4a6f6273").unwrap();
        assert_eq!(
            a,
            parse_address(crate::config::DEFAULT_JOBS_ADDRESS).unwrap()
        );
        assert!(parse_address("4a6f6273").is_none());
        assert!(parse_address("0xzz").is_none());
    }
}
