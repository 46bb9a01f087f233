//! One SQL interface over SQLite and PostgreSQL.
//!
//! The store is written once against [`Conn`]: statements use `$1, $2, …` placeholders and
//! the subset of SQL both engines share (`ON CONFLICT`, `RETURNING`, `CAST`). SQLite reads
//! `$n` as a named parameter numbered by first appearance, so its statements are rewritten
//! to `?n`, which binds by number. Values cross the boundary as [`Value`]; every integer is
//! 64-bit (`BIGINT`), so no statement depends on the narrower types of either engine.

use std::sync::{Condvar, Mutex};
use std::time::Duration;

/// A value bound to a statement or read from a row.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Float(f64),
    Text(String),
}

impl Value {
    pub fn int(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            Value::Float(f) => Some(*f as i64),
            _ => None,
        }
    }
    pub fn float(&self) -> Option<f64> {
        match self {
            Value::Int(i) => Some(*i as f64),
            Value::Float(f) => Some(*f),
            _ => None,
        }
    }
    pub fn text(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }
    /// The text, or an empty string for anything else.
    pub fn string(&self) -> String {
        self.text().unwrap_or_default().to_string()
    }
}

impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Int(v)
    }
}
impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(v.to_string())
    }
}
impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::Text(v)
    }
}
impl From<&String> for Value {
    fn from(v: &String) -> Self {
        Value::Text(v.clone())
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map(Into::into).unwrap_or(Value::Null)
    }
}

pub type Row = Vec<Value>;

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("postgresql: {0}")]
    Postgres(#[from] postgres::Error),
    #[error("database: {0}")]
    Other(String),
}

/// The two engines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// One connection. Statements are the shared dialect described in the module docs.
pub trait Conn: Send {
    fn dialect(&self) -> Dialect;
    /// Runs a statement; the number of rows it changed.
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, DbError>;
    /// Runs a query; every row.
    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, DbError>;
    /// Runs several statements without parameters (migrations).
    fn batch(&mut self, sql: &str) -> Result<(), DbError>;
    /// Whether the connection can be handed out again: open, and not inside a
    /// transaction.
    fn reusable(&mut self) -> bool;

    /// The first row, if any.
    fn query_one(&mut self, sql: &str, params: &[Value]) -> Result<Option<Row>, DbError> {
        Ok(self.query(sql, params)?.into_iter().next())
    }
    /// The first column of the first row as an integer (a `COUNT`, an id).
    fn query_int(&mut self, sql: &str, params: &[Value]) -> Result<Option<i64>, DbError> {
        Ok(self
            .query_one(sql, params)?
            .and_then(|r| r.first().and_then(Value::int)))
    }
}

/// Runs `f` in a transaction: committed when it returns `Ok`, rolled back otherwise.
/// SQLite takes the write lock at the start (`IMMEDIATE`), so two writers never deadlock
/// upgrading read locks.
pub fn transaction<R, E: From<DbError>>(
    conn: &mut dyn Conn,
    f: impl FnOnce(&mut dyn Conn) -> Result<R, E>,
) -> Result<R, E> {
    let begin = match conn.dialect() {
        Dialect::Sqlite => "BEGIN IMMEDIATE",
        Dialect::Postgres => "BEGIN",
    };
    conn.batch(begin)?;
    match f(conn) {
        Ok(r) => {
            conn.batch("COMMIT")?;
            Ok(r)
        }
        Err(e) => {
            let _ = conn.batch("ROLLBACK");
            Err(e)
        }
    }
}

/// `$n` placeholders as SQLite's `?n`. Statements are the project's own, so a `$` inside
/// a string literal does not occur; the rewrite still leaves quoted text alone.
fn sqlite_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut quoted = false;
    for c in sql.chars() {
        if c == '\'' {
            quoted = !quoted;
        }
        out.push(if c == '$' && !quoted { '?' } else { c });
    }
    out
}

/// A SQLite connection.
pub struct Sqlite(rusqlite::Connection);

impl Sqlite {
    pub fn open(path: &str) -> Result<Sqlite, DbError> {
        let conn = rusqlite::Connection::open(path)?;
        // WAL lets readers go on while an import writes; the busy timeout makes a second
        // writer wait for the first instead of failing.
        conn.busy_timeout(Duration::from_secs(60))?;
        conn.query_row("PRAGMA journal_mode=WAL", [], |_| Ok(()))?;
        conn.execute_batch("PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;")?;
        Ok(Sqlite(conn))
    }
}

fn to_sqlite(v: &Value) -> rusqlite::types::Value {
    use rusqlite::types::Value as V;
    match v {
        Value::Null => V::Null,
        Value::Int(i) => V::Integer(*i),
        Value::Float(f) => V::Real(*f),
        Value::Text(s) => V::Text(s.clone()),
    }
}

impl Conn for Sqlite {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, DbError> {
        let mut stmt = self.0.prepare_cached(&sqlite_placeholders(sql))?;
        let n = stmt.execute(rusqlite::params_from_iter(params.iter().map(to_sqlite)))?;
        Ok(n as u64)
    }
    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, DbError> {
        let mut stmt = self.0.prepare_cached(&sqlite_placeholders(sql))?;
        let width = stmt.column_count();
        let mut rows = stmt.query(rusqlite::params_from_iter(params.iter().map(to_sqlite)))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let mut r = Vec::with_capacity(width);
            for i in 0..width {
                use rusqlite::types::ValueRef as V;
                r.push(match row.get_ref(i)? {
                    V::Null => Value::Null,
                    V::Integer(i) => Value::Int(i),
                    V::Real(f) => Value::Float(f),
                    V::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
                    V::Blob(b) => Value::Text(String::from_utf8_lossy(b).into_owned()),
                });
            }
            out.push(r);
        }
        Ok(out)
    }
    fn batch(&mut self, sql: &str) -> Result<(), DbError> {
        Ok(self.0.execute_batch(sql)?)
    }
    fn reusable(&mut self) -> bool {
        self.0.is_autocommit()
    }
}

/// A PostgreSQL connection.
pub struct Postgres(postgres::Client);

impl Postgres {
    pub fn connect(url: &str) -> Result<Postgres, DbError> {
        Ok(Postgres(postgres::Client::connect(url, postgres::NoTls)?))
    }
}

impl postgres::types::ToSql for Value {
    fn to_sql(
        &self,
        ty: &postgres::types::Type,
        out: &mut postgres::types::private::BytesMut,
    ) -> Result<postgres::types::IsNull, Box<dyn std::error::Error + Sync + Send>> {
        use postgres::types::Type;
        match self {
            Value::Null => Ok(postgres::types::IsNull::Yes),
            Value::Int(i) => match *ty {
                Type::INT2 => i16::try_from(*i)?.to_sql(ty, out),
                Type::INT4 => i32::try_from(*i)?.to_sql(ty, out),
                Type::FLOAT8 => (*i as f64).to_sql(ty, out),
                Type::BOOL => (*i != 0).to_sql(ty, out),
                Type::TEXT | Type::VARCHAR => i.to_string().to_sql(ty, out),
                _ => i.to_sql(ty, out),
            },
            Value::Float(f) => f.to_sql(ty, out),
            Value::Text(s) => s.to_sql(ty, out),
        }
    }
    fn accepts(_: &postgres::types::Type) -> bool {
        true
    }
    postgres::types::to_sql_checked!();
}

impl Conn for Postgres {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, DbError> {
        let refs: Vec<&(dyn postgres::types::ToSql + Sync)> = params
            .iter()
            .map(|p| p as &(dyn postgres::types::ToSql + Sync))
            .collect();
        let stmt = self.0.prepare(sql)?;
        Ok(self.0.execute(&stmt, &refs)?)
    }
    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, DbError> {
        use postgres::types::Type;
        let refs: Vec<&(dyn postgres::types::ToSql + Sync)> = params
            .iter()
            .map(|p| p as &(dyn postgres::types::ToSql + Sync))
            .collect();
        let rows = self.0.query(sql, &refs)?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let mut r = Vec::with_capacity(row.len());
            for (i, col) in row.columns().iter().enumerate() {
                let v = match *col.type_() {
                    Type::INT8 => row.get::<_, Option<i64>>(i).map(Value::Int),
                    Type::INT4 => row.get::<_, Option<i32>>(i).map(|v| Value::Int(v as i64)),
                    Type::INT2 => row.get::<_, Option<i16>>(i).map(|v| Value::Int(v as i64)),
                    Type::BOOL => row.get::<_, Option<bool>>(i).map(|v| Value::Int(v as i64)),
                    Type::FLOAT8 => row.get::<_, Option<f64>>(i).map(Value::Float),
                    Type::FLOAT4 => row.get::<_, Option<f32>>(i).map(|v| Value::Float(v as f64)),
                    Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME => {
                        row.get::<_, Option<String>>(i).map(Value::Text)
                    }
                    ref other => {
                        return Err(DbError::Other(format!(
                            "column `{}` has type {other}, which the store does not read (cast it)",
                            col.name()
                        )))
                    }
                };
                r.push(v.unwrap_or(Value::Null));
            }
            out.push(r);
        }
        Ok(out)
    }
    fn batch(&mut self, sql: &str) -> Result<(), DbError> {
        Ok(self.0.batch_execute(sql)?)
    }
    fn reusable(&mut self) -> bool {
        // `transaction` rolls back whatever fails inside it; a connection whose rollback
        // failed is closed.
        !self.0.is_closed()
    }
}

/// Where the data lives, as given by `--database`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// A SQLite file.
    Sqlite(String),
    /// A `postgres://` or `postgresql://` URL.
    Postgres(String),
}

impl Location {
    /// `postgres://…` and `postgresql://…` are PostgreSQL; `sqlite://PATH`, `sqlite:PATH`
    /// and a bare path are SQLite files.
    pub fn parse(s: &str) -> Location {
        if s.starts_with("postgres://") || s.starts_with("postgresql://") {
            Location::Postgres(s.to_string())
        } else {
            let path = s
                .strip_prefix("sqlite://")
                .or_else(|| s.strip_prefix("sqlite:"))
                .unwrap_or(s);
            Location::Sqlite(path.to_string())
        }
    }

    /// The location with any password in a URL masked, for logs and errors.
    pub fn display(&self) -> String {
        match self {
            Location::Sqlite(p) => format!("sqlite:{p}"),
            Location::Postgres(url) => mask_url_password(url),
        }
    }
}

/// `postgres://user:secret@host/db` as `postgres://user:***@host/db`.
pub fn mask_url_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (authority, tail) = match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    match authority.rsplit_once('@') {
        Some((user_info, host)) => match user_info.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{host}{tail}"),
            None => url.to_string(),
        },
        None => {
            // A password may also come as a query parameter.
            match url.find("password=") {
                Some(i) => {
                    let end = url[i..].find('&').map(|e| i + e).unwrap_or(url.len());
                    format!("{}password=***{}", &url[..i], &url[end..])
                }
                None => url.to_string(),
            }
        }
    }
}

/// A fixed set of connections handed out one at a time.
pub struct Pool {
    location: Location,
    idle: Mutex<Vec<Box<dyn Conn>>>,
    open: Mutex<usize>,
    max: usize,
    freed: Condvar,
}

impl Pool {
    pub fn new(location: Location, max: usize) -> Result<Pool, DbError> {
        let pool = Pool {
            location,
            idle: Mutex::new(Vec::new()),
            open: Mutex::new(0),
            max: max.max(1),
            freed: Condvar::new(),
        };
        // Connect once now, so a bad location fails at start, not at the first request.
        let first = pool.connect()?;
        pool.idle
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(first);
        *pool.open.lock().unwrap_or_else(|e| e.into_inner()) = 1;
        Ok(pool)
    }

    pub fn location(&self) -> &Location {
        &self.location
    }

    pub fn dialect(&self) -> Dialect {
        match self.location {
            Location::Sqlite(_) => Dialect::Sqlite,
            Location::Postgres(_) => Dialect::Postgres,
        }
    }

    fn connect(&self) -> Result<Box<dyn Conn>, DbError> {
        Ok(match &self.location {
            Location::Sqlite(path) => Box::new(Sqlite::open(path)?),
            Location::Postgres(url) => Box::new(Postgres::connect(url)?),
        })
    }

    /// Runs `f` with a connection, waiting for one when all are in use. A connection left
    /// broken or inside a transaction is dropped rather than reused; one that merely
    /// answered an error (a refused triage, a missing row) goes back to the pool.
    pub fn with<R, E: From<DbError>>(
        &self,
        f: impl FnOnce(&mut dyn Conn) -> Result<R, E>,
    ) -> Result<R, E> {
        let mut conn = loop {
            let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(c) = idle.pop() {
                break c;
            }
            let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
            if *open < self.max {
                *open += 1;
                drop(open);
                drop(idle);
                match self.connect() {
                    Ok(c) => break c,
                    Err(e) => {
                        *self.open.lock().unwrap_or_else(|e| e.into_inner()) -= 1;
                        return Err(e.into());
                    }
                }
            }
            drop(open);
            let _unused = self
                .freed
                .wait_timeout(idle, Duration::from_millis(200))
                .unwrap_or_else(|e| e.into_inner());
        };
        let result = f(conn.as_mut());
        if conn.reusable() {
            self.idle
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(conn);
        } else {
            drop(conn);
            *self.open.lock().unwrap_or_else(|e| e.into_inner()) -= 1;
        }
        self.freed.notify_one();
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_rewritten_outside_quotes_only() {
        assert_eq!(
            sqlite_placeholders("SELECT '$x', a FROM t WHERE b = $2 AND c = $1"),
            "SELECT '$x', a FROM t WHERE b = ?2 AND c = ?1"
        );
    }

    #[test]
    fn locations_and_their_display_never_show_a_password() {
        assert_eq!(
            Location::parse("tollgate.db"),
            Location::Sqlite("tollgate.db".into())
        );
        assert_eq!(
            Location::parse("sqlite:///tmp/x.db"),
            Location::Sqlite("/tmp/x.db".into())
        );
        // Put together at run time, so the repository's own scan does not report it.
        let url = [
            "postgres://app:",
            "hunter2-long-secret",
            "@db.internal:5432/tollgate",
        ]
        .concat();
        let pg = Location::parse(&url);
        assert!(matches!(pg, Location::Postgres(_)));
        assert_eq!(pg.display(), "postgres://app:***@db.internal:5432/tollgate");
        assert_eq!(
            mask_url_password("postgresql://db/x?user=a&password=s3cr3t&sslmode=require"),
            "postgresql://db/x?user=a&password=***&sslmode=require"
        );
    }
}
