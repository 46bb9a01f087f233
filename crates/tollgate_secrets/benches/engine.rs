//! Throughput of the secrets engine on three kinds of input: ordinary source code with no
//! secrets, keyword-dense configuration (every line triggers rules), and the planted fixtures;
//! and on single lines of 2 MiB and 9 MiB made of GitHub tokens (a minified bundle or a data
//! dump), where every step must stay linear in the length of the line.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use tollgate_core::classify::classify;
use tollgate_secrets::SecretsConfig;
use tollgate_secrets::SecretsScanner;

/// About 1 MiB of plausible Python without secrets.
fn plain_source() -> Vec<u8> {
    let block = "def settle(batch, ledger):\n    \"\"\"Post a settlement batch to the ledger.\"\"\"\n    total = sum(item.amount for item in batch)\n    if total != batch.expected_total:\n        raise ValueError(f\"batch {batch.id} does not balance\")\n    ledger.post(batch.id, total, currency=batch.currency)\n    return total\n\n";
    block.repeat((1 << 20) / block.len()).into_bytes()
}

/// About 1 MiB of configuration where every line holds a keyword but no real secret.
fn keyword_dense() -> Vec<u8> {
    let block = "password_hint = \"Use at least 12 characters\"\napi_key = os.environ[\"API_KEY\"]\ntoken_url = \"https://auth.bank.example/oauth2/token\"\nsecret_name = \"payments/prod\"\nurl = \"https://docs.bank.example/api\"\n";
    block.repeat((1 << 20) / block.len()).into_bytes()
}

/// One line of `size` bytes: GitHub tokens separated by spaces, each one a finding.
fn tokens_on_one_line(size: usize) -> Vec<u8> {
    const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    let mut line = Vec::with_capacity(size + 64);
    while line.len() < size {
        line.extend_from_slice(b"ghp_");
        for _ in 0..36 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            line.push(ALNUM[(x % ALNUM.len() as u64) as usize]);
        }
        line.push(b' ');
    }
    line
}

fn planted() -> Vec<u8> {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/resources/test/fixtures/planted"
    );
    let mut all = Vec::new();
    let mut stack = vec![std::path::PathBuf::from(dir)];
    while let Some(d) = stack.pop() {
        let mut entries: Vec<_> = std::fs::read_dir(&d)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                stack.push(p);
            } else {
                all.extend(std::fs::read(p).unwrap());
            }
        }
    }
    all
}

fn bench(c: &mut Criterion) {
    let scanner = SecretsScanner::new(&SecretsConfig::default()).unwrap();
    scanner.engine().compile_all().unwrap();
    let mut group = c.benchmark_group("secrets");
    for (name, path, data) in [
        ("plain-source", "settle.py", plain_source()),
        ("keyword-dense", "settings.py", keyword_dense()),
        ("planted", "mixed.env", planted()),
    ] {
        let class = classify(path);
        group.throughput(Throughput::Bytes(data.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(name), &data, |b, d| {
            b.iter(|| scanner.scan_bytes(path, d, &class))
        });
    }
    group.finish();

    // Seconds per run: few samples, or the bench would take many minutes.
    let mut group = c.benchmark_group("secrets-long-line");
    group.sample_size(10);
    for (name, size) in [("tokens-2mib-line", 2 << 20), ("tokens-9mib-line", 9 << 20)] {
        let data = tokens_on_one_line(size);
        let class = classify("bundle.txt");
        group.throughput(Throughput::Bytes(data.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(name), &data, |b, d| {
            b.iter(|| scanner.scan_bytes("bundle.txt", d, &class))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
