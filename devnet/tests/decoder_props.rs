//! Property tests for the BCS decoder: arbitrary bytes never panic, and transactions built and
//! signed by aptos-sdk decode to the same fields, hash and verifying signature.

use aptos_sdk::account::Ed25519Account;
use aptos_sdk::transaction::{InputEntryFunctionData, TransactionBuilder, sign_transaction};
use aptos_sdk::types::{AccountAddress, ChainId};
use devnet::wire::SignedTransaction;
use proptest::prelude::*;

fn sdk_transaction(
    seq: u64,
    job_id: u64,
    grants: Vec<([u8; 32], u64, Vec<u8>)>,
    max_gas: u64,
    price: u64,
    expiry: u64,
    chain: u8,
) -> (aptos_sdk::transaction::SignedTransaction, Ed25519Account) {
    let account = Ed25519Account::generate();
    let payload = InputEntryFunctionData::new("0x4a6f6273::jobs::submit_job")
        .arg(job_id)
        .arg(
            grants
                .iter()
                .map(|g| AccountAddress::new(g.0))
                .collect::<Vec<_>>(),
        )
        .arg(grants.iter().map(|g| g.1).collect::<Vec<u64>>())
        .arg(grants.iter().map(|g| g.2.clone()).collect::<Vec<Vec<u8>>>())
        .build()
        .unwrap();
    let raw = TransactionBuilder::new()
        .sender(account.address())
        .sequence_number(seq)
        .payload(payload)
        .max_gas_amount(max_gas)
        .gas_unit_price(price)
        .expiration_timestamp_secs(expiry)
        .chain_id(ChainId::new(chain))
        .build()
        .unwrap();
    (sign_transaction(&raw, &account).unwrap(), account)
}

fn grants() -> impl Strategy<Value = Vec<([u8; 32], u64, Vec<u8>)>> {
    prop::collection::vec(
        (
            any::<[u8; 32]>(),
            any::<u64>(),
            prop::collection::vec(any::<u8>(), 0..20),
        ),
        0..12,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let _ = SignedTransaction::decode(&bytes);
    }

    #[test]
    fn sdk_transactions_round_trip(
        seq in any::<u64>(),
        job_id in any::<u64>(),
        grants in grants(),
        max_gas in any::<u64>(),
        price in any::<u64>(),
        expiry in any::<u64>(),
        chain in 1u8..=255,
    ) {
        let (signed, account) = sdk_transaction(seq, job_id, grants.clone(), max_gas, price, expiry, chain);
        let bytes = signed.to_bcs().unwrap();
        let decoded = SignedTransaction::decode(&bytes).unwrap();
        prop_assert_eq!(decoded.raw.sender.0, account.address().to_bytes());
        prop_assert_eq!(decoded.raw.sequence_number, seq);
        prop_assert_eq!(decoded.raw.max_gas_amount, max_gas);
        prop_assert_eq!(decoded.raw.gas_unit_price, price);
        prop_assert_eq!(decoded.raw.expiration_timestamp_secs, expiry);
        prop_assert_eq!(decoded.raw.chain_id, chain);
        prop_assert_eq!(decoded.raw.payload.function_id(), "0x4a6f6273::jobs::submit_job");
        let ids: Vec<Vec<u8>> = bcs::from_bytes(&decoded.raw.payload.args[3]).unwrap();
        prop_assert_eq!(ids, grants.iter().map(|g| g.2.clone()).collect::<Vec<_>>());
        prop_assert_eq!(decoded.hash().0, signed.hash().unwrap().to_bytes());
        prop_assert!(devnet::verify::signature_is_valid(&decoded));
        prop_assert_eq!(
            devnet::verify::authentication_key(&decoded.authenticator.public_key).0,
            account.address().to_bytes()
        );
    }

    #[test]
    fn truncated_or_mutated_sdk_transactions_never_panic_and_never_verify_when_changed(
        cut in any::<prop::sample::Index>(),
        flip in any::<prop::sample::Index>(),
        mask in 1u8..=255,
    ) {
        let (signed, _) = sdk_transaction(1, 2, vec![([1; 32], 3, vec![4; 16])], 10_000, 100, 99, 4);
        let bytes = signed.to_bcs().unwrap();
        let cut_at = cut.index(bytes.len());
        prop_assert!(SignedTransaction::decode(&bytes[..cut_at]).is_err());
        let mut mutated = bytes.clone();
        mutated[flip.index(bytes.len())] ^= mask;
        if let Ok(t) = SignedTransaction::decode(&mutated) {
            prop_assert!(!devnet::verify::signature_is_valid(&t));
        }
    }
}
