//! Untrusted data turned into objects: deserialisers that can run code (CWE-502) and XML
//! parsers that resolve external entities (CWE-611).

use super::web::{units, visit_stmts};
use crate::flow::CallSite;
use crate::model::{Expr, Module, Span, Stmt};
use crate::rule::{Check, Rule, SinkArg, Text};
use tollgate_core::Severity;

static DESERIALISE: Text = Text {
    title: "Untrusted data deserialised into objects",
    severity: Severity::Critical,
    cwe: &[502],
    tags: &["injection", "deserialization", "owasp-a08"],
    why: "Java serialisation, pickle and their kin rebuild whatever classes the bytes name and run their hooks while doing so: a crafted payment message, cookie or cache entry becomes code running inside the service, with its keys and database access.",
    fix: "Accept data, not objects: parse JSON or Protocol Buffers into plain types. Where Java serialisation cannot be removed, set an allow-list `ObjectInputFilter`; load YAML with a safe loader (`yaml.safe_load`, SnakeYAML `SafeConstructor`).",
    references: &["https://cwe.mitre.org/data/definitions/502.html"],
};

static XXE: Text = Text {
    title: "XML parser that resolves external entities",
    severity: Severity::High,
    cwe: &[611],
    tags: &["injection", "xxe", "owasp-a05"],
    why: "A parser that honours a document's DTD fetches what its entities name: an ISO 20022 or SOAP message from outside can read local files (keys, configuration) into the parsed result or make the service call internal hosts.",
    fix: "Turn DTDs off on the factory before parsing (`setFeature(\"http://apache.org/xml/features/disallow-doctype-decl\", true)`; `XMLInputFactory.SUPPORT_DTD` false; `XMLConstants.ACCESS_EXTERNAL_DTD` empty), and do not enable entity resolution in lxml or libxmljs.",
    references: &[
        "https://cwe.mitre.org/data/definitions/611.html",
        "https://cheatsheetseries.owasp.org/cheatsheets/XML_External_Entity_Prevention_Cheat_Sheet.html",
    ],
};

fn java_deserialise(s: &CallSite<'_>) -> Option<SinkArg> {
    // `readObject` on a stream built from untrusted bytes (a stream given an
    // `ObjectInputFilter` first is clean).
    if matches!(s.method(), "readObject" | "readUnshared") {
        let stream = match s.call.receiver() {
            Some(Expr::Call(c)) if c.new => c.callee.last_name().map(str::to_string),
            _ => s.recv.as_ref().and_then(|f| f.ty.clone()),
        };
        if stream.is_some_and(|t| t.ends_with("ObjectInputStream") || t.ends_with("XMLDecoder")) {
            return Some(SinkArg::Receiver);
        }
    }
    if s.is_any(&[
        "SerializationUtils.deserialize",
        "SerializationHelper.deserialize",
    ]) {
        return Some(SinkArg::At(0));
    }
    if s.method() == "fromXML" && super::receiver_like(s, &["xstream"]) {
        return Some(SinkArg::At(0));
    }
    // SnakeYAML builds any class a tag names, unless made with a `SafeConstructor`.
    if matches!(s.method(), "load" | "loadAll" | "loadAs") {
        if let Some(Expr::Call(r)) = s.call.receiver() {
            let safe = r.args.iter().any(|a| {
                matches!(&a.value, Expr::Call(c) if c.callee.last_name() == Some("SafeConstructor"))
            });
            if r.new && r.callee.last_name() == Some("Yaml") && !safe {
                return Some(SinkArg::At(0));
            }
        }
        // A `Yaml` held in a variable: safe when the file builds its loaders with a
        // `SafeConstructor` (which one is not tracked).
        let held = s
            .recv
            .as_ref()
            .and_then(|f| f.ty.as_deref())
            .is_some_and(|t| t.ends_with("Yaml"));
        let safe_here = s.module.imports.contains_key("SafeConstructor");
        if held && !matches!(s.call.receiver(), Some(Expr::Call(_))) && !safe_here {
            return Some(SinkArg::At(0));
        }
    }
    None
}

fn python_deserialise(s: &CallSite<'_>) -> Option<SinkArg> {
    if s.is_any(&[
        "pickle.loads",
        "pickle.load",
        "_pickle.loads",
        "cPickle.loads",
        "dill.loads",
        "dill.load",
        "marshal.loads",
        "jsonpickle.decode",
        "pandas.read_pickle",
        "shelve.open",
        "yaml.unsafe_load",
        "yaml.full_load",
    ]) {
        return Some(SinkArg::At(0));
    }
    if s.is_any(&["yaml.load", "yaml.load_all"]) {
        // Only the safe loaders build plain data.
        let loader = s
            .call
            .kwarg("Loader")
            .or_else(|| s.call.args.get(1).map(|a| &a.value))
            .and_then(Expr::dotted)
            .unwrap_or_default();
        let safe = loader.ends_with("SafeLoader") || loader.ends_with("BaseLoader");
        return (!safe).then_some(SinkArg::At(0));
    }
    None
}

fn js_deserialise(s: &CallSite<'_>) -> Option<SinkArg> {
    // js-yaml with its full schema builds functions and regular expressions.
    if s.is_any(&["js-yaml.load", "js-yaml.loadAll"])
        && super::option(s, "schema")
            .and_then(|f| f.val.as_sym())
            .is_some_and(|n| n.ends_with("DEFAULT_FULL_SCHEMA"))
    {
        return Some(SinkArg::At(0));
    }
    if s.is_any(&[
        "node-serialize.unserialize",
        "serialize-to-js.deserialize",
        "funcster.deepDeserialize",
        "cryo.parse",
    ]) {
        return Some(SinkArg::At(0));
    }
    None
}

/// Java XML factories and readers, with the hardening each accepts.
const FACTORIES: &[&str] = &[
    "DocumentBuilderFactory",
    "SAXParserFactory",
    "XMLInputFactory",
    "TransformerFactory",
    "SchemaFactory",
    "XMLReaderFactory",
    "SAXReader",
    "SAXBuilder",
];

/// Whether a call on a factory turns external entities or DTDs off.
fn hardens(c: &crate::model::Call) -> bool {
    let key = |e: Option<&Expr>| -> String {
        match e {
            Some(Expr::Str(s, _)) => s.clone(),
            Some(e) => e.dotted().unwrap_or_default(),
            None => String::new(),
        }
    };
    let k = key(c.arg(0)).to_ascii_lowercase();
    let on = matches!(c.arg(1), Some(Expr::Bool(true, _)));
    let off = matches!(c.arg(1), Some(Expr::Bool(false, _)));
    let empty = matches!(c.arg(1), Some(Expr::Str(s, _)) if s.is_empty());
    match c.method() {
        "setFeature" => {
            k.contains("disallow-doctype-decl") && on
                || (k.contains("external-general-entities") && off)
                || (k.contains("feature_secure_processing") && on)
        }
        "setProperty" | "setAttribute" => {
            let dtd = k.contains("support_dtd") || k.contains("supportdtd");
            let external = k.contains("supporting_external_entities")
                || k.contains("supportingexternalentities");
            let access = k.contains("access_external_dtd") || k.contains("accessexternaldtd");
            ((dtd || external) && off) || (access && empty)
        }
        _ => false,
    }
}

fn java_xxe(m: &Module) -> Vec<(Span, String)> {
    let mut out = Vec::new();
    for f in units(m) {
        let mut made: Vec<(String, &'static str, Span)> = Vec::new();
        let mut hardened: Vec<String> = Vec::new();
        visit_stmts(&f.body, &mut |s| {
            if let Stmt::Assign {
                target,
                value: Some(Expr::Call(c)),
                span,
                ..
            } = s
            {
                let callee = c.callee.dotted().unwrap_or_default();
                let kind = FACTORIES.iter().find(|k| {
                    let created = c.new && c.callee.last_name() == Some(**k);
                    let made = callee.ends_with(&format!("{k}.newInstance"))
                        || callee.ends_with(&format!("{k}.newFactory"))
                        || callee.ends_with(&format!("{k}.newDefaultFactory"))
                        || callee.ends_with(&format!("{k}.createXMLReader"));
                    created || made
                });
                if let (Some(k), Some(n)) = (kind, target.dotted()) {
                    made.push((n, k, *span));
                }
            }
            if let Stmt::Expr(Expr::Call(c)) = s {
                if hardens(c) {
                    if let Some(on) = c.receiver().and_then(Expr::dotted) {
                        hardened.push(on);
                    }
                }
            }
        });
        for (n, k, span) in made {
            if !hardened.contains(&n) {
                out.push((
                    span,
                    format!("`{n}` ({k}) is used without turning off DTDs or external entities"),
                ));
            }
        }
    }
    out
}

fn python_xxe(s: &CallSite<'_>) -> Option<String> {
    if s.is("lxml.etree.XMLParser")
        && (super::kw_is(s, "resolve_entities", true) || super::kw_is(s, "no_network", false))
    {
        return Some("`XMLParser` made to resolve entities".into());
    }
    if s.method() == "setFeature"
        && s.call
            .arg(0)
            .and_then(Expr::dotted)
            .is_some_and(|d| d.ends_with("feature_external_ges"))
        && s.arg(1).and_then(|f| f.val.as_bool()) == Some(true)
    {
        return Some("a SAX parser made to fetch external entities".into());
    }
    None
}

fn js_xxe(s: &CallSite<'_>) -> Option<String> {
    let libxml = s.is_any(&[
        "libxmljs.parseXml",
        "libxmljs.parseXmlString",
        "libxmljs2.parseXml",
        "libxmljs2.parseXmlString",
    ]);
    (libxml && super::option_is(s, "noent", true)).then(|| {
        format!(
            "`{}` with `noent: true` expands external entities",
            s.method()
        )
    })
}

#[rustfmt::skip]
pub fn rules() -> Vec<Rule> {
    vec![
        Rule {
            lang: "java", slug: "unsafe-deserialization", text: &DESERIALISE, check: Check::Taint(java_deserialise),
            finds: "Request input that reaches `readObject` on an `ObjectInputStream` (without an `ObjectInputFilter`) or `XMLDecoder`, `SerializationUtils.deserialize`, XStream's `fromXML` or SnakeYAML's `load` (without a `SafeConstructor`).",
            positive: &[r#"import java.io.*;
class A { Object f(javax.servlet.http.HttpServletRequest request) throws Exception {
  byte[] raw = java.util.Base64.getDecoder().decode(request.getParameter("state"));
  return new ObjectInputStream(new ByteArrayInputStream(raw)).readObject();
} }"#, r#"import org.yaml.snakeyaml.Yaml;
class A { Object f(javax.servlet.http.HttpServletRequest request) {
  return new Yaml().load(request.getParameter("doc"));
} }"#],
            negative: &[r#"import java.io.*;
class A { Object f(javax.servlet.http.HttpServletRequest request) throws Exception {
  byte[] raw = java.nio.file.Files.readAllBytes(java.nio.file.Paths.get("/etc/app/state.bin"));
  return new ObjectInputStream(new ByteArrayInputStream(raw)).readObject();
} }"#, r#"import java.io.*;
class A { Object f(javax.servlet.http.HttpServletRequest request) throws Exception {
  byte[] raw = java.util.Base64.getDecoder().decode(request.getParameter("state"));
  ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(raw));
  in.setObjectInputFilter(ObjectInputFilter.Config.createFilter("com.bank.Cart;!*"));
  return in.readObject();
} }"#, r#"import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
class A { Object f(javax.servlet.http.HttpServletRequest request) {
  return new Yaml(new SafeConstructor(new org.yaml.snakeyaml.LoaderOptions())).load(request.getParameter("doc"));
} }"#],
        },
        Rule {
            lang: "python", slug: "unsafe-deserialization", text: &DESERIALISE, check: Check::Taint(python_deserialise),
            finds: "Request input that reaches `pickle.loads`/`load`, `dill`, `marshal.loads`, `jsonpickle.decode`, `pandas.read_pickle`, `yaml.unsafe_load`/`full_load` or `yaml.load` without a safe loader.",
            positive: &[r#"import base64, pickle
from flask import request
def restore():
    return pickle.loads(base64.b64decode(request.cookies.get("cart")))
"#, r#"import yaml
from flask import request
def upload():
    return yaml.load(request.data, Loader=yaml.Loader)
"#],
            negative: &[r#"import json, base64
from flask import request
def restore():
    return json.loads(base64.b64decode(request.cookies.get("cart")))
"#, r#"import yaml
from flask import request
def upload():
    return yaml.load(request.data, Loader=yaml.SafeLoader)
"#],
        },
        Rule {
            lang: "javascript", slug: "unsafe-deserialization", text: &DESERIALISE, check: Check::Taint(js_deserialise),
            finds: "Request input that reaches `node-serialize`'s `unserialize`, `serialize-to-js`'s `deserialize`, `funcster`, `cryo.parse` (they revive functions) or js-yaml's `load` with `DEFAULT_FULL_SCHEMA`.",
            positive: &[r#"const serialize = require('node-serialize');
app.post('/prefs', (req, res) => { res.json(serialize.unserialize(req.cookies.prefs)); });
"#, r#"const yaml = require('js-yaml');
app.post('/prefs', (req, res) => { res.json(yaml.load(req.body, { schema: yaml.DEFAULT_FULL_SCHEMA })); });
"#],
            negative: &[r#"const serialize = require('node-serialize');
app.post('/prefs', (req, res) => { res.json(JSON.parse(req.cookies.prefs)); });
"#, r#"const yaml = require('js-yaml');
app.post('/prefs', (req, res) => { res.json(yaml.load(req.body, { schema: yaml.JSON_SCHEMA })); });
"#],
        },
        Rule {
            lang: "java", slug: "xxe", text: &XXE, check: Check::Module(java_xxe),
            finds: "A `DocumentBuilderFactory`, `SAXParserFactory`, `XMLInputFactory`, `TransformerFactory`, `SchemaFactory`, XML reader, dom4j `SAXReader` or JDOM `SAXBuilder` made in a method that never turns DTDs or external entities off on it.",
            positive: &[r#"import javax.xml.parsers.*;
class A { Object f(java.io.InputStream in) throws Exception {
  DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
  return dbf.newDocumentBuilder().parse(in);
} }"#, r#"import javax.xml.stream.*;
class A { Object f(java.io.InputStream in) throws Exception {
  XMLInputFactory xif = XMLInputFactory.newFactory();
  xif.setProperty(XMLInputFactory.SUPPORT_DTD, true);
  return xif.createXMLStreamReader(in);
} }"#],
            negative: &[r#"import javax.xml.parsers.*;
class A { Object f(java.io.InputStream in) throws Exception {
  DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
  dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
  return dbf.newDocumentBuilder().parse(in);
} }"#, r#"import javax.xml.stream.*;
class A { Object f(java.io.InputStream in) throws Exception {
  XMLInputFactory xif = XMLInputFactory.newFactory();
  xif.setProperty(XMLInputFactory.SUPPORT_DTD, false);
  return xif.createXMLStreamReader(in);
} }"#],
        },
        Rule {
            lang: "python", slug: "xxe", text: &XXE, check: Check::Call(python_xxe),
            finds: "lxml's `XMLParser(resolve_entities=True)` or `no_network=False`, and a SAX parser with `feature_external_ges` turned on.",
            positive: &[r#"from lxml import etree
parser = etree.XMLParser(resolve_entities=True)
"#, r#"import xml.sax
from xml.sax.handler import feature_external_ges
p = xml.sax.make_parser()
p.setFeature(feature_external_ges, True)
"#],
            negative: &[r#"from lxml import etree
parser = etree.XMLParser(resolve_entities=False, no_network=True)
"#, r#"import xml.sax
from xml.sax.handler import feature_external_ges
p = xml.sax.make_parser()
p.setFeature(feature_external_ges, False)
"#],
        },
        Rule {
            lang: "javascript", slug: "xxe", text: &XXE, check: Check::Call(js_xxe),
            finds: "libxmljs `parseXml`/`parseXmlString` called with `noent: true`.",
            positive: &[r#"const libxmljs = require('libxmljs');
app.post('/pain', (req, res) => { libxmljs.parseXml(req.body, { noent: true }); });
"#],
            negative: &[r#"const libxmljs = require('libxmljs');
app.post('/pain', (req, res) => { libxmljs.parseXml(req.body, { noent: false }); });
"#],
        },
    ]
}
