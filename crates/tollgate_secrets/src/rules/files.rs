//! Files that are credentials as a whole: key stores, password databases, state files and
//! the credential stores of command-line tools. Recognised by name and content (see
//! `crate::sensitive`), with no pattern of their own.

use crate::rule::{Category, SecretRule};
use tollgate_core::{Confidence, Severity};

/// A rule with no pattern: `crate::sensitive` decides by name and content.
const fn file(
    slug: &'static str,
    title: &'static str,
    category: Category,
    severity: Severity,
) -> SecretRule {
    SecretRule::new(slug, title, category, severity, &[], "")
}

pub(crate) const RULES: &[SecretRule] = &[
    file("java-keystore-file", "Java keystore file", Category::PrivateKey, Severity::High)
        .about("A Java keystore (JKS or JCEKS, recognised by its magic bytes whatever its name). Keystores hold private keys and secret keys behind a store password that is often a default (`changeit`) or sits in the same repository; offline guessing is unlimited once the file is copied.")
        .confidence(Confidence::Medium),
    file("pkcs12-file", "PKCS#12 / PFX key bundle", Category::PrivateKey, Severity::High)
        .about("A PKCS#12 (`.p12`, `.pfx`) bundle, recognised by its DER structure: a certificate with its private key behind one password, as used for client TLS, code signing and payment-network certificates.")
        .confidence(Confidence::Medium),
    file("keepass-database", "KeePass password database", Category::SecretManager, Severity::High)
        .about("A KeePass database (`.kdbx`, `.kdb`, recognised by its signature). Every password in it is one master password away, and a committed copy can be attacked offline for ever, even after the passwords in the live copy change.")
        .confidence(Confidence::Medium),
    file("terraform-state-secrets", "Terraform state with secret values", Category::Cloud, Severity::Critical)
        .about("A Terraform state file (`terraform.tfstate`, `*.tfstate.backup`) holding sensitive values. State keeps every attribute in clear text, including database passwords, generated keys and access keys that the configuration marked `sensitive`.")
        .confidence(Confidence::High),
    file("git-credentials-file", "Git credential store", Category::SourceControl, Severity::Critical)
        .about("A `.git-credentials` file (git's `store` credential helper): each line is a URL with a user name and a password or token in clear text.")
        .confidence(Confidence::High),
    file("ssh-private-key-file", "SSH private key file", Category::PrivateKey, Severity::Critical)
        .about("A file named like an SSH private key (`id_rsa`, `id_ed25519`, `id_ecdsa`, ...) that is not a public key, whatever its encoding.")
        .confidence(Confidence::Medium),
    file("pgpass-file", "PostgreSQL password file", Category::Database, Severity::Critical)
        .about("A `.pgpass` (or `pgpass.conf`) file: `host:port:database:user:password` lines that let anyone holding it connect to the databases it names.")
        .confidence(Confidence::High),
    file("cloud-cli-credentials", "Cloud command-line credentials file", Category::Cloud, Severity::Critical)
        .about("The credentials file of a cloud provider's command-line tool (AWS `~/.aws/credentials`, Azure CLI token caches, gcloud credential databases and application-default credentials, s3cmd, boto), copied into the repository.")
        .confidence(Confidence::High),
    file("tool-credentials-file", "Developer tool credentials file", Category::Token, Severity::High)
        .about("The token store of a developer tool (GitHub CLI `hosts.yml`, Terraform `credentials.tfrc.json`, `.pypirc`, RubyGems, Cargo, Vault's `.vault-token`), copied into the repository: it holds the user's own tokens.")
        .confidence(Confidence::High),
];
