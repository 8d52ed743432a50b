//! Signature and authentication-key checks for single Ed25519 authenticators.
//!
//! Run outside the chain lock: verifying costs tens of microseconds and needs no state.

use ed25519_dalek::{Signature, VerifyingKey};
use sha3::{Digest, Sha3_256};

use crate::address::Address;
use crate::wire::SignedTransaction;

/// Scheme byte appended to an Ed25519 public key when deriving an authentication key.
const ED25519_SCHEME: u8 = 0x00;

/// sha3_256(public_key ‖ 0x00): the authentication key (and initial address) of the key.
pub fn authentication_key(public_key: &[u8; 32]) -> Address {
    let mut hasher = Sha3_256::new();
    hasher.update(public_key);
    hasher.update([ED25519_SCHEME]);
    Address(hasher.finalize().into())
}

/// True when the signature verifies (strictly: no small-order keys, canonical `S`) over the
/// transaction's signing message.
pub fn signature_is_valid(txn: &SignedTransaction) -> bool {
    let Ok(key) = VerifyingKey::from_bytes(&txn.authenticator.public_key) else {
        return false;
    };
    let signature = Signature::from_bytes(&txn.authenticator.signature);
    key.verify_strict(&txn.signing_message(), &signature)
        .is_ok()
}
