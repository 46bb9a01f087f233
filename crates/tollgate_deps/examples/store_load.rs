//! Time opening the advisory store and looking up packages.
//!   cargo run --release -p tollgate_deps --example store_load -- DB_DIR

use std::time::Instant;
use tollgate_deps::{Ecosystem, Store};

fn main() {
    let dir = std::env::args().nth(1).expect("usage: store_load DB_DIR");
    let mut best = f64::MAX;
    for _ in 0..20 {
        let t = Instant::now();
        let s = Store::open(std::path::Path::new(&dir)).unwrap();
        best = best.min(t.elapsed().as_secs_f64());
        std::hint::black_box(&s);
    }
    let s = Store::open(std::path::Path::new(&dir)).unwrap();
    let eco: Vec<String> = s
        .meta
        .ecosystems
        .iter()
        .map(|(k, m)| format!("{k} ({} advisories)", m.advisories))
        .collect();
    println!(
        "open: {:.2} ms (best of 20) for {}",
        best * 1e3,
        eco.join(", ")
    );
    let t = Instant::now();
    let n = s.advisories(Ecosystem::CratesIo, "openssl").unwrap().len()
        + s.advisories(Ecosystem::Go, "golang.org/x/net")
            .unwrap()
            .len()
        + s.advisories(Ecosystem::PyPI, "django").unwrap().len();
    println!(
        "first lookups (loads each data file): {:.2} ms, {n} advisories",
        t.elapsed().as_secs_f64() * 1e3
    );
}
