//! Move type strings as the REST API takes them (`0x1::coin::CoinStore<0x1::aptos_coin::AptosCoin>`,
//! `vector<u8>`), parsed into [`TypeTag`] so that equal types compare equal whatever the address
//! spelling (`0x1` or 64 digits) and spacing.

use crate::address::Address;
use crate::wire::TypeTag;

/// Parses a whole type string; `None` when it is not a Move type.
pub fn parse(text: &str) -> Option<TypeTag> {
    let mut parser = Parser { rest: text.trim() };
    let tag = parser.type_tag(0)?;
    parser.rest.trim().is_empty().then_some(tag)
}

/// Parses a struct type (`resource_type` paths); `None` for anything else.
pub fn parse_struct(text: &str) -> Option<TypeTag> {
    parse(text).filter(|t| matches!(t, TypeTag::Struct { .. }))
}

/// A struct tag from its parts, for comparing against parsed input.
pub fn struct_tag(address: Address, module: &str, name: &str, type_args: Vec<TypeTag>) -> TypeTag {
    TypeTag::Struct {
        address,
        module: module.to_string(),
        name: name.to_string(),
        type_args,
    }
}

/// `0x1::aptos_coin::AptosCoin`.
pub fn aptos_coin() -> TypeTag {
    struct_tag(Address::one(), "aptos_coin", "AptosCoin", Vec::new())
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
