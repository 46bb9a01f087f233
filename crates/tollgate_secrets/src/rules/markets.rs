//! Market data, trading, brokers, crypto exchanges and blockchain APIs.

use crate::rule::{Category, SecretRule};
use tollgate_core::{Confidence, Severity};

pub(crate) const RULES: &[SecretRule] = &[
    SecretRule::new(
        "iex-cloud-secret-token",
        "IEX Cloud secret token",
        Category::MarketData,
        Severity::Medium,
        &["iex"],
        r#"(?i)(?:(?:^|[^A-Za-z0-9])(?:iex[_.\-]?(?:cloud)?)[\w.\-]{0,30}?(?:(?:api[_.\-]?|secret[_.\-]?)?(?:token|key))[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:sk_[0-9a-f]{32}))(?:[^A-Za-z0-9_\-]|$)|iexapis\.com/[^\s"'<>]{0,200}?[?&]token=(?P<t>(?-i:sk_[0-9a-f]{32}))(?:[^A-Za-z0-9_\-]|$))"#,
    )
    .about("An IEX Cloud secret API token (sk_ and 32 hex characters). It had full access to the account's data and usage. IEX Cloud closed on 31 August 2024, so the token itself no longer works; it is still reported because old integrations are often migrated with their secrets, and the same value may be reused elsewhere.")
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://iexcloud.io/console/tokens"),
    SecretRule::new(
        "iex-cloud-publishable-token",
        "IEX Cloud publishable token",
        Category::MarketData,
        Severity::Low,
        &["iex"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:iex[_.\-]?(?:cloud)?)[\w.\-]{0,30}?(?:(?:api[_.\-]?|publishable[_.\-]?)?(?:token|key))[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:pk_[0-9a-f]{32}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://iexcloud.io/console/tokens"),
    SecretRule::new(
        "iex-cloud-sandbox-token",
        "IEX Cloud sandbox token",
        Category::MarketData,
        Severity::Low,
        &["tsk_", "tpk_"],
        r#"\b(?P<s>(?:Tsk_|Tpk_)[0-9a-f]{32})(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .prefixed()
    .revoke("https://iexcloud.io/console/tokens"),
    SecretRule::new(
        "tiingo-api-token",
        "Tiingo API token",
        Category::MarketData,
        Severity::High,
        &["tiingo"],
        r#"(?i)(?:(?:^|[^A-Za-z0-9])(?:tiingo)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?(?:key|token))[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[0-9a-f]{40}))(?:[^A-Za-z0-9_\-]|$)|tiingo\.com/[^\s"'<>]{0,200}?[?&]token=(?P<t>(?-i:[0-9a-f]{40}))(?:[^A-Za-z0-9_\-]|$))"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://www.tiingo.com/account/api/token"),
    SecretRule::new(
        "fmp-api-key",
        "Financial Modeling Prep API key",
        Category::MarketData,
        Severity::High,
        &["fmp", "financialmodelingprep", "financial_modeling_prep", "financial-modeling-prep"],
        r#"(?i)(?:(?:^|[^A-Za-z0-9])(?:fmp|financial[_.\-]?modeling[_.\-]?prep)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?key)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{32}))(?:[^A-Za-z0-9_\-]|$)|financialmodelingprep\.com/[^\s"'<>]{0,200}?[?&]apikey=(?P<t>(?-i:[A-Za-z0-9]{32}))(?:[^A-Za-z0-9_\-]|$))"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://site.financialmodelingprep.com/developer/docs/dashboard"),
    SecretRule::new(
        "polygon-io-api-key",
        "Polygon.io (Massive) API key",
        Category::MarketData,
        Severity::High,
        &["polygon", "massive_api", "massive-api"],
        r#"(?i)(?:(?:^|[^A-Za-z0-9])(?:polygon(?:[_.\-]?io)?|massive)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?(?:key|token))[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9_]{32}))(?:[^A-Za-z0-9_\-]|$)|polygon\.io/[^\s"'<>]{0,200}?[?&]apikey=(?P<t>(?-i:[A-Za-z0-9_]{32}))(?:[^A-Za-z0-9_\-]|$))"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://polygon.io/dashboard/keys"),
    SecretRule::new(
        "alpha-vantage-api-key",
        "Alpha Vantage API key",
        Category::MarketData,
        Severity::Medium,
        &["alphavantage", "alpha_vantage", "alpha-vantage"],
        r#"(?i)(?:(?:^|[^A-Za-z0-9])(?:alpha[_.\-]?vantage|av)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?(?:key|token))[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Z0-9]{16}))(?:[^A-Za-z0-9_\-]|$)|alphavantage\.co/[^\s"'<>]{0,200}?[?&]apikey=(?P<t>(?-i:[A-Z0-9]{16}))(?:[^A-Za-z0-9_\-]|$))"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://www.alphavantage.co/support/#api-key"),
    SecretRule::new(
        "finnhub-api-key",
        "Finnhub API key",
        Category::MarketData,
        Severity::High,
        &["finnhub"],
        r#"(?i)(?:(?:^|[^A-Za-z0-9])(?:finnhub)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?(?:key|token))[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[a-z0-9]{20}))(?:[^A-Za-z0-9_\-]|$)|finnhub\.io/[^\s"'<>]{0,200}?[?&]token=(?P<t>(?-i:[a-z0-9]{20}))(?:[^A-Za-z0-9_\-]|$))"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://finnhub.io/dashboard"),
    SecretRule::new(
        "twelve-data-api-key",
        "Twelve Data API key",
        Category::MarketData,
        Severity::High,
        &["twelvedata", "twelve_data", "twelve-data"],
        r#"(?i)(?:(?:^|[^A-Za-z0-9])(?:twelve[_.\-]?data|twelvedata)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?(?:key|token))[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[0-9a-f]{32}))(?:[^A-Za-z0-9_\-]|$)|twelvedata\.com/[^\s"'<>]{0,200}?[?&]apikey=(?P<t>(?-i:[0-9a-f]{32}))(?:[^A-Za-z0-9_\-]|$))"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://twelvedata.com/account/api-keys"),
    SecretRule::new(
        "nasdaq-data-link-api-key",
        "Nasdaq Data Link (Quandl) API key",
        Category::MarketData,
        Severity::High,
        &["quandl", "nasdaq"],
        r#"(?i)(?:(?:^|[^A-Za-z0-9])(?:quandl|nasdaq[_.\-]?(?:data[_.\-]?link)?)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?(?:key|token))[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9_\-]{20}))(?:[^A-Za-z0-9_\-]|$)|(?:data\.nasdaq|quandl)\.com/[^\s"'<>]{0,200}?[?&]api_key=(?P<t>(?-i:[A-Za-z0-9_\-]{20}))(?:[^A-Za-z0-9_\-]|$))"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://data.nasdaq.com/account/profile"),
    SecretRule::new(
        "eodhd-api-token",
        "EOD Historical Data API token",
        Category::MarketData,
        Severity::High,
        &["eodhd", "eod_historical", "eod-historical", "eodhistorical", "eod_api", "eod-api", "eod_token"],
        r#"(?i)(?:(?:^|[^A-Za-z0-9])(?:eodhd|eod[_.\-]?(?:historical[_.\-]?data)?)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?(?:key|token))[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[0-9a-f]{13}\.[0-9]{8}))(?:[^A-Za-z0-9_\-]|$)|eodhd\.com/[^\s"'<>]{0,200}?[?&]api_token=(?P<t>(?-i:[0-9a-f]{13}\.[0-9]{8}))(?:[^A-Za-z0-9_\-]|$))"#,
    )
    .confidence(Confidence::Medium)
    .entropy(2.8)
    .revoke("https://eodhd.com/cp/settings"),
    SecretRule::new(
        "marketstack-access-key",
        "Marketstack access key",
        Category::MarketData,
        Severity::High,
        &["marketstack"],
        r#"(?i)(?:(?:^|[^A-Za-z0-9])(?:marketstack)[\w.\-]{0,30}?(?:(?:api[_.\-]?|access[_.\-]?)?key)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[0-9a-f]{32}))(?:[^A-Za-z0-9_\-]|$)|marketstack\.com/[^\s"'<>]{0,200}?[?&]access_key=(?P<t>(?-i:[0-9a-f]{32}))(?:[^A-Za-z0-9_\-]|$))"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://marketstack.com/dashboard"),
    SecretRule::new(
        "intrinio-api-key",
        "Intrinio API key",
        Category::MarketData,
        Severity::High,
        &["intrinio"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:intrinio)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?(?:key|token))[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9+/]{40,64}))(?:[^A-Za-z0-9_\-+/=]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://account.intrinio.com/account/access_keys"),
    SecretRule::new(
        "refinitiv-app-key",
        "Refinitiv / LSEG Data Platform app key",
        Category::MarketData,
        Severity::High,
        &["refinitiv", "lseg", "eikon", "rdp_app", "rdp-app"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:refinitiv|lseg|eikon|rdp)[\w.\-]{0,30}?(?:app[_.\-]?(?:key|id))[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[0-9a-f]{40}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://my.refinitiv.com/"),
    SecretRule::new(
        "alpaca-api-key-id",
        "Alpaca API key ID",
        Category::MarketData,
        Severity::Medium,
        &["alpaca", "apca"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:alpaca|apca)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?key[_.\-]?id|api[_.\-]?key)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:(?:PK|AK)[A-Z0-9]{18}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .about("An Alpaca API key ID (PK for paper trading, AK for live). It identifies the key pair; the secret beside it is the credential to rotate.")
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://app.alpaca.markets/paper/dashboard/overview"),
    SecretRule::new(
        "alpaca-api-secret-key",
        "Alpaca API secret key",
        Category::MarketData,
        Severity::Critical,
        &["alpaca", "apca"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:alpaca|apca)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?secret(?:[_.\-]?key)?)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{40}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .about("An Alpaca trading API secret key. With its key ID it places and cancels orders, and on live accounts moves funds.")
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://app.alpaca.markets/paper/dashboard/overview"),
    SecretRule::new(
        "tradier-access-token",
        "Tradier access token",
        Category::MarketData,
        Severity::Critical,
        &["tradier"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:tradier)[\w.\-]{0,30}?(?:(?:access[_.\-]?)?token|api[_.\-]?key)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{28}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://dash.tradier.com/settings/api"),
    SecretRule::new(
        "oanda-api-token",
        "OANDA v20 API token",
        Category::MarketData,
        Severity::Critical,
        &["oanda"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:oanda)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?(?:key|token)|access[_.\-]?token)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[0-9a-f]{32}\-[0-9a-f]{32}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .about("An OANDA v20 personal access token. It places trades and reads positions and transactions on every account of the user.")
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://www.oanda.com/account/tpa/personal_token"),
    SecretRule::new(
        "binance-api-secret",
        "Binance API secret key",
        Category::MarketData,
        Severity::Critical,
        &["binance"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:binance)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?secret(?:[_.\-]?key)?)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{64}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .about("A Binance API secret key. It signs trading requests and, where the key allows it, withdrawals.")
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://www.binance.com/en/my/settings/api-management"),
    SecretRule::new(
        "binance-api-key",
        "Binance API key",
        Category::MarketData,
        Severity::High,
        &["binance"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:binance)[\w.\-]{0,30}?(?:api[_.\-]?key)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{64}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://www.binance.com/en/my/settings/api-management"),
    SecretRule::new(
        "kraken-private-key",
        "Kraken API private key",
        Category::MarketData,
        Severity::Critical,
        &["kraken"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:kraken)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?(?:private[_.\-]?key|secret))[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9+/]{86}==))(?:[^A-Za-z0-9_\-+/=]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://www.kraken.com/u/security/api"),
    SecretRule::new(
        "kraken-api-key",
        "Kraken API key",
        Category::MarketData,
        Severity::High,
        &["kraken"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:kraken)[\w.\-]{0,30}?(?:api[_.\-]?key)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9+/]{56}))(?:[^A-Za-z0-9_\-+/=]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://www.kraken.com/u/security/api"),
    SecretRule::new(
        "bitfinex-api-secret",
        "Bitfinex API secret",
        Category::MarketData,
        Severity::Critical,
        &["bitfinex"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:bitfinex)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{43}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://setting.bitfinex.com/api"),
    SecretRule::new(
        "bitstamp-api-secret",
        "Bitstamp API secret",
        Category::MarketData,
        Severity::Critical,
        &["bitstamp"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:bitstamp)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{32}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://www.bitstamp.net/account/security/api/"),
    SecretRule::new(
        "gemini-exchange-api-key",
        "Gemini exchange API key",
        Category::MarketData,
        Severity::High,
        &["gemini"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:gemini)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?(?:key|token))[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:account\-[A-Za-z0-9]{20}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://exchange.gemini.com/settings/api"),
    SecretRule::new(
        "gemini-exchange-master-key",
        "Gemini exchange master API key",
        Category::MarketData,
        Severity::Critical,
        &["gemini"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:gemini)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?(?:key|token))[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:master\-[A-Za-z0-9]{20}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://exchange.gemini.com/settings/api"),
    SecretRule::new(
        "kucoin-api-secret",
        "KuCoin API secret",
        Category::MarketData,
        Severity::Critical,
        &["kucoin"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:kucoin)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[0-9a-f]{8}\-[0-9a-f]{4}\-[0-9a-f]{4}\-[0-9a-f]{4}\-[0-9a-f]{12}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://www.kucoin.com/account/api"),
    SecretRule::new(
        "okx-api-secret",
        "OKX API secret key",
        Category::MarketData,
        Severity::Critical,
        &["okx", "okex"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:okx|okex)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?secret(?:[_.\-]?key)?)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[0-9A-F]{32}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://www.okx.com/account/my-api"),
    SecretRule::new(
        "bybit-api-secret",
        "Bybit API secret",
        Category::MarketData,
        Severity::Critical,
        &["bybit"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:bybit)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{36}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://www.bybit.com/app/user/api-management"),
    SecretRule::new(
        "etherscan-api-key",
        "Etherscan API key",
        Category::MarketData,
        Severity::Medium,
        &["etherscan", "bscscan", "polygonscan", "arbiscan"],
        r#"(?i)(?:(?:^|[^A-Za-z0-9])(?:etherscan|bscscan|polygonscan|arbiscan)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?(?:key|token))[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Z0-9]{34}))(?:[^A-Za-z0-9_\-]|$)|(?:etherscan|bscscan|polygonscan|arbiscan)\.(?:io|com)/[^\s"'<>]{0,200}?[?&]apikey=(?P<t>(?-i:[A-Z0-9]{34}))(?:[^A-Za-z0-9_\-]|$))"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://etherscan.io/myapikey"),
    SecretRule::new(
        "infura-project-url",
        "Infura project endpoint with project ID",
        Category::MarketData,
        Severity::Medium,
        &["infura.io/v3/"],
        r#"\.infura\.io/v3/(?P<s>[0-9a-f]{32})(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .about("An Infura endpoint URL carrying its project ID (API key). Anyone holding it spends the project's request quota; without an API key secret set, it is the only credential.")
    .revoke("https://app.infura.io/"),
    SecretRule::new(
        "infura-api-secret",
        "Infura API key secret",
        Category::MarketData,
        Severity::High,
        &["infura"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:infura)[\w.\-]{0,30}?(?:(?:api[_.\-]?key[_.\-]?|project[_.\-]?)?secret)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[0-9a-f]{32}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://app.infura.io/"),
    SecretRule::new(
        "alchemy-api-key",
        "Alchemy API key",
        Category::MarketData,
        Severity::High,
        &["alchemy"],
        r#"(?i)(?:(?:^|[^A-Za-z0-9])(?:alchemy)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?(?:key|token))[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9_\-]{32}))(?:[^A-Za-z0-9_\-]|$)|alchemy\.com/v2/(?P<t>(?-i:[A-Za-z0-9_\-]{32}))(?:[^A-Za-z0-9_\-]|$))"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://dashboard.alchemy.com/apps"),
    SecretRule::new(
        "moralis-api-key",
        "Moralis API key",
        Category::MarketData,
        Severity::High,
        &["moralis"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:moralis)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?(?:key|token))[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[A-Za-z0-9]{64}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://admin.moralis.io/"),
    SecretRule::new(
        "coinmarketcap-api-key",
        "CoinMarketCap API key",
        Category::MarketData,
        Severity::Medium,
        &["coinmarketcap", "cmc_pro", "cmc-pro"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:coinmarketcap|cmc[_.\-]?pro)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?key)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[0-9a-f]{8}\-[0-9a-f]{4}\-[0-9a-f]{4}\-[0-9a-f]{4}\-[0-9a-f]{12}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://pro.coinmarketcap.com/account"),
    SecretRule::new(
        "coingecko-api-key",
        "CoinGecko API key",
        Category::MarketData,
        Severity::Medium,
        &["coingecko"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:coingecko|cg)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?(?:key|token)|x[_.\-]?cg[_.\-]?(?:pro|demo)[_.\-]?api[_.\-]?key)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:CG\-[A-Za-z0-9]{25}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://www.coingecko.com/en/developers/dashboard"),
    SecretRule::new(
        "open-exchange-rates-app-id",
        "Open Exchange Rates App ID",
        Category::MarketData,
        Severity::Medium,
        &["openexchangerates", "open_exchange_rates", "open-exchange-rates", "oxr_"],
        r#"(?i)(?:(?:^|[^A-Za-z0-9])(?:open[_.\-]?exchange[_.\-]?rates|oxr)[\w.\-]{0,30}?(?:app[_.\-]?id|api[_.\-]?key)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[0-9a-f]{32}))(?:[^A-Za-z0-9_\-]|$)|openexchangerates\.org/[^\s"'<>]{0,200}?[?&]app_id=(?P<t>(?-i:[0-9a-f]{32}))(?:[^A-Za-z0-9_\-]|$))"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://openexchangerates.org/account/app-ids"),
    SecretRule::new(
        "currencylayer-access-key",
        "currencylayer access key",
        Category::MarketData,
        Severity::Medium,
        &["currencylayer"],
        r#"(?i)(?:(?:^|[^A-Za-z0-9])(?:currencylayer)[\w.\-]{0,30}?(?:(?:api[_.\-]?|access[_.\-]?)?key)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[0-9a-f]{32}))(?:[^A-Za-z0-9_\-]|$)|currencylayer\.com/[^\s"'<>]{0,200}?[?&]access_key=(?P<t>(?-i:[0-9a-f]{32}))(?:[^A-Za-z0-9_\-]|$))"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://currencylayer.com/dashboard"),
    SecretRule::new(
        "fixer-api-key",
        "Fixer API access key",
        Category::MarketData,
        Severity::Medium,
        &["fixer.io", "fixer_api", "fixer-api", "fixerapi", "fixer_access", "fixer-access", "fixer_io", "fixer.io", "fixerio", "fixer_key"],
        r#"(?i)(?:(?:^|[^A-Za-z0-9])(?:fixer(?:[_.\-]?io)?)[\w.\-]{0,30}?(?:(?:api[_.\-]?|access[_.\-]?)?key)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[0-9a-f]{32}))(?:[^A-Za-z0-9_\-]|$)|fixer\.io/[^\s"'<>]{0,200}?[?&]access_key=(?P<t>(?-i:[0-9a-f]{32}))(?:[^A-Za-z0-9_\-]|$))"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://fixer.io/dashboard"),
    SecretRule::new(
        "quicknode-endpoint-token",
        "QuickNode endpoint token",
        Category::MarketData,
        Severity::Medium,
        &["quiknode.pro/"],
        r#"\.quiknode\.pro/(?P<s>[0-9a-f]{40})(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .about("A QuickNode endpoint URL with its authentication token in the path. Anyone holding it spends the endpoint's credits.")
    .revoke("https://dashboard.quicknode.com/endpoints"),
    SecretRule::new(
        "blockfrost-project-id",
        "Blockfrost project ID",
        Category::MarketData,
        Severity::Medium,
        &["blockfrost"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:blockfrost)[\w.\-]{0,30}?(?:(?:project[_.\-]?id|api[_.\-]?key|key))[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:(?:mainnet|preprod|preview)[A-Za-z0-9]{32}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://blockfrost.io/dashboard"),
    SecretRule::new(
        "fireblocks-api-key",
        "Fireblocks API key",
        Category::MarketData,
        Severity::Critical,
        &["fireblocks"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:fireblocks)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?key)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[0-9a-f]{8}\-[0-9a-f]{4}\-[0-9a-f]{4}\-[0-9a-f]{4}\-[0-9a-f]{12}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .about("A Fireblocks API user key (a UUID, used with the API user's private key). It creates transactions from the workspace's custody vaults, within the user's role and policy.")
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://console.fireblocks.io/v2/settings/users"),
    SecretRule::new(
        "bitgo-access-token",
        "BitGo access token",
        Category::MarketData,
        Severity::Critical,
        &["bitgo"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:bitgo)[\w.\-]{0,30}?(?:(?:access[_.\-]?)?token)[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:v2x[0-9a-f]{64}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://app.bitgo.com/settings/developerOptions"),
    SecretRule::new(
        "xignite-api-token",
        "Xignite API token",
        Category::MarketData,
        Severity::High,
        &["xignite"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:xignite)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?(?:key|token))[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[0-9A-F]{32}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://www.xignite.com/"),
    SecretRule::new(
        "barchart-api-key",
        "Barchart OnDemand API key",
        Category::MarketData,
        Severity::High,
        &["barchart"],
        r#"(?i)(?:^|[^A-Za-z0-9])(?:barchart)[\w.\-]{0,30}?(?:(?:api[_.\-]?)?(?:key|token))[\w.\-]{0,20}?\\?["']?\s*(?:[:=]|:=|=>|\s)\s*\\?["']?(?P<s>(?-i:[0-9a-f]{32}))(?:[^A-Za-z0-9_\-]|$)"#,
    )
    .confidence(Confidence::Medium)
    .entropy(3.0)
    .revoke("https://www.barchart.com/ondemand"),
];
