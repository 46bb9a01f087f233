//! Banking, open-banking, money-movement, banking-as-a-service and FX/treasury APIs.

use crate::rule::{Category, SecretRule};
use tollgate_core::{Confidence, Severity};

pub(crate) const RULES: &[SecretRule] = &[
    SecretRule::new(
        "dwolla-api-secret",
        "Dwolla application secret",
        Category::Banking,
        Severity::Critical,
        &["dwolla"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:dwolla)[\w.\-]{0,30}?(?:(?:client[_.\-]?|api[_.\-]?|app[_.\-]?)?secret(?:[_.\-]?key)?)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{50}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://dashboard.dwolla.com/applications"),
    SecretRule::new(
        "marqeta-access-token",
        "Marqeta admin access token or application password",
        Category::Banking,
        Severity::Critical,
        &["marqeta"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:marqeta)[\w.\-]{0,30}?(?:(?:admin[_.\-]?)?(?:access[_.\-]?)?token|password)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[0-9a-f]{8}\-[0-9a-f]{4}\-[0-9a-f]{4}\-[0-9a-f]{4}\-[0-9a-f]{12}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://www.marqeta.com/docs/developer-guides/about-marqeta-api-keys"),
    SecretRule::new(
        "modern-treasury-api-key",
        "Modern Treasury API key",
        Category::Banking,
        Severity::Critical,
        &["modern_treasury", "modern-treasury", "moderntreasury"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:modern[_.\-]?treasury|mt)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?key)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{40,100}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://app.moderntreasury.com/developers/api_keys"),
    SecretRule::new(
        "increase-api-key",
        "Increase API key",
        Category::Banking,
        Severity::Critical,
        &["increase_api_key", "increase-api-key", "increaseapikey"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:increase)[\w.\-]{0,30}?(?:api[_.\-]?key)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9_]{32,100}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://dashboard.increase.com/developers/api_keys"),
    SecretRule::new(
        "moov-api-secret",
        "Moov API secret key",
        Category::Banking,
        Severity::Critical,
        &["moov"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:moov)[\w.\-]{0,30}?(?:(?:client[_.\-]?|api[_.\-]?|app[_.\-]?)?secret(?:[_.\-]?key)?)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{20,64}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://dashboard.moov.io/developers/api-keys"),
    SecretRule::new(
        "airwallex-api-key",
        "Airwallex API key",
        Category::Banking,
        Severity::Critical,
        &["airwallex"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:airwallex)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?key)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[0-9a-f]{64,128}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://www.airwallex.com/docs/developer-tools__api-keys"),
    SecretRule::new(
        "currencycloud-api-key",
        "Currencycloud API key",
        Category::Banking,
        Severity::Critical,
        &["currencycloud", "currency_cloud", "currency-cloud"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:currency[_.\-]?cloud)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?key)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[0-9a-f]{64}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://developer.currencycloud.com/"),
    SecretRule::new(
        "truelayer-client-secret",
        "TrueLayer client secret",
        Category::Banking,
        Severity::Critical,
        &["truelayer", "true_layer", "true-layer"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:true[_.\-]?layer)[\w.\-]{0,30}?(?:(?:client[_.\-]?|api[_.\-]?|app[_.\-]?)?secret(?:[_.\-]?key)?)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[0-9a-f]{8}\-[0-9a-f]{4}\-[0-9a-f]{4}\-[0-9a-f]{4}\-[0-9a-f]{12}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://console.truelayer.com/settings/app-settings"),
    SecretRule::new(
        "yapily-application-secret",
        "Yapily application secret",
        Category::Banking,
        Severity::Critical,
        &["yapily"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:yapily)[\w.\-]{0,30}?(?:(?:application[_.\-]?|app[_.\-]?)?secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[0-9a-f]{8}\-[0-9a-f]{4}\-[0-9a-f]{4}\-[0-9a-f]{4}\-[0-9a-f]{12}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://console.yapily.com/"),
    SecretRule::new(
        "tink-client-secret",
        "Tink client secret",
        Category::Banking,
        Severity::Critical,
        &["tink_client_secret", "tink-client-secret", "tinkclientsecret", "tink.client.secret", "tink_client.secret"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:tink)[\w.\-]{0,30}?(?:client[_.\-]?secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[0-9a-f]{32}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://console.tink.com/"),
    SecretRule::new(
        "nordigen-secret-key",
        "GoCardless Bank Account Data (Nordigen) secret key",
        Category::Banking,
        Severity::Critical,
        &["nordigen", "bank_account_data", "bankaccountdata", "bank-account-data"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:nordigen|bank[_.\-]?account[_.\-]?data)[\w.\-]{0,30}?(?:secret(?:[_.\-]?key)?)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[0-9a-f]{128}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .about("A GoCardless Bank Account Data (formerly Nordigen) secret key. With its secret ID it obtains tokens that read account details, balances and transactions of connected bank accounts.")
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://bankaccountdata.gocardless.com/user-secrets/"),
    SecretRule::new(
        "mx-api-key",
        "MX Platform API key",
        Category::Banking,
        Severity::Critical,
        &["mx_api_key", "mx-api-key", "mxapikey", "mx_platform", "mx-platform"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:mx[_.\-]?(?:platform[_.\-]?)?)[\w.\-]{0,30}?(?:api[_.\-]?key)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[0-9a-f]{40}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://dashboard.mx.com/"),
    SecretRule::new(
        "finicity-app-key",
        "Finicity app key",
        Category::Banking,
        Severity::High,
        &["finicity"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:finicity)[\w.\-]{0,30}?(?:app[_.\-]?key)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[0-9a-f]{32}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://developer.mastercard.com/open-banking-us/documentation/"),
    SecretRule::new(
        "finicity-partner-secret",
        "Finicity partner secret",
        Category::Banking,
        Severity::Critical,
        &["finicity"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:finicity)[\w.\-]{0,30}?(?:partner[_.\-]?secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{20}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://developer.mastercard.com/open-banking-us/documentation/"),
    SecretRule::new(
        "yodlee-client-secret",
        "Yodlee API client secret",
        Category::Banking,
        Severity::Critical,
        &["yodlee", "envestnet"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:yodlee|envestnet)[\w.\-]{0,30}?(?:(?:client[_.\-]?|api[_.\-]?|app[_.\-]?)?secret(?:[_.\-]?key)?)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{16,64}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://developer.yodlee.com/"),
    SecretRule::new(
        "teller-access-token",
        "Teller access token",
        Category::Banking,
        Severity::Critical,
        &["teller"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:teller)[\w.\-]{0,30}?(?:(?:access[_.\-]?)?token)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:token_[a-z2-7]{26}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .about("A Teller access token (token_...). With the application certificate it reads the enrolled bank account's details, balances and transactions.")
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://teller.io/settings/application"),
    SecretRule::new(
        "salt-edge-secret",
        "Salt Edge API secret",
        Category::Banking,
        Severity::Critical,
        &["saltedge", "salt_edge", "salt-edge"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:salt[_.\-]?edge)[\w.\-]{0,30}?(?:(?:app[_.\-]?)?secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9_\-]{43}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://www.saltedge.com/clients/profile/secrets"),
    SecretRule::new(
        "codat-api-key",
        "Codat API key",
        Category::Banking,
        Severity::Critical,
        &["codat"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:codat)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?key)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{40}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://app.codat.io/developers/api-keys"),
    SecretRule::new(
        "railsr-api-key",
        "Railsr (Railsbank) API key",
        Category::Banking,
        Severity::Critical,
        &["railsr", "railsbank"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:railsr|railsbank)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?key)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{30,100}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://docs.railsr.com/"),
    SecretRule::new(
        "mambu-api-key",
        "Mambu API key",
        Category::Banking,
        Severity::Critical,
        &["mambu"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:mambu)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?key)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{32}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://support.mambu.com/docs/api-consumers"),
    SecretRule::new(
        "galileo-api-trans-key",
        "Galileo API transaction key",
        Category::Banking,
        Severity::Critical,
        &["galileo"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:galileo)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?trans(?:action)?[_.\-]?key)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{10,32}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://docs.galileo-ft.com/pro/docs/authentication"),
    SecretRule::new(
        "starling-access-token",
        "Starling Bank access token",
        Category::Banking,
        Severity::Critical,
        &["starling"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:starling)[\w.\-]{0,30}?(?:(?:personal[_.\-]?)?(?:access[_.\-]?)?token)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{64}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://developer.starlingbank.com/personal/token"),
];
