//! A secret rule: its metadata and its detection logic side by side.

use tollgate_core::{Confidence, Examples, RuleId, RuleMeta, Severity};

/// Families of credentials; each says why such a leak matters to a financial firm and
/// how to respond, so every rule's documentation says it too.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Category {
    Cloud,
    SourceControl,
    Payment,
    Messaging,
    Registry,
    Ai,
    Observability,
    SecretManager,
    PrivateKey,
    Token,
    Database,
    Saas,
    /// Identity providers and single sign-on (Okta, Auth0, Ping, Entra ID apps).
    Identity,
    /// Banking, open-banking and money-movement APIs.
    Banking,
    /// Market data, trading and crypto-exchange APIs.
    MarketData,
    /// Identity verification (KYC), fraud and credit-check services.
    Kyc,
    Generic,
}

impl Category {
    pub fn tag(self) -> &'static str {
        match self {
            Category::Cloud => "cloud",
            Category::SourceControl => "source-control",
            Category::Payment => "payment",
            Category::Messaging => "messaging",
            Category::Registry => "package-registry",
            Category::Ai => "ai",
            Category::Observability => "observability",
            Category::SecretManager => "secret-manager",
            Category::PrivateKey => "private-key",
            Category::Token => "token",
            Category::Database => "database",
            Category::Saas => "saas",
            Category::Identity => "identity",
            Category::Banking => "banking",
            Category::MarketData => "market-data",
            Category::Kyc => "kyc",
            Category::Generic => "generic",
        }
    }

    fn why(self) -> &'static str {
        match self {
            Category::Cloud => "Cloud credentials reach the infrastructure that holds customer and transaction data. A leaked key is the most common first step of cloud breaches, and PCI DSS 4.0 (requirement 8.6.2) forbids hard-coded credentials for system and application accounts.",
            Category::SourceControl => "Source-control and CI tokens let an attacker change code, workflows and release artefacts: a direct route into the software supply chain of a regulated firm, and a breach of SOX change-management controls.",
            Category::Payment => "Payment-provider keys can create charges, issue refunds, read cardholder and customer data and move money. A leak is a reportable incident under PCI DSS and can be a direct financial loss.",
            Category::Messaging => "Messaging credentials let an attacker read internal conversations or send messages that look like they come from the firm: an easy path to phishing customers and staff, and to leaking data covered by GDPR.",
            Category::Registry => "Package-registry tokens let an attacker publish malicious versions of the firm's packages, compromising every consumer of them.",
            Category::Ai => "AI-service keys are billed per use and are often wired to internal data; a leaked key runs up costs and can expose prompts containing customer data.",
            Category::Observability => "Observability credentials expose logs and metrics that often contain personal and transaction data, and allow forged events that hide an attack.",
            Category::SecretManager => "A secret-manager token unlocks every other secret it can read: the most valuable credential to an attacker.",
            Category::PrivateKey => "Private keys sign transactions, authenticate servers and decrypt traffic. Anyone holding one can impersonate the firm; PCI DSS requirement 3.6 and 3.7 demand keys be protected and never stored in clear text in code.",
            Category::Token => "Bearer tokens authenticate whoever presents them. A committed token grants its full access to anyone who can read the repository or its history.",
            Category::Database => "Database credentials give direct access to records that may hold cardholder, account and personal data, bypassing every application-level control and audit log.",
            Category::Saas => "Software-as-a-service tokens expose business data held outside the firm's own systems, often without the monitoring that internal systems have.",
            Category::Identity => "Identity-provider credentials manage the users, groups and sign-on policies of the whole firm: with one, an attacker can create accounts, reset factors and sign in to every connected application, including the ones auditors rely on for SOX access controls.",
            Category::Banking => "Banking and open-banking credentials read account balances and transactions of customers and can initiate payments and transfers: a leak exposes data protected by PSD2 and GDPR and can move money directly.",
            Category::MarketData => "Trading and market-data credentials can place orders, move assets between accounts or run up licensed data costs; exchange keys with withdrawal rights are a direct loss of funds.",
            Category::Kyc => "Identity-verification and fraud-service credentials expose identity documents, selfies and screening results of customers, the most sensitive personal data a firm holds under GDPR, and let an attacker tamper with fraud decisions.",
            Category::Generic => "Hard-coded passwords and keys in source code spread to every clone, fork, build log and backup, and cannot be rotated without a code change. PCI DSS 4.0 requirement 8.6.2 forbids them for application and system accounts.",
        }
    }

    fn fix(self) -> &'static str {
        match self {
            Category::PrivateKey => "Treat the key as compromised: revoke or replace it (and any certificate issued for it), remove it from the repository and its history, and load keys at run time from an HSM, KMS or secret manager.",
            Category::Generic => "Rotate the credential, remove it from the code, and read it at run time from the environment or a secret manager. If the value is not a real secret, mark it with `tollgate:ignore[rule-id] reason` or an allowlist entry.",
            _ => "Revoke the credential at the provider and issue a new one, then remove it from the repository and its history. Load credentials at run time from a secret manager or the CI system's secret store, never from committed files.",
        }
    }

    fn cwe(self) -> &'static [u32] {
        match self {
            Category::PrivateKey => &[321, 798],
            Category::Generic | Category::Database => &[259, 798],
            _ => &[798],
        }
    }
}

/// How far a match may reach from the line where its keyword was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// The line holding the keyword.
    Line,
    /// From the keyword's line to at most this many bytes further (PEM blocks, JSON).
    Block(usize),
}

/// Extra checks on a candidate value beyond the regex.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    None,
    /// The whole window must also contain one of these (ASCII case-insensitive).
    Context(&'static [&'static str]),
    /// Generic values: mixed character classes, no whitespace, not an identifier or path.
    GenericValue,
    /// Base64 of `user:password` with a non-placeholder password.
    BasicCredentials,
    /// A JWT whose header decodes to JSON naming an `alg`.
    Jwt,
    /// A PEM-like block whose body has enough key material and no ellipsis.
    KeyBody,
}

/// One secret rule.
#[derive(Clone, Debug)]
pub struct SecretRule {
    pub slug: &'static str,
    pub title: &'static str,
    pub about: &'static str,
    pub category: Category,
    pub severity: Severity,
    pub confidence: Confidence,
    /// Lowercase literals; a rule's regex only runs where one of them occurs.
    pub keywords: &'static [&'static str],
    /// Byte regex; the named group `s` (or the whole match) is the secret.
    pub pattern: &'static str,
    pub min_entropy: f32,
    pub check: Check,
    pub scope: Scope,
    /// When two rules find the same value, the higher priority wins.
    pub priority: u8,
    /// Only in configuration-like files (`.env`, YAML, properties, ...).
    pub config_only: bool,
    /// The value's own format names its issuer (a registered prefix such as `sk_live_`
    /// or `xoxb-`, or a checksum): it keeps its confidence in tests and prose.
    pub prefixed: bool,
    /// Where the issuer lets a holder revoke or rotate such a credential.
    pub revoke: &'static str,
}

impl SecretRule {
    /// A rule with the common defaults: high confidence, line scope, no extra checks.
    pub const fn new(
        slug: &'static str,
        title: &'static str,
        category: Category,
        severity: Severity,
        keywords: &'static [&'static str],
        pattern: &'static str,
    ) -> SecretRule {
        SecretRule {
            slug,
            title,
            about: "",
            category,
            severity,
            confidence: Confidence::High,
            keywords,
            pattern,
            min_entropy: 0.0,
            check: Check::None,
            scope: Scope::Line,
            priority: 2,
            config_only: false,
            prefixed: false,
            revoke: "",
        }
    }
    pub const fn about(mut self, about: &'static str) -> Self {
        self.about = about;
        self
    }
    pub const fn confidence(mut self, c: Confidence) -> Self {
        self.confidence = c;
        self
    }
    pub const fn entropy(mut self, e: f32) -> Self {
        self.min_entropy = e;
        self
    }
    pub const fn check(mut self, c: Check) -> Self {
        self.check = c;
        self
    }
    pub const fn block(mut self, max: usize) -> Self {
        self.scope = Scope::Block(max);
        self
    }
    pub const fn priority(mut self, p: u8) -> Self {
        self.priority = p;
        self
    }
    /// See [`SecretRule::prefixed`]; only for formats no other issuer shares.
    pub const fn prefixed(mut self) -> Self {
        self.prefixed = true;
        self
    }
    pub const fn revoke(mut self, url: &'static str) -> Self {
        self.revoke = url;
        self
    }
    pub const fn config_only(mut self) -> Self {
        self.config_only = true;
        self
    }

    pub fn id(&self) -> RuleId {
        RuleId::new("secrets", self.slug)
    }

    pub fn is_generic(&self) -> bool {
        self.category == Category::Generic
    }

    /// Metadata and generated documentation.
    pub fn meta(&self) -> RuleMeta {
        let about = if self.about.is_empty() {
            format!("A hard-coded {}.", lower_first(self.title))
        } else {
            self.about.to_string()
        };
        let cwe = self.category.cwe();
        let mut references: Vec<String> = cwe
            .iter()
            .map(|c| format!("https://cwe.mitre.org/data/definitions/{c}.html"))
            .collect();
        let refs: Vec<String> = cwe
            .iter()
            .zip(&references)
            .map(|(c, url)| format!("[CWE-{c}]({url})"))
            .collect();
        let revoke = if self.revoke.is_empty() {
            String::new()
        } else {
            format!(" Revoke it at <{}>.", self.revoke)
        };
        let detection = if self.prefixed {
            "the value's own format names its issuer, so it keeps its confidence in tests, fixtures and documentation too"
        } else {
            "lowered one step in tests, fixtures, examples and documentation"
        };
        let doc = format!(
            "{about}\n\n**Why it matters in finance.** {}\n\n**How to fix.** {}{revoke}\n\n**Detection.** Confidence {} by default; {detection}. Values that look like placeholders or published documentation examples are never reported.\n\n**References.** {}",
            self.category.why(),
            self.category.fix(),
            self.confidence,
            refs.join(", ")
        );
        if !self.revoke.is_empty() {
            references.insert(0, self.revoke.to_string());
        }
        let mut tags = vec!["secret".to_string(), self.category.tag().to_string()];
        if self.is_generic() {
            tags.push("heuristic".into());
        }
        RuleMeta {
            id: self.id(),
            title: self.title.to_string(),
            severity: self.severity,
            confidence: self.confidence,
            cwe: cwe.to_vec(),
            tags,
            doc,
            remediation: self.category.fix().to_string(),
            references,
            // Examples of secret rules live in the test fixtures only (rule-examples/, with near misses;
            // the near-miss tree): no credential-shaped string ships in the binary or
            // its documentation.
            examples: Examples::default(),
            aliases: Vec::new(),
        }
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        // Keep acronyms and brand names (AWS, GitHub) as they are.
        Some(f) if c.clone().next().is_some_and(|n| n.is_uppercase()) => {
            format!("{f}{}", c.as_str())
        }
        Some(f) => format!("{}{}", f.to_lowercase(), c.as_str()),
        None => String::new(),
    }
}
