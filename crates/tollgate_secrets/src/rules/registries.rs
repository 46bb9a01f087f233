//! Package and container registries.

use crate::rule::{Category, Check, SecretRule};
use tollgate_core::{Confidence, Severity};

pub(crate) const RULES: &[SecretRule] = &[
    SecretRule::new(
        "npm-access-token",
        "npm access token",
        Category::Registry,
        Severity::Critical,
        &["npm_"],
        r#"\b(?P<s>npm_[A-Za-z0-9]{36})\b"#,
    ),
    SecretRule::new(
        "npmrc-auth-token",
        "Registry auth token in .npmrc",
        Category::Registry,
        Severity::High,
        &["_authtoken", "_auth="],
        r#"(?i)(?:_authToken|_auth)\s*=\s*["\']?(?P<s>[A-Za-z0-9_\-+/=.:]{20,})"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5),
    SecretRule::new(
        "pypi-api-token",
        "PyPI API token",
        Category::Registry,
        Severity::Critical,
        &["pypi-ageichlwas5vcmc", "pypi-agendgvzdc5wexbplm9yzw"],
        r#"\b(?P<s>pypi-Ag(?:EIcHlwaS5vcmc|ENdGVzdC5weXBpLm9yZw)[A-Za-z0-9_\-]{50,})"#,
    ),
    SecretRule::new(
        "rubygems-api-key",
        "RubyGems API key",
        Category::Registry,
        Severity::Critical,
        &["rubygems_"],
        r#"\b(?P<s>rubygems_[a-f0-9]{48})\b"#,
    ),
    SecretRule::new(
        "nuget-api-key",
        "NuGet API key",
        Category::Registry,
        Severity::High,
        &["oy2"],
        r#"\b(?P<s>oy2[a-z0-9]{43})\b"#,
    ),
    SecretRule::new(
        "docker-hub-token",
        "Docker Hub personal or organisation access token",
        Category::Registry,
        Severity::High,
        &["dckr_pat_", "dckr_oat_"],
        r#"\b(?P<s>dckr_(?:pat|oat)_[A-Za-z0-9_\-]{27,32})"#,
    ),
    SecretRule::new(
        "artifactory-api-key",
        "JFrog Artifactory API key",
        Category::Registry,
        Severity::High,
        &["akcp"],
        r#"\b(?P<s>AKCp[A-Za-z0-9]{69})\b"#,
    ),
    SecretRule::new(
        "artifactory-reference-token",
        "JFrog Artifactory reference token",
        Category::Registry,
        Severity::High,
        &["cmvmdgtu"],
        r#"\b(?P<s>cmVmdGtu[A-Za-z0-9]{56})\b"#,
    ),
    SecretRule::new(
        "docker-config-auth",
        "Container registry credentials in a Docker config",
        Category::Registry,
        Severity::High,
        &["\"auth\""],
        r#""auth"\s*:\s*"(?P<s>[A-Za-z0-9+/]{8,}={0,2})""#,
    )
    .about("A base64 `user:password` pair in a Docker `config.json` or `.dockerconfigjson`. It pulls and pushes images in the registry, including production images.")
    .check(Check::BasicCredentials),
    SecretRule::new(
        "hex-pm-api-key",
        "Hex.pm API key",
        Category::Registry,
        Severity::Medium,
        &["hex_api_key", "hexpm"],
        r#"(?i)hex(?:pm)?[_.\-]?api[_.\-]?key[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[a-f0-9]{32})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium),
];
