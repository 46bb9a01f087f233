//! The exchanges of a run as a HAR 1.2 file. Credential headers are redacted, and so is
//! every secret, card number and credential-like token in URLs and bodies.

use crate::client::Exchange;
use crate::safe;
use serde_json::{json, Value};

fn headers(h: &[(String, String)]) -> Value {
    Value::Array(
        h.iter()
            .map(|(k, v)| json!({"name": k, "value": safe::header(k, v)}))
            .collect(),
    )
}

/// The HAR document of `exchanges`.
pub fn write(exchanges: &[Exchange]) -> String {
    let entries: Vec<Value> = exchanges
        .iter()
        .map(|ex| {
            let req = &ex.request;
            let mut request = json!({
                "method": req.method,
                "url": safe::text(&req.url.to_string()),
                "httpVersion": "HTTP/1.1",
                "headers": headers(&req.headers),
                "queryString": [],
                "cookies": [],
                "headersSize": -1,
                "bodySize": req.body.len(),
            });
            if !req.body.is_empty() {
                request["postData"] = json!({
                    "mimeType": req.header("content-type").unwrap_or(""),
                    "text": safe::text(&String::from_utf8_lossy(&req.body)),
                });
            }
            let response = match &ex.response {
                Some(r) => json!({
                    "status": r.status,
                    "statusText": safe::text(&r.reason),
                    "httpVersion": "HTTP/1.1",
                    "headers": headers(&r.headers),
                    "cookies": [],
                    "content": {
                        "size": r.body.len(),
                        "mimeType": r.header("content-type").unwrap_or(""),
                        "text": safe::text(&r.text()),
                    },
                    "redirectURL": r.header("location").map(safe::text).unwrap_or_default(),
                    "headersSize": -1,
                    "bodySize": r.body.len(),
                    "_truncated": r.truncated,
                }),
                None => json!({
                    "status": 0,
                    "statusText": "",
                    "httpVersion": "HTTP/1.1",
                    "headers": [],
                    "cookies": [],
                    "content": {"size": 0, "mimeType": ""},
                    "redirectURL": "",
                    "headersSize": -1,
                    "bodySize": -1,
                    "_error": ex.error.as_deref().unwrap_or(""),
                }),
            };
            json!({
                "startedDateTime": tollgate_core::time::rfc3339((ex.started_ms / 1000) as i64),
                "time": ex.duration_ms,
                "request": request,
                "response": response,
                "cache": {},
                "timings": {"send": 0, "wait": ex.duration_ms, "receive": 0},
                "comment": format!("{}: {}", ex.operation, ex.purpose),
            })
        })
        .collect();
    let doc = json!({
        "log": {
            "version": "1.2",
            "creator": {"name": "tollgate", "version": tollgate_core::TOOL_VERSION},
            "entries": entries,
        }
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}
