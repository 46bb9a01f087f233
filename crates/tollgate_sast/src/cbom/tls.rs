//! TLS settings for the CBOM: the protocols and cipher suites that nginx, Apache httpd
//! and Spring Boot configuration names.
//!
//! A cipher suite is split into its key exchange, authentication, cipher and hash only
//! when every part of its name is known (IANA names are read part by part; common
//! OpenSSL names through a table to their IANA names); any other name, and OpenSSL's
//! keywords (`HIGH`, `EECDH+AESGCM`), are listed as written without parts.

use super::material::Read;
use super::{AlgKey, Asset, CryptoUse, Protocol, Suite};

/// A protocol as configured: its name (`TLSv1.2`), version (`1.2`), or `None` when the
/// setting does not fix one (`TLS`).
fn protocol(token: &str) -> Option<(&'static str, Option<&'static str>)> {
    Some(match token.to_ascii_uppercase().as_str() {
        "SSLV2" => ("SSLv2", Some("2.0")),
        "SSLV3" => ("SSLv3", Some("3.0")),
        "TLSV1" | "TLSV1.0" => ("TLSv1.0", Some("1.0")),
        "TLSV1.1" => ("TLSv1.1", Some("1.1")),
        "TLSV1.2" => ("TLSv1.2", Some("1.2")),
        "TLSV1.3" => ("TLSv1.3", Some("1.3")),
        "TLS" => ("TLS", None),
        _ => return None,
    })
}

/// OpenSSL's names of common suites, and the IANA names they stand for.
const OPENSSL: &[(&str, &str)] = &[
    (
        "ECDHE-ECDSA-AES128-GCM-SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
    ),
    (
        "ECDHE-RSA-AES128-GCM-SHA256",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    ),
    (
        "ECDHE-ECDSA-AES256-GCM-SHA384",
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
    ),
    (
        "ECDHE-RSA-AES256-GCM-SHA384",
        "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
    ),
    (
        "ECDHE-ECDSA-CHACHA20-POLY1305",
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
    ),
    (
        "ECDHE-RSA-CHACHA20-POLY1305",
        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
    ),
    (
        "DHE-RSA-AES128-GCM-SHA256",
        "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
    ),
    (
        "DHE-RSA-AES256-GCM-SHA384",
        "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
    ),
    (
        "DHE-RSA-CHACHA20-POLY1305",
        "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
    ),
    (
        "ECDHE-ECDSA-AES128-SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
    ),
    (
        "ECDHE-RSA-AES128-SHA256",
        "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
    ),
    (
        "ECDHE-ECDSA-AES256-SHA384",
        "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
    ),
    (
        "ECDHE-RSA-AES256-SHA384",
        "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",
    ),
    (
        "ECDHE-ECDSA-AES128-SHA",
        "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
    ),
    ("ECDHE-RSA-AES128-SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"),
    (
        "ECDHE-ECDSA-AES256-SHA",
        "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
    ),
    ("ECDHE-RSA-AES256-SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA"),
    (
        "DHE-RSA-AES128-SHA256",
        "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256",
    ),
    (
        "DHE-RSA-AES256-SHA256",
        "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256",
    ),
    ("DHE-RSA-AES128-SHA", "TLS_DHE_RSA_WITH_AES_128_CBC_SHA"),
    ("DHE-RSA-AES256-SHA", "TLS_DHE_RSA_WITH_AES_256_CBC_SHA"),
    ("AES128-GCM-SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256"),
    ("AES256-GCM-SHA384", "TLS_RSA_WITH_AES_256_GCM_SHA384"),
    ("AES128-SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA256"),
    ("AES256-SHA256", "TLS_RSA_WITH_AES_256_CBC_SHA256"),
    ("AES128-SHA", "TLS_RSA_WITH_AES_128_CBC_SHA"),
    ("AES256-SHA", "TLS_RSA_WITH_AES_256_CBC_SHA"),
    ("DES-CBC3-SHA", "TLS_RSA_WITH_3DES_EDE_CBC_SHA"),
    (
        "ECDHE-RSA-DES-CBC3-SHA",
        "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA",
    ),
    ("EDH-RSA-DES-CBC3-SHA", "TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA"),
    ("RC4-SHA", "TLS_RSA_WITH_RC4_128_SHA"),
    ("RC4-MD5", "TLS_RSA_WITH_RC4_128_MD5"),
    ("ECDHE-RSA-RC4-SHA", "TLS_ECDHE_RSA_WITH_RC4_128_SHA"),
];

/// One part of a suite: algorithm, primitive, mode, size, function.
type Part = (
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<u32>,
    &'static str,
);

/// The parts of a suite named the IANA way (`TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256`, or
/// Java's `SSL_` prefix), `None` when some part is not known.
fn iana_parts(name: &str) -> Option<Vec<Part>> {
    let u = name.to_ascii_uppercase();
    let rest = u.strip_prefix("TLS_").or_else(|| u.strip_prefix("SSL_"))?;
    let mut parts = Vec::new();
    let bulk = match rest.split_once("_WITH_") {
        Some((kx, bulk)) => {
            let ecdh = ("ECDH", "key-agree", None, None, "keyderive");
            let dh = ("DH", "key-agree", None, None, "keyderive");
            let rsa_sig = ("RSA", "signature", None, None, "verify");
            let ecdsa = ("ECDSA", "signature", None, None, "verify");
            match kx {
                "ECDHE_RSA" | "ECDH_RSA" => parts.extend([ecdh, rsa_sig]),
                "ECDHE_ECDSA" | "ECDH_ECDSA" => parts.extend([ecdh, ecdsa]),
                "DHE_RSA" | "DH_RSA" => parts.extend([dh, rsa_sig]),
                "DHE_DSS" | "DH_DSS" => {
                    parts.extend([dh, ("DSA", "signature", None, None, "verify")])
                }
                "RSA" => parts.push(("RSA", "pke", None, None, "encapsulate")),
                _ => return None,
            }
            bulk
        }
        None => rest, // TLS 1.3: the key exchange is negotiated apart from the suite
    };
    let (cipher, hash) = bulk.rsplit_once('_')?;
    let aes = |size, mode| {
        let prim = if mode == "gcm" || mode == "ccm" {
            "ae"
        } else {
            "block-cipher"
        };
        ("AES", prim, Some(mode), Some(size), "encrypt")
    };
    parts.push(match cipher {
        "AES_128_GCM" => aes(128, "gcm"),
        "AES_256_GCM" => aes(256, "gcm"),
        "AES_128_CCM" => aes(128, "ccm"),
        "AES_256_CCM" => aes(256, "ccm"),
        "AES_128_CBC" => aes(128, "cbc"),
        "AES_256_CBC" => aes(256, "cbc"),
        "CHACHA20_POLY1305" => ("ChaCha20", "ae", None, Some(256), "encrypt"),
        "3DES_EDE_CBC" => ("3DES", "block-cipher", Some("cbc"), Some(168), "encrypt"),
        "RC4_128" => ("RC4", "stream-cipher", None, Some(128), "encrypt"),
        "CAMELLIA_128_CBC" => (
            "Camellia",
            "block-cipher",
            Some("cbc"),
            Some(128),
            "encrypt",
        ),
        "CAMELLIA_256_CBC" => (
            "Camellia",
            "block-cipher",
            Some("cbc"),
            Some(256),
            "encrypt",
        ),
        _ => return None,
    });
    parts.push(match hash {
        "SHA" => ("SHA-1", "hash", None, Some(160), "digest"),
        "SHA256" => ("SHA-256", "hash", None, Some(256), "digest"),
        "SHA384" => ("SHA-384", "hash", None, Some(384), "digest"),
        "MD5" => ("MD5", "hash", None, Some(128), "digest"),
        _ => return None,
    });
    Some(parts)
}

/// The parts of a suite by either name.
fn suite_parts(name: &str) -> Option<Vec<Part>> {
    let up = name.to_ascii_uppercase();
    match OPENSSL.iter().find(|(o, _)| *o == up) {
        Some((_, iana)) => iana_parts(iana),
        None => iana_parts(name),
    }
}

/// The suites an OpenSSL cipher string enables: exclusions (`!`, `-`), reorderings (`+`)
/// and directives (`@STRENGTH`) left out.
fn cipher_list(value: &str) -> Vec<String> {
    value
        .split([':', ',', ' ', '\t'])
        .map(|t| t.trim().trim_matches(['"', '\'']))
        .filter(|t| !t.is_empty() && !t.starts_with(['!', '-', '+', '@']) && t.len() <= 100)
        .map(str::to_string)
        .collect()
}

/// The settings found in one file: `(line, value, directive)`; ciphers also say whether
/// the setting is TLS 1.3's own (nginx's `Ciphersuites`, `SSLCipherSuite TLSv1.3`).
#[derive(Default)]
struct Settings {
    protocols: Vec<(u32, String, String)>,
    ciphers: Vec<(u32, String, String, bool)>,
}

/// Whether a suite is one of TLS 1.3's (`TLS_AES_128_GCM_SHA256`): they have no key
/// exchange in the name and serve TLS 1.3 alone; the others serve TLS 1.2 and before.
fn tls13_suite(name: &str) -> bool {
    let u = name.to_ascii_uppercase();
    u.starts_with("TLS_") && !u.contains("_WITH_") && suite_parts(name).is_some()
}

fn nginx_apache(text: &str, s: &mut Settings) {
    for (i, raw) in text.lines().enumerate() {
        let line = i as u32 + 1;
        let l = raw.trim();
        if l.starts_with('#') {
            continue;
        }
        let l = l.split(" #").next().unwrap_or(l);
        let (word, rest) = l.split_once([' ', '\t']).unwrap_or((l, ""));
        let rest = rest.trim().trim_end_matches(';').trim();
        let args = || {
            rest.split_whitespace()
                .map(|a| a.trim_matches(['"', '\'']).to_string())
                .filter(|a| !a.is_empty())
        };
        match word.to_ascii_lowercase().as_str() {
            // nginx
            "ssl_protocols" | "proxy_ssl_protocols" | "grpc_ssl_protocols" => {
                for a in args() {
                    s.protocols.push((line, a, word.to_string()));
                }
            }
            "ssl_ciphers" | "proxy_ssl_ciphers" | "grpc_ssl_ciphers" => {
                for c in cipher_list(rest) {
                    s.ciphers.push((line, c, word.to_string(), false));
                }
            }
            "ssl_conf_command" => {
                let mut a = args();
                if a.next()
                    .is_some_and(|k| k.eq_ignore_ascii_case("ciphersuites"))
                {
                    for v in a {
                        for c in cipher_list(&v) {
                            s.ciphers
                                .push((line, c, "ssl_conf_command Ciphersuites".into(), true));
                        }
                    }
                }
            }
            // Apache httpd: `SSLProtocol all -SSLv3 -TLSv1`, set by additions and removals.
            "sslprotocol" | "sslproxyprotocol" => {
                let mut on: Vec<String> = Vec::new();
                for a in args() {
                    let (minus, name) = match a.as_bytes().first() {
                        Some(b'-') => (true, &a[1..]),
                        Some(b'+') => (false, &a[1..]),
                        _ => (false, a.as_str()),
                    };
                    let names: Vec<&str> = if name.eq_ignore_ascii_case("all") {
                        vec!["TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"]
                    } else {
                        vec![name]
                    };
                    for n in names {
                        let n = protocol(n).map(|p| p.0).unwrap_or(n).to_string();
                        on.retain(|x| *x != n);
                        if !minus {
                            on.push(n);
                        }
                    }
                }
                for n in on {
                    s.protocols.push((line, n, word.to_string()));
                }
            }
            "sslciphersuite" | "sslproxyciphersuite" => {
                // `SSLCipherSuite TLSv1.3 TLS_AES_256_GCM_SHA384`: a protocol first.
                let v: Vec<String> = args().collect();
                let (list, tls13) = match v.as_slice() {
                    [p, rest @ ..]
                        if !rest.is_empty()
                            && (p.eq_ignore_ascii_case("SSL") || protocol(p).is_some()) =>
                    {
                        (rest.join(":"), p.eq_ignore_ascii_case("TLSv1.3"))
                    }
                    _ => (v.join(":"), false),
                };
                for c in cipher_list(&list) {
                    s.ciphers.push((line, c, word.to_string(), tls13));
                }
            }
            _ => {}
        }
    }
}

/// A Spring Boot key in its canonical form (`server.ssl.enabledprotocols`): lowercase,
/// no dashes or underscores, no list index.
fn canonical(key: &str) -> String {
    let k = key.trim().to_ascii_lowercase().replace(['-', '_'], "");
    match k.find('[') {
        Some(at) => k[..at].to_string(),
        None => k,
    }
}

fn spring(key: &str, value: &str, line: u32, s: &mut Settings) {
    let k = canonical(key);
    let bundle = k.starts_with("spring.ssl.bundle.");
    if k == "server.ssl.protocol"
        || k == "server.ssl.enabledprotocols"
        || bundle && k.ends_with(".options.enabledprotocols")
    {
        for p in value.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            s.protocols
                .push((line, p.to_string(), key.trim().to_string()));
        }
    } else if k == "server.ssl.ciphers" || bundle && k.ends_with(".options.ciphers") {
        for c in cipher_list(value) {
            s.ciphers.push((line, c, key.trim().to_string(), false));
        }
    }
}

fn part_use(path: &str, line: u32, p: &Part, api: String) -> CryptoUse {
    CryptoUse {
        algorithm: p.0.to_string(),
        primitive: p.1,
        mode: p.2.map(str::to_string),
        padding: None,
        size: p.3,
        curve: None,
        function: p.4,
        path: path.to_string(),
        line,
        api,
    }
}

/// The TLS settings of a configuration file: nginx and Apache httpd (`.conf` and the
/// like), Spring Boot `.properties` and `.yml`/`.yaml`.
pub fn read_config(path: &str, text: &str) -> Read {
    let mut r = Read::default();
    let mut s = Settings::default();
    let lower = path.to_ascii_lowercase();
    if lower.ends_with(".properties") || lower.ends_with(".yml") || lower.ends_with(".yaml") {
        // Spring Boot settings, read as the code scanner reads them.
        match crate::settings::read(&lower, text) {
            Ok(entries) => {
                for (k, v, line) in entries {
                    spring(&k, &v, line, &mut s);
                }
            }
            Err(line) => {
                r.errors.push((
                    Some(line),
                    format!("not analysed: YAML that could not be parsed (from line {line})"),
                ));
                return r;
            }
        }
    } else {
        nginx_apache(text, &mut s);
    }
    // (suite, whether it serves TLS 1.3)
    let mut suites: Vec<(Suite, bool)> = Vec::new();
    for (line, name, directive, tls13) in &s.ciphers {
        let algorithms: Vec<AlgKey> = suite_parts(name)
            .unwrap_or_default()
            .iter()
            .map(|p| {
                let u = part_use(path, *line, p, format!("{directive} {name}"));
                let k = u.key();
                r.uses.push(u);
                k
            })
            .collect();
        suites.push((
            Suite {
                name: name.clone(),
                algorithms,
            },
            *tls13 || tls13_suite(name),
        ));
    }
    suites.sort();
    suites.dedup();
    let mut named = Vec::new();
    for (line, token, directive) in &s.protocols {
        if let Some((name, version)) = protocol(token) {
            named.push((*line, name, version, directive.clone()));
        }
    }
    if named.is_empty() {
        if let Some((line, _, directive, _)) = s.ciphers.first() {
            named.push((*line, "TLS", None, directive.clone()));
        }
    }
    for (line, name, version, directive) in named {
        // Each version with the suites that serve it (all of them when none is fixed).
        let serves = |tls13: bool| match version {
            None => true,
            Some(v) => (v == "1.3") == tls13,
        };
        r.assets.push(Asset::Protocol(Protocol {
            path: path.to_string(),
            line,
            name: name.to_string(),
            version: version.map(str::to_string),
            suites: suites
                .iter()
                .filter(|(_, t)| serves(*t))
                .map(|(s, _)| s.clone())
                .collect(),
            directive,
        }));
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(r: &Read) -> Vec<(String, Vec<String>)> {
        r.assets
            .iter()
            .filter_map(|a| match a {
                Asset::Protocol(p) => Some((
                    p.name.clone(),
                    p.suites.iter().map(|s| s.name.clone()).collect(),
                )),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn suites_are_split_only_when_every_part_is_known() {
        let p = suite_parts("ECDHE-RSA-AES128-GCM-SHA256").unwrap();
        let algs: Vec<&str> = p.iter().map(|p| p.0).collect();
        assert_eq!(algs, ["ECDH", "RSA", "AES", "SHA-256"]);
        assert_eq!(p[2].2, Some("gcm"));
        let t13: Vec<&str> = suite_parts("TLS_CHACHA20_POLY1305_SHA256")
            .unwrap()
            .iter()
            .map(|p| p.0)
            .collect();
        assert_eq!(t13, ["ChaCha20", "SHA-256"]);
        assert_eq!(
            suite_parts("SSL_RSA_WITH_3DES_EDE_CBC_SHA").unwrap()[1].0,
            "3DES"
        );
        for unknown in [
            "HIGH",
            "EECDH+AESGCM",
            "TLS_PSK_WITH_AES_128_GCM_SHA256",
            "TLS_FOO",
        ] {
            assert!(suite_parts(unknown).is_none(), "{unknown}");
        }
        assert_eq!(
            cipher_list("HIGH:!aNULL:-MD5:+RSA:@STRENGTH:AES128-SHA"),
            ["HIGH", "AES128-SHA"]
        );
    }

    #[test]
    fn nginx_apache_and_spring_settings_are_read() {
        let nginx = read_config(
            "etc/nginx/nginx.conf",
            "server {\n  # ssl_protocols SSLv3;\n  ssl_protocols TLSv1 TLSv1.2;\n  ssl_ciphers 'ECDHE-RSA-AES128-GCM-SHA256:HIGH:!aNULL';\n}\n",
        );
        assert_eq!(
            names(&nginx),
            [
                (
                    "TLSv1.0".into(),
                    vec!["ECDHE-RSA-AES128-GCM-SHA256".into(), "HIGH".into()]
                ),
                (
                    "TLSv1.2".into(),
                    vec!["ECDHE-RSA-AES128-GCM-SHA256".into(), "HIGH".into()]
                ),
            ]
        );
        assert!(nginx.uses.iter().all(|u| u.line == 4));
        let apache = read_config(
            "conf/ssl.conf",
            "SSLProtocol all -SSLv3 -TLSv1 -TLSv1.1\nSSLCipherSuite TLSv1.3 TLS_AES_256_GCM_SHA384\nSSLCipherSuite ECDHE-RSA-AES128-GCM-SHA256\n",
        );
        // Each version with the suites that serve it.
        assert_eq!(
            names(&apache),
            [
                ("TLSv1.2".into(), vec!["ECDHE-RSA-AES128-GCM-SHA256".into()]),
                ("TLSv1.3".into(), vec!["TLS_AES_256_GCM_SHA384".into()]),
            ]
        );
        let props = read_config(
            "src/main/resources/application.properties",
            "server.ssl.enabled-protocols=TLSv1.1,TLSv1.2\nserver.ssl.ciphers=TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384\n",
        );
        assert_eq!(names(&props).len(), 2);
        let yml = read_config(
            "application.yml",
            "server:\n  port: 8443\n  ssl:\n    enabled-protocols:\n      - TLSv1.3\n    ciphers: TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384\n---\nspring:\n  ssl:\n    bundle:\n      pem:\n        web:\n          options:\n            enabled-protocols: [TLSv1.2]\n",
        );
        let lines: Vec<u32> = yml
            .assets
            .iter()
            .map(|a| match a {
                Asset::Protocol(p) => p.line,
                _ => 0,
            })
            .collect();
        assert_eq!(lines, [5, 14]);
        assert!(yml.uses.iter().all(|u| u.line == 6));
        let bad = read_config("application.yaml", "server:\n  ssl: [unclosed\n");
        assert!(
            bad.assets.is_empty() && bad.errors.len() == 1,
            "{:?}",
            bad.errors
        );
    }
}
