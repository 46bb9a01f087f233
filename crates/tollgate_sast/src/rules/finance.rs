//! Rules general tools miss and financial code needs: money in binary floating point,
//! and card data (PAN, CVV) or IBANs written to logs.

use crate::flow::{AssignSite, CallSite};
use crate::model::Expr;
use crate::rule::{Check, Rule, Text};
use tollgate_core::Severity;

static MONEY: Text = Text {
    title: "Money held in binary floating point",
    severity: Severity::Medium,
    cwe: &[1339],
    tags: &["finance", "precision"],
    why: "`0.1 + 0.2` is not `0.3` in binary floating point: amounts, balances, fees and interest computed in `double`/`float` drift by fractions of a cent, which accumulate across millions of transactions into reconciliation breaks and misstatements (a SOX concern).",
    fix: "Use a decimal type (`BigDecimal` with an explicit `RoundingMode`, Python `Decimal`, Go `shopspring/decimal`, `decimal.js`/`big.js`) or integer minor units (cents) throughout, including parsing and JSON mapping.",
    references: &["https://cwe.mitre.org/data/definitions/1339.html"],
};

static CARD_LOG: Text = Text {
    title: "Card number, CVV or IBAN written to a log",
    severity: Severity::High,
    cwe: &[532],
    tags: &["finance", "pci-dss", "logging", "privacy"],
    why: "PCI DSS requirement 3.3 forbids storing the CVV after authorisation and 3.4 requires the PAN to be unreadable wherever it is stored — logs included; an IBAN is personal data under GDPR. Logs are copied to many systems and kept for years.",
    fix: "Log a masked form (first six and last four digits at most, `****1234`) or a token, never the value; never log the CVV at all.",
    references: &["https://cwe.mitre.org/data/definitions/532.html"],
};

/// Whether an identifier names an amount of money (and not a ratio or a count).
pub(crate) fn money_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase().replace('_', "");
    let money = [
        "amount",
        "price",
        "balance",
        "total",
        "fee",
        "cost",
        "payment",
        "salary",
        "money",
        "principal",
        "subtotal",
        "refund",
        "charge",
        "debit",
        "credit",
        "fare",
        "invoice",
        "wage",
        "tax",
        "vat",
        "tip",
        "commission",
        "premium",
        "payout",
        "deposit",
        "withdrawal",
    ];
    let not_money = [
        "ratio",
        "rate",
        "percent",
        "pct",
        "count",
        "factor",
        "weight",
        "score",
        "probability",
        "taxonomy",
        "credits",
    ];
    money.iter().any(|w| n.contains(w)) && !not_money.iter().any(|w| n.contains(w))
}

fn float_type(ty: &str, lang: &str) -> bool {
    let t = ty.trim().trim_start_matches(':').trim();
    match lang {
        "java" => matches!(
            t,
            "double" | "float" | "Double" | "Float" | "double[]" | "float[]"
        ),
        "python" => t == "float",
        "go" => matches!(t, "float64" | "float32" | "*float64" | "[]float64"),
        _ => false,
    }
}

fn money_decl(a: &AssignSite<'_>) -> Option<String> {
    let lang = a.module.lang.id();
    let name = match a.target {
        Expr::Name(n, _) => n.as_str(),
        Expr::Field(_, n, _) => n.as_str(),
        _ => return None,
    };
    let ty = a.ty?;
    (float_type(ty, lang) && money_name(name))
        .then(|| format!("`{name}` is a `{}`", ty.trim_start_matches(':').trim()))
}

fn money_params(m: &crate::model::Module) -> Vec<(crate::model::Span, String)> {
    let lang = m.lang.id();
    let mut out = Vec::new();
    for f in &m.functions {
        for p in &f.params {
            if let Some(ty) = &p.ty {
                if float_type(ty, lang) && money_name(&p.name) {
                    out.push((
                        p.span,
                        format!("parameter `{}` is a `{}`", p.name, ty.trim()),
                    ));
                }
            }
        }
    }
    out
}

/// Parsing money text into a float: `Double.parseDouble(amount)`, `float(price)`,
/// `parseFloat(req.body.amount)`, `strconv.ParseFloat(total, 64)`.
fn money_parse(s: &CallSite<'_>) -> Option<String> {
    let parser = s.is_any(&[
        "Double.parseDouble",
        "Double.valueOf",
        "Float.parseFloat",
        "float",
        "parseFloat",
        "Number.parseFloat",
        "strconv.ParseFloat",
    ]);
    if !parser {
        return None;
    }
    let arg = s.call.args.first().map(|a| &a.value)?;
    let named = arg.last_name().is_some_and(money_name)
        || s.assigned_to
            .as_deref()
            .is_some_and(|n| money_name(n.rsplit('.').next().unwrap_or(n)));
    named.then(|| format!("`{}` of an amount", s.method()))
}

fn combined_java(a: &AssignSite<'_>) -> Option<String> {
    money_decl(a)
}

/// Card data by name: a PAN, CVV or IBAN.
fn card_name(name: &str) -> Option<&'static str> {
    let n = name.to_ascii_lowercase().replace(['_', '-'], "");
    if n.contains("masked")
        || n.contains("last4")
        || n.contains("lastfour")
        || n.contains("token")
        || n.contains("hash")
        || n.ends_with("length")
        || n.ends_with("len")
    {
        return None;
    }
    if [
        "cvv",
        "cvc",
        "cvv2",
        "cvc2",
        "securitycode",
        "cardverification",
    ]
    .iter()
    .any(|w| n.contains(w))
    {
        return Some("a card verification code");
    }
    if [
        "cardnumber",
        "cardno",
        "ccnumber",
        "creditcard",
        "pan",
        "primaryaccountnumber",
    ]
    .iter()
    .any(|w| n == *w || n.ends_with(w) || n.starts_with(w) && w.len() > 3)
    {
        return Some("a card number");
    }
    if n == "iban" || n.ends_with("iban") {
        return Some("an IBAN");
    }
    None
}

fn logged_card(e: &Expr) -> Option<&'static str> {
    match e {
        Expr::Name(n, _) | Expr::Field(_, n, _) => card_name(n),
        Expr::Binary(_, l, r, _) => logged_card(l).or_else(|| logged_card(r)),
        Expr::Template(parts, _) | Expr::List(parts, _) => parts.iter().find_map(logged_card),
        // A call masks or transforms (`mask(pan)`), except string building.
        Expr::Call(c)
            if matches!(
                c.method(),
                "format"
                    | "formatted"
                    | "concat"
                    | "join"
                    | "valueOf"
                    | "toString"
                    | "Sprintf"
                    | "sprintf"
                    | "str"
            ) =>
        {
            c.args.iter().find_map(|a| logged_card(&a.value))
        }
        _ => None,
    }
}

fn is_log_call(s: &CallSite<'_>) -> bool {
    let m = s.method();
    let level = matches!(
        m,
        "info"
            | "warn"
            | "warning"
            | "error"
            | "debug"
            | "trace"
            | "fatal"
            | "critical"
            | "exception"
            | "log"
    );
    let recv_log = super::receiver_like(s, &["log", "logger", "console"]);
    level && recv_log
        || s.is_any(&[
            "System.out.println",
            "System.out.print",
            "System.err.println",
            "print",
            "fmt.Println",
            "fmt.Printf",
            "log.Printf",
            "log.Println",
            "log.Print",
            "console.log",
        ])
        || matches!(
            m,
            "Info" | "Infof" | "Warn" | "Warnf" | "Error" | "Errorf" | "Debug" | "Debugf"
        ) && super::receiver_like(s, &["log", "logger", "zap", "logrus", "sugar"])
}

fn card_logged(s: &CallSite<'_>) -> Option<String> {
    if !is_log_call(s) {
        return None;
    }
    s.call
        .args
        .iter()
        .find_map(|a| logged_card(&a.value))
        .map(|what| format!("{what} passed to `{}`", s.method()))
}

pub fn rules() -> Vec<Rule> {
    vec![
        Rule { lang: "java", slug: "money-in-floating-point", text: &MONEY, check: Check::Assign(combined_java),
            finds: "Fields and local variables of type `double`/`float` (or `Double`/`Float`) whose name is an amount: amount, price, balance, total, fee, cost, payment, tax…; ratios, rates and percentages are not amounts.",
            positive: &["class Payment { private double amount; }", "class A { void f() { double totalFee = 0.0; } }"],
            negative: &["class Payment { private java.math.BigDecimal amount; private double exchangeRate; }", "class A { void f() { double ratio = 0.5; } }"] },
        Rule { lang: "java", slug: "money-parameter-in-floating-point", text: &MONEY, check: Check::Module(money_params),
            finds: "Method parameters of type `double`/`float` whose name is an amount.",
            positive: &["class A { void pay(double amount) { } }"],
            negative: &["class A { void pay(java.math.BigDecimal amount, double fxRate) { } }"] },
        Rule { lang: "java", slug: "money-parsed-as-floating-point", text: &MONEY, check: Check::Call(money_parse),
            finds: "`Double.parseDouble`/`Double.valueOf`/`Float.parseFloat` of a value named like an amount.",
            positive: &["class A { void f(String amount) { double a = Double.parseDouble(amount); } }"],
            negative: &["class A { void f(String amount) { java.math.BigDecimal a = new java.math.BigDecimal(amount); } }", "class A { void f(String ratio) { double r = Double.parseDouble(ratio); } }"] },
        Rule { lang: "python", slug: "money-in-floating-point", text: &MONEY, check: Check::Assign(money_decl),
            finds: "Annotated fields and variables (`amount: float`, dataclass and pydantic models) whose name is an amount.",
            positive: &["from dataclasses import dataclass\n@dataclass\nclass Payment:\n    amount: float\n"],
            negative: &["from dataclasses import dataclass\nfrom decimal import Decimal\n@dataclass\nclass Payment:\n    amount: Decimal\n    fx_rate: float\n"] },
        Rule { lang: "python", slug: "money-parameter-in-floating-point", text: &MONEY, check: Check::Module(money_params),
            finds: "Function parameters annotated `float` whose name is an amount.",
            positive: &["def refund(amount: float):\n    pass\n"],
            negative: &["from decimal import Decimal\ndef refund(amount: Decimal, ratio: float):\n    pass\n"] },
        Rule { lang: "python", slug: "money-parsed-as-floating-point", text: &MONEY, check: Check::Call(money_parse),
            finds: "`float(...)` of a value named like an amount, or assigned to one.",
            positive: &["def f(form):\n    amount = float(form['amount'])\n"],
            negative: &["from decimal import Decimal\ndef f(form):\n    amount = Decimal(form['amount'])\n", "def f(form):\n    ratio = float(form['ratio'])\n"] },
        Rule { lang: "javascript", slug: "money-parsed-as-floating-point", text: &MONEY, check: Check::Call(money_parse),
            finds: "`parseFloat`/`Number.parseFloat` of a value named like an amount, or assigned to one.",
            positive: &["app.post('/pay', (req, res) => { const amount = parseFloat(req.body.amount); });\n"],
            negative: &["const Decimal = require('decimal.js');\napp.post('/pay', (req, res) => { const amount = new Decimal(req.body.amount); });\n"] },
        Rule { lang: "go", slug: "money-in-floating-point", text: &MONEY, check: Check::Assign(money_decl),
            finds: "Struct fields and variables of type `float64`/`float32` whose name is an amount.",
            positive: &["package p\ntype Payment struct {\n\tAmount float64\n}\n"],
            negative: &["package p\ntype Payment struct {\n\tAmountCents int64\n\tFxRate float64\n}\n"] },
        Rule { lang: "go", slug: "money-parameter-in-floating-point", text: &MONEY, check: Check::Module(money_params),
            finds: "Function parameters of type `float64`/`float32` whose name is an amount.",
            positive: &["package p\nfunc Pay(amount float64) {}\n"],
            negative: &["package p\nfunc Pay(amountCents int64, rate float64) {}\n"] },
        Rule { lang: "java", slug: "card-data-logged", text: &CARD_LOG, check: Check::Call(card_logged),
            finds: "A value named like a card number (PAN), CVV/CVC or IBAN passed to a logger or `System.out`; masked values (`maskedPan`, `last4`, `mask(pan)`) are fine.",
            positive: &["class A { void f(String cardNumber) { log.info(\"charging card \" + cardNumber); } }"],
            negative: &["class A { void f(String cardNumber) { log.info(\"charging card \" + mask(cardNumber)); } }"] },
        Rule { lang: "python", slug: "card-data-logged", text: &CARD_LOG, check: Check::Call(card_logged),
            finds: "A value named like a card number (PAN), CVV/CVC or IBAN passed to `logging`/`logger` or `print`; masked values are fine.",
            positive: &["import logging\nlog = logging.getLogger(__name__)\ndef f(card_number, cvv):\n    log.info(f'charging {card_number} {cvv}')\n"],
            negative: &["import logging\nlog = logging.getLogger(__name__)\ndef f(card_number):\n    log.info('charging %s', mask(card_number))\n"] },
        Rule { lang: "javascript", slug: "card-data-logged", text: &CARD_LOG, check: Check::Call(card_logged),
            finds: "A value named like a card number (PAN), CVV/CVC or IBAN passed to `console` or a logger; masked values are fine.",
            positive: &["function f(req) { console.log('charging', req.body.cardNumber); }\n"],
            negative: &["function f(req) { console.log('charging', maskPan(req.body.cardNumber)); }\n"] },
        Rule { lang: "go", slug: "card-data-logged", text: &CARD_LOG, check: Check::Call(card_logged),
            finds: "A value named like a card number (PAN), CVV/CVC or IBAN passed to `log`, `fmt.Print*` or a structured logger; masked values are fine.",
            positive: &["package p\nimport \"log\"\nfunc f(iban string) { log.Printf(\"paying %s\", iban) }\n"],
            negative: &["package p\nimport \"log\"\nfunc f(iban string) { log.Printf(\"paying %s\", maskIBAN(iban)) }\n"] },
    ]
}
