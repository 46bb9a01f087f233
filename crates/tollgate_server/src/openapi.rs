//! The API's OpenAPI 3.1 document, served at `/api/openapi.json`. It is written by hand
//! and held to the router by a test: every route is documented with its methods, and
//! nothing is documented that the router does not serve.

/// The document.
pub const DOCUMENT: &str = include_str!("../resources/openapi.json");

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    /// `(path, method)` of every `.route(…)` in the router's source.
    fn routed() -> BTreeSet<(String, String)> {
        let src = include_str!("api.rs");
        let mut out = BTreeSet::new();
        for chunk in src.split(".route(").skip(1) {
            let chunk = chunk.trim_start();
            let Some(path) = chunk.strip_prefix('"').and_then(|c| c.split('"').next()) else {
                continue;
            };
            let head = &chunk[..chunk
                .find("\n        .route")
                .or_else(|| chunk.find("\n        .merge"))
                .or_else(|| chunk.find("\n        .fallback"))
                .unwrap_or(chunk.len())];
            for m in ["get", "post", "delete", "put", "patch"] {
                if head.contains(&format!("{m}(")) {
                    // A wildcard segment (`{*tile}`) is one parameter in the document.
                    out.insert((path.replace("{*", "{"), m.to_string()));
                }
            }
        }
        out
    }

    #[test]
    fn every_route_is_documented_and_nothing_else() {
        let doc: serde_json::Value = serde_json::from_str(super::DOCUMENT).unwrap();
        assert_eq!(doc["openapi"], "3.1.0");
        let mut documented = BTreeSet::new();
        for (path, item) in doc["paths"].as_object().unwrap() {
            for m in ["get", "post", "delete", "put", "patch"] {
                if item.get(m).is_some() {
                    documented.insert((path.clone(), m.to_string()));
                }
            }
        }
        let routed = routed();
        assert!(routed.len() >= 15, "{routed:?}");
        let api: BTreeSet<_> = routed
            .into_iter()
            .filter(|(p, _)| !p.starts_with("/ui") && p != "/")
            .collect();
        assert_eq!(api, documented);
    }
}
