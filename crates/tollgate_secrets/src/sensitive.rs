//! Files that are credentials as a whole, recognised by name and content even where no
//! pattern matches a line: key stores and password databases by their magic bytes, state
//! files and credential stores by their structure. A hit names the file's kind and where
//! its first credential is, never a value.

/// What made a file sensitive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub slug: &'static str,
    /// 1-based line of the first credential (1 for binary files).
    pub line: u32,
    /// What the file is, for the finding's message (no value from the file).
    pub what: String,
}

impl Hit {
    fn new(slug: &'static str, line: u32, what: impl Into<String>) -> Option<Hit> {
        Some(Hit {
            slug,
            line,
            what: what.into(),
        })
    }
}

/// The file name in lower case (every text file of a scan comes here: only the name is
/// copied; directories are compared in place by [`under`]).
fn name_of(path: &str) -> String {
    path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase()
}

/// Whether a directory above the file is `dir` (ASCII case-insensitive).
fn under(path: &str, dir: &str) -> bool {
    path.rsplit('/')
        .skip(1)
        .any(|d| d.eq_ignore_ascii_case(dir))
}

/// A binary file, from its first bytes.
pub fn binary(path: &str, head: &[u8]) -> Option<Hit> {
    let name = name_of(path);
    if head.starts_with(&[0xFE, 0xED, 0xFE, 0xED]) {
        return Hit::new("java-keystore-file", 1, "a Java keystore (JKS)");
    }
    if head.starts_with(&[0xCE, 0xCE, 0xCE, 0xCE]) {
        return Hit::new("java-keystore-file", 1, "a Java keystore (JCEKS)");
    }
    if head.len() >= 8 && head[..4] == [0x03, 0xD9, 0xA2, 0x9A] {
        return match head[4..8] {
            [0x67, 0xFB, 0x4B, 0xB5] => Hit::new("keepass-database", 1, "a KeePass 2 database"),
            [0x65, 0xFB, 0x4B, 0xB5] => Hit::new("keepass-database", 1, "a KeePass 1 database"),
            _ => None,
        };
    }
    if is_pkcs12(head) {
        return Hit::new("pkcs12-file", 1, "a PKCS#12 key bundle");
    }
    if head.starts_with(b"SQLite format 3\0")
        && under(path, "gcloud")
        && matches!(name.as_str(), "credentials.db" | "access_tokens.db")
    {
        return Hit::new("cloud-cli-credentials", 1, "gcloud's credential database");
    }
    if under(path, ".azure") && name.starts_with("msal_token_cache") {
        return Hit::new("cloud-cli-credentials", 1, "the Azure CLI's token cache");
    }
    if is_ssh_key_name(&name) {
        return Hit::new("ssh-private-key-file", 1, "an SSH private key file");
    }
    None
}

/// A PKCS#12 PFX: a DER SEQUENCE whose first element is INTEGER 3 and which soon names
/// the PKCS#7 `data` content type (1.2.840.113549.1.7.1).
fn is_pkcs12(head: &[u8]) -> bool {
    const DATA_OID: &[u8] = &[
        0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x01,
    ];
    if head.len() < 16 || head[0] != 0x30 {
        return false;
    }
    // Definite length: short form, or long form with 1 to 4 length bytes.
    let body = match head[1] {
        n if n < 0x80 => 2,
        0x81..=0x84 => 2 + usize::from(head[1] - 0x80),
        // Indefinite length (BER), as some tools write it.
        0x80 => 2,
        _ => return false,
    };
    head.get(body..body + 3) == Some(&[0x02, 0x01, 0x03][..])
        && memchr::memmem::find(&head[..head.len().min(64)], DATA_OID).is_some()
}

fn is_ssh_key_name(name: &str) -> bool {
    matches!(
        name,
        "id_rsa"
            | "id_dsa"
            | "id_ecdsa"
            | "id_ed25519"
            | "id_ecdsa_sk"
            | "id_ed25519_sk"
            | "id_xmss"
    )
}

/// A text file, from its whole content.
pub fn text(path: &str, content: &[u8]) -> Option<Hit> {
    let name = name_of(path);
    // Every text file of a scan comes here: decide by name before reading any content.
    let store = credential_store(&name, path);
    let named = store.is_some()
        || name.ends_with(".tfstate")
        || name.ends_with(".tfstate.backup")
        || matches!(
            name.as_str(),
            ".git-credentials" | "git-credentials" | ".pgpass" | "pgpass.conf"
        )
        || is_ssh_key_name(&name);
    if !named {
        return None;
    }
    let text = String::from_utf8_lossy(content);
    if name.ends_with(".tfstate") || name.ends_with(".tfstate.backup") {
        return tfstate(&text);
    }
    if name == ".git-credentials" || name == "git-credentials" {
        return lines(
            &text,
            "git-credentials-file",
            "a git credential store",
            url_with_password,
        );
    }
    if name == ".pgpass" || name == "pgpass.conf" {
        return lines(
            &text,
            "pgpass-file",
            "a PostgreSQL password file",
            pgpass_line,
        );
    }
    if is_ssh_key_name(&name) {
        let t = text.trim_start();
        if t.is_empty() || t.starts_with("ssh-") || t.starts_with("ecdsa-") || t.starts_with("sk-")
        {
            return None;
        }
        return Hit::new("ssh-private-key-file", 1, "an SSH private key file");
    }
    if let Some((slug, what, keys)) = store {
        return lines(&text, slug, what, |line| assigns_one_of(line, keys));
    }
    None
}

/// Credential files of command-line tools: (rule, what it is, the keys that hold secrets).
fn credential_store(
    name: &str,
    path: &str,
) -> Option<(&'static str, &'static str, &'static [&'static str])> {
    const CLOUD: &str = "cloud-cli-credentials";
    const TOOL: &str = "tool-credentials-file";
    Some(match name {
        "credentials" if under(path, ".aws") => (
            CLOUD,
            "the AWS CLI's credentials file",
            &["aws_secret_access_key", "aws_session_token"],
        ),
        "accesstokens.json" | "service_principal_entries.json" if under(path, ".azure") => (
            CLOUD,
            "the Azure CLI's token store",
            &["accesstoken", "refreshtoken", "client_secret", "secret"],
        ),
        "msal_token_cache.json" if under(path, ".azure") => {
            (CLOUD, "the Azure CLI's token cache", &["secret"])
        }
        "application_default_credentials.json" | "adc.json" => (
            CLOUD,
            "gcloud application-default credentials",
            &["refresh_token", "private_key", "client_secret"],
        ),
        ".s3cfg" => (
            CLOUD,
            "s3cmd's configuration",
            &["secret_key", "access_token"],
        ),
        ".boto" => (
            CLOUD,
            "boto's configuration",
            &["aws_secret_access_key", "gs_secret_access_key"],
        ),
        "hosts.yml" if under(path, "gh") => {
            (TOOL, "the GitHub CLI's token store", &["oauth_token"])
        }
        "credentials.tfrc.json" => (TOOL, "Terraform's CLI credentials", &["token"]),
        ".pypirc" => (TOOL, "a .pypirc with an upload password", &["password"]),
        "credentials" if under(path, ".gem") => (
            TOOL,
            "RubyGems' credentials",
            &[":rubygems_api_key", "rubygems_api_key"],
        ),
        "credentials" | "credentials.toml" if under(path, ".cargo") => {
            (TOOL, "Cargo's registry credentials", &["token"])
        }
        ".vault-token" => return Some((TOOL, "a Vault token file", &[""])),
        _ => return None,
    })
}

/// The first line `holds` accepts.
fn lines(text: &str, slug: &'static str, what: &str, holds: impl Fn(&str) -> bool) -> Option<Hit> {
    let (i, _) = text
        .lines()
        .enumerate()
        .take(100_000)
        .find(|(_, l)| holds(l.trim()))?;
    Hit::new(slug, u32::try_from(i + 1).unwrap_or(u32::MAX), what)
}

/// `key = value`, `key: value` or `"key": "value"` with one of `keys` and a real value;
/// the empty key means any non-empty line (a file that is one token).
fn assigns_one_of(line: &str, keys: &[&str]) -> bool {
    if keys == [""] {
        return line.len() >= 8 && !line.starts_with('#');
    }
    let lower = line.to_ascii_lowercase();
    let Some(sep) = lower.find(['=', ':']) else {
        return false;
    };
    let key = lower[..sep].trim().trim_matches('"');
    let value = line[sep + 1..]
        .trim()
        .trim_end_matches(',')
        .trim_matches(|c| c == '"' || c == '\'');
    keys.contains(&key) && real_value(value)
}

fn real_value(v: &str) -> bool {
    v.len() >= 6 && !crate::filter::is_placeholder(v.as_bytes()) && v != "null"
}

/// `scheme://user:password@host`, as git's store helper writes it.
fn url_with_password(line: &str) -> bool {
    let Some((_, rest)) = line.split_once("://") else {
        return false;
    };
    let Some((userinfo, _)) = rest.split_once('@') else {
        return false;
    };
    userinfo.split_once(':').is_some_and(|(_, pass)| {
        !pass.is_empty() && !crate::filter::is_placeholder(pass.as_bytes())
    })
}

/// `host:port:database:user:password` with a password that is not a wildcard or placeholder.
fn pgpass_line(line: &str) -> bool {
    if line.starts_with('#') {
        return false;
    }
    let mut fields = Vec::new();
    let mut cur = String::new();
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => cur.extend(chars.next()),
            ':' if fields.len() < 4 => fields.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    fields.len() == 4
        && !cur.is_empty()
        && cur != "*"
        && !crate::filter::is_placeholder(cur.as_bytes())
}

/// A state file with values Terraform marked sensitive, or attributes that name credentials.
fn tfstate(text: &str) -> Option<Hit> {
    const NAMES: &[&str] = &[
        "password",
        "master_password",
        "admin_password",
        "secret",
        "client_secret",
        "secret_key",
        "secret_access_key",
        "access_key",
        "private_key",
        "private_key_pem",
        "primary_access_key",
        "secondary_access_key",
        "primary_connection_string",
        "connection_string",
        "token",
        "api_key",
        "result", // random_password's value
    ];
    let mut count = 0usize;
    let mut first = None;
    let mut random_password = false;
    for (i, line) in text.lines().enumerate().take(1_000_000) {
        let t = line.trim();
        if t.contains("\"random_password\"") {
            random_password = true;
        }
        let Some(rest) = t.strip_prefix('"') else {
            continue;
        };
        let Some((key, value)) = rest.split_once("\":") else {
            continue;
        };
        let value = value.trim().trim_end_matches(',');
        let Some(value) = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) else {
            continue;
        };
        let named = NAMES.contains(&key) && (key != "result" || random_password);
        if named && value.len() >= 6 && !crate::filter::is_placeholder(value.as_bytes()) {
            count += 1;
            first.get_or_insert(i + 1);
        }
    }
    let line = first?;
    Hit::new(
        "terraform-state-secrets",
        u32::try_from(line).unwrap_or(u32::MAX),
        format!(
            "a Terraform state file with {count} credential attribute{} in clear text",
            if count == 1 { "" } else { "s" }
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_magic() {
        let mut jks = vec![0xFE, 0xED, 0xFE, 0xED, 0, 0, 0, 2];
        jks.extend([7u8; 64]);
        assert_eq!(
            binary("any/name.bin", &jks).unwrap().slug,
            "java-keystore-file"
        );
        let kdbx = [0x03, 0xD9, 0xA2, 0x9A, 0x67, 0xFB, 0x4B, 0xB5, 0, 0, 4, 0];
        assert_eq!(
            binary("vault.kdbx", &kdbx).unwrap().slug,
            "keepass-database"
        );
        // Same signature, unknown second half: not KeePass.
        let other = [0x03, 0xD9, 0xA2, 0x9A, 0x00, 0x00, 0x00, 0x00];
        assert_eq!(binary("x.bin", &other), None);
        assert_eq!(binary("logo.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), None);
    }

    #[test]
    fn pkcs12_structure() {
        let mut p12 = vec![
            0x30, 0x82, 0x09, 0x8A, 0x02, 0x01, 0x03, 0x30, 0x82, 0x09, 0x50,
        ];
        p12.extend([
            0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x01,
        ]);
        p12.extend([0xA0; 40]);
        assert!(is_pkcs12(&p12));
        // A DER certificate (version 2 inside a nested sequence) is not a PFX.
        let mut cert = vec![
            0x30, 0x82, 0x03, 0x00, 0x30, 0x82, 0x02, 0x00, 0xA0, 0x03, 0x02, 0x01, 0x02,
        ];
        cert.extend([0u8; 40]);
        assert!(!is_pkcs12(&cert));
    }

    /// Test values are put together at run time, so this file holds no credential.
    fn joined(parts: &[&str]) -> Vec<u8> {
        parts.concat().into_bytes()
    }

    #[test]
    fn text_stores() {
        let store = joined(&["https://ci-bot:", "Zq8wXr2mTp5v", "@git.corp.example\n"]);
        assert_eq!(text(".git-credentials", &store).unwrap().line, 1);
        assert_eq!(
            text(".git-credentials", b"https://git.corp.example\n"),
            None
        );
        let pg = b"# local\nlocalhost:5432:*:app:*\ndb.internal:5432:ledger:ledger:Vb7-kq2ZpR\n";
        assert_eq!(text("home/.pgpass", pg).unwrap().line, 3);
        assert_eq!(text(".pgpass", b"localhost:5432:*:app:*\n"), None);
        let aws = joined(&[
            "[default]\naws_access_key_id = AKIA\naws_secret_access_key = ${AWS_SECRET}\n",
            "[ci]\naws_secret_access_key = kq2Zp/Rv7Tw9xLm4",
            "Nc8Bd1Fg6Hj3Sa5Ye0Ui2Oo\n",
        ]);
        let hit = text("backup/.aws/credentials", &aws).unwrap();
        assert_eq!((hit.slug, hit.line), ("cloud-cli-credentials", 5));
        assert_eq!(text("src/credentials", &aws), None);
        assert_eq!(
            text("keys/id_ed25519.pub", b"ssh-ed25519 AAAAC3Nza user@host"),
            None
        );
        assert_eq!(
            text("keys/id_ed25519", b"ssh-ed25519 AAAAC3Nza user@host"),
            None
        );
        assert!(text("keys/id_rsa", b"PuTTY-User-Key-File-3: ssh-rsa\n").is_some());
    }

    #[test]
    fn terraform_state() {
        let state = joined(&[
            r#"{
  "version": 4,
  "resources": [
    {
      "type": "aws_db_instance",
      "instances": [
        {
          "attributes": {
            "username": "ledger",
            "password": "Tq9-vX2"#,
            r#"mRk7pLw",
            "port": 5432
          },
          "sensitive_attributes": [[{"type": "get_attr", "value": "password"}]]
        }
      ]
    }
  ]
}"#,
        ]);
        let hit = text("envs/prod/terraform.tfstate", &state).unwrap();
        assert_eq!((hit.slug, hit.line), ("terraform-state-secrets", 10));
        assert!(hit.what.contains("1 credential attribute "));
        let clean =
            br#"{"version": 4, "resources": [{"attributes": {"password": null, "name": "web"}}]}"#;
        assert_eq!(text("terraform.tfstate", clean), None);
    }
}
