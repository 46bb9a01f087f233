//! Payment providers and commerce platforms.

use crate::rule::{Category, SecretRule};
use tollgate_core::{Confidence, Severity};

pub(crate) const RULES: &[SecretRule] = &[
    SecretRule::new(
        "stripe-secret-key",
        "Stripe live secret key",
        Category::Payment,
        Severity::Critical,
        &["sk_live_"],
        r#"\b(?P<s>sk_live_[0-9a-zA-Z]{24,247})\b"#,
    )
    .about("A Stripe live-mode secret key (sk_live_). It can create charges, issue refunds and payouts, and read every customer and payment of the account."),
    SecretRule::new(
        "stripe-restricted-key",
        "Stripe live restricted key",
        Category::Payment,
        Severity::High,
        &["rk_live_"],
        r#"\b(?P<s>rk_live_[0-9a-zA-Z]{24,247})\b"#,
    ),
    SecretRule::new(
        "stripe-test-secret-key",
        "Stripe test-mode secret or restricted key",
        Category::Payment,
        Severity::Low,
        &["sk_test_", "rk_test_"],
        r#"\b(?P<s>[rs]k_test_[0-9a-zA-Z]{24,247})\b"#,
    )
    .about("A Stripe test-mode key. It cannot move real money, but it exposes test data and account configuration, and shows that live keys may be handled the same way."),
    SecretRule::new(
        "stripe-webhook-secret",
        "Stripe webhook signing secret",
        Category::Payment,
        Severity::High,
        &["whsec_"],
        r#"\b(?P<s>whsec_[A-Za-z0-9+/=]{32,})"#,
    )
    .about("A Stripe webhook signing secret (whsec_). With it, an attacker can forge webhook events such as `payment_intent.succeeded` and have orders fulfilled without payment."),
    SecretRule::new(
        "square-access-token",
        "Square access token",
        Category::Payment,
        Severity::Critical,
        &["sq0atp-", "eaaa"],
        r#"\b(?P<s>sq0atp-[0-9A-Za-z_\-]{22}|EAAA[A-Za-z0-9_\-]{60})(?:[^A-Za-z0-9_\-]|$)"#,
    ),
    SecretRule::new(
        "square-oauth-secret",
        "Square OAuth application secret",
        Category::Payment,
        Severity::High,
        &["sq0csp-"],
        r#"\b(?P<s>sq0csp-[0-9A-Za-z_\-]{43})"#,
    ),
    SecretRule::new(
        "braintree-access-token",
        "Braintree (PayPal) access token",
        Category::Payment,
        Severity::Critical,
        &["access_token$production$", "access_token$sandbox$"],
        r#"(?P<s>access_token\$(?:production|sandbox)\$[0-9a-z]{16}\$[0-9a-f]{32})"#,
    ),
    SecretRule::new(
        "braintree-private-key",
        "Braintree private key",
        Category::Payment,
        Severity::Critical,
        &["braintree"],
        r#"(?i)braintree[_.\-]?private[_.\-]?key[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[0-9a-f]{32})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0),
    SecretRule::new(
        "paypal-client-secret",
        "PayPal REST client secret",
        Category::Payment,
        Severity::Critical,
        &["paypal"],
        r#"(?i)paypal[_.\-]?(?:client[_.\-]?)?secret[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[A-Za-z0-9_\-]{80})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(4.0),
    SecretRule::new(
        "adyen-api-key",
        "Adyen API key",
        Category::Payment,
        Severity::Critical,
        &["adyen"],
        r#"(?i)adyen[\w.\-]{0,30}?(?:api[_\-]?)?key["\']?\s*(?:[:=]|=>)\s*["\']?(?P<s>AQE[A-Za-z0-9+/=._\-]{60,300})"#,
    )
    .about("An Adyen API key (AQE...). It authorises payments, refunds and payouts through the Adyen API for the merchant accounts of its credential."),
    SecretRule::new(
        "adyen-hmac-key",
        "Adyen webhook HMAC key",
        Category::Payment,
        Severity::High,
        &["adyen"],
        r#"(?i)adyen[_.\-]?(?:webhook[_.\-]?)?hmac[_.\-]?key[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[A-F0-9]{64})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium),
    SecretRule::new(
        "checkout-com-secret-key",
        "Checkout.com secret key",
        Category::Payment,
        Severity::Critical,
        &["checkout", "sk_sbox_"],
        r#"(?i)(?:checkout[\w.\-]{0,25}?(?:secret|sk|key)[\w\-]{0,10}["\']?\s*(?:[:=]|=>)\s*["\']?(?P<s>sk_(?:sbox_)?[A-Za-z0-9\-]{26,40})|\b(?P<t>sk_sbox_[a-z0-9]{26,30}))"#,
    )
    .confidence(Confidence::Medium),
    SecretRule::new(
        "plaid-secret",
        "Plaid API secret",
        Category::Payment,
        Severity::Critical,
        &["plaid"],
        r#"(?i)plaid[_.\-]?(?:api[_.\-]?)?secret[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[a-f0-9]{30})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium),
    SecretRule::new(
        "plaid-access-token",
        "Plaid access token",
        Category::Payment,
        Severity::Critical,
        &["access-production-", "access-development-", "access-sandbox-"],
        r#"\b(?P<s>access-(?:production|development|sandbox)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b"#,
    )
    .about("A Plaid access token. It reads the linked bank account's balances, transactions and identity data, and in some products initiates transfers."),
    SecretRule::new(
        "wise-api-token",
        "Wise (TransferWise) API token",
        Category::Payment,
        Severity::Critical,
        &["wise_api", "wise-api", "wiseapi", "wise_token", "wise-token", "wisetoken", "wise_key", "wise-key", "transferwise"],
        r#"(?i)(?:transfer)?wise[_.\-]?(?:api[_.\-]?)?(?:token|key)[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium),
    SecretRule::new(
        "razorpay-key-id",
        "Razorpay key ID",
        Category::Payment,
        Severity::Medium,
        &["rzp_live_", "rzp_test_"],
        r#"\b(?P<s>rzp_(?:live|test)_[A-Za-z0-9]{14})\b"#,
    ),
    SecretRule::new(
        "razorpay-key-secret",
        "Razorpay key secret",
        Category::Payment,
        Severity::Critical,
        &["razorpay"],
        r#"(?i)razorpay[_.\-]?(?:key[_.\-]?)?secret[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[A-Za-z0-9]{24})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5),
    SecretRule::new(
        "gocardless-access-token",
        "GoCardless access token",
        Category::Payment,
        Severity::Critical,
        &["gocardless"],
        r#"(?i)gocardless[^\n]{0,60}?(?P<s>(?:live|sandbox)_[A-Za-z0-9_\-=]{40})"#,
    ),
    SecretRule::new(
        "mollie-api-key",
        "Mollie API key",
        Category::Payment,
        Severity::Critical,
        &["mollie"],
        r#"(?i)mollie[^\n]{0,60}?\b(?P<s>(?:live|test)_[A-Za-z0-9]{30})\b"#,
    ),
    SecretRule::new(
        "coinbase-api-secret",
        "Coinbase API secret",
        Category::Payment,
        Severity::Critical,
        &["coinbase"],
        r#"(?i)coinbase[_.\-]?(?:api[_.\-]?)?secret[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[A-Za-z0-9+/=]{32,88})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(4.0),
    SecretRule::new(
        "flutterwave-secret-key",
        "Flutterwave secret key",
        Category::Payment,
        Severity::Critical,
        &["flwseck"],
        r#"\b(?P<s>FLWSECK(?:_TEST)?-[a-f0-9]{32}-X)\b"#,
    ),
    SecretRule::new(
        "mercadopago-access-token",
        "Mercado Pago access token",
        Category::Payment,
        Severity::Critical,
        &["app_usr-"],
        r#"\b(?P<s>APP_USR-\d{16}-\d{6}-[a-f0-9]{32}-\d{9})\b"#,
    ),
    SecretRule::new(
        "authorize-net-transaction-key",
        "Authorize.Net transaction key",
        Category::Payment,
        Severity::Critical,
        &["transaction_key", "transactionkey", "transaction-key"],
        r#"(?i)(?:authorize[_.\-]?net[_.\-]?)?transaction[_.\-]?key[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[A-Za-z0-9]{16})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.3),
    SecretRule::new(
        "shopify-access-token",
        "Shopify access token",
        Category::Payment,
        Severity::High,
        &["shpat_", "shpca_", "shppa_"],
        r#"\b(?P<s>shp(?:at|ca|pa)_[a-fA-F0-9]{32})\b"#,
    ),
    SecretRule::new(
        "shopify-shared-secret",
        "Shopify app shared secret",
        Category::Payment,
        Severity::High,
        &["shpss_"],
        r#"\b(?P<s>shpss_[a-fA-F0-9]{32})\b"#,
    ),
    SecretRule::new(
        "easypost-api-key",
        "EasyPost API key",
        Category::Payment,
        Severity::Medium,
        &["ezak", "eztk"],
        r#"\b(?P<s>EZ[AT]K[a-zA-Z0-9]{54})\b"#,
    ),
    SecretRule::new(
        "shippo-api-token",
        "Shippo API token",
        Category::Payment,
        Severity::Medium,
        &["shippo_live_", "shippo_test_"],
        r#"\b(?P<s>shippo_(?:live|test)_[a-f0-9]{40})\b"#,
    ),
    SecretRule::new(
        "duffel-api-token",
        "Duffel API token",
        Category::Payment,
        Severity::High,
        &["duffel_live_", "duffel_test_"],
        r#"\b(?P<s>duffel_(?:live|test)_[A-Za-z0-9_\-=]{43})"#,
    ),
];
