//! Browser sessions: a random 32-byte id in an `HttpOnly; SameSite=Strict` cookie, the
//! session itself in memory. Each session carries its own CSRF token (a synchronizer
//! token) that every state-changing form sends back.
//!
//! A login form is served with a *pending* session (no principal yet), so the login POST
//! is CSRF-checked too; a successful login replaces it with a fresh id, so an id planted
//! before login is worthless after it. Pending sessions live in a table of their own, so
//! a flood of login-page requests can only push out other pending logins, never the
//! sessions of people who signed in.
//!
//! [`Sessions::create_session`] is the one way a person's session begins; the dashboard's
//! `Dashboard::create_session` wraps it with the cookie. The token form calls it today,
//! an OIDC callback can call it with the principal it established.

use crate::auth::Principal;
use sha2::Digest;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The cookie's name.
pub const COOKIE: &str = "tollgate_session";
/// A signed-in session ends after this long without a request.
pub const IDLE: Duration = Duration::from_secs(8 * 3600);
/// A login form must be sent within this long.
pub const PENDING_IDLE: Duration = Duration::from_secs(15 * 60);
/// At most this many signed-in sessions (and as many pending ones) are kept.
pub const MAX_SESSIONS: usize = 10_000;

/// One session as a request sees it.
#[derive(Clone, Debug)]
pub struct Session {
    /// `None` for a pending (login form) session.
    pub principal: Option<Principal>,
    /// The synchronizer token for this session's forms (64 hex digits).
    pub csrf: String,
}

struct Entry {
    session: Session,
    last_seen: Instant,
}

/// Sessions are found by the SHA-256 of their id, so what is held in memory cannot be
/// replayed as a cookie.
type Key = [u8; 32];

struct Table {
    map: HashMap<Key, Entry>,
    idle: Duration,
    max: usize,
}

impl Table {
    fn new(idle: Duration, max: usize) -> Table {
        Table {
            map: HashMap::new(),
            idle,
            max: max.max(1),
        }
    }

    fn get(&mut self, key: &Key, now: Instant) -> Option<Session> {
        let e = self.map.get_mut(key)?;
        if now.saturating_duration_since(e.last_seen) < self.idle {
            e.last_seen = now;
            return Some(e.session.clone());
        }
        self.map.remove(key);
        None
    }

    fn insert(&mut self, key: Key, session: Session, now: Instant) {
        if self.map.len() >= self.max {
            let idle = self.idle;
            self.map
                .retain(|_, e| now.saturating_duration_since(e.last_seen) < idle);
        }
        if self.map.len() >= self.max {
            // Still full of live sessions: the one idle longest goes.
            if let Some(oldest) = self
                .map
                .iter()
                .min_by_key(|(_, e)| e.last_seen)
                .map(|(k, _)| *k)
            {
                self.map.remove(&oldest);
            }
        }
        self.map.insert(
            key,
            Entry {
                session,
                last_seen: now,
            },
        );
    }
}

struct Tables {
    people: Table,
    pending: Table,
}

/// The sessions of one server.
pub struct Sessions {
    tables: Mutex<Tables>,
}

impl Default for Sessions {
    fn default() -> Self {
        Sessions::with_limits(IDLE, PENDING_IDLE, MAX_SESSIONS)
    }
}

/// A failure to make a session: the system had no randomness to give.
#[derive(Debug, thiserror::Error)]
#[error("no randomness for a session id: {0}")]
pub struct NoRandomness(String);

fn random_hex() -> Result<String, NoRandomness> {
    crate::auth::random_hex(32).map_err(|e| NoRandomness(e.to_string()))
}

fn key_of(id: &str) -> Key {
    sha2::Sha256::digest(id.as_bytes()).into()
}

/// Whether `id` has the shape of a session id (64 lowercase hex digits).
fn well_formed(id: &str) -> bool {
    id.len() == 64 && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

impl Sessions {
    /// Sessions with other limits (tests use short ones).
    pub fn with_limits(idle: Duration, pending_idle: Duration, max: usize) -> Sessions {
        Sessions {
            tables: Mutex::new(Tables {
                people: Table::new(idle, max),
                pending: Table::new(pending_idle, max),
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Tables> {
        self.tables.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Starts a person's session and returns its id (the cookie's value). The caller
    /// has established who the person is: a verified API token today, OIDC later.
    pub fn create_session(&self, principal: Principal) -> Result<String, NoRandomness> {
        self.insert(Some(principal))
    }

    /// Starts a pending session for a login form.
    pub fn create_pending(&self) -> Result<String, NoRandomness> {
        self.insert(None)
    }

    fn insert(&self, principal: Option<Principal>) -> Result<String, NoRandomness> {
        let id = random_hex()?;
        let session = Session {
            principal: principal.clone(),
            csrf: random_hex()?,
        };
        let mut t = self.lock();
        let table = if principal.is_some() {
            &mut t.people
        } else {
            &mut t.pending
        };
        table.insert(key_of(&id), session, Instant::now());
        Ok(id)
    }

    /// The live session with this id, if any; its idle clock restarts.
    pub fn get(&self, id: &str) -> Option<Session> {
        if !well_formed(id) {
            return None;
        }
        let key = key_of(id);
        let now = Instant::now();
        let mut t = self.lock();
        t.people.get(&key, now).or_else(|| t.pending.get(&key, now))
    }

    /// Ends a session (signed in or pending).
    pub fn end(&self, id: &str) {
        let key = key_of(id);
        let mut t = self.lock();
        t.people.map.remove(&key);
        t.pending.map.remove(&key);
    }

    /// Signed-in sessions held (for tests and figures).
    pub fn signed_in(&self) -> usize {
        self.lock().people.map.len()
    }
}

/// `Set-Cookie` for a session id.
pub fn cookie(id: &str, secure: bool) -> String {
    format!(
        "{COOKIE}={id}; HttpOnly; SameSite=Strict; Path=/; Max-Age={}{}",
        IDLE.as_secs(),
        if secure { "; Secure" } else { "" }
    )
}

/// `Set-Cookie` that removes the session cookie.
pub fn cleared_cookie(secure: bool) -> String {
    format!(
        "{COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0{}",
        if secure { "; Secure" } else { "" }
    )
}

/// The session id from a `Cookie` header's value, if it carries one.
pub fn id_from_cookies(header: &str) -> Option<&str> {
    header.split(';').find_map(|pair| {
        let (name, value) = pair.trim().split_once('=')?;
        (name == COOKIE).then(|| value.trim())
    })
}

/// Equality in time that depends only on the lengths, for comparing secrets.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    std::hint::black_box(diff) == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;

    fn who(name: &str) -> Principal {
        Principal {
            name: name.into(),
            role: Role::Viewer,
            product: Some(1),
            key_id: "0123456789abcdef".into(),
        }
    }

    #[test]
    fn a_session_is_found_by_its_id_and_ends() {
        let s = Sessions::default();
        let id = s.create_session(who("ana")).unwrap();
        assert!(well_formed(&id));
        let got = s.get(&id).unwrap();
        assert_eq!(got.principal.unwrap().name, "ana");
        assert_eq!(got.csrf.len(), 64);
        assert_ne!(got.csrf, id);
        assert!(s.get(&"0".repeat(64)).is_none());
        assert!(s.get("not-an-id").is_none());
        s.end(&id);
        assert!(s.get(&id).is_none());
    }

    #[test]
    fn idle_sessions_expire_and_requests_keep_them_alive() {
        let s = Sessions::with_limits(Duration::from_millis(300), Duration::from_millis(300), 10);
        let id = s.create_session(who("ana")).unwrap();
        std::thread::sleep(Duration::from_millis(150));
        assert!(s.get(&id).is_some(), "a request restarts the idle clock");
        std::thread::sleep(Duration::from_millis(200));
        assert!(s.get(&id).is_some());
        std::thread::sleep(Duration::from_millis(400));
        assert!(s.get(&id).is_none());
    }

    #[test]
    fn the_table_is_bounded_and_pending_logins_cannot_push_out_people() {
        let s = Sessions::with_limits(IDLE, PENDING_IDLE, 3);
        let first = s.create_session(who("a")).unwrap();
        let second = s.create_session(who("b")).unwrap();
        let third = s.create_session(who("c")).unwrap();
        // `first` is used, so `second` is the one idle longest.
        std::thread::sleep(Duration::from_millis(5));
        assert!(s.get(&first).is_some());
        let fourth = s.create_session(who("d")).unwrap();
        assert_eq!(s.signed_in(), 3);
        assert!(s.get(&second).is_none());
        for id in [&first, &third, &fourth] {
            assert!(s.get(id).is_some());
        }
        for _ in 0..50 {
            s.create_pending().unwrap();
        }
        assert_eq!(s.signed_in(), 3);
        assert!(s.get(&first).is_some());
    }

    #[test]
    fn cookies_are_parsed_and_flagged() {
        assert_eq!(
            id_from_cookies("a=1; tollgate_session=abc ; b=2"),
            Some("abc")
        );
        assert_eq!(id_from_cookies("tollgate_sessionx=1"), None);
        assert_eq!(id_from_cookies(""), None);
        let c = cookie("abc", false);
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Strict") && c.contains("Path=/"));
        assert!(!c.contains("Secure"));
        assert!(cookie("abc", true).ends_with("; Secure"));
        assert!(cleared_cookie(false).contains("Max-Age=0"));
    }

    #[test]
    fn constant_time_equality() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
        assert!(constant_time_eq(b"", b""));
    }
}
