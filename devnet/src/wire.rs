//! The BCS wire format of a signed transaction, decoded by hand so that any byte string is
//! answered with a typed error (never a panic) and unsupported shapes are named clearly.
//!
//! Layout (Aptos): `RawTransaction` = sender (32 bytes) | sequence_number u64 | payload (enum) |
//! max_gas_amount u64 | gas_unit_price u64 | expiration_timestamp_secs u64 | chain_id u8;
//! `SignedTransaction` = raw | authenticator (enum). The dev chain accepts the entry-function
//! payload (variant 2) and the single Ed25519 authenticator (variant 0) — what aptos-sdk's
//! `Ed25519Account` produces.

use sha3::{Digest, Sha3_256};

use crate::address::{Address, HashValue};

/// Deepest nesting of type tags accepted (`vector<vector<...>>`), as a real node bounds it.
const MAX_TYPE_TAG_DEPTH: usize = 16;

/// Why bytes are not a signed transaction the dev chain can run.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DecodeError {
    /// The bytes ended in the middle of a value.
    #[error("unexpected end of input while reading {0}")]
    UnexpectedEnd(&'static str),
    /// Bytes remain after the signed transaction.
    #[error("{0} trailing bytes after the signed transaction")]
    TrailingBytes(usize),
    /// A ULEB128 length that is malformed, non-canonical or too large.
    #[error("malformed ULEB128 length")]
    BadLength,
    /// A string that is not UTF-8 or not a Move identifier.
    #[error("invalid identifier: {0:?}")]
    BadIdentifier(String),
    /// An enum tag outside the known range.
    #[error("unknown {what} variant {tag}")]
    UnknownVariant {
        /// Which enum.
        what: &'static str,
        /// The tag read.
        tag: u32,
    },
    /// A known payload kind the dev chain does not execute.
    #[error("unsupported transaction payload {0}: the dev chain runs entry functions only")]
    UnsupportedPayload(&'static str),
    /// A known authenticator kind the dev chain does not verify.
    #[error(
        "unsupported authenticator {0}: the dev chain verifies single Ed25519 authenticators (variant 0) only"
    )]
    UnsupportedAuthenticator(&'static str),
    /// Key or signature bytes of the wrong length.
    #[error("{what} must be {expected} bytes, got {got}")]
    WrongKeyLength {
        /// Key or signature.
        what: &'static str,
        /// Required length.
        expected: usize,
        /// Length read.
        got: usize,
    },
    /// Type tags nested deeper than allowed.
    #[error("type tag nesting deeper than {MAX_TYPE_TAG_DEPTH}")]
    TooDeep,
}

/// A Move type tag, as carried in entry-function type arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeTag {
    /// `bool`
    Bool,
    /// `u8`
    U8,
    /// `u16`
    U16,
    /// `u32`
    U32,
    /// `u64`
    U64,
    /// `u128`
    U128,
    /// `u256`
    U256,
    /// `address`
    Address,
    /// `signer`
    Signer,
    /// `vector<T>`
    Vector(Box<TypeTag>),
    /// `0xADDR::module::Name<T...>`
    Struct {
        /// Module address.
        address: Address,
        /// Module name.
        module: String,
        /// Struct name.
        name: String,
        /// Type parameters.
        type_args: Vec<TypeTag>,
    },
}

impl std::fmt::Display for TypeTag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TypeTag::Bool => f.write_str("bool"),
            TypeTag::U8 => f.write_str("u8"),
            TypeTag::U16 => f.write_str("u16"),
            TypeTag::U32 => f.write_str("u32"),
            TypeTag::U64 => f.write_str("u64"),
            TypeTag::U128 => f.write_str("u128"),
            TypeTag::U256 => f.write_str("u256"),
            TypeTag::Address => f.write_str("address"),
            TypeTag::Signer => f.write_str("signer"),
            TypeTag::Vector(inner) => write!(f, "vector<{inner}>"),
            TypeTag::Struct {
                address,
                module,
                name,
                type_args,
            } => {
                write!(f, "{}::{module}::{name}", address.to_hex_literal())?;
                if !type_args.is_empty() {
                    let inner: Vec<String> = type_args.iter().map(ToString::to_string).collect();
                    write!(f, "<{}>", inner.join(", "))?;
                }
                Ok(())
            }
        }
    }
}

/// An entry-function call: module, function, type arguments and BCS-encoded arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryFunction {
    /// Address the module is published at.
    pub module_address: Address,
    /// Module name.
    pub module_name: String,
    /// Function name.
    pub function: String,
    /// Type arguments.
    pub type_args: Vec<TypeTag>,
    /// Each argument BCS-encoded on its own.
    pub args: Vec<Vec<u8>>,
}

impl EntryFunction {
    /// `0xADDR::module::function` in the form the API renders (address trimmed of leading zeros).
    pub fn function_id(&self) -> String {
        format!(
            "{}::{}::{}",
            self.module_address.to_hex_literal(),
            self.module_name,
            self.function
        )
    }
}

impl EntryFunction {
    /// Decodes a BCS `EntryFunction` on its own: the body of a BCS view request
    /// (`application/x.aptos.view_function+bcs`), which has the same layout. All bytes must be
    /// consumed.
    pub fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader { buf: bytes, pos: 0 };
        let function = read_entry_function(&mut r)?;
        if r.pos != bytes.len() {
            return Err(DecodeError::TrailingBytes(bytes.len() - r.pos));
        }
        Ok(function)
    }
}

/// The unsigned part of a transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawTransaction {
    /// Sending account.
    pub sender: Address,
    /// The sender's sequence number this transaction consumes.
    pub sequence_number: u64,
    /// What to run.
    pub payload: EntryFunction,
    /// Most gas units the sender pays for.
    pub max_gas_amount: u64,
    /// Octas per gas unit.
    pub gas_unit_price: u64,
    /// Unix seconds after which the transaction can no longer commit.
    pub expiration_timestamp_secs: u64,
    /// Chain the transaction is meant for.
    pub chain_id: u8,
}

/// A single Ed25519 authenticator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ed25519Authenticator {
    /// Public key.
    pub public_key: [u8; 32],
    /// Signature over the signing message.
    pub signature: [u8; 64],
}

/// A decoded signed transaction together with the bytes it was decoded from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedTransaction {
    /// The unsigned transaction.
    pub raw: RawTransaction,
    /// Its authenticator.
    pub authenticator: Ed25519Authenticator,
    /// The full BCS bytes (what the hash covers).
    pub bytes: Vec<u8>,
    /// Length of the `RawTransaction` prefix of `bytes` (what the signature covers).
    pub raw_len: usize,
}

impl SignedTransaction {
    /// Decodes BCS bytes; all bytes must be consumed.
    pub fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader { buf: bytes, pos: 0 };
        let raw = read_raw_transaction(&mut r)?;
        let raw_len = r.pos;
        let authenticator = read_authenticator(&mut r)?;
        if r.pos != bytes.len() {
            return Err(DecodeError::TrailingBytes(bytes.len() - r.pos));
        }
        Ok(SignedTransaction {
            raw,
            authenticator,
            bytes: bytes.to_vec(),
            raw_len,
        })
    }

    /// The BCS bytes of the raw transaction.
    pub fn raw_bytes(&self) -> &[u8] {
        &self.bytes[..self.raw_len]
    }

    /// sha3_256("APTOS::RawTransaction") ‖ BCS(raw): the message the sender signed.
    pub fn signing_message(&self) -> Vec<u8> {
        let mut msg = Sha3_256::digest(b"APTOS::RawTransaction").to_vec();
        msg.extend_from_slice(self.raw_bytes());
        msg
    }

    /// sha3_256(sha3_256("APTOS::Transaction") ‖ 0x00 ‖ BCS(signed)): the transaction hash.
    pub fn hash(&self) -> HashValue {
        let mut hasher = Sha3_256::new();
        hasher.update(Sha3_256::digest(b"APTOS::Transaction"));
        hasher.update([0u8]);
        hasher.update(&self.bytes);
        HashValue(hasher.finalize().into())
    }
}

/// A cursor over BCS bytes.
struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize, what: &'static str) -> Result<&[u8], DecodeError> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|end| *end <= self.buf.len())
            .ok_or(DecodeError::UnexpectedEnd(what))?;
        let out = &self.buf[self.pos..end];
        self.pos = end;
        Ok(out)
    }

    fn u8(&mut self, what: &'static str) -> Result<u8, DecodeError> {
        Ok(self.take(1, what)?[0])
    }

    fn u64(&mut self, what: &'static str) -> Result<u64, DecodeError> {
        let b = self.take(8, what)?;
        let mut arr = [0u8; 8];
        arr.copy_from_slice(b);
        Ok(u64::from_le_bytes(arr))
    }

    fn array32(&mut self, what: &'static str) -> Result<[u8; 32], DecodeError> {
        let mut arr = [0u8; 32];
        arr.copy_from_slice(self.take(32, what)?);
        Ok(arr)
    }

    /// Canonical ULEB128 bounded to u32, as BCS requires for lengths and variant tags.
    fn uleb(&mut self, what: &'static str) -> Result<u32, DecodeError> {
        let mut value: u64 = 0;
        for shift in (0..35).step_by(7) {
            let byte = self.u8(what)?;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                if shift > 0 && byte == 0 {
                    return Err(DecodeError::BadLength);
                }
                return u32::try_from(value).map_err(|_| DecodeError::BadLength);
            }
        }
        Err(DecodeError::BadLength)
    }

    fn bytes(&mut self, what: &'static str) -> Result<Vec<u8>, DecodeError> {
        let len = self.uleb(what)? as usize;
        Ok(self.take(len, what)?.to_vec())
    }

    fn identifier(&mut self, what: &'static str) -> Result<String, DecodeError> {
        let raw = self.bytes(what)?;
        let s = String::from_utf8(raw).map_err(|e| {
            DecodeError::BadIdentifier(String::from_utf8_lossy(e.as_bytes()).into())
        })?;
        let mut chars = s.chars();
        let valid_start = chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
        if !valid_start || !chars.all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(DecodeError::BadIdentifier(s));
        }
        Ok(s)
    }
}

fn read_raw_transaction(r: &mut Reader<'_>) -> Result<RawTransaction, DecodeError> {
    let sender = Address(r.array32("sender")?);
    let sequence_number = r.u64("sequence_number")?;
    let payload = read_payload(r)?;
    Ok(RawTransaction {
        sender,
        sequence_number,
        payload,
        max_gas_amount: r.u64("max_gas_amount")?,
        gas_unit_price: r.u64("gas_unit_price")?,
        expiration_timestamp_secs: r.u64("expiration_timestamp_secs")?,
        chain_id: r.u8("chain_id")?,
    })
}

fn read_payload(r: &mut Reader<'_>) -> Result<EntryFunction, DecodeError> {
    match r.uleb("payload variant")? {
        0 => Err(DecodeError::UnsupportedPayload("Script (0)")),
        1 => Err(DecodeError::UnsupportedPayload("ModuleBundle (1)")),
        2 => read_entry_function(r),
        3 => Err(DecodeError::UnsupportedPayload("Multisig (3)")),
        4 => Err(DecodeError::UnsupportedPayload(
            "Payload (4, orderless/v2 payload)",
        )),
        tag => Err(DecodeError::UnknownVariant {
            what: "TransactionPayload",
            tag,
        }),
    }
}

fn read_entry_function(r: &mut Reader<'_>) -> Result<EntryFunction, DecodeError> {
    let module_address = Address(r.array32("module address")?);
    let module_name = r.identifier("module name")?;
    let function = r.identifier("function name")?;
    let n_types = r.uleb("type argument count")?;
    let mut type_args = Vec::new();
    for _ in 0..n_types {
        type_args.push(read_type_tag(r, 0)?);
    }
    let n_args = r.uleb("argument count")?;
    let mut args = Vec::new();
    for _ in 0..n_args {
        args.push(r.bytes("argument")?);
    }
    Ok(EntryFunction {
        module_address,
        module_name,
        function,
        type_args,
        args,
    })
}

fn read_type_tag(r: &mut Reader<'_>, depth: usize) -> Result<TypeTag, DecodeError> {
    if depth > MAX_TYPE_TAG_DEPTH {
        return Err(DecodeError::TooDeep);
    }
    Ok(match r.uleb("type tag")? {
        0 => TypeTag::Bool,
        1 => TypeTag::U8,
        2 => TypeTag::U64,
        3 => TypeTag::U128,
        4 => TypeTag::Address,
        5 => TypeTag::Signer,
        6 => TypeTag::Vector(Box::new(read_type_tag(r, depth + 1)?)),
        7 => {
            let address = Address(r.array32("struct address")?);
            let module = r.identifier("struct module")?;
            let name = r.identifier("struct name")?;
            let n = r.uleb("struct type argument count")?;
            let mut type_args = Vec::new();
            for _ in 0..n {
                type_args.push(read_type_tag(r, depth + 1)?);
            }
            TypeTag::Struct {
                address,
                module,
                name,
                type_args,
            }
        }
        8 => TypeTag::U16,
        9 => TypeTag::U32,
        10 => TypeTag::U256,
        tag => {
            return Err(DecodeError::UnknownVariant {
                what: "TypeTag",
                tag,
            });
        }
    })
}

fn read_authenticator(r: &mut Reader<'_>) -> Result<Ed25519Authenticator, DecodeError> {
    match r.uleb("authenticator variant")? {
        0 => {
            let public_key = r.bytes("public key")?;
            let signature = r.bytes("signature")?;
            let public_key: [u8; 32] =
                public_key
                    .as_slice()
                    .try_into()
                    .map_err(|_| DecodeError::WrongKeyLength {
                        what: "Ed25519 public key",
                        expected: 32,
                        got: public_key.len(),
                    })?;
            let signature: [u8; 64] =
                signature
                    .as_slice()
                    .try_into()
                    .map_err(|_| DecodeError::WrongKeyLength {
                        what: "Ed25519 signature",
                        expected: 64,
                        got: signature.len(),
                    })?;
            Ok(Ed25519Authenticator {
                public_key,
                signature,
            })
        }
        1 => Err(DecodeError::UnsupportedAuthenticator("MultiEd25519 (1)")),
        2 => Err(DecodeError::UnsupportedAuthenticator("MultiAgent (2)")),
        3 => Err(DecodeError::UnsupportedAuthenticator("FeePayer (3)")),
        4 => Err(DecodeError::UnsupportedAuthenticator("SingleSender (4)")),
        tag => Err(DecodeError::UnknownVariant {
            what: "TransactionAuthenticator",
            tag,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_canonical_uleb_is_rejected() {
        // 0x80 0x00 encodes 0 in two bytes: not canonical.
        let mut r = Reader {
            buf: &[0x80, 0x00],
            pos: 0,
        };
        assert_eq!(r.uleb("x"), Err(DecodeError::BadLength));
        let mut r = Reader {
            buf: &[0x80, 0x01],
            pos: 0,
        };
        assert_eq!(r.uleb("x"), Ok(128));
    }

    #[test]
    fn empty_input_is_an_error_not_a_panic() {
        assert_eq!(
            SignedTransaction::decode(&[]),
            Err(DecodeError::UnexpectedEnd("sender"))
        );
    }
}
