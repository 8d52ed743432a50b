//! Webhook signing secrets: made, sealed for the database, and used to sign.
//!
//! A secret is `whsec_` + base64 of 32 random bytes (the Standard Webhooks form every maintained
//! library accepts). It is sealed with AES-256-GCM under `WEBHOOK_SECRETS_KEY` before it is
//! stored (a random 12-byte nonce first, the endpoint id as associated data so a sealed secret
//! cannot be moved to another endpoint), opened only to sign, never logged (its `Debug` is
//! redacted) and returned only when it is made.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use rand::RngCore;
use ring::aead::{AES_256_GCM, Aad, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use uuid::Uuid;

/// Why a secret could not be sealed or opened.
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    /// `WEBHOOK_SECRETS_KEY` is not base64 of 32 bytes.
    #[error("WEBHOOK_SECRETS_KEY must be base64 of 32 bytes (openssl rand -base64 32)")]
    BadKey,
    /// A stored secret does not open with this key (another key, or altered).
    #[error("a stored webhook secret does not open with WEBHOOK_SECRETS_KEY")]
    Unsealable,
}

/// A signing secret (the raw 32 bytes).
#[derive(Clone)]
pub struct SigningSecret(Vec<u8>);

impl std::fmt::Debug for SigningSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SigningSecret(<redacted>)")
    }
}

impl SigningSecret {
    /// A new random secret.
    pub fn generate() -> Self {
        let mut bytes = vec![0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        Self(bytes)
    }

    /// The `whsec_…` form shown to the operator (once).
    pub fn reveal(&self) -> String {
        format!("whsec_{}", STANDARD.encode(&self.0))
    }

    /// The Standard Webhooks signature of one request: `v1,<base64 HMAC-SHA256 of
    /// "id.timestamp.body">`.
    pub fn sign(&self, id: &str, timestamp: i64, body: &[u8]) -> String {
        let mut mac =
            Hmac::<sha2::Sha256>::new_from_slice(&self.0).expect("HMAC takes a key of any length");
        mac.update(id.as_bytes());
        mac.update(b".");
        mac.update(timestamp.to_string().as_bytes());
        mac.update(b".");
        mac.update(body);
        format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()))
    }
}

/// The key secrets are sealed with (`WEBHOOK_SECRETS_KEY`).
#[derive(Clone)]
pub struct SecretsKey(std::sync::Arc<LessSafeKey>);

impl std::fmt::Debug for SecretsKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretsKey(<redacted>)")
    }
}

impl SecretsKey {
    /// The key from its base64 form.
    pub fn parse(base64: &str) -> Result<Self, SecretError> {
        let bytes = STANDARD
            .decode(base64.trim())
            .map_err(|_| SecretError::BadKey)?;
        if bytes.len() != 32 {
            return Err(SecretError::BadKey);
        }
        let key = UnboundKey::new(&AES_256_GCM, &bytes).map_err(|_| SecretError::BadKey)?;
        Ok(Self(std::sync::Arc::new(LessSafeKey::new(key))))
    }

    /// `secret` sealed for endpoint `endpoint_id`: nonce, then ciphertext and tag.
    pub fn seal(&self, endpoint_id: Uuid, secret: &SigningSecret) -> Vec<u8> {
        let mut nonce = [0u8; NONCE_LEN];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let mut sealed = secret.0.clone();
        self.0
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(endpoint_id.as_bytes()),
                &mut sealed,
            )
            .expect("sealing 32 bytes cannot fail");
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        out
    }

    /// Opens what [`SecretsKey::seal`] sealed for `endpoint_id`.
    pub fn open(&self, endpoint_id: Uuid, sealed: &[u8]) -> Result<SigningSecret, SecretError> {
        if sealed.len() < NONCE_LEN {
            return Err(SecretError::Unsealable);
        }
        let (nonce, rest) = sealed.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| SecretError::Unsealable)?;
        let mut buffer = rest.to_vec();
        let plain = self
            .0
            .open_in_place(nonce, Aad::from(endpoint_id.as_bytes()), &mut buffer)
            .map_err(|_| SecretError::Unsealable)?;
        Ok(SigningSecret(plain.to_vec()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> SecretsKey {
        SecretsKey::parse(&STANDARD.encode([7u8; 32])).unwrap()
    }

    #[test]
    fn a_sealed_secret_opens_only_for_its_endpoint_and_does_not_show_in_the_dump() {
        let secret = SigningSecret::generate();
        let id = Uuid::now_v7();
        let sealed = key().seal(id, &secret);
        assert!(!sealed.windows(32).any(|w| w == secret.0.as_slice()));
        assert_eq!(key().open(id, &sealed).unwrap().0, secret.0);
        assert!(key().open(Uuid::now_v7(), &sealed).is_err());
        let other = SecretsKey::parse(&STANDARD.encode([8u8; 32])).unwrap();
        assert!(other.open(id, &sealed).is_err());
        assert!(!format!("{secret:?}").contains(&secret.reveal()[6..]));
    }

    #[test]
    fn keys_that_are_not_32_bytes_of_base64_are_refused() {
        assert!(SecretsKey::parse("not base64!").is_err());
        assert!(SecretsKey::parse(&STANDARD.encode([1u8; 16])).is_err());
    }

    #[test]
    fn the_signature_is_the_standard_webhooks_one() {
        // The specification's example: secret, id, timestamp, body and expected signature.
        let secret = SigningSecret(STANDARD.decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap());
        let signature = secret.sign(
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330,
            br#"{"test": 2432232314}"#,
        );
        assert_eq!(signature, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }
}
