//! View functions (`POST /v1/view`): the Jobs views and `0x1::coin::balance<AptosCoin>`, with
//! arguments in the REST API's JSON form (u64 as string, address and `vector<u8>` as `0x` hex).

use serde_json::{Value, json};

use super::{Chain, ViewError};
use crate::address::Address;
use crate::jobs::MODULE_NAME;

impl Chain {
    /// Calls a view function with JSON arguments as the REST API takes them.
    pub(crate) fn view(
        &self,
        function: &str,
        type_args: &[String],
        args: &[Value],
    ) -> Result<Vec<Value>, ViewError> {
        let bad = |reason: &str| ViewError::BadArguments {
            function: function.to_string(),
            reason: reason.to_string(),
        };
        let (module, name) =
            split_function(function).ok_or_else(|| bad("malformed function id"))?;
        let (address, module_name) = module;
        let is_jobs = address == self.params.jobs_address && module_name == MODULE_NAME;
        let expect_args = |n: usize| {
            if args.len() == n && type_args.is_empty() {
                Ok(())
            } else {
                Err(bad(&format!(
                    "expected {n} arguments and no type arguments"
                )))
            }
        };
        match (is_jobs, module_name, name) {
            (true, _, "is_paid") => {
                expect_args(1)?;
                let id = arg_bytes(&args[0]).ok_or_else(|| bad("grant_id must be 0x hex"))?;
                Ok(vec![json!(self.jobs.paid_grant(&id).is_some())])
            }
            (true, _, "paid_grant") => {
                expect_args(1)?;
                let id = arg_bytes(&args[0]).ok_or_else(|| bad("grant_id must be 0x hex"))?;
                // (found, job id, paying transaction's sender, its sequence number); a node
                // renders the address as a hex literal: `0x0` when never paid.
                Ok(match self.jobs.paid_grant(&id) {
                    Some(p) => vec![
                        json!(true),
                        json!(p.job_id.to_string()),
                        json!(p.operator.to_hex_literal()),
                        json!(p.sequence_number.to_string()),
                    ],
                    None => vec![json!(false), json!("0"), json!("0x0"), json!("0")],
                })
            }
            (true, _, "balance") => {
                expect_args(1)?;
                let owner = arg_address(&args[0]).ok_or_else(|| bad("address expected"))?;
                Ok(vec![json!(self.jobs.balance(&owner).to_string())])
            }
            (true, _, "is_operator") => {
                expect_args(1)?;
                let who = arg_address(&args[0]).ok_or_else(|| bad("address expected"))?;
                Ok(vec![json!(self.jobs.operators.contains(&who))])
            }
            (true, _, "is_paused") => {
                expect_args(0)?;
                Ok(vec![json!(self.jobs.paused)])
            }
            (false, "coin", "balance") if address == Address::one() => {
                let apt = ["0x1::aptos_coin::AptosCoin".to_string()];
                if type_args != apt || args.len() != 1 {
                    return Err(bad(
                        "expected type argument 0x1::aptos_coin::AptosCoin and one address",
                    ));
                }
                let owner = arg_address(&args[0]).ok_or_else(|| bad("address expected"))?;
                let balance = self.accounts.get(&owner).map_or(0, |a| a.apt_balance);
                Ok(vec![json!(balance.to_string())])
            }
            _ => Err(ViewError::UnknownFunction(function.to_string())),
        }
    }
}

/// Splits `0xADDR::module::function`.
fn split_function(id: &str) -> Option<((Address, &str), &str)> {
    let mut parts = id.split("::");
    let address = parts.next()?.parse().ok()?;
    let module = parts.next()?;
    let function = parts.next()?;
    if parts.next().is_some() {
        return None;
    }
    Some(((address, module), function))
}

fn arg_bytes(v: &Value) -> Option<Vec<u8>> {
    let s = v.as_str()?;
    hex::decode(s.strip_prefix("0x")?).ok()
}

fn arg_address(v: &Value) -> Option<Address> {
    v.as_str()?.parse().ok()
}
