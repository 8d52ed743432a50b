//! Message authentication between the services: the second wall behind Pub/Sub IAM.
//!
//! Whoever can publish to `token-grant-requests` could otherwise have chain-svc pay anything, and
//! whoever can publish to `token-grant-results` could settle grants at will. So campaign-svc signs
//! every request it publishes, chain-svc signs every result, and each side verifies what it
//! receives before decoding it. A message that is unsigned, signed with a key this service does
//! not hold, or whose signature does not match goes to its dead-letter topic with a
//! [`VerifyError::label`] as `dead_letter_reason`; it is never paid or applied.
//!
//! The signature is HMAC-SHA256 over
//! `domain || 0x00 || key id || 0x00 || the message's exact data bytes`, where the domain is
//! [`MessageKind::domain`] (`token-grant-requests/v1` or `token-grant-results/v1`): a signed
//! request can never pass as a result (or the other way round), and a signature cannot be moved
//! to another key id. It travels in two attributes: [`KEY_ID_ATTRIBUTE`] (`signature_key_id`) and
//! [`SIGNATURE_ATTRIBUTE`] (`signature`, 64 lower-case hex digits). No other attribute is signed:
//! the services take every decision from the signed data (`request_id`, `event_type` and
//! `traceparent` attributes only label logs and traces).
//!
//! Keys come from a [`Keyring`] file (`MESSAGE_SIGNING_KEYS_FILE`, e.g. a mounted Kubernetes
//! Secret), one key per line:
//!
//! ```text
//! # comment lines and blank lines are ignored
//! 2026-12:3q2+7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=
//! ```
//!
//! `key_id:secret`, the id 1 to 64 characters of `A-Z a-z 0-9 . _ -`, the secret standard base64
//! of at least [`MIN_SECRET_BYTES`] random bytes (`scripts/gen-signing-key.sh` makes one). The
//! service signs with one key, `MESSAGE_SIGNING_KEY_ID` or else the file's first key, and accepts
//! every key in the file: to rotate, add the new key to both services' files, then make it the
//! signing key, then remove the old one once no message signed with it can still arrive.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Attribute carrying the id of the key a message was signed with.
pub const KEY_ID_ATTRIBUTE: &str = "signature_key_id";
/// Attribute carrying the HMAC-SHA256 signature, 64 lower-case hex digits.
pub const SIGNATURE_ATTRIBUTE: &str = "signature";
/// Fewest secret bytes a key may have (HMAC-SHA256's output size).
pub const MIN_SECRET_BYTES: usize = 32;
/// Longest key id.
pub const MAX_KEY_ID_BYTES: usize = 64;

type HmacSha256 = Hmac<Sha256>;

/// Which of the two messages is signed: each has its own domain, so one never passes as the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageKind {
    /// A grant request, campaign-svc → chain-svc.
    GrantRequest,
    /// A grant result, chain-svc → campaign-svc.
    GrantResult,
}

impl MessageKind {
    /// The domain string the signature is bound to.
    pub fn domain(self) -> &'static str {
        match self {
            MessageKind::GrantRequest => "token-grant-requests/v1",
            MessageKind::GrantResult => "token-grant-results/v1",
        }
    }
}

/// Why a received message is not authentic. Each one dead-letters the message under its
/// [`VerifyError::label`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    /// No signature or no key id attribute.
    #[error("the message is not signed (no {KEY_ID_ATTRIBUTE} or {SIGNATURE_ATTRIBUTE} attribute)")]
    Unsigned,
    /// Signed with a key id this service does not hold.
    #[error("the message is signed with key id {0:?}, which is not in MESSAGE_SIGNING_KEYS_FILE")]
    UnknownKey(String),
    /// The signature does not match the data, the kind of message and the key id.
    #[error("the message's signature does not match its data")]
    BadSignature,
}

impl VerifyError {
    /// A short, stable label: the dead-letter reason and the metrics' `reason`.
    pub fn label(&self) -> &'static str {
        match self {
            VerifyError::Unsigned => "unsigned",
            VerifyError::UnknownKey(_) => "unknown_signing_key",
            VerifyError::BadSignature => "bad_signature",
        }
    }
}

/// Why a keyring cannot be used. Never shows a secret.
#[derive(Debug, thiserror::Error)]
pub enum KeyringError {
    /// `MESSAGE_SIGNING_KEYS_FILE` is not set.
    #[error(
        "MESSAGE_SIGNING_KEYS_FILE is not set: the services sign and verify every message between them (make a key with scripts/gen-signing-key.sh)"
    )]
    NotConfigured,
    /// The file cannot be read.
    #[error("cannot read MESSAGE_SIGNING_KEYS_FILE {path}: {source}")]
    Read {
        /// The path.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A line is not `key_id:base64-secret` with a usable id and secret (the secret is not shown).
    #[error("MESSAGE_SIGNING_KEYS_FILE line {line}: {problem}")]
    BadLine {
        /// 1-based line number.
        line: usize,
        /// What is wrong with it.
        problem: &'static str,
    },
    /// Two lines have the same key id.
    #[error("MESSAGE_SIGNING_KEYS_FILE line {line}: key id {key_id:?} appears twice")]
    DuplicateKeyId {
        /// 1-based line number of the second one.
        line: usize,
        /// The id.
        key_id: String,
    },
    /// The file holds no key.
    #[error("MESSAGE_SIGNING_KEYS_FILE holds no key")]
    Empty,
    /// `MESSAGE_SIGNING_KEY_ID` names a key the file does not hold.
    #[error("MESSAGE_SIGNING_KEY_ID {0:?} is not a key in MESSAGE_SIGNING_KEYS_FILE")]
    UnknownActiveKey(String),
}

/// Where the keys are: `MESSAGE_SIGNING_KEYS_FILE` and `MESSAGE_SIGNING_KEY_ID`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct SigningConfig {
    /// File of message signing keys, one `key_id:base64-secret` per line (`#` comments allowed),
    /// e.g. a mounted Kubernetes Secret. Required by both services: every request and result
    /// between them is signed with one of these keys and verified against all of them.
    #[arg(long, env = "MESSAGE_SIGNING_KEYS_FILE")]
    pub message_signing_keys_file: Option<PathBuf>,
    /// Id of the key this service signs with. Unset: the file's first key. Every key in the file
    /// is accepted when verifying, so two keys can be live during a rotation.
    #[arg(long, env = "MESSAGE_SIGNING_KEY_ID")]
    pub message_signing_key_id: Option<String>,
}

impl SigningConfig {
    /// The keyring these settings name.
    pub fn load(&self) -> Result<Keyring, KeyringError> {
        let path = self
            .message_signing_keys_file
            .as_ref()
            .filter(|p| !p.as_os_str().is_empty())
            .ok_or(KeyringError::NotConfigured)?;
        let active = self
            .message_signing_key_id
            .as_deref()
            .map(str::trim)
            .filter(|id| !id.is_empty());
        Keyring::load(path, active)
    }
}

/// One key. `Debug` shows only the id.
#[derive(Clone)]
struct SigningKey {
    id: String,
    secret: Vec<u8>,
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SigningKey({:?}, redacted)", self.id)
    }
}

/// The keys a service signs with (one) and accepts (all of them).
#[derive(Debug, Clone)]
pub struct Keyring {
    keys: Vec<SigningKey>,
    active: usize,
}

impl Keyring {
    /// Reads `path` (see the module documentation for the format); signs with `active`, or the
    /// file's first key when `None`.
    pub fn load(path: &Path, active: Option<&str>) -> Result<Self, KeyringError> {
        let text = std::fs::read_to_string(path).map_err(|source| KeyringError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Self::parse(&text, active)
    }

    /// Parses a key file's text; signs with `active`, or the first key when `None`.
    pub fn parse(text: &str, active: Option<&str>) -> Result<Self, KeyringError> {
        use base64::Engine as _;
        let mut keys: Vec<SigningKey> = Vec::new();
        for (index, raw) in text.lines().enumerate() {
            let line = index + 1;
            let content = raw.trim();
            if content.is_empty() || content.starts_with('#') {
                continue;
            }
            let bad = |problem| KeyringError::BadLine { line, problem };
            let (id, secret) = content
                .split_once(':')
                .ok_or(bad("expected key_id:base64-secret"))?;
            let id = id.trim();
            if !valid_key_id(id) {
                return Err(bad(
                    "the key id must be 1 to 64 characters of A-Z a-z 0-9 . _ -",
                ));
            }
            let secret = base64::engine::general_purpose::STANDARD
                .decode(secret.trim())
                .map_err(|_| bad("the secret is not standard base64"))?;
            if secret.len() < MIN_SECRET_BYTES {
                return Err(bad("the secret must decode to at least 32 bytes"));
            }
            if keys.iter().any(|k| k.id == id) {
                return Err(KeyringError::DuplicateKeyId {
                    line,
                    key_id: id.to_string(),
                });
            }
            keys.push(SigningKey {
                id: id.to_string(),
                secret,
            });
        }
        if keys.is_empty() {
            return Err(KeyringError::Empty);
        }
        let active = match active {
            None => 0,
            Some(id) => keys
                .iter()
                .position(|k| k.id == id)
                .ok_or_else(|| KeyringError::UnknownActiveKey(id.to_string()))?,
        };
        Ok(Self { keys, active })
    }

    /// The id of the key this service signs with.
    pub fn signing_key_id(&self) -> &str {
        &self.keys[self.active].id
    }

    /// Every key id accepted when verifying, in file order.
    pub fn key_ids(&self) -> Vec<&str> {
        self.keys.iter().map(|k| k.id.as_str()).collect()
    }

    /// The two signature attributes for `data` as a message of `kind`, signed with the signing key.
    pub fn signature_attributes(&self, kind: MessageKind, data: &[u8]) -> [(String, String); 2] {
        let key = &self.keys[self.active];
        let tag = mac(key, kind, data).finalize().into_bytes();
        [
            (KEY_ID_ATTRIBUTE.to_string(), key.id.clone()),
            (SIGNATURE_ATTRIBUTE.to_string(), hex::encode(tag)),
        ]
    }

    /// Adds the signature attributes for `data` as a message of `kind` to `attributes`
    /// (replacing any the caller had set).
    pub fn sign(&self, kind: MessageKind, data: &[u8], attributes: &mut HashMap<String, String>) {
        attributes.extend(self.signature_attributes(kind, data));
    }

    /// Checks that `data` with `attributes` is a message of `kind` signed by one of the keys.
    /// The comparison takes the same time wherever the signatures differ.
    pub fn verify(
        &self,
        kind: MessageKind,
        data: &[u8],
        attributes: &HashMap<String, String>,
    ) -> Result<(), VerifyError> {
        let (Some(key_id), Some(signature)) = (
            attributes.get(KEY_ID_ATTRIBUTE),
            attributes.get(SIGNATURE_ATTRIBUTE),
        ) else {
            return Err(VerifyError::Unsigned);
        };
        let key = self
            .keys
            .iter()
            .find(|k| k.id == *key_id)
            .ok_or_else(|| VerifyError::UnknownKey(printable(key_id)))?;
        let tag = hex::decode(signature).map_err(|_| VerifyError::BadSignature)?;
        // `verify_slice` compares in constant time (the `subtle` crate underneath).
        mac(key, kind, data)
            .verify_slice(&tag)
            .map_err(|_| VerifyError::BadSignature)
    }
}

/// A new key file line `key_id:base64-secret` with [`MIN_SECRET_BYTES`] bytes from the operating
/// system's random source.
pub fn generate_key_line(key_id: &str) -> Result<String, KeyringError> {
    use base64::Engine as _;
    use rand::RngCore;
    if !valid_key_id(key_id) {
        return Err(KeyringError::BadLine {
            line: 1,
            problem: "the key id must be 1 to 64 characters of A-Z a-z 0-9 . _ -",
        });
    }
    let mut secret = [0u8; MIN_SECRET_BYTES];
    rand::rngs::OsRng.fill_bytes(&mut secret);
    Ok(format!(
        "{key_id}:{}",
        base64::engine::general_purpose::STANDARD.encode(secret)
    ))
}

fn valid_key_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_KEY_ID_BYTES
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// The MAC state over the domain, the key id and `data`. Neither the domain nor a valid key id
/// holds a NUL byte, so the NUL separators make the framing unambiguous.
fn mac(key: &SigningKey, kind: MessageKind, data: &[u8]) -> HmacSha256 {
    let mut mac = HmacSha256::new_from_slice(&key.secret).expect("HMAC accepts any key length");
    mac.update(kind.domain().as_bytes());
    mac.update(&[0]);
    mac.update(key.id.as_bytes());
    mac.update(&[0]);
    mac.update(data);
    mac
}

/// An attacker-chosen key id as it may appear in an error: at most 64 characters, controls escaped.
fn printable(id: &str) -> String {
    id.chars()
        .take(MAX_KEY_ID_BYTES)
        .flat_map(char::escape_default)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(id: &str, byte: u8) -> String {
        use base64::Engine as _;
        format!(
            "{id}:{}",
            base64::engine::general_purpose::STANDARD.encode([byte; 32])
        )
    }

    fn keyring(lines: &[String], active: Option<&str>) -> Keyring {
        Keyring::parse(&lines.join("\n"), active).unwrap()
    }

    fn signed(ring: &Keyring, kind: MessageKind, data: &[u8]) -> HashMap<String, String> {
        let mut attributes = HashMap::from([("request_id".to_string(), "r-1".to_string())]);
        ring.sign(kind, data, &mut attributes);
        attributes
    }

    #[test]
    fn a_signed_message_verifies_and_keeps_its_other_attributes() {
        let ring = keyring(&[line("k1", 1)], None);
        let attributes = signed(&ring, MessageKind::GrantRequest, b"{\"a\":1}");
        assert_eq!(attributes[KEY_ID_ATTRIBUTE], "k1");
        assert_eq!(attributes[SIGNATURE_ATTRIBUTE].len(), 64);
        assert_eq!(attributes["request_id"], "r-1");
        ring.verify(MessageKind::GrantRequest, b"{\"a\":1}", &attributes)
            .unwrap();
    }

    #[test]
    fn an_unsigned_message_is_refused_as_unsigned() {
        let ring = keyring(&[line("k1", 1)], None);
        let err = ring
            .verify(MessageKind::GrantRequest, b"{}", &HashMap::new())
            .unwrap_err();
        assert_eq!(err, VerifyError::Unsigned);
        assert_eq!(err.label(), "unsigned");
        // A key id without a signature is unsigned too.
        let only_id = HashMap::from([(KEY_ID_ATTRIBUTE.to_string(), "k1".to_string())]);
        assert_eq!(
            ring.verify(MessageKind::GrantRequest, b"{}", &only_id),
            Err(VerifyError::Unsigned)
        );
    }

    #[test]
    fn tampered_bytes_fail_the_signature() {
        let ring = keyring(&[line("k1", 1)], None);
        let attributes = signed(&ring, MessageKind::GrantRequest, b"{\"token_amount\":5}");
        let err = ring
            .verify(
                MessageKind::GrantRequest,
                b"{\"token_amount\":6}",
                &attributes,
            )
            .unwrap_err();
        assert_eq!(err, VerifyError::BadSignature);
        assert_eq!(err.label(), "bad_signature");
        let mut garbled = attributes.clone();
        garbled.insert(SIGNATURE_ATTRIBUTE.into(), "not hex".into());
        assert_eq!(
            ring.verify(MessageKind::GrantRequest, b"{\"token_amount\":5}", &garbled),
            Err(VerifyError::BadSignature)
        );
        let mut truncated = attributes;
        truncated.get_mut(SIGNATURE_ATTRIBUTE).unwrap().truncate(62);
        assert_eq!(
            ring.verify(
                MessageKind::GrantRequest,
                b"{\"token_amount\":5}",
                &truncated
            ),
            Err(VerifyError::BadSignature)
        );
    }

    #[test]
    fn a_signature_cannot_be_moved_to_another_key_id() {
        // Both keys have the same secret: only the key id binding tells them apart.
        let ring = keyring(&[line("k1", 1), line("k2", 1)], None);
        let mut attributes = signed(&ring, MessageKind::GrantRequest, b"data");
        attributes.insert(KEY_ID_ATTRIBUTE.into(), "k2".into());
        assert_eq!(
            ring.verify(MessageKind::GrantRequest, b"data", &attributes),
            Err(VerifyError::BadSignature)
        );
    }

    #[test]
    fn an_unknown_key_id_is_refused_as_unknown() {
        let ours = keyring(&[line("k1", 1)], None);
        let theirs = keyring(&[line("k9", 9)], None);
        let attributes = signed(&theirs, MessageKind::GrantResult, b"data");
        let err = ours
            .verify(MessageKind::GrantResult, b"data", &attributes)
            .unwrap_err();
        assert_eq!(err, VerifyError::UnknownKey("k9".into()));
        assert_eq!(err.label(), "unknown_signing_key");
        // The same id with another secret is a bad signature, not an unknown key.
        let impostor = keyring(&[line("k1", 2)], None);
        let attributes = signed(&impostor, MessageKind::GrantResult, b"data");
        assert_eq!(
            ours.verify(MessageKind::GrantResult, b"data", &attributes),
            Err(VerifyError::BadSignature)
        );
    }

    #[test]
    fn a_signed_request_never_passes_as_a_result() {
        let ring = keyring(&[line("k1", 1)], None);
        let attributes = signed(&ring, MessageKind::GrantRequest, b"same bytes");
        assert_eq!(
            ring.verify(MessageKind::GrantResult, b"same bytes", &attributes),
            Err(VerifyError::BadSignature)
        );
        let attributes = signed(&ring, MessageKind::GrantResult, b"same bytes");
        assert_eq!(
            ring.verify(MessageKind::GrantRequest, b"same bytes", &attributes),
            Err(VerifyError::BadSignature)
        );
    }

    #[test]
    fn during_a_rotation_both_keys_are_accepted_and_the_chosen_one_signs() {
        let keys = [line("old", 1), line("new", 2)];
        let before = keyring(&keys[..1], None);
        let during_old = keyring(&keys, None);
        let during_new = keyring(&keys, Some("new"));
        let after = keyring(&keys[1..], None);
        assert_eq!(during_old.signing_key_id(), "old");
        assert_eq!(during_new.signing_key_id(), "new");
        assert_eq!(during_new.key_ids(), ["old", "new"]);
        let kind = MessageKind::GrantRequest;
        // A replica still on the old file and one already signing with the new key are both
        // understood by every replica holding both keys.
        for sender in [&before, &during_old, &during_new] {
            let attributes = signed(sender, kind, b"m");
            during_old.verify(kind, b"m", &attributes).unwrap();
            during_new.verify(kind, b"m", &attributes).unwrap();
        }
        after
            .verify(kind, b"m", &signed(&during_new, kind, b"m"))
            .unwrap();
        assert_eq!(
            after.verify(kind, b"m", &signed(&before, kind, b"m")),
            Err(VerifyError::UnknownKey("old".into()))
        );
    }

    #[test]
    fn the_key_file_allows_comments_and_blank_lines_and_refuses_bad_lines_without_echoing_them() {
        let text = format!(
            "# dev keys\n\n  {}  \n# next\n{}\n",
            line("a", 1),
            line("b.2_x-y", 2)
        );
        let ring = Keyring::parse(&text, None).unwrap();
        assert_eq!(ring.key_ids(), ["a", "b.2_x-y"]);
        assert!(format!("{ring:?}").contains("redacted"));
        assert!(!format!("{ring:?}").contains(&line("a", 1)[2..]));

        let short = "k:c2VjcmV0LXRoYXQtaXMtdG9vLXNob3J0";
        let cases: [(&str, &str); 6] = [
            ("no-colon-here", "line 1"),
            (short, "at least 32 bytes"),
            ("k:%%%notbase64%%%", "not standard base64"),
            (":QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE=", "key id"),
            (
                "bad id:QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE=",
                "key id",
            ),
            ("# nothing but comments\n\n", "holds no key"),
        ];
        for (text, expected) in cases {
            let err = Keyring::parse(text, None).unwrap_err().to_string();
            assert!(err.contains(expected), "{text}: {err}");
            assert!(err.contains("MESSAGE_SIGNING_KEYS_FILE"), "{err}");
            assert!(!err.contains("c2VjcmV0"), "the secret is echoed: {err}");
        }
        let twice = format!("{}\n{}", line("a", 1), line("a", 2));
        assert!(matches!(
            Keyring::parse(&twice, None),
            Err(KeyringError::DuplicateKeyId { line: 2, .. })
        ));
        let err = Keyring::parse(&line("a", 1), Some("z")).unwrap_err();
        assert!(err.to_string().contains("MESSAGE_SIGNING_KEY_ID"), "{err}");
    }

    #[test]
    fn the_settings_name_the_variable_when_unusable() {
        let err = SigningConfig::default().load().unwrap_err();
        assert!(matches!(err, KeyringError::NotConfigured));
        assert!(err.to_string().contains("MESSAGE_SIGNING_KEYS_FILE"));
        let missing = SigningConfig {
            message_signing_keys_file: Some("/nonexistent/signing-keys".into()),
            message_signing_key_id: None,
        };
        let err = missing.load().unwrap_err().to_string();
        assert!(
            err.contains("MESSAGE_SIGNING_KEYS_FILE /nonexistent/signing-keys"),
            "{err}"
        );
    }

    #[test]
    fn a_generated_key_line_parses_and_each_is_new() {
        let a = generate_key_line("gen-1").unwrap();
        let b = generate_key_line("gen-1").unwrap();
        assert_ne!(a, b);
        let ring = Keyring::parse(&a, None).unwrap();
        assert_eq!(ring.signing_key_id(), "gen-1");
        assert!(generate_key_line("no spaces").is_err());
    }

    #[test]
    fn an_attacker_sized_key_id_is_cut_and_escaped_in_the_error() {
        let ring = keyring(&[line("k1", 1)], None);
        let attributes = HashMap::from([
            (
                KEY_ID_ATTRIBUTE.to_string(),
                format!("\n{}", "x".repeat(500)),
            ),
            (SIGNATURE_ATTRIBUTE.to_string(), "00".into()),
        ]);
        let err = ring
            .verify(MessageKind::GrantRequest, b"", &attributes)
            .unwrap_err();
        let VerifyError::UnknownKey(shown) = &err else {
            panic!("{err:?}")
        };
        assert!(shown.starts_with("\\n") && shown.len() < 80, "{shown}");
    }
}
