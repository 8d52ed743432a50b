//! Move types: strings as the REST API takes them (`0x1::coin::CoinStore<0x1::aptos_coin::AptosCoin>`,
//! `vector<u8>`), parsed into [`TypeTag`] so that equal types compare equal whatever the address
//! spelling (`0x1` or 64 digits) and spacing; and their BCS, as state keys carry them.

use crate::address::Address;
use crate::wire::TypeTag;

/// Parses a whole type string; `None` when it is not a Move type.
pub(crate) fn parse(text: &str) -> Option<TypeTag> {
    let mut parser = Parser { rest: text.trim() };
    let tag = parser.type_tag(0)?;
    parser.rest.trim().is_empty().then_some(tag)
}

/// Parses a struct type (`resource_type` paths); `None` for anything else.
pub(crate) fn parse_struct(text: &str) -> Option<TypeTag> {
    parse(text).filter(|t| matches!(t, TypeTag::Struct { .. }))
}

/// A struct tag from its parts, for comparing against parsed input.
pub(crate) fn struct_tag(
    address: Address,
    module: &str,
    name: &str,
    type_args: Vec<TypeTag>,
) -> TypeTag {
    TypeTag::Struct {
        address,
        module: module.to_string(),
        name: name.to_string(),
        type_args,
    }
}

/// `0x1::aptos_coin::AptosCoin`.
pub(crate) fn aptos_coin() -> TypeTag {
    struct_tag(Address::one(), "aptos_coin", "AptosCoin", Vec::new())
}

/// BCS of a type tag; for a struct, without the enum tag (a `StructTag` on its own, as in a
/// resource's state key).
pub(crate) fn encode_struct_tag(tag: &TypeTag, out: &mut Vec<u8>) {
    match tag {
        TypeTag::Struct {
            address,
            module,
            name,
            type_args,
        } => {
            out.extend_from_slice(&address.0);
            for ident in [module, name] {
                uleb128(ident.len() as u64, out);
                out.extend_from_slice(ident.as_bytes());
            }
            uleb128(type_args.len() as u64, out);
            for arg in type_args {
                encode_type_tag(arg, out);
            }
        }
        other => encode_type_tag(other, out),
    }
}

/// BCS of a type tag with its enum tag.
fn encode_type_tag(tag: &TypeTag, out: &mut Vec<u8>) {
    let variant: u8 = match tag {
        TypeTag::Bool => 0,
        TypeTag::U8 => 1,
        TypeTag::U64 => 2,
        TypeTag::U128 => 3,
        TypeTag::Address => 4,
        TypeTag::Signer => 5,
        TypeTag::Vector(_) => 6,
        TypeTag::Struct { .. } => 7,
        TypeTag::U16 => 8,
        TypeTag::U32 => 9,
        TypeTag::U256 => 10,
    };
    out.push(variant);
    match tag {
        TypeTag::Vector(inner) => encode_type_tag(inner, out),
        TypeTag::Struct { .. } => encode_struct_tag(tag, out),
        _ => {}
    }
}

pub(crate) fn uleb128(mut value: u64, out: &mut Vec<u8>) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// `StateKeyInner::AccessPath(address, path)` in BCS: the key a real node lists resources and
/// modules by, and the `x-aptos-cursor` / `start` it pages with (hex).
pub(crate) fn access_path_state_key(address: &Address, path: &[u8]) -> Vec<u8> {
    let mut key = vec![0u8];
    key.extend_from_slice(&address.0);
    uleb128(path.len() as u64, &mut key);
    key.extend_from_slice(path);
    key
}

/// Deepest nesting accepted, as for transactions.
const MAX_DEPTH: usize = 16;

struct Parser<'a> {
    rest: &'a str,
}

impl Parser<'_> {
    fn eat(&mut self, token: &str) -> bool {
        let trimmed = self.rest.trim_start();
        match trimmed.strip_prefix(token) {
            Some(rest) => {
                self.rest = rest;
                true
            }
            None => false,
        }
    }

    fn word(&mut self) -> Option<&str> {
        let trimmed = self.rest.trim_start();
        let end = trimmed
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(trimmed.len());
        if end == 0 {
            return None;
        }
        let (word, rest) = trimmed.split_at(end);
        self.rest = rest;
        Some(word)
    }

    fn type_tag(&mut self, depth: usize) -> Option<TypeTag> {
        if depth > MAX_DEPTH {
            return None;
        }
        let word = self.word()?;
        Some(match word {
            "bool" => TypeTag::Bool,
            "u8" => TypeTag::U8,
            "u16" => TypeTag::U16,
            "u32" => TypeTag::U32,
            "u64" => TypeTag::U64,
            "u128" => TypeTag::U128,
            "u256" => TypeTag::U256,
            "address" => TypeTag::Address,
            "signer" => TypeTag::Signer,
            "vector" => {
                if !self.eat("<") {
                    return None;
                }
                let inner = self.type_tag(depth + 1)?;
                if !self.eat(">") {
                    return None;
                }
                TypeTag::Vector(Box::new(inner))
            }
            address if address.starts_with("0x") => {
                let address: Address = address.parse().ok()?;
                if !self.eat("::") {
                    return None;
                }
                let module = self.word()?.to_string();
                if !self.eat("::") {
                    return None;
                }
                let name = self.word()?.to_string();
                let mut type_args = Vec::new();
                if self.eat("<") {
                    loop {
                        type_args.push(self.type_tag(depth + 1)?);
                        if self.eat(">") {
                            break;
                        }
                        if !self.eat(",") {
                            return None;
                        }
                    }
                }
                TypeTag::Struct {
                    address,
                    module,
                    name,
                    type_args,
                }
            }
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn address_spellings_and_spacing_parse_to_the_same_type() {
        let short = parse("0x1::coin::CoinStore<0x1::aptos_coin::AptosCoin>").unwrap();
        let long = parse(&format!(
            "0x{}1::coin::CoinStore< 0x{}1::aptos_coin::AptosCoin >",
            "0".repeat(63),
            "0".repeat(63)
        ))
        .unwrap();
        assert_eq!(short, long);
        assert_eq!(
            short,
            struct_tag(Address::one(), "coin", "CoinStore", vec![aptos_coin()])
        );
        assert_eq!(
            parse("vector<vector<u8>>"),
            Some(TypeTag::Vector(Box::new(TypeTag::Vector(Box::new(
                TypeTag::U8
            )))))
        );
    }

    #[test]
    fn non_types_are_refused() {
        for bad in [
            "notatype",
            "0x1::coin",
            "0x1::coin::CoinStore<",
            "0x1::coin::CoinStore<u8,>",
            "vector<u8",
            "0xzz::a::B",
            "u64 u64",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
        assert_eq!(parse_struct("u64"), None);
    }
}
