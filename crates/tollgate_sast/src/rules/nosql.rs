//! Untrusted input in MongoDB queries. The injection is of shape, not of text: a request
//! value that is an object (`{"$ne": null}` from a JSON body, `password[$ne]=` from a
//! query string parsed by `qs`) turns an equality into an operator. So a filter is a sink
//! only where the tainted part can be an object: a request value passed on as it is, not
//! one made a string or a number first, and never the operand of an operator such as
//! `$eq`. `$where` runs JavaScript in the database and is a sink for strings too.

use super::{arg_expr, receiver_like};
use crate::flow::{CallSite, Elems, Fact};
use crate::model::Expr;
use crate::rule::{Check, Rule, SinkArg, Text};
use tollgate_core::Severity;

static NOSQL: Text = Text {
    title: "NoSQL query shaped by untrusted input",
    severity: Severity::High,
    cwe: &[943],
    tags: &["injection", "owasp-a03"],
    why: "A request value that is an object turns `{password: input}` into `{password: {$ne: null}}`: a sign-in matches any account, a lookup by owner returns every customer's records. A `$where` clause runs the attacker's JavaScript inside the database.",
    fix: "Make request values the type the query expects before they reach it (`String(x)`, a schema validator such as Joi or pydantic), compare with `{$eq: x}`, never pass a parsed request object as the filter, and do not use `$where`; in Java build filters with `Filters.eq` instead of parsing JSON text.",
    references: &[
        "https://cwe.mitre.org/data/definitions/943.html",
        "https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/07-Input_Validation_Testing/05.6-Testing_for_NoSQL_Injection",
    ],
};

/// Operators whose operand is code run by the server: a string is enough.
const CODE_OPERATORS: &[&str] = &["$where", "$function", "$accumulator"];

/// mongo-sanitize and express-mongo-sanitize drop `$` keys: what they return holds no
/// operator. (Strings, numbers and ids are told by the value's fact: the flow types
/// `String(x)`, templates and concatenations as strings and cleans `parseInt`,
/// `ObjectId` and the like.)
fn sanitised(e: &Expr) -> bool {
    matches!(e, Expr::Call(c) if matches!(c.method(), "sanitize" | "mongoSanitize"))
}

/// Whether untrusted data in `fact` (written as `expr`, when the call shows it) can be an
/// object, or is the operand of a code operator.
fn shapes(expr: Option<&Expr>, fact: &Fact) -> bool {
    if matches!(
        fact.ty.as_deref(),
        Some("String" | "int" | "float" | "Number")
    ) {
        return false;
    }
    if let Some(Expr::Dict { entries, .. }) = expr {
        return entries.iter().any(|(k, v)| {
            let key = match k {
                Expr::Str(s, _) | Expr::Name(s, _) => s.as_str(),
                _ => "",
            };
            fact.get_elem(key)
                .is_some_and(|elem| entry(key, Some(v), elem))
        });
    }
    if expr.is_some_and(sanitised) {
        return false;
    }
    match &fact.elems {
        Some(Elems::Map(m)) => m.iter().any(|(k, v)| entry(k, None, v)),
        Some(Elems::List(_)) => false,
        None => fact.taint.is_some(),
    }
}

fn entry(key: &str, expr: Option<&Expr>, fact: &Fact) -> bool {
    if CODE_OPERATORS.contains(&key) {
        return fact.any_taint().is_some();
    }
    // The operand of `$eq`, `$in`, `$gt`… is compared as a value, whatever its shape.
    if key.starts_with('$') {
        return false;
    }
    shapes(expr, fact)
}

/// The filter argument of a query call, if it can carry an operator from the request.
fn filter_sink(s: &CallSite<'_>, i: usize) -> Option<SinkArg> {
    let e = arg_expr(s, i)?;
    if matches!(e, Expr::Lambda(_)) {
        return None;
    }
    let fact = s.arg(i)?;
    shapes(Some(e), fact).then_some(SinkArg::At(i))
}

fn js_nosql(s: &CallSite<'_>) -> Option<SinkArg> {
    const QUERIES: &[&str] = &[
        "find",
        "findOne",
        "findOneAndUpdate",
        "findOneAndDelete",
        "findOneAndReplace",
        "findOneAndRemove",
        "updateOne",
        "updateMany",
        "deleteOne",
        "deleteMany",
        "replaceOne",
        "countDocuments",
    ];
    if s.call.new
        || !QUERIES.contains(&s.method())
        || receiver_like(
            s,
            &["req", "request", "res", "router", "document", "window"],
        )
    {
        return None;
    }
    filter_sink(s, 0)
}

fn python_nosql(s: &CallSite<'_>) -> Option<SinkArg> {
    const QUERIES: &[&str] = &[
        "find",
        "find_one",
        "find_one_and_update",
        "find_one_and_delete",
        "find_one_and_replace",
        "update_one",
        "update_many",
        "delete_one",
        "delete_many",
        "replace_one",
        "count_documents",
    ];
    // `str.find` takes a string; a collection's takes a mapping. Django's and Flask's
    // request values are strings, so only a whole request object (a parsed JSON body)
    // or a `$where` operand shapes a pymongo filter.
    if !QUERIES.contains(&s.method())
        || receiver_like(
            s,
            &["request", "str", "text", "line", "name", "path", "url"],
        )
    {
        return None;
    }
    let e = arg_expr(s, 0)?;
    let fact = s.arg(0)?;
    let code = |m: &std::collections::BTreeMap<String, Fact>| {
        CODE_OPERATORS
            .iter()
            .any(|k| m.get(*k).is_some_and(|f| f.any_taint().is_some()))
    };
    let hit = match &fact.elems {
        Some(Elems::Map(m)) => code(m),
        Some(Elems::List(_)) => false,
        None => {
            fact.taint.is_some()
                && fact.ty.as_deref() != Some("String")
                && !sanitised(e)
                && !matches!(e, Expr::Dict { .. })
        }
    };
    hit.then_some(SinkArg::At(0))
}

fn java_nosql(s: &CallSite<'_>) -> Option<SinkArg> {
    // JSON text parsed into a filter, a `$where` expression, a Spring Data string query.
    if s.is_any(&[
        "Document.parse",
        "BasicDBObject.parse",
        "BsonDocument.parse",
        "util.JSON.parse",
        "Filters.where",
    ]) || s.call.new && s.is_any(&["BasicQuery", "BasicUpdate"])
    {
        return Some(SinkArg::At(0));
    }
    if s.call.new
        && s.is_any(&["Document", "BasicDBObject"])
        && s.arg_str(0).is_some_and(|k| CODE_OPERATORS.contains(&k))
    {
        return Some(SinkArg::At(1));
    }
    None
}

pub fn rules() -> Vec<Rule> {
    vec![
        Rule {
            lang: "javascript", slug: "nosql-injection", text: &NOSQL, check: Check::Taint(js_nosql),
            finds: "Request input that can be an object (`req.body`, `req.query` values passed on as they are) in a MongoDB or Mongoose filter (`find`, `findOne`, `updateOne`, `deleteMany`, …), or any request input in a `$where`. Values made strings or numbers first (`String(x)`, `parseInt`), route parameters and operands of `$eq`/`$in` are not reported.",
            positive: &[
                r#"app.post('/login', async (req, res) => {
  const user = await User.findOne({ email: req.body.email, password: req.body.password });
  res.json(user);
});
"#,
                r#"app.get('/accounts', async (req, res) => {
  const accounts = await db.collection('accounts').find({ $where: "this.owner == '" + req.query.owner + "'" }).toArray();
  res.json(accounts);
});
"#,
                r#"app.post('/signin', async (req, res) => {
  const { email, password } = req.body;
  res.json(await User.findOne({ email, password }));
});
"#,
                r#"app.get('/search', async (req, res) => {
  const filter = req.query;
  res.json(await Payment.find(filter));
});
"#,
            ],
            negative: &[
                r#"app.post('/login', async (req, res) => {
  const user = await User.findOne({ email: String(req.body.email), password: { $eq: req.body.password } });
  res.json(user);
});
"#,
                r#"app.post('/reset', async (req, res) => {
  const email = String(req.body.email).toLowerCase();
  res.json(await User.findOne({ email: email }));
});
"#,
                r#"app.get('/accounts/:id/:owner', async (req, res) => {
  const { id, owner } = req.params;
  res.json(await Account.findOne({ _id: id, owner: String(owner) }));
});
"#,
                r#"app.get('/accounts/:id', async (req, res) => {
  res.json(await Account.findOne({ _id: req.params.id }));
});
"#,
                r#"app.get('/rates', (req, res) => {
  res.json(rates.find(r => r.currency === req.query.currency));
});
"#,
            ],
        },
        Rule {
            lang: "python", slug: "nosql-injection", text: &NOSQL, check: Check::Taint(python_nosql),
            finds: "A parsed request body (`request.get_json()`, `request.json`, `json.loads` of request data) used whole as a pymongo filter (`find`, `find_one`, `update_one`, `delete_many`, …), or request input in a `$where`. A filter built from request strings (`{\"owner\": request.args[\"owner\"]}`) is not reported: the value stays a string.",
            positive: &[
                r#"from flask import request
def search():
    return list(db.payments.find(request.get_json()))
"#,
                r#"from flask import request
def by_owner():
    return list(db.accounts.find({"$where": "this.owner == '" + request.args["owner"] + "'"}))
"#,
            ],
            negative: &[
                r#"from flask import request
def by_owner():
    return list(db.accounts.find({"owner": request.args["owner"]}))
"#,
                r#"from flask import request
def position():
    return str(request.args["q"].find("x"))
"#,
            ],
        },
        Rule {
            lang: "java", slug: "nosql-injection", text: &NOSQL, check: Check::Taint(java_nosql),
            finds: "Request input in JSON text parsed into a MongoDB filter (`Document.parse`, `BasicDBObject.parse`, `BsonDocument.parse`, Spring Data's `new BasicQuery(…)`), in `Filters.where`, or as the value of a `$where` document.",
            positive: &[r#"class A { Object f(@RequestParam String owner, org.springframework.data.mongodb.core.MongoTemplate mongo) {
  return mongo.find(new org.springframework.data.mongodb.core.query.BasicQuery("{ owner: '" + owner + "' }"), Account.class);
} }"#],
            negative: &[r#"class A { Object f(@RequestParam String owner, com.mongodb.client.MongoCollection<org.bson.Document> accounts) {
  return accounts.find(com.mongodb.client.model.Filters.eq("owner", owner)).first();
} }"#],
        },
    ]
}
