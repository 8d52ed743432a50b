//! Ledger runs: the right grants, once, even with two replicas running at the same time.

use crate::common::{TestApp, spawn_app, spawn_app_with, wallet};
use campaign_svc::game::GameSource;
use campaign_svc::ledger::{LedgerRules, LedgerRunOutcome, run_ledger};
use std::collections::HashMap;

fn rules(min: i64, rate: i64, max: i64) -> LedgerRules {
    LedgerRules {
        min_payout_coins: min,
        coin_token_rate: rate,
        max_grant_amount: max,
        token_type: "GRANT".into(),
        workers: 3,
    }
}

fn game(app: &TestApp) -> GameSource {
    GameSource::new(
        app.db.clone(),
        "SELECT user_id, wallet_address, balance FROM users",
        true,
    )
}

async fn ledger_grants(app: &TestApp) -> HashMap<String, (i64, i64)> {
    sqlx::query_as::<_, (String, i64, i64)>(
        "SELECT user_id, coins, token_amount FROM grants WHERE source = 'ledger'",
    )
    .fetch_all(&app.db)
    .await
    .unwrap()
    .into_iter()
    .map(|(u, c, t)| (u, (c, t)))
    .collect()
}

async fn credit(app: &TestApp, user: &str, coins: i64) {
    sqlx::query("INSERT INTO user_ledger (user_id, credited) VALUES ($1, $2)")
        .bind(user)
        .bind(coins)
        .execute(&app.db)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_ledger_run_creates_exactly_the_right_grants_and_a_second_run_none() {
    let app = spawn_app().await;
    app.add_user("new", Some(&wallet(1)), 500).await;
    app.add_user("paid-up", Some(&wallet(2)), 300).await;
    credit(&app, "paid-up", 300).await;
    app.add_user("spent", Some(&wallet(3)), 100).await;
    credit(&app, "spent", 400).await;
    app.add_user("partly", Some(&wallet(4)), 1000).await;
    credit(&app, "partly", 250).await;
    app.add_user("no-wallet", None, 900).await;
    app.add_user("bad-wallet", Some("0xnope"), 900).await;
    app.add_user("zero-wallet", Some("0x0"), 900).await;
    app.add_user("tiny", Some(&wallet(5)), 9).await;
    app.add_user("whale", Some("0xABC"), 5_000).await;
    app.add_user("zero", Some(&wallet(6)), 0).await;

    let outcome = run_ledger(&app.db, &game(&app), &rules(10, 3, 3_000), "test")
        .await
        .unwrap();
    let LedgerRunOutcome::Completed {
        users_scanned,
        users_skipped_no_wallet,
        grants_created,
        coins_credited,
        ..
    } = outcome
    else {
        panic!("the run was skipped");
    };
    assert_eq!(users_scanned, 10);
    assert_eq!(users_skipped_no_wallet, 3);
    assert_eq!(grants_created, 3);
    let grants = ledger_grants(&app).await;
    assert_eq!(grants.len(), 3, "{grants:?}");
    assert_eq!(grants["new"], (500, 1500));
    assert_eq!(grants["partly"], (750, 2250));
    // 5000 coins × 3 exceeds MAX_GRANT_AMOUNT 3000: one run pays 1000 coins.
    assert_eq!(grants["whale"], (1000, 3000));
    assert_eq!(coins_credited, 2250);
    let whale_wallet: String =
        sqlx::query_scalar("SELECT wallet_address FROM grants WHERE user_id = 'whale'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(whale_wallet, format!("0x{}abc", "0".repeat(61)));

    // Nothing changed in the game: nothing new, except the whale's remainder.
    let second = run_ledger(&app.db, &game(&app), &rules(10, 3, 3_000), "test")
        .await
        .unwrap();
    let LedgerRunOutcome::Completed { grants_created, .. } = second else {
        panic!()
    };
    assert_eq!(grants_created, 1, "only the whale's next 1000 coins");
    for _ in 0..3 {
        run_ledger(&app.db, &game(&app), &rules(10, 3, 3_000), "test")
            .await
            .unwrap();
    }
    let after: LedgerRunOutcome = run_ledger(&app.db, &game(&app), &rules(10, 3, 3_000), "test")
        .await
        .unwrap();
    assert!(matches!(
        after,
        LedgerRunOutcome::Completed {
            grants_created: 0,
            ..
        }
    ));
    let whale_total: i64 =
        sqlx::query_scalar("SELECT sum(coins)::bigint FROM grants WHERE user_id = 'whale'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(whale_total, 5_000);

    // Play continues: only the new coins are granted.
    app.add_user("new", Some(&wallet(1)), 520).await;
    app.add_user("tiny", Some(&wallet(5)), 12).await;
    let third = run_ledger(&app.db, &game(&app), &rules(10, 3, 3_000), "test")
        .await
        .unwrap();
    assert!(
        matches!(
            third,
            LedgerRunOutcome::Completed {
                grants_created: 2,
                coins_credited: 32,
                ..
            }
        ),
        "{third:?}"
    );
}

#[tokio::test]
async fn two_instances_running_the_ledger_at_once_create_no_duplicates() {
    let app = spawn_app().await;
    sqlx::query(
        "INSERT INTO users (user_id, wallet_address, balance) \
         SELECT 'u' || i, '0x' || md5(i::text) || md5(i::text), 10 + i FROM generate_series(1, 20000) i",
    )
    .execute(&app.db)
    .await
    .unwrap();
    // A second "replica": its own pool on the same database.
    let other = sqlx::PgPool::connect(&app.config.database_url)
        .await
        .unwrap();
    let other_game = GameSource::new(
        other.clone(),
        "SELECT user_id, wallet_address, balance FROM users",
        true,
    );
    let mine = game(&app);
    let r = rules(1, 1, 1_000_000);
    let mut runs = Vec::new();
    for i in 0..6 {
        let (db, g, r) = if i % 2 == 0 {
            (app.db.clone(), mine.clone(), r.clone())
        } else {
            (other.clone(), other_game.clone(), r.clone())
        };
        runs.push(tokio::spawn(async move {
            run_ledger(&db, &g, &r, "race").await.unwrap()
        }));
    }
    let mut created = 0;
    for run in runs {
        if let LedgerRunOutcome::Completed { grants_created, .. } = run.await.unwrap() {
            created += grants_created;
        }
    }
    assert_eq!(created, 20_000);
    let (grants, users): (i64, i64) =
        sqlx::query_as("SELECT count(*), count(DISTINCT user_id) FROM grants")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!((grants, users), (20_000, 20_000));
}

#[tokio::test]
async fn a_game_table_in_another_database_is_read_by_copy() {
    let game_url = shared::testkit::fresh_database();
    let game_pool = sqlx::PgPool::connect(&game_url).await.unwrap();
    sqlx::query("CREATE TABLE players (id INT PRIMARY KEY, wallet TEXT, coins NUMERIC)")
        .execute(&game_pool)
        .await
        .unwrap();
    sqlx::query("INSERT INTO players VALUES (1, '0x01', 10), (2, NULL, 5), (3, '0x03', 7)")
        .execute(&game_pool)
        .await
        .unwrap();
    let app = spawn_app_with(|c| {
        c.game_database_url = Some(game_url.clone());
        c.game_users_query =
            "SELECT id AS user_id, wallet AS wallet_address, coins AS balance FROM players".into();
    })
    .await;
    let run = app.run_ledger().await;
    assert_eq!(run["outcome"], "completed", "{run}");
    assert_eq!(run["users_scanned"], 3);
    assert_eq!(run["grants_created"], 2);
    let grants = ledger_grants(&app).await;
    assert_eq!(grants["1"], (10, 10));
    assert_eq!(grants["3"], (7, 7));
    // The API reads the same external game table.
    let status = app.get_json("/status?user_id=3").await;
    assert_eq!(status["earned"], 7);
    assert_eq!(status["credited"], 7);
    assert_eq!(status["pending"], 7);
}

/// The millisecond timestamp a version-7 id carries.
fn v7_millis(id: uuid::Uuid) -> u64 {
    assert_eq!(id.get_version_num(), 7, "{id} is not a version-7 id");
    assert_eq!(id.get_variant(), uuid::Variant::RFC4122, "{id}");
    let (secs, nanos) = id.get_timestamp().unwrap().to_unix();
    secs * 1000 + u64::from(nanos) / 1_000_000
}

fn now_millis() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64
}

#[tokio::test]
async fn request_ids_are_time_ordered_so_new_grants_land_at_the_end_of_the_index() {
    let app = spawn_app_with(|c| c.outbox_workers = 0).await;
    for i in 0..40 {
        app.add_user(&format!("v{i:02}"), Some(&wallet(i + 1)), 100)
            .await;
    }
    let ids_of_run = |run: i64| {
        let db = app.db.clone();
        async move {
            sqlx::query_scalar::<_, uuid::Uuid>("SELECT request_id FROM grants WHERE run_id = $1")
                .bind(run)
                .fetch_all(&db)
                .await
                .unwrap()
        }
    };
    let run = || async {
        match run_ledger(&app.db, &game(&app), &rules(1, 1, 1_000_000), "test")
            .await
            .unwrap()
        {
            LedgerRunOutcome::Completed { run_id, .. } => run_id,
            other => panic!("the run did not complete: {other:?}"),
        }
    };
    // The database's clock and ours are the same machine's: allow a little slack either side.
    let before = now_millis() - 5;
    let first = run().await;
    let between = now_millis() + 5;
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    sqlx::query("UPDATE users SET balance = balance + 50")
        .execute(&app.db)
        .await
        .unwrap();
    let second = run().await;
    let after = now_millis() + 5;

    let first_ids = ids_of_run(first).await;
    let second_ids = ids_of_run(second).await;
    assert_eq!((first_ids.len(), second_ids.len()), (40, 40));
    for id in &first_ids {
        assert!((before..=between).contains(&v7_millis(*id)), "{id}");
    }
    for id in &second_ids {
        assert!((between - 10..=after).contains(&v7_millis(*id)), "{id}");
    }
    // Every id of the later run sorts after every id of the earlier one (as the index sees them).
    assert!(first_ids.iter().max() < second_ids.iter().min());
    let distinct: std::collections::HashSet<_> = first_ids.iter().chain(&second_ids).collect();
    assert_eq!(distinct.len(), 80);

    // Grants made over HTTP carry the same kind of id.
    let api_id = app.post_grant("v00", "ids").await;
    assert!(v7_millis(api_id) >= after - 10);
    assert!(api_id > *second_ids.iter().max().unwrap());
}

/// A game table with every kind of bad row next to good ones: `players (user_id text, wallet
/// text, balance numeric)`, no primary key (so an id can appear twice).
async fn bad_rows_game(pool: &sqlx::PgPool) {
    sqlx::query("CREATE TABLE players (user_id TEXT, wallet TEXT, balance NUMERIC)")
        .execute(pool)
        .await
        .unwrap();
    let rows: Vec<(&str, Option<String>, Option<&str>)> = vec![
        ("ok1", Some(wallet(1)), Some("100")),
        ("ok2", Some(wallet(2)), Some("50")),
        ("dup", Some(wallet(3)), Some("10")),
        ("dup", Some(wallet(3)), Some("10")),
        ("dup2", Some(wallet(4)), Some("10")),
        ("dup2", None, Some("20")),
        ("min", Some(wallet(5)), Some("-9223372036854775808")),
        ("max", Some(wallet(6)), Some("9223372036854775807")),
        ("huge", Some(wallet(7)), Some("1e30")),
        ("edge", Some(wallet(8)), Some("9223372036854775807.6")),
        ("nowallet", None, Some("10")),
        ("badwallet", Some("0xzz".into()), Some("10")),
        ("nullbalance", Some(wallet(9)), None),
        ("fraction", Some(wallet(10)), Some("10.4")),
    ];
    for (user, w, balance) in rows {
        sqlx::query("INSERT INTO players VALUES ($1, $2, $3::numeric)")
            .bind(user)
            .bind(w)
            .bind(balance)
            .execute(pool)
            .await
            .unwrap();
    }
}

const PLAYERS: &str = "SELECT user_id, wallet AS wallet_address, balance FROM players";

/// Runs the ledger over [`bad_rows_game`] (in the ledger's database, or in another one read by
/// COPY) in one partition, and checks that only the bad rows are skipped, each counted by reason.
async fn bad_rows_are_skipped_and_the_rest_paid(game_in_other_database: bool) {
    let game_url = game_in_other_database.then(shared::testkit::fresh_database);
    let app = spawn_app_with(|c| {
        c.game_database_url = game_url.clone();
        c.game_users_query = PLAYERS.into();
        c.ledger_workers = 1;
        c.outbox_workers = 0;
        c.max_grant_amount = 1_000_000;
    })
    .await;
    let game_pool = match &game_url {
        Some(url) => sqlx::PgPool::connect(url).await.unwrap(),
        None => app.db.clone(),
    };
    bad_rows_game(&game_pool).await;
    // `min` was credited before: balance - credited would leave bigint.
    credit(&app, "min", 5).await;

    let run = app.run_ledger().await;
    assert_eq!(run["outcome"], "completed", "{run}");
    assert_eq!(run["users_scanned"], 14, "{run}");
    assert_eq!(
        run["skipped"],
        serde_json::json!({
            "invalid_user_id": 0, "duplicate_user_id": 4, "invalid_balance": 2, "no_wallet": 1,
            "invalid_wallet": 1
        }),
        "{run}"
    );
    assert_eq!(run["users_skipped_no_wallet"], 2, "{run}");
    let grants = ledger_grants(&app).await;
    let expected: HashMap<String, (i64, i64)> = [
        ("ok1", 100),
        ("ok2", 50),
        ("max", 1_000_000),
        ("fraction", 10),
    ]
    .into_iter()
    .map(|(u, c)| (u.to_string(), (c, c)))
    .collect();
    assert_eq!(grants, expected);
    assert_eq!(run["grants_created"], 4);

    // The report says the same, with the run's status.
    let runs = app.get_json("/admin/ledger-runs").await;
    let report = &runs["runs"][0];
    assert_eq!(report["status"], "completed", "{runs}");
    assert_eq!(report["error"], serde_json::Value::Null, "{runs}");
    assert_eq!(report["skipped"], run["skipped"], "{runs}");
    let metrics = app.metrics().await;
    assert!(
        metrics.contains("ledger_users_skipped_total{reason=\"duplicate_user_id\"} 4"),
        "{metrics}"
    );

    // The next run pays the next slice of `max` and nothing else; the bad rows stay skipped.
    let again = app.run_ledger().await;
    assert_eq!(again["outcome"], "completed", "{again}");
    assert_eq!(again["grants_created"], 1, "{again}");
    assert_eq!(again["skipped"], run["skipped"], "{again}");
}

#[tokio::test]
async fn bad_game_rows_are_skipped_and_counted_and_the_rest_of_their_partition_is_paid() {
    bad_rows_are_skipped_and_the_rest_paid(false).await;
}

#[tokio::test]
async fn bad_rows_of_a_game_in_another_database_are_skipped_and_counted_too() {
    bad_rows_are_skipped_and_the_rest_paid(true).await;
}

/// Every case of the shared identifier rule as a game user: the ledger's SQL decides each as the
/// API and chain-svc do (`shared::identifier`), so a user the rest of the system would refuse is
/// skipped and credited nothing instead of getting a grant that can never be paid.
async fn user_ids_are_held_to_the_identifier_rule(game_in_other_database: bool) {
    let game_url = game_in_other_database.then(shared::testkit::fresh_database);
    let app = spawn_app_with(|c| {
        c.game_database_url = game_url.clone();
        c.game_users_query = "SELECT user_id, wallet_address, balance FROM users".into();
        c.outbox_workers = 0;
    })
    .await;
    let game_pool = match &game_url {
        Some(url) => sqlx::PgPool::connect(url).await.unwrap(),
        None => app.db.clone(),
    };
    if game_in_other_database {
        sqlx::query("CREATE TABLE users (user_id TEXT, wallet_address TEXT, balance BIGINT)")
            .execute(&game_pool)
            .await
            .unwrap();
    }
    let cases = shared::identifier::cases::all();
    for (i, case) in cases.iter().enumerate() {
        sqlx::query("INSERT INTO users (user_id, wallet_address, balance) VALUES ($1, $2, 10)")
            .bind(&case.value)
            .bind(wallet(i as u8 + 1))
            .execute(&game_pool)
            .await
            .unwrap();
    }
    let run = app.run_ledger().await;
    assert_eq!(run["outcome"], "completed", "{run}");
    let invalid = cases.iter().filter(|c| !c.valid).count();
    assert_eq!(run["skipped"]["invalid_user_id"], invalid, "{run}");
    assert_eq!(run["grants_created"], cases.len() - invalid, "{run}");
    let grants = ledger_grants(&app).await;
    for case in &cases {
        assert_eq!(
            grants.contains_key(&case.value),
            case.valid,
            "{} ({:?})",
            case.about,
            case.value
        );
    }
    let credited: i64 =
        sqlx::query_scalar("SELECT coalesce(sum(credited), 0)::bigint FROM user_ledger")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(
        credited,
        10 * (cases.len() - invalid) as i64,
        "invalid ids are credited nothing"
    );
    let metrics = app.metrics().await;
    assert!(
        metrics.contains(&format!(
            "ledger_users_skipped_total{{reason=\"invalid_user_id\"}} {invalid}"
        )),
        "{metrics}"
    );
}

#[tokio::test]
async fn user_ids_the_api_and_chain_svc_refuse_are_skipped_by_the_ledger() {
    user_ids_are_held_to_the_identifier_rule(false).await;
}

#[tokio::test]
async fn user_ids_the_api_and_chain_svc_refuse_are_skipped_when_copied_from_another_database() {
    user_ids_are_held_to_the_identifier_rule(true).await;
}

#[tokio::test]
async fn balances_stored_as_text_are_paid_when_they_are_whole_coins_and_skipped_otherwise() {
    let app = spawn_app_with(|c| {
        c.game_users_query =
            "SELECT user_id, wallet AS wallet_address, balance FROM text_players".into();
        c.outbox_workers = 0;
    })
    .await;
    sqlx::query("CREATE TABLE text_players (user_id TEXT, wallet TEXT, balance TEXT)")
        .execute(&app.db)
        .await
        .unwrap();
    let rows = [
        ("plain", "12", Some(12)),
        ("padded", " 7 ", Some(7)),
        ("signed", "+3", Some(3)),
        ("exponent", "1e3", Some(1000)),
        ("decimal", "2.5", Some(3)),
        ("word", "abc", None),
        ("nan", "NaN", None),
        ("infinity", "Infinity", None),
        ("empty", "", None),
        ("overflow", "9223372036854775808", None),
        ("big-exponent", "1e99999", None),
    ];
    for (i, (user, balance, _)) in rows.iter().enumerate() {
        sqlx::query("INSERT INTO text_players VALUES ($1, $2, $3)")
            .bind(user)
            .bind(wallet(i as u8 + 1))
            .bind(balance)
            .execute(&app.db)
            .await
            .unwrap();
    }
    let run = app.run_ledger().await;
    assert_eq!(run["outcome"], "completed", "{run}");
    let unreadable = rows.iter().filter(|(_, _, c)| c.is_none()).count();
    assert_eq!(run["skipped"]["invalid_balance"], unreadable, "{run}");
    let grants = ledger_grants(&app).await;
    for (user, balance, coins) in rows {
        assert_eq!(grants.get(user).map(|g| g.0), coins, "balance {balance:?}");
    }
}

#[tokio::test]
async fn a_run_that_fails_is_reported_as_failed_with_its_cause() {
    // The game's own query fails on one row's values (a division by zero): nothing the ledger
    // can skip, so the run fails, and says why.
    let app = spawn_app_with(|c| {
        c.game_users_query =
            "SELECT user_id, wallet_address, 100 / (balance - 7) AS balance FROM users".into();
        c.outbox_workers = 0;
    })
    .await;
    app.add_user("fine", Some(&wallet(1)), 8).await;
    app.add_user("seven", Some(&wallet(2)), 7).await;
    let res = app
        .http
        .post(app.url("/admin/ledger-runs"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 500);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "ledger_run_failed", "{body}");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.contains("division by zero"), "{body}");
    let run_id = body["error"]["run_id"].as_i64().unwrap();

    let runs = app.get_json("/admin/ledger-runs").await;
    let report = &runs["runs"][0];
    assert_eq!(report["run_id"], run_id, "{runs}");
    assert_eq!(report["status"], "failed", "{runs}");
    assert!(
        report["error"]
            .as_str()
            .unwrap()
            .contains("division by zero"),
        "{runs}"
    );
}

#[tokio::test]
async fn a_game_row_that_cannot_be_read_fails_only_its_own_lookup() {
    use campaign_svc::game::{Balance, LookupError, UserLookup};
    let app = spawn_app_with(|c| {
        c.game_users_query = PLAYERS.into();
        c.outbox_workers = 0;
    })
    .await;
    bad_rows_game(&app.db).await;

    // Every user in one batch (one worker; the test's single thread queues them all before the
    // worker runs): each answer is that user's own.
    let users = UserLookup::spawn(GameSource::new(app.db.clone(), PLAYERS, true), 1, 64);
    let asked = ["huge", "ok1", "dup", "ok2", "edge", "nullbalance", "nobody"];
    let answers = futures::future::join_all(asked.iter().map(|id| users.find(id))).await;
    let answers: HashMap<&str, _> = asked.into_iter().zip(answers).collect();
    let balance = |id: &str| answers[id].as_ref().unwrap().as_ref().unwrap().balance;
    assert_eq!(balance("ok1"), Balance::Coins(100));
    assert_eq!(balance("ok2"), Balance::Coins(50));
    assert_eq!(balance("huge"), Balance::Unreadable);
    assert_eq!(balance("edge"), Balance::Unreadable);
    assert_eq!(balance("nullbalance"), Balance::Missing);
    assert!(matches!(answers["dup"], Err(LookupError::Duplicate)));
    assert!(matches!(answers["nobody"], Ok(None)));

    // Through the API: an error for that user only.
    let status = |user: &'static str| {
        let app = &app;
        async move {
            let res = app
                .http
                .get(app.url(&format!("/status?user_id={user}")))
                .send()
                .await
                .unwrap();
            let code = res.status().as_u16();
            (code, res.json::<serde_json::Value>().await.unwrap())
        }
    };
    let (code, body) = status("huge").await;
    assert_eq!(
        (code, body["error"]["code"].as_str()),
        (422, Some("unreadable_balance"))
    );
    let (code, body) = status("dup").await;
    assert_eq!(
        (code, body["error"]["code"].as_str()),
        (422, Some("duplicate_game_user"))
    );
    let (code, body) = status("ok1").await;
    assert_eq!((code, body["earned"].as_i64()), (200, Some(100)), "{body}");
    let (code, body) = status("nullbalance").await;
    assert_eq!((code, body["earned"].as_i64()), (200, Some(0)), "{body}");

    // A query that fails on one row's values fails that row's lookup, not its batch's.
    let dividing = UserLookup::spawn(
        GameSource::new(
            app.db.clone(),
            "SELECT user_id, wallet AS wallet_address, 100 / (balance - 50) AS balance \
             FROM players WHERE user_id LIKE 'ok%'",
            true,
        ),
        1,
        64,
    );
    let (ok1, ok2) = tokio::join!(dividing.find("ok1"), dividing.find("ok2"));
    assert_eq!(ok1.unwrap().unwrap().balance, Balance::Coins(2));
    let e = ok2.unwrap_err();
    assert!(matches!(e, LookupError::QueryFailed(_)), "{e}");
    assert!(e.to_string().contains("division by zero"), "{e}");
}
