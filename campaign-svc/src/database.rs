//! Telling database failures apart: a database that cannot be reached (every statement fails
//! alike, so retrying item by item only waits longer) from a statement that failed on its data
//! (one row or one value, so the others can still go through on their own).

/// Whether `e` says the database could not be reached at all (as opposed to a statement failing).
pub fn unreachable(e: &sqlx::Error) -> bool {
    matches!(
        e,
        sqlx::Error::PoolTimedOut
            | sqlx::Error::Io(_)
            | sqlx::Error::PoolClosed
            | sqlx::Error::Tls(_)
    )
}

/// Whether `e` is a data exception (SQLSTATE class 22: division by zero, a value out of range, a
/// text that is not a number, a character the encoding cannot hold, ...): the error of one row's
/// values rather than of the statement.
pub fn data_exception(e: &sqlx::Error) -> bool {
    e.as_database_error()
        .and_then(|d| d.code())
        .is_some_and(|code| code.starts_with("22"))
}
