//! Payment providers and commerce platforms.

use crate::rule::{Category, Check, SecretRule};
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
    .about("A Stripe live-mode secret key (sk_live_). It can create charges, issue refunds and payouts, and read every customer and payment of the account.")
    .prefixed()
    .revoke("https://dashboard.stripe.com/apikeys"),
    SecretRule::new(
        "stripe-restricted-key",
        "Stripe live restricted key",
        Category::Payment,
        Severity::High,
        &["rk_live_"],
        r#"\b(?P<s>rk_live_[0-9a-zA-Z]{24,247})\b"#,
    )
    .prefixed()
    .revoke("https://dashboard.stripe.com/apikeys"),
    SecretRule::new(
        "stripe-test-secret-key",
        "Stripe test-mode secret or restricted key",
        Category::Payment,
        Severity::Low,
        &["sk_test_", "rk_test_"],
        r#"\b(?P<s>[rs]k_test_[0-9a-zA-Z]{24,247})\b"#,
    )
    .about("A Stripe test-mode key. It cannot move real money, but it exposes test data and account configuration, and shows that live keys may be handled the same way.")
    .prefixed()
    .revoke("https://dashboard.stripe.com/test/apikeys"),
    SecretRule::new(
        "stripe-webhook-secret",
        "Stripe webhook signing secret",
        Category::Payment,
        Severity::High,
        &["whsec_"],
        r#"\b(?P<s>whsec_[A-Za-z0-9+/=]{32,})"#,
    )
    .about("A Stripe webhook signing secret (whsec_). With it, an attacker can forge webhook events such as `payment_intent.succeeded` and have orders fulfilled without payment.")
    .prefixed()
    .revoke("https://dashboard.stripe.com/webhooks"),
    SecretRule::new(
        "square-access-token",
        "Square access token",
        Category::Payment,
        Severity::Critical,
        &["sq0atp-", "eaaa"],
        r#"\b(?P<s>sq0atp-[0-9A-Za-z_\-]{22}|EAAA[A-Za-z0-9_\-]{60})(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .prefixed()
    .revoke("https://developer.squareup.com/apps"),
    SecretRule::new(
        "square-oauth-secret",
        "Square OAuth application secret",
        Category::Payment,
        Severity::High,
        &["sq0csp-"],
        r#"\b(?P<s>sq0csp-[0-9A-Za-z_\-]{43})"#,
    )
    .prefixed()
    .revoke("https://developer.squareup.com/apps"),
    SecretRule::new(
        "braintree-access-token",
        "Braintree (PayPal) access token",
        Category::Payment,
        Severity::Critical,
        &["access_token$production$", "access_token$sandbox$"],
        r#"(?P<s>access_token\$(?:production|sandbox)\$[0-9a-z]{16}\$[0-9a-f]{32})"#,
    )
    .prefixed()
    .revoke("https://developer.paypal.com/braintree/articles/control-panel/important-gateway-credentials"),
    SecretRule::new(
        "braintree-private-key",
        "Braintree private key",
        Category::Payment,
        Severity::Critical,
        &["braintree"],
        r#"(?i)braintree[_.\-]?private[_.\-]?key[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[0-9a-f]{32})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://developer.paypal.com/braintree/articles/control-panel/important-gateway-credentials"),
    SecretRule::new(
        "paypal-client-secret",
        "PayPal REST client secret",
        Category::Payment,
        Severity::Critical,
        &["paypal"],
        r#"(?i)paypal[_.\-]?(?:client[_.\-]?)?secret[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[A-Za-z0-9_\-]{80})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(4.0)
    .revoke("https://developer.paypal.com/dashboard/applications"),
    SecretRule::new(
        "adyen-api-key",
        "Adyen API key",
        Category::Payment,
        Severity::Critical,
        &["adyen"],
        r#"(?i)adyen[\w.\-]{0,30}?(?:api[_\-]?)?key["\']?\s*(?:[:=]|=>)\s*["\']?(?P<s>AQE[A-Za-z0-9+/=._\-]{60,300})"#,
    )
    .about("An Adyen API key (AQE...). It authorises payments, refunds and payouts through the Adyen API for the merchant accounts of its credential.")
    .revoke("https://docs.adyen.com/development-resources/api-credentials/"),
    SecretRule::new(
        "adyen-hmac-key",
        "Adyen webhook HMAC key",
        Category::Payment,
        Severity::High,
        &["adyen"],
        r#"(?i)adyen[_.\-]?(?:webhook[_.\-]?)?hmac[_.\-]?key[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[A-F0-9]{64})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .revoke("https://docs.adyen.com/development-resources/webhooks/verify-hmac-signatures/"),
    SecretRule::new(
        "checkout-com-secret-key",
        "Checkout.com secret key",
        Category::Payment,
        Severity::Critical,
        &["checkout", "sk_sbox_"],
        r#"(?i)(?:checkout[\w.\-]{0,25}?(?:secret|sk|key)[\w\-]{0,10}["\']?\s*(?:[:=]|=>)\s*["\']?(?P<s>sk_(?:sbox_)?[A-Za-z0-9\-]{26,40})|\b(?P<t>sk_sbox_[a-z0-9]{26,30}))"#,
    )
    .confidence(Confidence::Medium)
    .revoke("https://dashboard.checkout.com/developers/keys"),
    SecretRule::new(
        "plaid-secret",
        "Plaid API secret",
        Category::Payment,
        Severity::Critical,
        &["plaid"],
        r#"(?i)plaid[_.\-]?(?:api[_.\-]?)?secret[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[a-f0-9]{30})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .revoke("https://dashboard.plaid.com/developers/keys"),
    SecretRule::new(
        "plaid-access-token",
        "Plaid access token",
        Category::Payment,
        Severity::Critical,
        &["access-production-", "access-development-", "access-sandbox-"],
        r#"\b(?P<s>access-(?:production|development|sandbox)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b"#,
    )
    .about("A Plaid access token. It reads the linked bank account's balances, transactions and identity data, and in some products initiates transfers.")
    .prefixed()
    .revoke("https://plaid.com/docs/api/items/#itemremove"),
    SecretRule::new(
        "wise-api-token",
        "Wise (TransferWise) API token",
        Category::Payment,
        Severity::Critical,
        &["wise_", "wise-", "wise.", "wiseapi", "wisetoken", "wisekey", "wiseclient", "transferwise"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:transfer)?wise[\w.\-]{0,30}?(?:api[_.\-]?)?(?:token|key)[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:[^\w\-]|$)"#,
    )
    .about("A Wise (formerly TransferWise) personal or business API token (a UUID next to a Wise name). Full-access tokens read balances and statements and can fund transfers from the account.")
    .confidence(Confidence::Medium)
    .revoke("https://wise.com/your-account/integrations-and-tools/api-tokens"),
    SecretRule::new(
        "razorpay-key-id",
        "Razorpay key ID",
        Category::Payment,
        Severity::Medium,
        &["rzp_live_", "rzp_test_"],
        r#"\b(?P<s>rzp_(?:live|test)_[A-Za-z0-9]{14})\b"#,
    )
    .prefixed()
    .revoke("https://dashboard.razorpay.com/app/website-app-settings/api-keys"),
    SecretRule::new(
        "razorpay-key-secret",
        "Razorpay key secret",
        Category::Payment,
        Severity::Critical,
        &["razorpay"],
        r#"(?i)razorpay[_.\-]?(?:key[_.\-]?)?secret[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[A-Za-z0-9]{24})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.5)
    .revoke("https://dashboard.razorpay.com/app/website-app-settings/api-keys"),
    SecretRule::new(
        "gocardless-access-token",
        "GoCardless access token",
        Category::Payment,
        Severity::Critical,
        &["gocardless"],
        r#"(?i)gocardless[^\n]{0,60}?(?P<s>(?:live|sandbox)_[A-Za-z0-9_\-=]{40})"#,
    )
    .revoke("https://manage.gocardless.com/developers/access-tokens"),
    SecretRule::new(
        "mollie-api-key",
        "Mollie API key",
        Category::Payment,
        Severity::Critical,
        &["mollie"],
        r#"(?i)mollie[^\n]{0,60}?\b(?P<s>(?:live|test)_[A-Za-z0-9]{30})\b"#,
    )
    .revoke("https://my.mollie.com/dashboard/developers/api-keys"),
    SecretRule::new(
        "coinbase-api-secret",
        "Coinbase API secret",
        Category::Payment,
        Severity::Critical,
        &["coinbase"],
        r#"(?i)coinbase[_.\-]?(?:api[_.\-]?)?secret[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[A-Za-z0-9+/=]{32,88})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(4.0)
    .revoke("https://www.coinbase.com/settings/api"),
    SecretRule::new(
        "flutterwave-secret-key",
        "Flutterwave secret key",
        Category::Payment,
        Severity::Critical,
        &["flwseck"],
        r#"\b(?P<s>FLWSECK(?:_TEST)?-[a-f0-9]{32}-X)\b"#,
    )
    .prefixed()
    .revoke("https://app.flutterwave.com/dashboard/settings/apis/live"),
    SecretRule::new(
        "mercadopago-access-token",
        "Mercado Pago access token",
        Category::Payment,
        Severity::Critical,
        &["app_usr-"],
        r#"\b(?P<s>APP_USR-\d{16}-\d{6}-[a-f0-9]{32}-\d{9})\b"#,
    )
    .prefixed()
    .revoke("https://www.mercadopago.com/developers/panel/app"),
    SecretRule::new(
        "authorize-net-transaction-key",
        "Authorize.Net transaction key",
        Category::Payment,
        Severity::Critical,
        &["transaction_key", "transactionkey", "transaction-key"],
        r#"(?i)(?:authorize[_.\-]?net[_.\-]?)?transaction[_.\-]?key[\w.\-]{0,30}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>[A-Za-z0-9]{16})(?:[^\w\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.3)
    .revoke("https://account.authorize.net/"),
    SecretRule::new(
        "shopify-access-token",
        "Shopify access token",
        Category::Payment,
        Severity::High,
        &["shpat_", "shpca_", "shppa_"],
        r#"\b(?P<s>shp(?:at|ca|pa)_[a-fA-F0-9]{32})\b"#,
    )
    .prefixed()
    .revoke("https://help.shopify.com/en/manual/apps/app-types/custom-apps"),
    SecretRule::new(
        "shopify-shared-secret",
        "Shopify app shared secret",
        Category::Payment,
        Severity::High,
        &["shpss_"],
        r#"\b(?P<s>shpss_[a-fA-F0-9]{32})\b"#,
    )
    .prefixed()
    .revoke("https://partners.shopify.com/"),
    SecretRule::new(
        "easypost-api-key",
        "EasyPost API key",
        Category::Payment,
        Severity::Medium,
        &["ezak", "eztk"],
        r#"\b(?P<s>EZ[AT]K[a-zA-Z0-9]{54})\b"#,
    )
    .prefixed()
    .revoke("https://www.easypost.com/account/api-keys"),
    SecretRule::new(
        "shippo-api-token",
        "Shippo API token",
        Category::Payment,
        Severity::Medium,
        &["shippo_live_", "shippo_test_"],
        r#"\b(?P<s>shippo_(?:live|test)_[a-f0-9]{40})\b"#,
    )
    .prefixed()
    .revoke("https://apps.goshippo.com/settings/api"),
    SecretRule::new(
        "duffel-api-token",
        "Duffel API token",
        Category::Payment,
        Severity::High,
        &["duffel_live_", "duffel_test_"],
        r#"\b(?P<s>duffel_(?:live|test)_[A-Za-z0-9_\-=]{43})"#,
    )
    .prefixed()
    .revoke("https://app.duffel.com/"),
    SecretRule::new(
        "paystack-secret-key",
        "Paystack live secret key",
        Category::Payment,
        Severity::Critical,
        &["sk_live_"],
        r#"\b(?P<s>sk_live_[0-9a-f]{40})(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .about("A Paystack live secret key (sk_live_ and 40 hex characters, in a file that names Paystack). It charges cards, issues refunds and transfers, and reads every customer and transaction of the business. The same prefix is Stripe's: this rule takes precedence over the Stripe rule where the file names Paystack.")
    .check(Check::Context(&["paystack", "Paystack", "PAYSTACK"]))
    .priority(3)
    .revoke("https://dashboard.paystack.com/#/settings/developers"),
    SecretRule::new(
        "paystack-test-secret-key",
        "Paystack test secret key",
        Category::Payment,
        Severity::Low,
        &["sk_test_"],
        r#"\b(?P<s>sk_test_[0-9a-f]{40})(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .about("A Paystack test-mode secret key. It moves no real money but exposes test data and shows how live keys are handled.")
    .check(Check::Context(&["paystack", "Paystack", "PAYSTACK"]))
    .priority(3)
    .revoke("https://dashboard.paystack.com/#/settings/developers"),
    SecretRule::new(
        "xendit-secret-key",
        "Xendit production secret key",
        Category::Payment,
        Severity::Critical,
        &["xnd_production_"],
        r#"\b(?P<s>xnd_production_[A-Za-z0-9_\-]{50,80})(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .about("A Xendit production secret API key (xnd_production_). It creates invoices, disbursements and refunds for the business account.")
    .prefixed()
    .revoke("https://dashboard.xendit.co/settings/developers#api-keys"),
    SecretRule::new(
        "xendit-development-key",
        "Xendit development secret key",
        Category::Payment,
        Severity::Low,
        &["xnd_development_"],
        r#"\b(?P<s>xnd_development_[A-Za-z0-9_\-]{50,80})(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .prefixed()
    .revoke("https://dashboard.xendit.co/settings/developers#api-keys"),
    SecretRule::new(
        "klarna-api-key",
        "Klarna live API key",
        Category::Payment,
        Severity::Critical,
        &["klarna_live_api_"],
        r#"\b(?P<s>klarna_live_api_[A-Za-z0-9_\-]{60,120})(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .about("A Klarna live API key (klarna_live_api_). It creates, captures and refunds Klarna orders for the merchant ID it belongs to.")
    .prefixed()
    .revoke("https://docs.klarna.com/resources/developer-tools/merchant-portal-guide/settings/"),
    SecretRule::new(
        "klarna-test-api-key",
        "Klarna playground API key",
        Category::Payment,
        Severity::Low,
        &["klarna_test_api_"],
        r#"\b(?P<s>klarna_test_api_[A-Za-z0-9_\-]{60,120})(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .prefixed()
    .revoke("https://docs.klarna.com/resources/developer-tools/merchant-portal-guide/settings/"),
    SecretRule::new(
        "sumup-api-key",
        "SumUp secret API key",
        Category::Payment,
        Severity::Critical,
        &["sup_sk_"],
        r#"\b(?P<s>sup_sk_[A-Za-z0-9]{24,64})(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .about("A SumUp secret API key (sup_sk_). It acts on behalf of the merchant account: checkouts, transactions, refunds and payouts.")
    .prefixed()
    .revoke("https://developer.sumup.com/tools/authorization/api-keys"),
    SecretRule::new(
        "midtrans-server-key",
        "Midtrans production server key",
        Category::Payment,
        Severity::Critical,
        &["mid-server-"],
        r#"(?:^|[^A-Za-z0-9\-])(?P<s>Mid\-server\-[A-Za-z0-9_\-]{24})(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .about("A Midtrans production server key (Mid-server-). It authorises charges, refunds and transaction status calls on the merchant account.")
    .prefixed()
    .revoke("https://docs.midtrans.com/docs/access-keys"),
    SecretRule::new(
        "midtrans-sandbox-server-key",
        "Midtrans sandbox server key",
        Category::Payment,
        Severity::Low,
        &["sb-mid-server-"],
        r#"\b(?P<s>SB\-Mid\-server\-[A-Za-z0-9_\-]{24})(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .prefixed()
    .revoke("https://docs.midtrans.com/docs/access-keys"),
    SecretRule::new(
        "afterpay-secret-key",
        "Afterpay merchant secret key",
        Category::Payment,
        Severity::Critical,
        &["afterpay", "clearpay"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:afterpay|clearpay)[\w.\-]{0,30}?(?:(?:client[_.\-]?|api[_.\-]?|app[_.\-]?)?secret(?:[_.\-]?key)?)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{40,128}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://developers.afterpay.com/afterpay-online/reference/authentication"),
    SecretRule::new(
        "affirm-private-api-key",
        "Affirm private API key",
        Category::Payment,
        Severity::Critical,
        &["affirm"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:affirm)[\w.\-]{0,30}?(?:private[_.\-]?(?:api[_.\-]?)?key)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{32}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://businesshub.affirm.com/"),
    SecretRule::new(
        "rapyd-secret-key",
        "Rapyd secret key",
        Category::Payment,
        Severity::Critical,
        &["rapyd"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:rapyd)[\w.\-]{0,30}?(?:(?:client[_.\-]?|api[_.\-]?|app[_.\-]?)?secret(?:[_.\-]?key)?)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:rsk_[A-Za-z0-9]{20,120}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .about("A Rapyd secret key (rsk_). With its access key it signs requests that collect and disburse funds.")
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://dashboard.rapyd.net/developers/credentials"),
    SecretRule::new(
        "dlocal-secret-key",
        "dLocal secret key",
        Category::Payment,
        Severity::Critical,
        &["dlocal"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:dlocal)[\w.\-]{0,30}?(?:(?:secret[_.\-]?key|trans[_.\-]?key))[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{20,64}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://docs.dlocal.com/docs/credentials"),
    SecretRule::new(
        "payoneer-client-secret",
        "Payoneer API client secret",
        Category::Payment,
        Severity::Critical,
        &["payoneer"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:payoneer)[\w.\-]{0,30}?(?:(?:client[_.\-]?|api[_.\-]?|app[_.\-]?)?secret(?:[_.\-]?key)?)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{20,64}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://developer.payoneer.com/"),
    SecretRule::new(
        "paysafe-api-key",
        "Paysafe API key",
        Category::Payment,
        Severity::Critical,
        &["paysafe"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:paysafe)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?(?:key|password|secret))[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9+/]{40,120}))(?:[^A-Za-z0-9_\-+/=]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://developer.paysafe.com/en/support/reference-information/authentication/"),
    SecretRule::new(
        "nuvei-secret-key",
        "Nuvei merchant secret key",
        Category::Payment,
        Severity::Critical,
        &["nuvei", "safecharge"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:nuvei|safecharge)[\w.\-]{0,30}?(?:(?:merchant[_.\-]?)?secret(?:[_.\-]?key)?)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{40,80}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://docs.nuvei.com/documentation/getting-started/"),
    SecretRule::new(
        "cybersource-shared-secret",
        "Cybersource REST shared secret key",
        Category::Payment,
        Severity::Critical,
        &["cybersource", "cybs"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:cybersource|cybs)[\w.\-]{0,30}?(?:(?:shared[_.\-]?)?secret(?:[_.\-]?key)?)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9+/]{43}=))(?:[^A-Za-z0-9_\-+/=]|$)"#,
    )
    .about("A Cybersource REST API shared secret (base64, paired with a key ID). It signs HTTP-signature requests that authorise, capture and refund card payments.")
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://developer.cybersource.com/docs/cybs/en-us/security-keys/user/all/ada/security-keys/keys-create-shared-secret.html"),
    SecretRule::new(
        "globalpayments-app-key",
        "Global Payments API app key",
        Category::Payment,
        Severity::Critical,
        &["globalpayments", "global_payments", "global-payments", "gp_api", "gp-api", "gpapi"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:global[_.\-]?payments|gp[_.\-]?api)[\w.\-]{0,30}?(?:app[_.\-]?key)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{16}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://developer.globalpay.com/"),
    SecretRule::new(
        "bluesnap-api-password",
        "BlueSnap API password",
        Category::Payment,
        Severity::Critical,
        &["bluesnap"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:bluesnap)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?password)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{12,40}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://support.bluesnap.com/docs/api-credentials"),
    SecretRule::new(
        "payu-client-secret",
        "PayU client secret",
        Category::Payment,
        Severity::Critical,
        &["payu"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:payu)[\w.\-]{0,30}?(?:(?:client[_.\-]?secret|second[_.\-]?key|merchant[_.\-]?salt))[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[0-9a-f]{32}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://developers.payu.com/"),
    SecretRule::new(
        "iyzico-secret-key",
        "iyzico secret key",
        Category::Payment,
        Severity::Critical,
        &["iyzico", "iyzipay"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:iyzico|iyzipay)[\w.\-]{0,30}?(?:secret(?:[_.\-]?key)?)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{32}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://docs.iyzico.com/en/getting-started/preliminaries/authentication"),
    SecretRule::new(
        "cashfree-secret-key",
        "Cashfree client secret",
        Category::Payment,
        Severity::Critical,
        &["cashfree"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:cashfree)[\w.\-]{0,30}?(?:(?:client[_.\-]?secret|secret[_.\-]?key|x[_.\-]?client[_.\-]?secret))[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9_]{32,80}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://www.cashfree.com/docs/api-reference/authentication"),
    SecretRule::new(
        "mpesa-consumer-secret",
        "M-Pesa Daraja consumer secret",
        Category::Payment,
        Severity::Critical,
        &["mpesa", "m_pesa", "m-pesa", "daraja", "safaricom"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:m[_.\-]?pesa|daraja|safaricom)[\w.\-]{0,30}?(?:consumer[_.\-]?secret|pass[_.\-]?key)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{16,64}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://developer.safaricom.co.ke/MyApps"),
    SecretRule::new(
        "paddle-api-key",
        "Paddle live API key",
        Category::Payment,
        Severity::Critical,
        &["pdl_live_apikey_"],
        r#"\b(?P<s>pdl_live_apikey_[a-z0-9]{26}_[A-Za-z0-9]{22}_[A-Za-z0-9]{3})(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .about("A Paddle Billing live API key (pdl_live_apikey_, a 26-character ID, then two secret parts). It manages customers, subscriptions, transactions and refunds of the seller account.")
    .prefixed()
    .revoke("https://vendors.paddle.com/authentication-v2"),
    SecretRule::new(
        "paddle-sandbox-api-key",
        "Paddle sandbox API key",
        Category::Payment,
        Severity::Low,
        &["pdl_sdbx_apikey_"],
        r#"\b(?P<s>pdl_sdbx_apikey_[a-z0-9]{26}_[A-Za-z0-9]{22}_[A-Za-z0-9]{3})(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .prefixed()
    .revoke("https://sandbox-vendors.paddle.com/authentication-v2"),
    SecretRule::new(
        "chargebee-api-key",
        "Chargebee API key",
        Category::Payment,
        Severity::Critical,
        &["chargebee"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:chargebee)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?(?:key|token))[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:(?:live_|test_)[A-Za-z0-9]{30,64}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://www.chargebee.com/docs/2.0/api_keys.html"),
    SecretRule::new(
        "recurly-api-key",
        "Recurly private API key",
        Category::Payment,
        Severity::Critical,
        &["recurly"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:recurly)[\w.\-]{0,30}?(?:(?:private[_.\-]?)?(?:api[_.\-]?)?key)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[0-9a-f]{32}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://docs.recurly.com/docs/api-keys"),
    SecretRule::new(
        "worldpay-service-key",
        "Worldpay service key",
        Category::Payment,
        Severity::Critical,
        &["worldpay"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:worldpay)[\w.\-]{0,30}?(?:(?:service[_.\-]?)?key)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:(?:L_S_|T_S_)[0-9a-f]{8}\-[0-9a-f]{4}\-[0-9a-f]{4}\-[0-9a-f]{4}\-[0-9a-f]{12}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .about("A Worldpay Online service key (L_S_ live, T_S_ test, then a UUID). It authorises orders, refunds and settlement calls of the merchant account.")
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://developer.worldpay.com/"),
    SecretRule::new(
        "lithic-api-key",
        "Lithic API key",
        Category::Payment,
        Severity::Critical,
        &["lithic"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:lithic)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?(?:key|token))[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[0-9a-f]{8}\-[0-9a-f]{4}\-[0-9a-f]{4}\-[0-9a-f]{4}\-[0-9a-f]{12}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://app.lithic.com/account/api-keys"),
];
