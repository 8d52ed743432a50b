//! Every Jobs view through `POST /v1/view` with JSON arguments — `is_paid`, `paid_grant`,
//! `balance`, `is_operator`, `is_paused` — for both answers each can give, and how a node
//! refuses a view it cannot run.

use std::sync::Arc;

use serde_json::{Value, json};

use crate::chain::Chain;
use crate::failure::{Checked, Failure, eq, str_field};
use crate::jobs::{Grant, api_address, fresh_address, job_id, random_bytes};
use crate::scenario::Measurement;
use crate::scenarios::events::{account_with_leading_zero, pay};

/// Each view for a paid grant, an operator and a recipient, and for their unknown counterparts.
pub async fn jobs_views(chain: Arc<Chain>) -> Checked<Vec<Measurement>> {
    let operator = account_with_leading_zero();
    chain
        .fund(operator.address(), crate::chain::DEFAULT_FUNDING)
        .await?;
    chain.register_operator(operator.address()).await?;
    let grant = Grant::to(fresh_address(), 33);
    let job = job_id();
    let seq = chain.sequence_number(operator.address()).await?;
    pay(&chain, &operator, job, std::slice::from_ref(&grant)).await?;
    let unknown_id = format!("0x{}", hex::encode(random_bytes(16)));
    let view = |name: &'static str, args: Vec<Value>| {
        let chain = chain.clone();
        async move {
            chain
                .view_ok(&chain.target.jobs_function(name), &[], args)
                .await
        }
    };
    eq(
        "is_paid(paid)",
        vec![json!(true)],
        view("is_paid", vec![grant.id_hex().into()]).await?,
    )?;
    eq(
        "is_paid(unknown)",
        vec![json!(false)],
        view("is_paid", vec![unknown_id.clone().into()]).await?,
    )?;
    eq(
        "paid_grant(paid)",
        vec![
            json!(true),
            json!(job.to_string()),
            json!(api_address(operator.address())),
            json!(seq.to_string()),
        ],
        view("paid_grant", vec![grant.id_hex().into()]).await?,
    )?;
    eq(
        "paid_grant(unknown)",
        vec![json!(false), json!("0"), json!("0x0"), json!("0")],
        view("paid_grant", vec![unknown_id.into()]).await?,
    )?;
    eq(
        "balance(recipient)",
        vec![json!("33")],
        view("balance", vec![grant.recipient.to_long_string().into()]).await?,
    )?;
    eq(
        "balance(unknown)",
        vec![json!("0")],
        view("balance", vec![fresh_address().to_long_string().into()]).await?,
    )?;
    eq(
        "is_operator(operator)",
        vec![json!(true)],
        view(
            "is_operator",
            vec![operator.address().to_long_string().into()],
        )
        .await?,
    )?;
    eq(
        "is_operator(unknown)",
        vec![json!(false)],
        view("is_operator", vec![fresh_address().to_long_string().into()]).await?,
    )?;
    eq(
        "is_paused()",
        vec![json!(false)],
        view("is_paused", vec![]).await?,
    )?;
    // Short addresses are accepted as arguments.
    eq(
        "is_operator(short form)",
        vec![json!(true)],
        view(
            "is_operator",
            vec![operator.address().to_short_string().into()],
        )
        .await?,
    )?;
    Ok(vec![])
}

/// Views a node cannot run: a function that does not exist, an entry function that is not a
/// view, the wrong number of arguments, an argument of the wrong type. Each is a 400 with the
/// same `error_code` as on the reference chain.
pub async fn view_errors(chain: Arc<Chain>) -> Checked<Vec<Measurement>> {
    let mut measured = Vec::new();
    let cases: [(&str, String, Vec<Value>); 4] = [
        (
            "unknown function",
            chain.target.jobs_function("no_such_view"),
            vec![],
        ),
        (
            "entry function",
            chain.target.jobs_function("add_operator"),
            vec![fresh_address().to_long_string().into()],
        ),
        (
            "missing argument",
            chain.target.jobs_function("is_paid"),
            vec![],
        ),
        (
            "argument of the wrong type",
            chain.target.jobs_function("is_operator"),
            vec![json!(7)],
        ),
    ];
    for (what, function, args) in cases {
        let r = chain.view(&function, &[], args).await?;
        r.expect(400)?;
        let code = str_field(&format!("view ({what})"), &r.body, "error_code").map_err(|_| {
            Failure::mismatch(
                format!("view ({what}) body"),
                crate::failure::Lit("an error"),
                &r.body,
            )
        })?;
        measured.push(Measurement::exact(format!("view {what}: error_code"), code));
    }
    Ok(measured)
}
