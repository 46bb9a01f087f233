//! The engine's work grows linearly with its input: each adversarial shape of input is
//! scanned at 1 MiB and at 4 MiB, and the work the engine reports (bytes examined and
//! comparisons made, counted where it spends them) may grow at most a little faster than
//! the input (n log n), never quadratically. No wall-clock time is measured.

use base64::Engine as _;
use tollgate_core::classify::classify;
use tollgate_secrets::engine::work_done;
use tollgate_secrets::SecretsConfig;
use tollgate_secrets::SecretsScanner;

const BASE: usize = 1 << 20;

/// Deterministic xorshift: the same input on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick(&mut self, alphabet: &[u8], n: usize) -> String {
        (0..n)
            .map(|_| alphabet[(self.next() % alphabet.len() as u64) as usize] as char)
            .collect()
    }
    fn alnum(&mut self, n: usize) -> String {
        self.pick(
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
            n,
        )
    }
}

/// `head`, then `unit` repeated until the text reaches `size` bytes.
fn build(size: usize, head: &str, mut unit: impl FnMut(&mut Rng) -> String) -> Vec<u8> {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut s = String::with_capacity(size + 256);
    s.push_str(head);
    while s.len() < size {
        s.push_str(&unit(&mut rng));
    }
    s.into_bytes()
}

fn github_tokens_on_one_line(size: usize) -> Vec<u8> {
    build(size, "", |r| format!("ghp_{} ", r.alnum(36)))
}

fn aws_pairs_on_one_line(size: usize) -> Vec<u8> {
    build(size, "", |r| {
        format!(
            "aws_access_key_id=AKIA{} aws_secret_access_key={} ",
            r.pick(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16),
            r.pick(
                b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
                40
            )
        )
    })
}

/// Keyword hits everywhere, but no value any rule accepts.
fn keyword_hits_on_one_line(size: usize) -> Vec<u8> {
    build(size, "", |_| "password token secret api_key ".to_string())
}

fn passwords_on_every_line(size: usize) -> Vec<u8> {
    build(size, "", |r| {
        format!("db_password = \"{}!\"\n", r.alnum(19))
    })
}

/// A rule whose match spans lines triggered on every line.
fn key_headers_on_every_line(size: usize) -> Vec<u8> {
    build(size, "", |_| "-----BEGIN PRIVATE KEY-----\n".to_string())
}

/// Candidates of a rule that needs context found elsewhere in the file (absent here).
fn sas_signatures_on_one_line(size: usize) -> Vec<u8> {
    build(size, "", |r| {
        format!(
            "https://acct.blob.core.windows.net/c?sp=r&sig={} ",
            r.alnum(60)
        )
    })
}

fn base64_pem_starts_on_one_line(size: usize) -> Vec<u8> {
    build(size, "", |r| format!("LS0tLS1CRUdJTi{} ", r.alnum(70)))
}

fn kubernetes_secret_entries(size: usize) -> Vec<u8> {
    let mut n = 0;
    build(
        size,
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: many\ndata:\n",
        |r| {
            n += 1;
            let value = format!("{}#9", r.alnum(18));
            format!(
                "  password_{n}: {}\n",
                base64::engine::general_purpose::STANDARD.encode(value)
            )
        },
    )
}

fn ignored_tokens_on_one_line(size: usize) -> Vec<u8> {
    build(
        size,
        "# tollgate:ignore[github-personal-access-token] generated fixture ",
        |r| format!("ghp_{} ", r.alnum(36)),
    )
}

/// Work and findings of one scan.
fn measure(path: &str, content: &[u8]) -> (u64, usize) {
    let scanner = SecretsScanner::new(&SecretsConfig::default()).unwrap();
    let class = classify(path);
    let before = work_done();
    let found = scanner.scan_bytes(path, content, &class);
    (work_done() - before, found.len())
}

fn assert_linear(path: &str, generate: fn(usize) -> Vec<u8>, expect_findings: bool) {
    let small = generate(BASE);
    let large = generate(4 * BASE);
    let (w1, f1) = measure(path, &small);
    let (w4, f4) = measure(path, &large);
    let ratio = w4 as f64 / w1.max(1) as f64;
    // 4x the input: linear work gives 4x, n log n about 4.4x, quadratic 16x.
    assert!(
        ratio < 5.0,
        "{path}: work grew {ratio:.1}x for 4x the input ({w1} -> {w4})"
    );
    if expect_findings {
        assert!(
            f1 > 0,
            "{path}: the case finds nothing, so it proves nothing"
        );
        assert!(
            f4 as f64 >= 3.5 * f1 as f64,
            "{path}: findings grew from {f1} to {f4} only"
        );
    }
}

#[test]
fn github_tokens_on_one_line_scale_linearly() {
    // Random tokens fail GitHub's checksum and are demoted once; in code (not prose) they
    // are still reported at the default confidence, so the case finds what it scales.
    assert_linear("tokens.py", github_tokens_on_one_line, true);
}

#[test]
fn aws_key_pairs_on_one_line_scale_linearly() {
    assert_linear("keys.env", aws_pairs_on_one_line, true);
}

#[test]
fn keyword_hits_without_secrets_scale_linearly() {
    assert_linear("words.txt", keyword_hits_on_one_line, false);
}

#[test]
fn a_finding_on_every_line_scales_linearly() {
    assert_linear("settings.py", passwords_on_every_line, true);
}

#[test]
fn block_rules_triggered_on_every_line_scale_linearly() {
    assert_linear("keys.pem", key_headers_on_every_line, false);
}

#[test]
fn context_checks_scale_linearly() {
    assert_linear("urls.txt", sas_signatures_on_one_line, false);
}

#[test]
fn base64_pem_candidates_on_one_line_scale_linearly() {
    assert_linear("values.yaml", base64_pem_starts_on_one_line, false);
}

#[test]
fn kubernetes_secret_entries_scale_linearly() {
    assert_linear("secret.yaml", kubernetes_secret_entries, true);
}

#[test]
fn ignore_markers_on_a_long_line_scale_linearly() {
    // Code, not prose: random GitHub tokens fail the checksum and are demoted once.
    assert_linear("ignored.py", ignored_tokens_on_one_line, true);
}
