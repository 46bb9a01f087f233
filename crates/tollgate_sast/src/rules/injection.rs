//! Untrusted input reaching an interpreter or a resource: SQL, OS commands, file paths,
//! outbound requests, redirects, HTML, LDAP, XPath and code evaluation.

use super::{arg_expr, receiver_like};
use crate::flow::CallSite;
use crate::model::Expr;
use crate::rule::{Check, Rule, SinkArg, Text};
use tollgate_core::Severity;

static SQL: Text = Text {
    title: "SQL built from untrusted input",
    severity: Severity::Critical,
    cwe: &[89],
    tags: &["injection", "owasp-a03"],
    why: "SQL injection reads or changes any row the application's account can reach: balances, card data, other customers' accounts. It is the attack PCI DSS requirement 6.2.4 names first, and a breach of it is reportable under GDPR and DORA.",
    fix: "Pass input as bound parameters (`PreparedStatement` with `?`, `cursor.execute(sql, params)`, placeholders in `db.query`), never by joining it into the SQL text; allow-list identifiers such as column names.",
    references: &["https://cwe.mitre.org/data/definitions/89.html", "https://cheatsheetseries.owasp.org/cheatsheets/SQL_Injection_Prevention_Cheat_Sheet.html"],
};

static COMMAND: Text = Text {
    title: "OS command built from untrusted input",
    severity: Severity::Critical,
    cwe: &[78],
    tags: &["injection", "owasp-a03"],
    why: "A shell command carrying request data runs whatever an attacker appends after `;` with the service's rights: on a payment host that is the keys, the network and the data.",
    fix: "Do not start a shell: pass a fixed program and a list of arguments, validate each argument against an allow-list, and never let input choose the program.",
    references: &["https://cwe.mitre.org/data/definitions/78.html"],
};

static PATH: Text = Text {
    title: "File path built from untrusted input",
    severity: Severity::High,
    cwe: &[22],
    tags: &["injection", "owasp-a01"],
    why: "`../` in a file name reads or overwrites files outside the intended directory: configuration with credentials, keys, other customers' statements.",
    fix: "Reduce the input to a file name (`basename`), resolve it against the base directory and check the result is still inside it; better, map ids to files on the server side.",
    references: &["https://cwe.mitre.org/data/definitions/22.html"],
};

static SSRF: Text = Text {
    title: "Outbound request to an address from untrusted input (SSRF)",
    severity: Severity::High,
    cwe: &[918],
    tags: &["injection", "owasp-a10"],
    why: "A server that fetches any address it is given can be pointed at the cloud metadata service, internal admin consoles or core-banking APIs behind the firewall.",
    fix: "Allow-list the hosts (and schemes) the service may call, resolve and check the address before connecting, and never pass a user's URL through unchanged.",
    references: &["https://cwe.mitre.org/data/definitions/918.html"],
};

static REDIRECT: Text = Text {
    title: "Redirect to an address from untrusted input",
    severity: Severity::Medium,
    cwe: &[601],
    tags: &["injection"],
    why: "An open redirect on a bank's domain makes phishing links look genuine and can leak OAuth codes to another site.",
    fix: "Redirect only to relative paths or to an allow-list of hosts; look targets up by key instead of taking them from the request.",
    references: &["https://cwe.mitre.org/data/definitions/601.html"],
};

static XSS: Text = Text {
    title: "Untrusted input written into HTML (cross-site scripting)",
    severity: Severity::High,
    cwe: &[79],
    tags: &["injection", "owasp-a03"],
    why: "Script injected into a banking page runs with the customer's session: it can read balances, change payees and approve transfers.",
    fix: "Render through a template engine that escapes by default, or escape for HTML (`html.escape`, `HtmlUtils.htmlEscape`, `escapeHtml`) before writing; set a Content-Security-Policy.",
    references: &["https://cwe.mitre.org/data/definitions/79.html"],
};

static LDAP: Text = Text {
    title: "LDAP filter built from untrusted input",
    severity: Severity::High,
    cwe: &[90],
    tags: &["injection"],
    why: "An injected `*)(uid=*` widens a directory search: staff lookups, group checks and sign-in against the directory can be bypassed.",
    fix: "Escape input for LDAP filters (`Encode.forLdap`, `ldap3.utils.conv.escape_filter_chars`) or use the API's parameterised filters.",
    references: &["https://cwe.mitre.org/data/definitions/90.html"],
};

static XPATH: Text = Text {
    title: "XPath expression built from untrusted input",
    severity: Severity::High,
    cwe: &[643],
    tags: &["injection"],
    why: "An injected `' or '1'='1` changes which nodes an XPath query selects, reading other records of an XML store or bypassing a check made with it.",
    fix: "Use XPath variables (`XPathVariableResolver`, lxml's `$name` variables) instead of joining input into the expression.",
    references: &["https://cwe.mitre.org/data/definitions/643.html"],
};

static CODE: Text = Text {
    title: "Untrusted input evaluated as code",
    severity: Severity::Critical,
    cwe: &[95],
    tags: &["injection", "owasp-a03"],
    why: "Evaluating request data as code hands the process to whoever sends it.",
    fix: "Never evaluate input; parse the data format you expect (`json.loads`, `ast.literal_eval`, `JSON.parse`).",
    references: &["https://cwe.mitre.org/data/definitions/95.html"],
};

static TRUST: Text = Text {
    title: "Untrusted input stored in the session (trust boundary)",
    severity: Severity::Medium,
    cwe: &[501],
    tags: &["trust-boundary"],
    why: "Values in the server-side session are treated as checked by the code that reads them later; request data put there unvalidated crosses that boundary (a role, an account id).",
    fix: "Validate input before it goes into the session, and keep only values the server derived itself.",
    references: &["https://cwe.mitre.org/data/definitions/501.html"],
};

static LOG: Text = Text {
    title: "Untrusted input written to a log unneutralised",
    severity: Severity::Low,
    cwe: &[117],
    tags: &["logging"],
    why: "A new line in request data forges log entries: an audit trail a regulator relies on must not be writable by customers.",
    fix: "Replace CR and LF in input before logging it, or log through a structured (JSON) encoder.",
    references: &["https://cwe.mitre.org/data/definitions/117.html"],
};

// ---- sinks ---------------------------------------------------------------------------------

const JAVA_SQL_STRONG: &[&str] = &[
    "executeQuery",
    "executeUpdate",
    "executeLargeUpdate",
    "prepareStatement",
    "prepareCall",
    "createNativeQuery",
    "createQuery",
    "createSQLQuery",
    "addBatch",
    "queryForObject",
    "queryForList",
    "queryForMap",
    "queryForRowSet",
    "queryForStream",
    "batchUpdate",
];

fn java_sql(s: &CallSite<'_>) -> Option<SinkArg> {
    let m = s.method();
    if JAVA_SQL_STRONG.contains(&m) {
        return Some(SinkArg::At(0));
    }
    if matches!(m, "execute" | "query" | "update")
        && receiver_like(
            s,
            &[
                "stmt",
                "statement",
                "jdbc",
                "template",
                "conn",
                "em",
                "session",
                "db",
            ],
        )
    {
        return Some(SinkArg::At(0));
    }
    None
}

fn python_sql(s: &CallSite<'_>) -> Option<SinkArg> {
    if not_sql_text(s) {
        return None;
    }
    match s.method() {
        "execute" | "executemany" | "executescript" | "raw" | "mogrify" => Some(SinkArg::At(0)),
        "text" if s.is_any(&["sqlalchemy.text", "sqlalchemy.sql.text"]) => Some(SinkArg::At(0)),
        "extra" => Some(SinkArg::Kw("where")),
        _ => None,
    }
}

/// Whether the SQL argument is the request object itself or an object literal without
/// SQL text (`execute({schema, document})` of GraphQL, `action.execute(request)`): the
/// text of a query is a string, and a driver's options object names it `sql` or `text`.
fn not_sql_text(s: &CallSite<'_>) -> bool {
    let Some(a) = arg_expr(s, 0) else {
        return false;
    };
    match a {
        Expr::Name(n, _) => matches!(n.as_str(), "request" | "req" | "ctx" | "context"),
        Expr::Dict { .. } => !["sql", "text"].iter().any(|k| {
            s.arg(0)
                .is_some_and(|f| f.get_elem(k).is_some_and(|e| e.any_taint().is_some()))
        }),
        _ => false,
    }
}

fn js_sql(s: &CallSite<'_>) -> Option<SinkArg> {
    match s.method() {
        "query" | "execute" | "raw" | "$queryRawUnsafe" | "$executeRawUnsafe" | "unsafe"
            if !receiver_like(
                s,
                &[
                    "req",
                    "request",
                    "url",
                    "location",
                    "router",
                    "bodyparser",
                    "express",
                ],
            ) && !not_sql_text(s) =>
        {
            Some(SinkArg::At(0))
        }
        _ => None,
    }
}

fn go_sql(s: &CallSite<'_>) -> Option<SinkArg> {
    match s.method() {
        "Query" | "QueryRow" | "Exec" | "Prepare" | "Raw" | "Queryx" | "QueryRowx" | "Select"
        | "Get" | "MustExec"
            if !receiver_like(s, &["url", "header", "form", "query()", "r."]) =>
        {
            // `db.Get(&x, query, args…)` (sqlx) takes the query second.
            if matches!(s.method(), "Select" | "Get") {
                Some(SinkArg::At(1))
            } else {
                Some(SinkArg::At(0))
            }
        }
        "QueryContext" | "QueryRowContext" | "ExecContext" | "PrepareContext" | "SelectContext"
        | "GetContext" => Some(SinkArg::At(1)),
        _ => None,
    }
}

fn java_command(s: &CallSite<'_>) -> Option<SinkArg> {
    // `exec(command[, env[, dir]])`: the command, and the environment it runs with.
    let exec =
        s.is("getRuntime().exec") || (s.method() == "exec" && receiver_like(s, &["runtime"]));
    let builder = s.call.new && s.is("ProcessBuilder")
        || s.method() == "command" && receiver_like(s, &["processbuilder", "pb"]);
    if !exec && !builder {
        return None;
    }
    // An argument vector whose program is a fixed name, not a shell: the arguments are
    // handed to it as they are, never parsed as a command line.
    let argv: Vec<&crate::flow::Fact> = match s.arg(0).and_then(|a| a.elems.as_ref()) {
        Some(crate::flow::Elems::List(l)) => l.iter().collect(),
        _ if builder => s.args.iter().collect(),
        _ => Vec::new(),
    };
    if let Some(program) = argv
        .first()
        .filter(|f| !f.is_tainted())
        .and_then(|f| f.str())
    {
        if !is_shell(program) {
            return None;
        }
    }
    Some(SinkArg::Any)
}

/// A program that parses its arguments as a command line (`sh -c`, `cmd /c`).
fn is_shell(program: &str) -> bool {
    let base = program
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(program)
        .to_ascii_lowercase();
    let base = base.trim_end_matches(".exe");
    matches!(
        base,
        "sh" | "bash" | "zsh" | "dash" | "ksh" | "ash" | "cmd" | "powershell" | "pwsh"
    )
}

fn python_command(s: &CallSite<'_>) -> Option<SinkArg> {
    if s.is_any(&[
        "os.system",
        "os.popen",
        "commands.getoutput",
        "commands.getstatusoutput",
        "os.popen2",
        "os.popen3",
    ]) {
        return Some(SinkArg::At(0));
    }
    let sub = [
        "subprocess.call",
        "subprocess.run",
        "subprocess.Popen",
        "subprocess.check_output",
        "subprocess.check_call",
        "subprocess.getoutput",
        "subprocess.getstatusoutput",
    ];
    if s.is_any(&sub[5..]) {
        return Some(SinkArg::At(0));
    }
    if s.is_any(&sub[..5]) && super::kw_is(s, "shell", true) {
        return Some(SinkArg::At(0));
    }
    None
}

fn js_command(s: &CallSite<'_>) -> Option<SinkArg> {
    if s.is_any(&["child_process.exec", "child_process.execSync"]) {
        return Some(SinkArg::At(0));
    }
    if s.is_any(&[
        "child_process.spawn",
        "child_process.spawnSync",
        "child_process.execFile",
        "child_process.execFileSync",
    ]) {
        return if super::option_is(s, "shell", true) {
            Some(SinkArg::Any)
        } else {
            Some(SinkArg::At(0))
        };
    }
    None
}

fn go_command(s: &CallSite<'_>) -> Option<SinkArg> {
    // `exec.Command("sh", "-c", input)` runs a shell; otherwise the program matters.
    // `CommandContext` takes the context first.
    let program = if s.is("os/exec.Command") {
        0
    } else if s.is("os/exec.CommandContext") {
        1
    } else {
        return None;
    };
    let shell = s.arg_str(program).is_some_and(is_shell);
    Some(if shell {
        SinkArg::Any
    } else {
        SinkArg::At(program)
    })
}

fn java_path(s: &CallSite<'_>) -> Option<SinkArg> {
    if s.call.new
        && s.is_any(&[
            "File",
            "FileInputStream",
            "FileOutputStream",
            "FileReader",
            "FileWriter",
            "RandomAccessFile",
            "PrintWriter",
        ])
    {
        return Some(SinkArg::At(0));
    }
    if s.is_any(&[
        "Paths.get",
        "Path.of",
        "Files.readAllBytes",
        "Files.readAllLines",
        "Files.newInputStream",
        "Files.newOutputStream",
        "Files.write",
        "Files.delete",
        "Files.copy",
        "Files.readString",
        "Files.newBufferedReader",
    ]) {
        return Some(SinkArg::At(0));
    }
    None
}

fn python_path(s: &CallSite<'_>) -> Option<SinkArg> {
    if s.is_any(&[
        "open",
        "io.open",
        "os.remove",
        "os.unlink",
        "shutil.rmtree",
        "os.rmdir",
        "shutil.copy",
        "shutil.copyfile",
        "send_file",
        "flask.send_file",
        "os.listdir",
        "pathlib.Path",
        "Path",
        "codecs.open",
    ]) {
        return Some(SinkArg::At(0));
    }
    if s.is("flask.send_from_directory") {
        return None; // it checks the name stays inside the directory
    }
    None
}

fn js_path(s: &CallSite<'_>) -> Option<SinkArg> {
    const FS: &[&str] = &[
        "readFile",
        "readFileSync",
        "writeFile",
        "writeFileSync",
        "createReadStream",
        "createWriteStream",
        "unlink",
        "unlinkSync",
        "readdir",
        "readdirSync",
        "appendFile",
        "appendFileSync",
        "rm",
        "rmSync",
    ];
    if FS.contains(&s.method())
        && (receiver_like(s, &["fs"])
            || s.names
                .iter()
                .any(|n| n.starts_with("fs.") || n.starts_with("fs/promises")))
    {
        return Some(SinkArg::At(0));
    }
    if matches!(s.method(), "sendFile" | "download") && receiver_like(s, &["res", "response"]) {
        return Some(SinkArg::At(0));
    }
    None
}

fn go_path(s: &CallSite<'_>) -> Option<SinkArg> {
    if s.is_any(&[
        "os.Open",
        "os.OpenFile",
        "os.ReadFile",
        "os.WriteFile",
        "os.Create",
        "os.Remove",
        "os.RemoveAll",
        "ioutil.ReadFile",
        "io/ioutil.ReadFile",
        "io/ioutil.WriteFile",
        "os.ReadDir",
    ]) {
        return Some(SinkArg::At(0));
    }
    if s.is("net/http.ServeFile") {
        return Some(SinkArg::At(2));
    }
    None
}

fn python_ssrf(s: &CallSite<'_>) -> Option<SinkArg> {
    if s.is_any(&[
        "requests.get",
        "requests.post",
        "requests.put",
        "requests.delete",
        "requests.patch",
        "requests.head",
        "requests.request",
        "httpx.get",
        "httpx.post",
        "httpx.request",
        "urllib.request.urlopen",
        "urllib.urlopen",
        "urllib2.urlopen",
        "urlopen",
    ]) {
        return Some(if s.method() == "request" {
            SinkArg::At(1)
        } else {
            SinkArg::At(0)
        });
    }
    None
}

fn java_ssrf(s: &CallSite<'_>) -> Option<SinkArg> {
    if s.call.new && s.is_any(&["URL", "java.net.URL", "HttpGet", "HttpPost"]) {
        return Some(SinkArg::At(0));
    }
    if s.is_any(&["URI.create"])
        || matches!(
            s.method(),
            "getForObject" | "getForEntity" | "postForObject" | "postForEntity" | "exchange"
        ) && receiver_like(s, &["rest", "template", "client"])
    {
        return Some(SinkArg::At(0));
    }
    None
}

fn js_ssrf(s: &CallSite<'_>) -> Option<SinkArg> {
    if s.is_any(&[
        "fetch",
        "node-fetch",
        "axios",
        "axios.get",
        "axios.post",
        "axios.put",
        "axios.delete",
        "axios.request",
        "http.get",
        "https.get",
        "http.request",
        "https.request",
        "got",
        "needle",
        "request",
    ]) {
        return Some(SinkArg::At(0));
    }
    None
}

fn go_ssrf(s: &CallSite<'_>) -> Option<SinkArg> {
    if s.is_any(&[
        "net/http.Get",
        "net/http.Post",
        "net/http.Head",
        "net/http.PostForm",
    ]) {
        return Some(SinkArg::At(0));
    }
    if s.is_any(&["net/http.NewRequest", "net/http.NewRequestWithContext"]) {
        return Some(SinkArg::At(if s.method() == "NewRequest" { 1 } else { 2 }));
    }
    None
}

/// `set("Location", url)` and its kin: a header call naming `Location`.
fn location_header(s: &CallSite<'_>) -> bool {
    s.arg_str(0)
        .is_some_and(|h| h.eq_ignore_ascii_case("location"))
}

/// Whether a redirect target written as `prefix + …` keeps its host: the prefix is a
/// local path (`/orders/`) or a URL with a path, or a call on constants only
/// (`buildUrl('checkoutSuccess') + '/' + id`) followed by a path. Input after it can
/// choose a page, not a site.
fn host_fixed(e: &Expr) -> bool {
    fn parts<'a>(e: &'a Expr, out: &mut Vec<&'a Expr>) {
        match e {
            Expr::Binary(op, l, r, _) if op == "+" => {
                parts(l, out);
                parts(r, out);
            }
            Expr::Template(p, _) => out.extend(p),
            other => out.push(other),
        }
    }
    let mut p = Vec::new();
    parts(e, &mut p);
    let local = |t: &str| {
        // `'/' + next` is `//evil.example` when next starts with a slash.
        t.len() > 1 && t.starts_with('/') && !t.starts_with("//") && !t.starts_with("/\\")
            || t.split_once("://")
                .is_some_and(|(_, rest)| rest.contains('/') && !rest.starts_with('/'))
    };
    match p.as_slice() {
        [Expr::Str(t, _), _, ..] => local(t),
        [Expr::Call(c), Expr::Str(t, _), _, ..] => {
            t.starts_with('/')
                && c.args
                    .iter()
                    .all(|a| matches!(a.value, Expr::Str(..) | Expr::Num(..)))
        }
        _ => false,
    }
}

/// The redirect sink at `i`, unless the target's host is fixed.
fn redirect_at(s: &CallSite<'_>, i: usize) -> Option<SinkArg> {
    (!host_fixed(arg_expr(s, i)?)).then_some(SinkArg::At(i))
}

fn java_redirect(s: &CallSite<'_>) -> Option<SinkArg> {
    (s.method() == "sendRedirect"
        || matches!(s.method(), "setHeader" | "addHeader")
            && s.arg_str(0)
                .is_some_and(|h| h.eq_ignore_ascii_case("location")))
    .then_some(if s.method() == "sendRedirect" {
        SinkArg::At(0)
    } else {
        SinkArg::At(1)
    })
}

fn python_redirect(s: &CallSite<'_>) -> Option<SinkArg> {
    s.is_any(&[
        "flask.redirect",
        "redirect",
        "django.shortcuts.redirect",
        "HttpResponseRedirect",
        "django.http.HttpResponseRedirect",
        "RedirectResponse",
        "fastapi.responses.RedirectResponse",
    ])
    .then(|| redirect_at(s, 0))
    .flatten()
}

fn js_redirect(s: &CallSite<'_>) -> Option<SinkArg> {
    if !receiver_like(s, &["res", "response", "reply", "ctx"]) {
        return None;
    }
    match s.method() {
        // `res.redirect(status, url)` or `res.redirect(url)`.
        "redirect" => redirect_at(s, if s.call.args.len() == 2 { 1 } else { 0 }),
        "location" => redirect_at(s, 0),
        "set" | "setHeader" | "header" | "append" if location_header(s) => Some(SinkArg::At(1)),
        // `res.writeHead(302, { Location: url })`: only that header.
        "writeHead" => super::option(s, "Location")
            .or_else(|| super::option(s, "location"))
            .is_some_and(|f| f.any_taint().is_some())
            .then_some(SinkArg::Any),
        _ => None,
    }
}

fn go_redirect(s: &CallSite<'_>) -> Option<SinkArg> {
    if s.is("net/http.Redirect") {
        return Some(SinkArg::At(2));
    }
    if s.method() == "Set"
        && location_header(s)
        && s.call
            .receiver()
            .is_some_and(|r| matches!(r, crate::model::Expr::Call(h) if h.method() == "Header"))
    {
        // `w.Header().Set("Location", url)`.
        return Some(SinkArg::At(1));
    }
    (s.method() == "Redirect" && receiver_like(s, &["c", "ctx"])).then_some(SinkArg::At(1))
}

fn java_xss(s: &CallSite<'_>) -> Option<SinkArg> {
    matches!(
        s.method(),
        "print" | "println" | "write" | "printf" | "format" | "append"
    )
    .then_some(())
    .filter(|_| {
        s.is_any(&[
            "getWriter().print",
            "getWriter().println",
            "getWriter().write",
            "getWriter().printf",
            "getWriter().format",
            "getWriter().append",
            "getOutputStream().print",
            "getOutputStream().println",
        ]) || receiver_like(s, &["printwriter", "out", "writer"])
            && !receiver_like(s, &["system.out", "log"])
    })
    .map(|_| SinkArg::Any)
}

fn python_xss(s: &CallSite<'_>) -> Option<SinkArg> {
    if s.is_any(&[
        "flask.make_response",
        "make_response",
        "HttpResponse",
        "django.http.HttpResponse",
        "markupsafe.Markup",
        "Markup",
        "django.utils.safestring.mark_safe",
        "mark_safe",
        "HTMLResponse",
        "fastapi.responses.HTMLResponse",
    ]) {
        return Some(SinkArg::At(0));
    }
    if s.is_any(&[
        "flask.render_template_string",
        "render_template_string",
        "jinja2.Template",
        "Template",
    ]) {
        return Some(SinkArg::At(0));
    }
    None
}

fn js_xss(s: &CallSite<'_>) -> Option<SinkArg> {
    if matches!(s.method(), "send" | "write" | "end") && receiver_like(s, &["res", "response"]) {
        return Some(SinkArg::At(0));
    }
    if s.is_any(&["document.write", "document.writeln"])
        || matches!(s.method(), "insertAdjacentHTML")
    {
        return Some(SinkArg::Any);
    }
    None
}

fn go_xss(s: &CallSite<'_>) -> Option<SinkArg> {
    if s.is_any(&[
        "fmt.Fprintf",
        "fmt.Fprint",
        "fmt.Fprintln",
        "io.WriteString",
    ]) && s
        .call
        .args
        .first()
        .and_then(|a| a.value.chain())
        .is_some_and(|w| w == "w" || w.ends_with("Writer"))
    {
        return Some(SinkArg::Any);
    }
    if s.method() == "Write" && receiver_like(s, &["w", "writer"])
        || s.is_any(&["html/template.HTML", "template.HTML"])
    {
        return Some(SinkArg::At(0));
    }
    None
}

fn java_ldap(s: &CallSite<'_>) -> Option<SinkArg> {
    (s.method() == "search" && receiver_like(s, &["ctx", "context", "dir", "ldap"]))
        .then_some(SinkArg::At(1))
}

fn python_ldap(s: &CallSite<'_>) -> Option<SinkArg> {
    match s.method() {
        "search_s" | "search" | "search_ext_s" | "search_st"
            if receiver_like(s, &["ldap", "conn", "l"]) =>
        {
            Some(if s.method() == "search" && s.call.args.len() == 2 {
                SinkArg::At(1)
            } else {
                SinkArg::Any
            })
        }
        _ => None,
    }
}

fn java_xpath(s: &CallSite<'_>) -> Option<SinkArg> {
    (matches!(s.method(), "evaluate" | "compile") && receiver_like(s, &["xpath", "xp"]))
        .then_some(SinkArg::At(0))
}

fn python_xpath(s: &CallSite<'_>) -> Option<SinkArg> {
    (s.method() == "xpath" || s.is("lxml.etree.XPath")).then_some(SinkArg::At(0))
}

fn python_code(s: &CallSite<'_>) -> Option<SinkArg> {
    s.is_any(&["eval", "exec", "compile", "builtins.eval"])
        .then_some(SinkArg::At(0))
}

fn js_code(s: &CallSite<'_>) -> Option<SinkArg> {
    if s.is_any(&[
        "eval",
        "vm.runInNewContext",
        "vm.runInThisContext",
        "vm.runInContext",
    ]) || s.call.new && s.is("Function")
    {
        return Some(SinkArg::Any);
    }
    if s.is_any(&["setTimeout", "setInterval"]) {
        return Some(SinkArg::At(0))
            .filter(|_| s.arg(0).is_some_and(|a| a.ty.as_deref() == Some("String")));
    }
    None
}

fn java_code(s: &CallSite<'_>) -> Option<SinkArg> {
    (s.method() == "eval" && receiver_like(s, &["engine", "script"])
        || s.is_any(&["SpelExpressionParser.parseExpression"])
        || s.method() == "parseExpression" && receiver_like(s, &["parser"]))
    .then_some(SinkArg::At(0))
}

fn java_trust(s: &CallSite<'_>) -> Option<SinkArg> {
    (matches!(s.method(), "setAttribute" | "putValue") && receiver_like(s, &["session"]))
        .then_some(SinkArg::Any)
}

fn java_log(s: &CallSite<'_>) -> Option<SinkArg> {
    (matches!(
        s.method(),
        "info" | "warn" | "error" | "debug" | "trace" | "fatal"
    ) && receiver_like(s, &["log", "logger"]))
    .then_some(SinkArg::Any)
}

// ---- the rules -----------------------------------------------------------------------------

pub fn rules() -> Vec<Rule> {
    vec![
        Rule {
            lang: "java", slug: "sql-injection", text: &SQL, check: Check::Taint(java_sql),
            finds: "Request input (Servlet parameters, headers and cookies; Spring `@RequestParam`, `@PathVariable`, `@RequestBody`; JAX-RS parameters) that reaches JDBC `Statement.execute*`, `Connection.prepareStatement`, JPA/Hibernate `createQuery`/`createNativeQuery` or Spring `JdbcTemplate` as part of the SQL text.",
            positive: &[r#"class A { void f(javax.servlet.http.HttpServletRequest request, java.sql.Statement stmt) throws Exception {
  String id = request.getParameter("id");
  stmt.executeQuery("SELECT * FROM accounts WHERE id = '" + id + "'");
} }"#, r#"@RestController class B { @GetMapping("/a") String a(@RequestParam String name, JdbcTemplate jdbc) {
  String sql = String.format("SELECT * FROM t WHERE n = '%s'", name);
  return jdbc.queryForObject(sql, String.class);
} }"#, r#"class A { java.sql.Statement st; void f(javax.servlet.http.HttpServletRequest request) throws Exception {
  StringBuilder sb = new StringBuilder();
  sb.append("SELECT * FROM accounts WHERE owner = '").append(request.getParameter("owner")).append("'");
  st.executeQuery(sb.toString());
} }"#],
            negative: &[r#"class A { void f(javax.servlet.http.HttpServletRequest request, java.sql.Connection c) throws Exception {
  java.sql.PreparedStatement ps = c.prepareStatement("SELECT * FROM accounts WHERE id = ?");
  ps.setString(1, request.getParameter("id"));
  ps.executeQuery();
} }"#, r#"class A { void f(javax.servlet.http.HttpServletRequest request, java.sql.Statement stmt) throws Exception {
  String id = request.getParameter("id");
  String q = "SELECT 1";
  if (7 * 3 < 2) { q = q + id; }
  stmt.executeQuery(q);
} }"#, r#"class A { void f(javax.servlet.http.HttpServletRequest request, java.sql.Statement stmt) throws Exception {
  java.util.List<String> l = new java.util.ArrayList<>();
  l.add("safe"); l.add(request.getParameter("id")); l.remove(1);
  stmt.executeQuery("SELECT * FROM t WHERE n = '" + l.get(0) + "'");
} }"#, r#"class A { void f(javax.servlet.http.HttpServletRequest request, java.sql.Statement stmt) throws Exception {
  int n = Integer.parseInt(request.getParameter("n"));
  stmt.executeQuery("SELECT * FROM t LIMIT " + n);
} }"#, r#"@RestController class B { @GetMapping("/a/{id}") String a(@PathVariable("id") Long id, JdbcTemplate jdbc) {
  return jdbc.queryForObject("SELECT name FROM accounts WHERE id = " + id, String.class);
} }"#],
        },
        Rule {
            lang: "python", slug: "sql-injection", text: &SQL, check: Check::Taint(python_sql),
            finds: "Request input (Flask `request`, Django's `request`, FastAPI and Flask route parameters) that reaches DB-API `cursor.execute`/`executemany`, Django `raw`/`extra` or SQLAlchemy `text()` as part of the SQL text (f-strings, `%`, `+`, `.format`).",
            positive: &[r#"from flask import request
def find(cur):
    name = request.args.get("name")
    cur.execute(f"SELECT * FROM accounts WHERE owner = '{name}'")
"#, r#"def view(request):
    q = "SELECT * FROM t WHERE id = %s" % request.GET["id"]
    Account.objects.raw(q)
"#],
            negative: &[r#"def bulk(self, request, objects):
    return self.handler.execute(request, objects)
"#, r#"from flask import request
def find(cur):
    cur.execute("SELECT * FROM accounts WHERE owner = %s", (request.args.get("name"),))
"#, r#"def view(request):
    limit = int(request.GET["limit"])
    cursor.execute("SELECT * FROM t LIMIT %d" % limit)
"#, r#"def view(request):
    d = {"a": request.GET["id"], "b": "fixed"}
    cursor.execute("SELECT * FROM t WHERE k = '" + d["b"] + "'")
"#],
        },
        Rule {
            lang: "javascript", slug: "sql-injection", text: &SQL, check: Check::Taint(js_sql),
            finds: "Express/NestJS request input (`req.query`, `req.params`, `req.body`, decorated parameters) that reaches `query`/`execute` of mysql, pg, sqlite and Sequelize, `knex.raw` or Prisma's `$queryRawUnsafe` as part of the SQL text (template literals, `+`).",
            positive: &[r#"app.get('/a', (req, res) => {
  db.query(`SELECT * FROM accounts WHERE id = ${req.query.id}`, (e, rows) => res.json(rows));
});
"#, r#"app.get('/a', (req, res) => {
  connection.query({ sql: 'SELECT * FROM accounts WHERE owner = ' + req.query.owner, timeout: 4000 }, (e, rows) => res.json(rows));
});
"#],
            negative: &[r#"app.get('/a', (req, res) => {
  db.query('SELECT * FROM accounts WHERE id = ?', [req.query.id], (e, rows) => res.json(rows));
});
"#, r#"app.get('/a', (req, res) => {
  const id = parseInt(req.query.id, 10);
  db.query('SELECT * FROM accounts WHERE id = ' + id);
});
"#, r#"const { execute } = require('graphql');
app.post('/graphql', async (req, res) => {
  res.json(await execute({ schema, document: parse(query), contextValue: { user: req.user, body: req.body } }));
});
"#, r#"const bodyParser = require('body-parser');
module.exports = (req, res, next) => { bodyParser.raw({ type: '*/*' })(req, res, next); };
"#],
        },
        Rule {
            lang: "go", slug: "sql-injection", text: &SQL, check: Check::Taint(go_sql),
            finds: "`net/http`, gin or echo request input that reaches `database/sql` (or sqlx, GORM) `Query`, `QueryRow`, `Exec`, their `…Context` forms or `Raw` as part of the SQL text (`+`, `fmt.Sprintf`).",
            positive: &[r#"package p
import ("database/sql"; "fmt"; "net/http")
func h(db *sql.DB, w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("id")
	db.Query(fmt.Sprintf("SELECT * FROM accounts WHERE id = '%s'", id))
}
"#],
            negative: &[r#"package p
import ("database/sql"; "net/http")
func h(db *sql.DB, w http.ResponseWriter, r *http.Request) {
	db.Query("SELECT * FROM accounts WHERE id = $1", r.URL.Query().Get("id"))
}
"#, r#"package p
import ("database/sql"; "net/http"; "strconv")
func h(db *sql.DB, w http.ResponseWriter, r *http.Request) {
	n, _ := strconv.Atoi(r.FormValue("n"))
	db.Query("SELECT * FROM t LIMIT " + strconv.Itoa(n))
}
"#],
        },
        Rule {
            lang: "java", slug: "command-injection", text: &COMMAND, check: Check::Taint(java_command),
            finds: "Request input that reaches `Runtime.getRuntime().exec` or `new ProcessBuilder(…)` as a command line, or as the program of an argument vector (`{\"sh\", \"-c\", …}` counts as a command line).",
            positive: &[r#"class A { void f(javax.servlet.http.HttpServletRequest request) throws Exception {
  Runtime.getRuntime().exec("ping -c 1 " + request.getParameter("host"));
} }"#, r#"class A { void f(javax.servlet.http.HttpServletRequest request) throws Exception {
  new ProcessBuilder("/bin/sh", "-c", "ping " + request.getParameter("host")).start();
} }"#],
            negative: &[r#"class A { void f(javax.servlet.http.HttpServletRequest request) throws Exception {
  Runtime.getRuntime().exec(new String[]{"ping", "-c", "1", "bank.example"});
} }"#, r#"class A { void f(javax.servlet.http.HttpServletRequest request) throws Exception {
  Runtime.getRuntime().exec(new String[]{"ping", "-c", "1", "--", request.getParameter("host")});
  new ProcessBuilder("nslookup", request.getParameter("host")).start();
} }"#],
        },
        Rule {
            lang: "python", slug: "command-injection", text: &COMMAND, check: Check::Taint(python_command),
            finds: "Request input that reaches `os.system`, `os.popen`, `subprocess.getoutput` or a `subprocess` call with `shell=True`.",
            positive: &[r#"import os
from flask import request
def ping():
    os.system("ping -c 1 " + request.args["host"])
"#, r#"import subprocess
def view(request):
    subprocess.run(f"convert {request.POST['file']}", shell=True)
"#],
            negative: &[r#"import subprocess
def view(request):
    subprocess.run(["convert", request.POST["file"], "out.png"])
"#, r#"import subprocess, shlex
def view(request):
    subprocess.run("convert " + shlex.quote(request.POST["file"]), shell=True)
"#, r#"import os
from flask import request
HOSTS = {"bank.example", "status.bank.example"}
def ping():
    host = request.args["host"]
    if host not in HOSTS:
        raise ValueError("unknown host")
    os.system("ping -c 1 " + host)
"#],
        },
        Rule {
            lang: "javascript", slug: "command-injection", text: &COMMAND, check: Check::Taint(js_command),
            finds: "Request input that reaches `child_process.exec`/`execSync`, or `spawn`/`execFile` as the program (or any argument with `shell: true`).",
            positive: &[r#"const { exec } = require('child_process');
app.post('/x', (req, res) => { exec('git log ' + req.body.ref); });
"#],
            negative: &[r#"const { execFile } = require('child_process');
app.post('/x', (req, res) => { execFile('git', ['log', req.body.ref]); });
"#],
        },
        Rule {
            lang: "go", slug: "command-injection", text: &COMMAND, check: Check::Taint(go_command),
            finds: "Request input that reaches `exec.Command` or `exec.CommandContext` as the program, or any argument of a shell (`sh -c`, `bash -c`).",
            positive: &[r#"package p
import ("net/http"; "os/exec")
func h(w http.ResponseWriter, r *http.Request) {
	exec.Command("sh", "-c", "ping "+r.FormValue("host")).Run()
}
"#, r#"package p
import ("net/http"; "os/exec"; "strings")
func h(w http.ResponseWriter, r *http.Request) {
	var sb strings.Builder
	sb.WriteString("ping -c 1 ")
	sb.WriteString(r.FormValue("host"))
	exec.CommandContext(r.Context(), "bash", "-c", sb.String()).Run()
}
"#],
            negative: &[r#"package p
import ("net/http"; "os/exec")
func h(w http.ResponseWriter, r *http.Request) {
	exec.Command("ping", "-c", "1", "bank.example").Run()
}
"#],
        },
        Rule {
            lang: "java", slug: "path-traversal", text: &PATH, check: Check::Taint(java_path),
            finds: "Request input that reaches `new File`, `FileInputStream`/`FileOutputStream`, `Paths.get` or `Files.*` as the path.",
            positive: &[r#"class A { void f(javax.servlet.http.HttpServletRequest request) throws Exception {
  java.io.File f = new java.io.File("/statements/" + request.getParameter("name"));
} }"#],
            negative: &[r#"class A { void f(javax.servlet.http.HttpServletRequest request) throws Exception {
  String n = org.apache.commons.io.FilenameUtils.getName(request.getParameter("name"));
  java.io.File f = new java.io.File("/statements/" + n);
} }"#],
        },
        Rule {
            lang: "python", slug: "path-traversal", text: &PATH, check: Check::Taint(python_path),
            finds: "Request input that reaches `open`, `send_file`, `os.remove`, `shutil` or `pathlib.Path` as the path.",
            positive: &[r#"from flask import request, send_file
def download():
    return send_file("/statements/" + request.args["name"])
"#],
            negative: &[r#"import os
from flask import request, send_file
def download():
    return send_file(os.path.join("/statements", os.path.basename(request.args["name"])))
"#],
        },
        Rule {
            lang: "javascript", slug: "path-traversal", text: &PATH, check: Check::Taint(js_path),
            finds: "Request input that reaches `fs` reads, writes and deletes, or `res.sendFile`/`res.download`, as the path.",
            positive: &[r#"const fs = require('fs');
app.get('/f', (req, res) => { res.send(fs.readFileSync('/data/' + req.query.name)); });
"#],
            negative: &[r#"const fs = require('fs');
const path = require('path');
app.get('/f', (req, res) => { res.json(fs.readFileSync('/data/' + path.basename(req.query.name)).length); });
"#],
        },
        Rule {
            lang: "go", slug: "path-traversal", text: &PATH, check: Check::Taint(go_path),
            finds: "Request input that reaches `os.Open`, `os.ReadFile`, `os.Create`, `os.Remove` or `http.ServeFile` as the path.",
            positive: &[r#"package p
import ("net/http"; "os")
func h(w http.ResponseWriter, r *http.Request) {
	os.ReadFile("/data/" + r.URL.Query().Get("name"))
}
"#],
            negative: &[r#"package p
import ("net/http"; "os"; "path/filepath")
func h(w http.ResponseWriter, r *http.Request) {
	os.ReadFile(filepath.Join("/data", filepath.Base(r.URL.Query().Get("name"))))
}
"#],
        },
        Rule {
            lang: "python", slug: "ssrf", text: &SSRF, check: Check::Taint(python_ssrf),
            finds: "Request input that reaches `requests`, `httpx` or `urllib` as the address fetched.",
            positive: &[r#"import requests
from flask import request
def proxy():
    return requests.get(request.args["url"]).text
"#],
            negative: &[r#"import requests
from flask import request
def proxy():
    return requests.get("https://rates.bank.example/fx", params={"ccy": request.args["ccy"]}).text
"#],
        },
        Rule {
            lang: "java", slug: "ssrf", text: &SSRF, check: Check::Taint(java_ssrf),
            finds: "Request input that reaches `new URL`, `URI.create`, Apache `HttpGet`/`HttpPost` or Spring `RestTemplate` as the address.",
            positive: &[r#"class A { Object f(@RequestParam String target, RestTemplate rest) {
  return rest.getForObject(target, String.class);
} }"#],
            negative: &[r#"class A { Object f(@RequestParam String ccy, RestTemplate rest) {
  return rest.getForObject("https://rates.bank.example/fx?ccy={c}", String.class, ccy);
} }"#],
        },
        Rule {
            lang: "javascript", slug: "ssrf", text: &SSRF, check: Check::Taint(js_ssrf),
            finds: "Request input that reaches `fetch`, `axios`, `got` or `http(s).get/request` as the address.",
            positive: &[r#"const axios = require('axios');
app.get('/p', async (req, res) => { res.send((await axios.get(req.query.url)).data); });
"#],
            negative: &[r#"const axios = require('axios');
app.get('/p', async (req, res) => { res.send((await axios.get('https://rates.bank.example/fx', { params: { ccy: req.query.ccy } })).data); });
"#],
        },
        Rule {
            lang: "go", slug: "ssrf", text: &SSRF, check: Check::Taint(go_ssrf),
            finds: "Request input that reaches `http.Get`, `http.Post` or `http.NewRequest` as the address.",
            positive: &[r#"package p
import "net/http"
func h(w http.ResponseWriter, r *http.Request) {
	http.Get(r.URL.Query().Get("url"))
}
"#],
            negative: &[r#"package p
import "net/http"
func h(w http.ResponseWriter, r *http.Request) {
	http.Get("https://rates.bank.example/fx?ccy=" + "EUR")
}
"#],
        },
        Rule {
            lang: "java", slug: "open-redirect", text: &REDIRECT, check: Check::Taint(java_redirect),
            finds: "Request input that reaches `HttpServletResponse.sendRedirect` or a `Location` header.",
            positive: &[r#"class A { void f(javax.servlet.http.HttpServletRequest request, javax.servlet.http.HttpServletResponse response) throws Exception {
  response.sendRedirect(request.getParameter("next"));
} }"#],
            negative: &[r#"class A { void f(javax.servlet.http.HttpServletRequest request, javax.servlet.http.HttpServletResponse response) throws Exception {
  response.sendRedirect("/accounts");
} }"#],
        },
        Rule {
            lang: "python", slug: "open-redirect", text: &REDIRECT, check: Check::Taint(python_redirect),
            finds: "Request input that reaches Flask or Django `redirect`, `HttpResponseRedirect` or FastAPI `RedirectResponse`.",
            positive: &[r#"from flask import request, redirect
def login():
    return redirect(request.args.get("next"))
"#, r#"from flask import request, redirect
PAGES = {"home": "/home", "orders": "/orders"}
def login():
    page = request.args.get("next", "")
    return redirect(PAGES.get(page, page))
"#],
            negative: &[r#"from flask import request, redirect, url_for
def login():
    return redirect(url_for("accounts"))
"#, r#"from flask import request, redirect
PAGES = {"home": "/home", "orders": "/orders"}
def login():
    page = request.args.get("next", "")
    return redirect(PAGES.get(page, "/home"))
"#],
        },
        Rule {
            lang: "javascript", slug: "open-redirect", text: &REDIRECT, check: Check::Taint(js_redirect),
            finds: "Request input that reaches `res.redirect`, `res.location`, a `Location` header set with `res.set`/`setHeader`/`header`, or `Location` in `res.writeHead`.",
            positive: &[r#"app.get('/login', (req, res) => { res.redirect(req.query.next); });
"#, r#"app.get('/login', (req, res) => { res.set('Location', req.query.next); res.sendStatus(302); });
"#, r#"app.get('/login', (req, res) => { res.writeHead(302, { Location: req.query.next }); res.end(); });
"#, r#"app.get('/login', (req, res) => { res.redirect('/' + req.query.next); });
"#],
            negative: &[r#"app.get('/login', (req, res) => { res.redirect('/accounts'); });
"#, r#"app.get('/order/:id', (req, res) => { res.redirect(302, `${buildUrl('checkoutSuccess')}/${req.params.id}`); });
"#, r#"app.get('/order', (req, res) => { res.redirect('/orders/' + req.query.id); });
"#, r#"app.get('/login', (req, res) => { res.writeHead(302, { Location: '/home', 'X-Ref': req.query.next }); res.end(); });
"#],
        },
        Rule {
            lang: "go", slug: "open-redirect", text: &REDIRECT, check: Check::Taint(go_redirect),
            finds: "Request input that reaches `http.Redirect` (or gin's `c.Redirect`) as the address, or a `Location` header set with `w.Header().Set`.",
            positive: &[r#"package p
import "net/http"
func h(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, r.URL.Query().Get("next"), http.StatusFound)
}
"#],
            negative: &[r#"package p
import "net/http"
func h(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, "/accounts", http.StatusFound)
}
"#],
        },
        Rule {
            lang: "java", slug: "xss", text: &XSS, check: Check::Taint(java_xss),
            finds: "Request input written to the response's `PrintWriter` (`getWriter().print/println/write/format`).",
            positive: &[r#"class A { void f(javax.servlet.http.HttpServletRequest request, javax.servlet.http.HttpServletResponse response) throws Exception {
  response.getWriter().println("<p>Hello " + request.getParameter("name") + "</p>");
} }"#],
            negative: &[r#"class A { void f(javax.servlet.http.HttpServletRequest request, javax.servlet.http.HttpServletResponse response) throws Exception {
  response.getWriter().println("<p>Hello " + org.springframework.web.util.HtmlUtils.htmlEscape(request.getParameter("name")) + "</p>");
} }"#],
        },
        Rule {
            lang: "python", slug: "xss", text: &XSS, check: Check::Taint(python_xss),
            finds: "Request input that reaches `make_response`/`HttpResponse`/`HTMLResponse` bodies, `Markup`/`mark_safe`, or is rendered as a template (`render_template_string`, `jinja2.Template`).",
            positive: &[r#"from flask import request, render_template_string
def hello():
    return render_template_string("<p>Hello " + request.args["name"] + "</p>")
"#],
            negative: &[r#"from flask import request, render_template_string
def hello():
    return render_template_string("<p>Hello {{ name }}</p>", name=request.args["name"])
"#],
        },
        Rule {
            lang: "javascript", slug: "xss", text: &XSS, check: Check::Taint(js_xss),
            finds: "Request input written by `res.send`/`res.write`/`res.end`, or passed to `document.write` or `insertAdjacentHTML`.",
            positive: &[r#"app.get('/hi', (req, res) => { res.send('<p>Hello ' + req.query.name + '</p>'); });
"#],
            negative: &[r#"const escapeHtml = require('escape-html');
app.get('/hi', (req, res) => { res.send('<p>Hello ' + escapeHtml(req.query.name) + '</p>'); });
"#],
        },
        Rule {
            lang: "go", slug: "xss", text: &XSS, check: Check::Taint(go_xss),
            finds: "Request input written to the `http.ResponseWriter` (`fmt.Fprintf(w, …)`, `w.Write`) or wrapped as `template.HTML`.",
            positive: &[r#"package p
import ("fmt"; "net/http")
func h(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintf(w, "<p>Hello %s</p>", r.URL.Query().Get("name"))
}
"#],
            negative: &[r#"package p
import ("fmt"; "html"; "net/http")
func h(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintf(w, "<p>Hello %s</p>", html.EscapeString(r.URL.Query().Get("name")))
}
"#],
        },
        Rule {
            lang: "java", slug: "ldap-injection", text: &LDAP, check: Check::Taint(java_ldap),
            finds: "Request input that reaches `DirContext.search` as the filter.",
            positive: &[r#"class A { void f(javax.servlet.http.HttpServletRequest request, javax.naming.directory.DirContext ctx) throws Exception {
  ctx.search("ou=staff,dc=bank", "(uid=" + request.getParameter("user") + ")", null);
} }"#],
            negative: &[r#"class A { void f(javax.servlet.http.HttpServletRequest request, javax.naming.directory.DirContext ctx) throws Exception {
  ctx.search("ou=staff,dc=bank", "(uid={0})", new Object[]{request.getParameter("user")}, null);
} }"#],
        },
        Rule {
            lang: "python", slug: "ldap-injection", text: &LDAP, check: Check::Taint(python_ldap),
            finds: "Request input that reaches python-ldap `search_s` or ldap3 `Connection.search` as the filter.",
            positive: &[r#"def view(request):
    conn.search("ou=staff,dc=bank", "(uid=" + request.GET["user"] + ")")
"#],
            negative: &[r#"from ldap3.utils.conv import escape_filter_chars
def view(request):
    conn.search("ou=staff,dc=bank", "(uid=%s)" % escape_filter_chars(request.GET["user"]))
"#],
        },
        Rule {
            lang: "java", slug: "xpath-injection", text: &XPATH, check: Check::Taint(java_xpath),
            finds: "Request input that reaches `XPath.evaluate` or `XPath.compile`.",
            positive: &[r#"class A { void f(javax.servlet.http.HttpServletRequest request, javax.xml.xpath.XPath xpath, org.w3c.dom.Document d) throws Exception {
  xpath.evaluate("/accounts/account[@owner='" + request.getParameter("owner") + "']", d);
} }"#],
            negative: &[r#"class A { void f(javax.servlet.http.HttpServletRequest request, javax.xml.xpath.XPath xpath, org.w3c.dom.Document d) throws Exception {
  xpath.evaluate("/accounts/account[@owner=$owner]", d);
} }"#],
        },
        Rule {
            lang: "python", slug: "xpath-injection", text: &XPATH, check: Check::Taint(python_xpath),
            finds: "Request input that reaches lxml `xpath()` or `etree.XPath` as the expression.",
            positive: &[r#"def view(request):
    tree.xpath("//account[@owner='" + request.GET["owner"] + "']")
"#],
            negative: &[r#"def view(request):
    tree.xpath("//account[@owner=$owner]", owner=request.GET["owner"])
"#],
        },
        Rule {
            lang: "python", slug: "code-injection", text: &CODE, check: Check::Taint(python_code),
            finds: "Request input that reaches `eval`, `exec` or `compile`.",
            positive: &[r#"from flask import request
def calc():
    return str(eval(request.args["expr"]))
"#],
            negative: &[r#"import ast
from flask import request
def calc():
    return str(ast.literal_eval(request.args["expr"]))
"#],
        },
        Rule {
            lang: "javascript", slug: "code-injection", text: &CODE, check: Check::Taint(js_code),
            finds: "Request input that reaches `eval`, `new Function`, `vm.runIn*Context` or a string passed to `setTimeout`/`setInterval`.",
            positive: &[r#"app.get('/calc', (req, res) => { res.json(eval(req.query.expr)); });
"#],
            negative: &[r#"app.get('/calc', (req, res) => { res.json(JSON.parse(req.query.expr)); });
"#],
        },
        Rule {
            lang: "java", slug: "code-injection", text: &CODE, check: Check::Taint(java_code),
            finds: "Request input that reaches `ScriptEngine.eval` or a SpEL `parseExpression`.",
            positive: &[r#"class A { Object f(@RequestParam String expr, javax.script.ScriptEngine engine) throws Exception {
  return engine.eval(expr);
} }"#],
            negative: &[r#"class A { Object f(@RequestParam String expr, javax.script.ScriptEngine engine) throws Exception {
  return engine.eval("1 + 1");
} }"#],
        },
        Rule {
            lang: "java", slug: "trust-boundary-violation", text: &TRUST, check: Check::Taint(java_trust),
            finds: "Request input stored with `HttpSession.setAttribute`.",
            positive: &[r#"class A { void f(javax.servlet.http.HttpServletRequest request) {
  request.getSession().setAttribute("role", request.getParameter("role"));
} }"#],
            negative: &[r#"class A { void f(javax.servlet.http.HttpServletRequest request) {
  javax.servlet.http.HttpSession session = request.getSession();
  session.setAttribute("visits", 1);
} }"#],
        },
        Rule {
            lang: "java", slug: "log-injection", text: &LOG, check: Check::Taint(java_log),
            finds: "Request input passed to a logger (`log.info`, `logger.warn`, …) without CR/LF removed.",
            positive: &[r#"class A { void f(javax.servlet.http.HttpServletRequest request) {
  log.info("login failed for " + request.getParameter("user"));
} }"#],
            negative: &[r#"class A { void f(javax.servlet.http.HttpServletRequest request) {
  log.info("login failed for " + request.getParameter("user").length() + " characters");
} }"#],
        },
    ]
}
