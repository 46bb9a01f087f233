//! The test API's TLS side: a CA and leaf certificates made once per test process with
//! rcgen, rustls server configurations per certificate switch, and the raw responder that
//! plays a legacy or weak-suite server for the scanner's hand-made ClientHellos.

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

/// The switches that give the server a certificate the scanner must not trust.
pub const UNTRUSTED_CERT_SWITCHES: &[&str] = &["tls_expired", "tls_wrong_host", "tls_self_signed"];

/// Suites the `tls_weak_cipher` responder agrees to (the scanner's weak list holds them).
const WEAK: &[u16] = &[
    0xC011, 0xC007, 0x0005, 0x0004, 0xC012, 0xC008, 0x0016, 0x000A, 0x0003, 0x0006, 0x0008, 0x0014,
    0x0001, 0x0002, 0x003B, 0xC010, 0x0018, 0x001B, 0x0034, 0x006C, 0xC018,
];

struct Pki {
    ca_pem: String,
    /// Certificate chain and key per kind: good, expired, wrong_host, self_signed, expiring.
    leaves: BTreeMap<&'static str, (Vec<CertificateDer<'static>>, Vec<u8>)>,
}

fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn pki() -> &'static Pki {
    static PKI: OnceLock<Pki> = OnceLock::new();
    PKI.get_or_init(|| {
        let ca_key = KeyPair::generate().unwrap();
        let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
        ca.distinguished_name
            .push(DnType::CommonName, "Vulnerable Bank Test CA");
        ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let ca_cert = ca.self_signed(&ca_key).unwrap();
        let issuer = Issuer::new(ca, ca_key);
        let epoch = rcgen::date_time_ymd(1970, 1, 1);
        let day = 86_400;
        let leaf = |names: &[&str], cn: &str, from: u64, until: u64, signed: bool| {
            let key = KeyPair::generate().unwrap();
            let mut p =
                CertificateParams::new(names.iter().map(|n| n.to_string()).collect::<Vec<_>>())
                    .unwrap();
            p.distinguished_name.push(DnType::CommonName, cn);
            p.not_before = epoch + Duration::from_secs(from);
            p.not_after = epoch + Duration::from_secs(until);
            let cert = if signed {
                p.signed_by(&key, &issuer).unwrap()
            } else {
                p.self_signed(&key).unwrap()
            };
            (vec![cert.der().clone()], key.serialize_der())
        };
        let now = unix_now();
        let local = ["127.0.0.1", "localhost"];
        let mut leaves = BTreeMap::new();
        leaves.insert(
            "good",
            leaf(&local, "api.bank.test", now - day, now + 400 * day, true),
        );
        leaves.insert(
            "expired",
            leaf(
                &local,
                "api.bank.test",
                now - 400 * day,
                now - 30 * day,
                true,
            ),
        );
        leaves.insert(
            "wrong_host",
            leaf(
                &["other.bank.test"],
                "other.bank.test",
                now - day,
                now + 400 * day,
                true,
            ),
        );
        leaves.insert(
            "self_signed",
            leaf(&local, "api.bank.test", now - day, now + 400 * day, false),
        );
        leaves.insert(
            "expiring",
            leaf(
                &local,
                "api.bank.test",
                now - 300 * day,
                now + 10 * day,
                true,
            ),
        );
        Pki {
            ca_pem: pem(ca_cert.der()),
            leaves,
        }
    })
}

/// A certificate in PEM, as `--ca-cert` reads it.
fn pem(der: &[u8]) -> String {
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let mut out = String::from("-----BEGIN CERTIFICATE-----\n");
    for line in b64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(line).unwrap());
        out.push('\n');
    }
    out.push_str("-----END CERTIFICATE-----\n");
    out
}

/// The test CA's certificate in PEM.
pub fn ca_pem() -> String {
    pki().ca_pem.clone()
}

/// The rustls server configuration for the certificate the switches choose.
pub fn server_config(on: &BTreeSet<String>) -> Arc<rustls::ServerConfig> {
    let kind = [
        ("tls_expired", "expired"),
        ("tls_wrong_host", "wrong_host"),
        ("tls_self_signed", "self_signed"),
        ("tls_expiring", "expiring"),
    ]
    .iter()
    .find(|(s, _)| on.contains(*s))
    .map_or("good", |(_, k)| k);
    let (chain, key) = pki().leaves[kind].clone();
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key));
    let cfg = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_protocol_versions(&[&rustls::version::TLS13, &rustls::version::TLS12])
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(chain, key)
    .unwrap();
    Arc::new(cfg)
}

/// Bytes already read from the connection, then the connection.
struct Replay {
    head: std::io::Cursor<Vec<u8>>,
    tcp: TcpStream,
}

impl Read for Replay {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.head.read(buf)?;
        if n > 0 {
            return Ok(n);
        }
        self.tcp.read(buf)
    }
}

impl Write for Replay {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.tcp.write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.tcp.flush()
    }
}

/// The first TLS record from the client, whole.
fn first_record(c: &mut TcpStream) -> Option<Vec<u8>> {
    let mut header = [0u8; 5];
    c.read_exact(&mut header).ok()?;
    let len = usize::from(u16::from_be_bytes([header[3], header[4]]));
    if len > 18_432 {
        return Some(header.to_vec());
    }
    let mut rec = header.to_vec();
    rec.resize(5 + len, 0);
    c.read_exact(&mut rec[5..]).ok()?;
    Some(rec)
}

/// The version and suites of a ClientHello record (`None` for anything else).
fn client_hello(rec: &[u8]) -> Option<(u16, Vec<u16>)> {
    if *rec.first()? != 22 || *rec.get(5)? != 1 {
        return None;
    }
    let body = rec.get(9..)?;
    let version = u16::from_be_bytes([*body.first()?, *body.get(1)?]);
    let sid = usize::from(*body.get(34)?);
    let at = 35 + sid;
    let n = usize::from(u16::from_be_bytes([*body.get(at)?, *body.get(at + 1)?]));
    let suites = body
        .get(at + 2..at + 2 + n)?
        .chunks_exact(2)
        .map(|c| u16::from_be_bytes([c[0], c[1]]))
        .collect();
    Some((version, suites))
}

/// A bare ServerHello record at `version` with `suite`.
fn server_hello(version: u16, suite: u16) -> Vec<u8> {
    let mut body = version.to_be_bytes().to_vec();
    body.extend_from_slice(&[0x42; 32]);
    body.push(0);
    body.extend_from_slice(&suite.to_be_bytes());
    body.push(0);
    let mut hs = vec![2u8, 0, 0, body.len() as u8];
    hs.extend(body);
    let mut rec = vec![22u8];
    rec.extend_from_slice(&version.to_be_bytes());
    rec.extend_from_slice(&(hs.len() as u16).to_be_bytes());
    rec.extend(hs);
    rec
}

/// Serve one TLS connection: the raw responder when a switch asks for it and the hello
/// fits, else rustls and then `app` on the decrypted stream.
pub fn serve(
    mut tcp: TcpStream,
    config: Arc<rustls::ServerConfig>,
    on: &BTreeSet<String>,
    app: impl FnOnce(&mut dyn Duplex),
    done: &dyn Fn(),
) {
    let Some(rec) = first_record(&mut tcp) else {
        done();
        return;
    };
    let offered = |s: &u16| *s != 0x00FF;
    let hello = client_hello(&rec);
    // Not in the matrix: nothing can be tested on it. Legacy hellos get a ServerHello,
    // every other one the protocol_version alert an old server sends.
    if on.contains("tls_legacy_only") {
        let reply = match &hello {
            Some((v @ (0x0301 | 0x0302), suites)) => {
                server_hello(*v, suites.iter().copied().find(offered).unwrap_or(0x002F))
            }
            _ => vec![21, 3, 3, 0, 2, 2, 70],
        };
        let _ = tcp.write_all(&reply);
        done();
        return;
    }
    if let Some((version, suites)) = hello {
        if on.contains("tls_legacy") && matches!(version, 0x0301 | 0x0302) {
            let suite = suites.iter().copied().find(offered).unwrap_or(0x002F);
            let _ = tcp.write_all(&server_hello(version, suite));
            done();
            return;
        }
        let only_weak = suites
            .iter()
            .filter(|s| offered(s))
            .all(|s| WEAK.contains(s));
        if on.contains("tls_weak_cipher") && version == 0x0303 && only_weak {
            let suite = if suites.contains(&0x000A) {
                0x000A
            } else {
                suites[0]
            };
            let _ = tcp.write_all(&server_hello(0x0303, suite));
            done();
            return;
        }
    }
    let Ok(conn) = rustls::ServerConnection::new(config) else {
        done();
        return;
    };
    let replay = Replay {
        head: std::io::Cursor::new(rec),
        tcp,
    };
    let mut stream = rustls::StreamOwned::new(conn, replay);
    // The handshake: a client that refuses the certificate ends here.
    while stream.conn.is_handshaking() {
        if stream.conn.complete_io(&mut stream.sock).is_err() {
            done();
            return;
        }
    }
    app(&mut stream);
    stream.conn.send_close_notify();
    let _ = stream.flush();
}

/// A stream to read a request from and write the answer to.
pub trait Duplex: Read + Write {}
impl<T: Read + Write> Duplex for T {}
