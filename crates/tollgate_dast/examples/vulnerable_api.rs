//! The deliberately vulnerable test API as a standalone server, for trying `tollgate dast`
//! (or another tool) by hand: `cargo run -p tollgate_dast --example vulnerable_api --
//! [--tls] [SWITCH ...|all]`. It listens on 127.0.0.1 only (with `--tls`, over TLS with a
//! test CA made at start, whose PEM file it prints for `--ca-cert`), prints its base URL, the two
//! identities' `--auth` arguments and where it counts the requests it received
//! (`/__stats`, outside the documented API), and serves until stopped. Never expose it.

#[path = "../tests/support/mod.rs"]
mod support;

fn main() {
    let all: Vec<String> = std::env::args().skip(1).collect();
    let tls = all.iter().any(|a| a == "--tls");
    let args: Vec<String> = all.into_iter().filter(|a| a != "--tls").collect();
    let on: Vec<&str> = if args.iter().any(|a| a == "all") {
        support::SWITCHES.iter().map(|(s, _)| *s).collect()
    } else {
        for a in &args {
            if !support::SWITCHES.iter().any(|(s, _)| s == a) {
                eprintln!("unknown switch {a}");
                std::process::exit(2);
            }
        }
        args.iter().map(String::as_str).collect()
    };
    // weak_csp and csp exclude each other; with all, keep the missing header.
    let on: Vec<&str> = on
        .into_iter()
        .filter(|s| !(args.iter().any(|a| a == "all") && *s == "weak_csp"))
        .collect();
    let api = if tls {
        support::VulnApi::tls(&on)
    } else {
        support::VulnApi::with(&on)
    };
    println!("{}", api.base());
    if tls {
        println!("--ca-cert {}", api.ca_file().display());
    }
    println!(
        "--auth alice=Bearer:{} --auth bob=Bearer:{}",
        api.token("alice"),
        api.token("bob")
    );
    println!(
        "requests received: GET {}://127.0.0.1:{}{}",
        if tls { "https" } else { "http" },
        api.port,
        support::STATS_PATH
    );
    loop {
        std::thread::sleep(std::time::Duration::from_secs(3600));
    }
}
