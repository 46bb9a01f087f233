//! TLS for `https://` targets: the client configuration (rustls with the ring provider,
//! TLS 1.2 and 1.3, Mozilla's roots bundled in `webpki-roots` plus the CAs given with
//! `--ca-cert`), a bounded stream for the HTTP client, and the checks of the target's
//! TLS made once before any request: is its certificate valid, does it expire soon, does
//! it still speak TLS 1.0 or 1.1, does it accept a broken cipher suite.
//!
//! A certificate that does not verify is a finding, and no request with credentials is
//! sent over such a connection: unless `--tls-insecure` is given the run stops there and
//! every operation is listed as unchecked.

pub mod cert;
pub mod hello;

use crate::error::DastError;
use crate::http::{HttpError, Url};
use crate::rule::Rule;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{
    CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme,
};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tollgate_core::{Confidence, Finding, Location, Severity};

/// How a run treats TLS.
#[derive(Clone, Debug, Default)]
pub struct TlsOptions {
    /// PEM files of CAs to trust beside the bundled roots (a bank's private CA); each may
    /// hold several certificates.
    pub ca_certs: Vec<PathBuf>,
    /// Test on although the certificate does not verify (the finding is still reported).
    pub insecure: bool,
}

/// A certificate expiring sooner than this is reported.
pub const EXPIRY_WARNING_DAYS: i64 = 30;

fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// The bundled roots and those of `--ca-cert`.
pub fn roots(opts: &TlsOptions) -> Result<RootCertStore, DastError> {
    let mut store = RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    for path in &opts.ca_certs {
        let shown = path.display();
        let iter = CertificateDer::pem_file_iter(path)
            .map_err(|e| DastError::Usage(format!("--ca-cert {shown}: {e}")))?;
        let mut added = 0;
        for cert in iter {
            let cert = cert.map_err(|e| DastError::Usage(format!("--ca-cert {shown}: {e}")))?;
            store.add(cert).map_err(|e| {
                DastError::Usage(format!(
                    "--ca-cert {shown}: not a usable CA certificate: {e}"
                ))
            })?;
            added += 1;
        }
        if added == 0 {
            return Err(DastError::Usage(format!(
                "--ca-cert {shown}: no PEM certificate (-----BEGIN CERTIFICATE-----) in the file"
            )));
        }
    }
    Ok(store)
}

/// What the verifier saw of the server's certificate on the inspection connection.
#[derive(Clone, Debug, Default)]
struct Seen {
    leaf: Vec<u8>,
    verdict: Option<Result<(), CertificateError>>,
}

/// rustls's WebPKI verification, which either refuses a certificate that does not verify
/// (the run's connections) or accepts it and records why it failed (the inspection, and
/// every connection under `--tls-insecure`). Handshake signatures are always checked
/// against the certificate's key.
#[derive(Debug)]
struct Verifier {
    inner: Arc<WebPkiServerVerifier>,
    accept_invalid: bool,
    seen: Option<Mutex<Seen>>,
}

impl ServerCertVerifier for Verifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let result = self.inner.verify_server_cert(
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        );
        if let Some(seen) = &self.seen {
            let mut s = seen.lock().unwrap_or_else(|e| e.into_inner());
            s.leaf = end_entity.to_vec();
            s.verdict = Some(match &result {
                Ok(_) => Ok(()),
                Err(rustls::Error::InvalidCertificate(e)) => Err(e.clone()),
                Err(other) => Err(CertificateError::Other(rustls::OtherError(Arc::new(
                    std::io::Error::other(other.to_string()),
                )))),
            });
        }
        match result {
            Err(_) if self.accept_invalid => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

fn config(verifier: Arc<Verifier>) -> Result<Arc<ClientConfig>, DastError> {
    let c = ClientConfig::builder_with_provider(provider())
        .with_protocol_versions(&[&rustls::version::TLS13, &rustls::version::TLS12])
        .map_err(|e| DastError::Io(format!("TLS configuration: {e}")))?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    Ok(Arc::new(c))
}

fn verifier(
    roots: &RootCertStore,
    accept_invalid: bool,
    record: bool,
) -> Result<Arc<Verifier>, DastError> {
    let inner = WebPkiServerVerifier::builder_with_provider(Arc::new(roots.clone()), provider())
        .build()
        .map_err(|e| DastError::Usage(format!("--ca-cert: {e}")))?;
    Ok(Arc::new(Verifier {
        inner,
        accept_invalid,
        seen: record.then(Mutex::default),
    }))
}

/// The TLS settings of one run's HTTP client.
#[derive(Clone, Debug)]
pub struct Tls {
    pub config: Arc<ClientConfig>,
}

impl Tls {
    /// Verifying (or, with `accept_invalid`, accepting what does not verify).
    pub fn new(roots: &RootCertStore, accept_invalid: bool) -> Result<Tls, DastError> {
        Ok(Tls {
            config: config(verifier(roots, accept_invalid, false)?)?,
        })
    }
}

/// A TLS connection over a TCP stream, every socket operation within a deadline.
pub struct TlsStream {
    conn: rustls::ClientConnection,
    tcp: TcpStream,
    deadline: Instant,
    timeout_ms: u128,
}

fn io_error(e: std::io::Error, timeout_ms: u128) -> HttpError {
    match e.kind() {
        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut => {
            HttpError::Timeout(timeout_ms)
        }
        _ => HttpError::Io(e.to_string()),
    }
}

impl TlsStream {
    /// Shake hands with the server named `host` (SNI when it is a name; an address is
    /// verified against the certificate's IP addresses) within `deadline`.
    pub fn connect(
        tcp: TcpStream,
        config: Arc<ClientConfig>,
        host: &str,
        deadline: Instant,
        timeout_ms: u128,
    ) -> Result<TlsStream, HttpError> {
        let name = ServerName::try_from(host.to_string())
            .map_err(|_| HttpError::Url(format!("{host}: not a name TLS can verify")))?;
        let conn = rustls::ClientConnection::new(config, name)
            .map_err(|e| HttpError::Tls(describe_error(&e)))?;
        let mut s = TlsStream {
            conn,
            tcp,
            deadline,
            timeout_ms,
        };
        while s.conn.is_handshaking() {
            s.step()?;
        }
        Ok(s)
    }

    /// Time left, set on the socket; a timeout error when none is left.
    fn arm(&mut self) -> Result<(), HttpError> {
        let left = self
            .deadline
            .checked_duration_since(Instant::now())
            .filter(|d| !d.is_zero())
            .ok_or(HttpError::Timeout(self.timeout_ms))?;
        let t = self.timeout_ms;
        self.tcp
            .set_read_timeout(Some(left))
            .and_then(|_| self.tcp.set_write_timeout(Some(left)))
            .map_err(|e| io_error(e, t))
    }

    /// One socket operation: write what rustls has to send, else read what it waits for.
    /// `Ok(false)` when the server closed the connection.
    fn step(&mut self) -> Result<bool, HttpError> {
        self.arm()?;
        let t = self.timeout_ms;
        if self.conn.wants_write() {
            self.conn
                .write_tls(&mut self.tcp)
                .map_err(|e| io_error(e, t))?;
            return Ok(true);
        }
        let n = self
            .conn
            .read_tls(&mut self.tcp)
            .map_err(|e| io_error(e, t))?;
        if n == 0 {
            if self.conn.is_handshaking() {
                return Err(HttpError::Tls(
                    "the server closed the connection during the TLS handshake".into(),
                ));
            }
            return Ok(false);
        }
        if let Err(e) = self.conn.process_new_packets() {
            // Tell the server why, as TLS expects; it may be gone already.
            let _ = self.conn.write_tls(&mut self.tcp);
            return Err(HttpError::Tls(describe_error(&e)));
        }
        Ok(true)
    }

    pub fn write_all(&mut self, bytes: &[u8]) -> Result<(), HttpError> {
        self.conn
            .writer()
            .write_all(bytes)
            .map_err(|e| HttpError::Io(e.to_string()))?;
        while self.conn.wants_write() {
            self.step()?;
        }
        Ok(())
    }

    /// Some plaintext into `buf`; 0 at the end of the stream.
    pub fn read(&mut self, buf: &mut [u8]) -> Result<usize, HttpError> {
        loop {
            match self.conn.reader().read(buf) {
                Ok(n) => return Ok(n),
                // A server that closes without close_notify: the HTTP parser decides
                // whether the response was whole (Content-Length, chunks).
                Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(0),
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                    if !self.step()? {
                        return Ok(0);
                    }
                }
                Err(e) => return Err(HttpError::Io(e.to_string())),
            }
        }
    }

    /// The version and suite agreed on.
    fn agreed(&self) -> String {
        let v = self.conn.protocol_version().map_or("TLS".to_string(), |v| {
            format!("{v:?}").replace("TLSv1_", "TLS 1.")
        });
        let s = self
            .conn
            .negotiated_cipher_suite()
            .map_or(String::new(), |s| format!(" with {:?}", s.suite()));
        format!("{v}{s}")
    }

    fn close(mut self) {
        self.conn.send_close_notify();
        let _ = self.arm().map(|_| self.conn.write_tls(&mut self.tcp));
    }
}

/// A rustls error in words a reader of the report understands.
fn describe_error(e: &rustls::Error) -> String {
    match e {
        rustls::Error::InvalidCertificate(c) => {
            format!(
                "the certificate does not verify: {}",
                certificate_reason(c, None)
            )
        }
        rustls::Error::AlertReceived(a) => format!("the server refused the handshake ({a:?})"),
        rustls::Error::InvalidMessage(m) => {
            format!("the server's answer is not TLS as expected ({m:?})")
        }
        rustls::Error::PeerIncompatible(p) => {
            format!("the server offers nothing this client accepts ({p:?})")
        }
        other => other.to_string(),
    }
}

/// Why a certificate does not verify, with its dates and names where known.
fn certificate_reason(e: &CertificateError, info: Option<&cert::CertInfo>) -> String {
    let cn = info
        .and_then(|i| i.common_name.as_deref())
        .map(|c| format!(" (CN={})", crate::safe::text(c)))
        .unwrap_or_default();
    match e {
        CertificateError::Expired | CertificateError::ExpiredContext { .. } => match info {
            Some(i) => format!("the certificate{cn} expired on {}", cert::date(i.not_after)),
            None => "the certificate has expired".into(),
        },
        CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => match info
        {
            Some(i) => format!(
                "the certificate{cn} is not valid before {}",
                cert::date(i.not_before)
            ),
            None => "the certificate is not valid yet".into(),
        },
        CertificateError::NotValidForName => {
            format!("the certificate{cn} is not valid for the target's host name")
        }
        CertificateError::NotValidForNameContext {
            expected,
            presented,
        } => {
            let names: Vec<String> = presented
                .iter()
                .take(10)
                .map(|n| crate::safe::text(presented_name(n)))
                .collect();
            format!(
                "the certificate{cn} is not valid for {} (it names {})",
                expected.to_str(),
                if names.is_empty() {
                    "no host".into()
                } else {
                    names.join(", ")
                }
            )
        }
        CertificateError::UnknownIssuer if info.is_some_and(|i| i.self_issued) => format!(
            "the certificate{cn} is self-signed, not issued by a trusted CA (neither the bundled roots nor --ca-cert)"
        ),
        CertificateError::UnknownIssuer => format!(
            "the certificate{cn} is issued by an unknown CA (neither the bundled roots nor --ca-cert)"
        ),
        CertificateError::BadSignature => format!("the certificate{cn} has a bad signature"),
        CertificateError::Revoked => format!("the certificate{cn} is revoked"),
        CertificateError::InvalidPurpose | CertificateError::InvalidPurposeContext { .. } => {
            format!("the certificate{cn} is not for server authentication")
        }
        CertificateError::BadEncoding => "the certificate is malformed".into(),
        other => format!("the certificate{cn} does not verify ({other:?})"),
    }
}

/// `other.bank.test` of webpki's `DnsName("other.bank.test")` (and `IpAddress(..)`).
fn presented_name(n: &str) -> &str {
    match (n.find('('), n.rfind(')')) {
        (Some(a), Some(b)) if a < b => n[a + 1..b].trim_matches('"'),
        _ => n,
    }
}

/// What the inspection learnt.
#[derive(Debug)]
pub struct Inspection {
    /// Why the certificate does not verify, `None` when it does.
    pub invalid: Option<String>,
    /// Why no TLS 1.2 or 1.3 connection is possible although the server speaks TLS 1.0 or
    /// 1.1 (then nothing else can be tested).
    pub legacy_only: Option<String>,
    pub findings: Vec<Finding>,
    /// Probes that gave no answer, with why.
    pub unchecked: Vec<String>,
}

pub const CERT_INVALID: Rule = Rule {
    slug: "tls-certificate-invalid",
    title: "TLS certificate that does not verify (expired, wrong host, untrusted issuer)",
    severity: Severity::High,
    confidence: Confidence::High,
    cwe: &[295],
    tags: &["tls", "transport", "pci-dss", "owasp-a02"],
    what: "The target's TLS certificate does not verify against the bundled Mozilla roots and the CAs given with `--ca-cert`: it has expired or is not valid yet, it does not name the target's host, it is self-signed or issued by an unknown CA, or its signature is bad. The message says which. No request with credentials is sent over such a connection: the run stops and every operation is listed as unchecked, unless `--tls-insecure` is given.",
    why: "Clients that accept such a certificate, or users trained to click through the warning, can be intercepted by anyone on the path: session tokens, card data and payment instructions are read and altered in transit. PCI DSS requirement 4.2.1 asks for trusted, valid certificates on every transmission of cardholder data over open networks.",
    fix: "Serve a certificate from a CA the clients trust (a public CA, or the bank's private CA distributed to every client), for every host name the API is reached under, and renew it before it expires (automate renewal). Give tollgate the private CA with `--ca-cert`.",
    references: &[
        "PCI DSS v4.0 requirement 4.2.1",
        "RFC 5280 (certificate path validation); RFC 6125 (host name checks)",
        "OWASP ASVS 4.0 V9.2.1",
    ],
};

pub const CERT_EXPIRING: Rule = Rule {
    slug: "tls-certificate-expiring",
    title: "TLS certificate that expires within 30 days",
    severity: Severity::Low,
    confidence: Confidence::High,
    cwe: &[298],
    tags: &["tls", "transport", "availability"],
    what: "The target's certificate verifies, but its validity ends within 30 days.",
    why: "An expired certificate takes a payment API offline for every client that verifies it (and teaches the others to ignore certificate errors); renewal that is left to the last weeks is how that happens.",
    fix: "Renew the certificate now and automate renewal well ahead of expiry (ACME or the private CA's tooling), with monitoring on the remaining validity.",
    references: &["PCI DSS v4.0 requirement 4.2.1.1 (inventory of trusted keys and certificates)"],
};

pub const LEGACY_PROTOCOL: Rule = Rule {
    slug: "tls-legacy-protocol",
    title: "Server that accepts TLS 1.0 or TLS 1.1",
    severity: Severity::Medium,
    confidence: Confidence::High,
    cwe: &[327],
    tags: &["tls", "transport", "pci-dss", "owasp-a02"],
    what: "The server answered a TLS 1.0 or TLS 1.1 ClientHello with a ServerHello at that version: it still agrees to an early TLS handshake. The probe is a hand-made ClientHello (record version 0x0301, the hello's version 0x0301 or 0x0302, CBC, 3DES and RC4 suites, the server name); it hangs up after the ServerHello, so no key exchange takes place.",
    why: "TLS 1.0 and 1.1 rest on MD5 and SHA-1 in the handshake and on CBC constructions with known attacks (BEAST, POODLE-style padding oracles); PCI DSS has forbidden early TLS for cardholder data since 2018, and RFC 8996 deprecates both.",
    fix: "Allow only TLS 1.2 and 1.3 on the listener (and on the load balancer or TLS terminator in front of it).",
    references: &[
        "PCI DSS v4.0 requirement 4.2.1 and Appendix A2 (early TLS)",
        "RFC 8996: Deprecating TLS 1.0 and TLS 1.1",
        "NIST SP 800-52 Rev. 2",
    ],
};

pub const WEAK_CIPHER: Rule = Rule {
    slug: "tls-weak-cipher",
    title: "Server that accepts a broken cipher suite (RC4, 3DES, export, NULL, anonymous)",
    severity: Severity::Medium,
    confidence: Confidence::High,
    cwe: &[327],
    tags: &["tls", "transport", "crypto", "pci-dss", "owasp-a02"],
    what: "The server answered a TLS 1.2 ClientHello that offered only broken suites (RC4, 3DES, export grade, NULL encryption, anonymous key exchange) with a ServerHello choosing one of them. The probe hangs up after the ServerHello.",
    why: "RC4 and 3DES (Sweet32) leak plaintext over long sessions, export suites are breakable in hours, NULL suites encrypt nothing and anonymous suites authenticate no server: a client or downgrade that lands on one exposes payment traffic.",
    fix: "Configure the listener with AEAD suites only (AES-GCM, ChaCha20-Poly1305) with ECDHE key exchange, and remove every suite of the kinds above.",
    references: &[
        "PCI DSS v4.0 requirement 4.2.1 (strong cryptography)",
        "RFC 7465 (prohibiting RC4); NIST SP 800-52 Rev. 2",
    ],
};

/// The rules of this module.
pub fn rules() -> Vec<&'static Rule> {
    vec![
        &CERT_INVALID,
        &CERT_EXPIRING,
        &LEGACY_PROTOCOL,
        &WEAK_CIPHER,
    ]
}

/// A finding about the target's TLS as a whole (no HTTP operation), at `origin`.
fn finding(
    rule: &Rule,
    origin: &str,
    key: &str,
    message: String,
    sent: &str,
    got: &str,
) -> Finding {
    let fp = tollgate_core::fingerprint::fingerprint(rule.id().as_str(), origin, key.as_bytes());
    let mut f = Finding::of_rule(&rule.meta(), Location::url("TLS", origin, None), fp);
    f.message = crate::safe::text(&message);
    f.data.insert("operation".into(), "(TLS)".into());
    f.data.insert("request".into(), sent.to_string());
    f.data.insert("response".into(), got.to_string());
    f
}

/// A random for the hand-made ClientHellos (never used for keys: no handshake completes).
fn random() -> [u8; 32] {
    use sha2::Digest as _;
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    sha2::Sha256::digest(t.to_be_bytes()).into()
}

/// How a caller grants each connection of the inspection: a rate-limit slot and a timeout,
/// or `None` when the run's time is up.
pub type Slot<'a> = &'a dyn Fn() -> Option<Duration>;

fn connect(url: &Url, timeout: Duration) -> Result<TcpStream, HttpError> {
    let start = Instant::now();
    let mut last = HttpError::Connect(url.authority(), "no address".into());
    for a in crate::http::addresses(url)? {
        let Some(t) = timeout
            .checked_sub(start.elapsed())
            .filter(|t| !t.is_zero())
        else {
            return Err(HttpError::Timeout(timeout.as_millis()));
        };
        match TcpStream::connect_timeout(&a, t) {
            Ok(s) => return Ok(s),
            Err(e) => last = HttpError::Connect(url.authority(), e.to_string()),
        }
    }
    Err(last)
}

/// Check the target's TLS before anything else is sent: one handshake (nothing is sent
/// over it) for the certificate, then the hand-made hellos. An `Err` when no TLS handshake
/// with the target is possible at all (not TLS, closed, stalled, incompatible).
pub fn inspect(
    url: &Url,
    roots: &RootCertStore,
    slot: Slot<'_>,
    now_unix: i64,
) -> Result<Inspection, DastError> {
    let origin = url.origin();
    let fail = |e: HttpError| {
        DastError::Io(format!(
            "--target {}: no TLS connection: {e}; nothing was tested",
            crate::safe::text(&origin)
        ))
    };
    let time_up = || {
        DastError::Usage(format!(
            "--target {}: the time limit was reached before the TLS handshake",
            crate::safe::text(&origin)
        ))
    };
    let timeout = slot().ok_or_else(time_up)?;
    let recorder = verifier(roots, true, true)?;
    let cfg = config(recorder.clone())?;
    let tcp = connect(url, timeout).map_err(fail)?;
    let stream = match TlsStream::connect(
        tcp,
        cfg,
        &url.host,
        Instant::now() + timeout,
        timeout.as_millis(),
    ) {
        Ok(s) => s,
        // A refusal at the TLS level may come from a server that speaks only TLS 1.0 or
        // 1.1: the worst case of early TLS must be a finding, not just an error.
        Err(e @ HttpError::Tls(_)) => {
            let mut out = Inspection {
                invalid: None,
                legacy_only: None,
                findings: Vec::new(),
                unchecked: Vec::new(),
            };
            probe_versions(url, slot, &mut out);
            if out.findings.is_empty() {
                return Err(fail(e));
            }
            out.legacy_only = Some(e.to_string());
            return Ok(out);
        }
        Err(e) => return Err(fail(e)),
    };
    let agreed = stream.agreed();
    stream.close();
    let seen = recorder
        .seen
        .as_ref()
        .map(|s| s.lock().unwrap_or_else(|e| e.into_inner()).clone())
        .unwrap_or_default();
    let info = cert::info(&seen.leaf);
    let mut out = Inspection {
        invalid: None,
        legacy_only: None,
        findings: Vec::new(),
        unchecked: Vec::new(),
    };
    let described = format!(
        "TLS handshake to {}: {agreed}; certificate{}",
        crate::safe::text(&origin),
        info.as_ref()
            .map(|i| format!(
                " {}valid {} to {}",
                i.common_name
                    .as_deref()
                    .map(|c| format!("CN={} ", crate::safe::text(c)))
                    .unwrap_or_default(),
                cert::date(i.not_before),
                cert::date(i.not_after)
            ))
            .unwrap_or_else(|| " (its fields could not be read)".into())
    );
    match &seen.verdict {
        Some(Err(e)) => {
            let reason = certificate_reason(e, info.as_ref());
            out.findings.push(finding(
                &CERT_INVALID,
                &origin,
                "",
                format!("{}: {reason}", crate::safe::text(&origin)),
                "a TLS handshake (no request sent)",
                &described,
            ));
            out.invalid = Some(reason);
        }
        Some(Ok(())) => {
            if let Some(i) = &info {
                let days = (i.not_after - now_unix).div_euclid(86_400);
                if i.not_after > now_unix && days < EXPIRY_WARNING_DAYS {
                    out.findings.push(finding(
                        &CERT_EXPIRING,
                        &origin,
                        "",
                        format!(
                            "{}: the certificate expires on {} ({days} days left)",
                            crate::safe::text(&origin),
                            cert::date(i.not_after)
                        ),
                        "a TLS handshake (no request sent)",
                        &described,
                    ));
                }
            }
        }
        None => out
            .unchecked
            .push("certificate: the handshake finished without a certificate to check".into()),
    }
    probe_versions(url, slot, &mut out);
    probe_weak_suites(url, slot, &mut out);
    Ok(out)
}

/// Send one hand-made hello and read the answer, within `timeout`.
fn exchange(url: &Url, hello: &[u8], timeout: Duration) -> Result<hello::Answer, HttpError> {
    let start = Instant::now();
    let mut s = connect(url, timeout)?;
    let left = || {
        timeout
            .checked_sub(start.elapsed())
            .filter(|t| !t.is_zero())
            .ok_or(HttpError::Timeout(timeout.as_millis()))
    };
    let t = timeout.as_millis();
    s.set_write_timeout(Some(left()?))
        .map_err(|e| io_error(e, t))?;
    s.write_all(hello).map_err(|e| io_error(e, t))?;
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        s.set_read_timeout(Some(left()?))
            .map_err(|e| io_error(e, t))?;
        let n = match s.read(&mut chunk) {
            Ok(n) => n,
            // A reset after the hello is a refusal like a close.
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => 0,
            Err(e) => return Err(io_error(e, t)),
        };
        buf.extend_from_slice(&chunk[..n]);
        if let Some(a) = hello::read_answer(&buf, n == 0) {
            return Ok(a);
        }
    }
}

fn hello_text(version: u16, suites: &[hello::Suite], sni: &str) -> String {
    format!(
        "hand-made ClientHello: record version 0x0301, hello version 0x{version:04X} ({}), server name {sni}, suites: {}",
        hello::version_name(version),
        suites.iter().map(|s| s.name).collect::<Vec<_>>().join(", ")
    )
}

fn answer_text(a: &hello::Answer) -> String {
    match a {
        hello::Answer::ServerHello { version, suite } => format!(
            "ServerHello: {} (0x{version:04X}), suite {}",
            hello::version_name(*version),
            hello::suite_name(*suite)
        ),
        hello::Answer::Alert { description, .. } => {
            format!("alert: {}", hello::alert_name(*description))
        }
        hello::Answer::Closed => "the server closed the connection".into(),
        hello::Answer::NotTls(why) => why.clone(),
    }
}

/// TLS 1.0 and 1.1 hellos: a ServerHello at the version offered means it is accepted.
fn probe_versions(url: &Url, slot: Slot<'_>, out: &mut Inspection) {
    let origin = url.origin();
    let sni = if url.host.parse::<std::net::IpAddr>().is_ok() {
        "none (the target is an address)".to_string()
    } else {
        url.host.clone()
    };
    let suites: Vec<u16> = hello::LEGACY_SUITES.iter().map(|s| s.id).collect();
    let mut accepted = Vec::new();
    let mut evidence = Vec::new();
    for version in [hello::TLS10, hello::TLS11] {
        let name = hello::version_name(version);
        let Some(timeout) = slot() else {
            out.unchecked.push(format!(
                "{name} probe: not sent, the run's time limit (--max-time) was reached"
            ));
            continue;
        };
        let h = hello::client_hello(hello::TLS10, version, &suites, Some(&url.host), random());
        match exchange(url, &h, timeout) {
            Ok(a @ hello::Answer::ServerHello { version: v, .. }) if v == version => {
                accepted.push(name);
                evidence.push((
                    hello_text(version, hello::LEGACY_SUITES, &sni),
                    answer_text(&a),
                ));
            }
            // A refusal: an alert, a hang-up, or a hello at another version.
            Ok(
                hello::Answer::ServerHello { .. }
                | hello::Answer::Alert { .. }
                | hello::Answer::Closed,
            ) => {}
            Ok(hello::Answer::NotTls(why)) => out
                .unchecked
                .push(format!("{name} probe: {}", crate::safe::text(&why))),
            Err(e) => out.unchecked.push(format!("{name} probe: no answer ({e})")),
        }
    }
    if !accepted.is_empty() {
        let sent: Vec<String> = evidence.iter().map(|(s, _)| s.clone()).collect();
        let got: Vec<String> = evidence.iter().map(|(_, g)| g.clone()).collect();
        out.findings.push(finding(
            &LEGACY_PROTOCOL,
            &origin,
            "",
            format!(
                "{} accepts {} (answered with a ServerHello at that version)",
                crate::safe::text(&origin),
                accepted.join(" and ")
            ),
            &sent.join("\n"),
            &got.join("\n"),
        ));
    }
}

/// A TLS 1.2 hello offering only broken suites: a ServerHello choosing one is a finding.
fn probe_weak_suites(url: &Url, slot: Slot<'_>, out: &mut Inspection) {
    let origin = url.origin();
    let Some(timeout) = slot() else {
        out.unchecked.push(
            "weak cipher suite probe: not sent, the run's time limit (--max-time) was reached"
                .into(),
        );
        return;
    };
    let suites: Vec<u16> = hello::WEAK_SUITES.iter().map(|s| s.id).collect();
    let h = hello::client_hello(
        hello::TLS10,
        hello::TLS12,
        &suites,
        Some(&url.host),
        random(),
    );
    let sni = if url.host.parse::<std::net::IpAddr>().is_ok() {
        "none (the target is an address)".to_string()
    } else {
        url.host.clone()
    };
    match exchange(url, &h, timeout) {
        Ok(a @ hello::Answer::ServerHello { suite, .. }) if suites.contains(&suite) => {
            out.findings.push(finding(
                &WEAK_CIPHER,
                &origin,
                "",
                format!(
                    "{} accepts the broken cipher suite {}",
                    crate::safe::text(&origin),
                    hello::suite_name(suite)
                ),
                &hello_text(hello::TLS12, hello::WEAK_SUITES, &sni),
                &answer_text(&a),
            ));
        }
        Ok(
            hello::Answer::ServerHello { .. } | hello::Answer::Alert { .. } | hello::Answer::Closed,
        ) => {}
        Ok(hello::Answer::NotTls(why)) => out.unchecked.push(format!(
            "weak cipher suite probe: {}",
            crate::safe::text(&why)
        )),
        Err(e) => out
            .unchecked
            .push(format!("weak cipher suite probe: no answer ({e})")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn certificate_fields_are_read_from_a_real_certificate() {
        let key = rcgen::KeyPair::generate().unwrap();
        let mut p = rcgen::CertificateParams::new(vec!["bank.test".to_string()]).unwrap();
        p.distinguished_name
            .push(rcgen::DnType::CommonName, "bank.test");
        p.not_before = rcgen::date_time_ymd(2020, 2, 29);
        p.not_after = rcgen::date_time_ymd(2031, 12, 31);
        let c = p.self_signed(&key).unwrap();
        let i = cert::info(c.der()).expect("fields");
        assert_eq!(cert::date(i.not_before), "2020-02-29");
        assert_eq!(cert::date(i.not_after), "2031-12-31");
        assert!(i.self_issued);
        assert_eq!(i.common_name.as_deref(), Some("bank.test"));
        // Any cut of it is refused, never a panic.
        for n in 0..c.der().len() {
            assert_eq!(cert::info(&c.der()[..n]), None);
        }
    }

    #[test]
    fn a_ca_file_without_a_certificate_is_a_usage_error() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("ca.pem");
        std::fs::write(&p, "not a certificate\n").unwrap();
        let e = roots(&TlsOptions {
            ca_certs: vec![p.clone()],
            insecure: false,
        })
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("no PEM certificate") && e.contains("ca.pem"),
            "{e}"
        );
        let e = roots(&TlsOptions {
            ca_certs: vec![dir.path().join("missing.pem")],
            insecure: false,
        })
        .unwrap_err()
        .to_string();
        assert!(e.contains("missing.pem"), "{e}");
    }
}
