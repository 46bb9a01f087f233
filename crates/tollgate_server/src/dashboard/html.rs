//! The few pieces every page is made of: escaping, URL encoding, and the page frame.

use std::fmt::Write;

/// Text made safe for HTML element content and quoted attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A value percent-encoded for a URL query or path segment (RFC 3986 unreserved
/// characters stay as they are).
pub fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// `a=1&b=2` from pairs whose value is not empty.
pub fn query_string(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{}={}", url_encode(k), url_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// An RFC 3339 time as `YYYY-MM-DD HH:MM` (UTC), or the text as it is.
pub fn when(ts: &str) -> String {
    match (ts.get(..10), ts.get(10..11), ts.get(11..16)) {
        (Some(d), Some("T"), Some(t)) => format!("{d} {t} UTC"),
        _ => ts.to_string(),
    }
}

/// The date part of an RFC 3339 time.
pub fn day(ts: &str) -> &str {
    ts.get(..10).unwrap_or(ts)
}

/// Who is signed in, for the page header.
pub struct Header<'a> {
    pub name: &'a str,
    pub role: &'a str,
    /// The one product the session may see, when it is scoped to one.
    pub scope: Option<&'a str>,
    pub csrf: &'a str,
}

/// A whole page: `title` (escaped here) around `body` (already HTML).
pub fn page(title: &str, header: Option<&Header>, body: &str) -> String {
    let mut out = String::with_capacity(body.len() + 2048);
    // `same-origin` instead of the server-wide `no-referrer`: with it, a browser sends the
    // real `Origin` on this site's own form posts (and still nothing to other sites).
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"referrer\" content=\"same-origin\">\n\
         <title>{} · Tollgate</title>\n<link rel=\"stylesheet\" href=\"/ui/style.css\">\n\
         </head>\n<body>\n<header class=\"top\"><a class=\"brand\" href=\"/ui/\">Tollgate</a>",
        esc(title)
    );
    if let Some(h) = header {
        let _ = write!(
            out,
            "<nav><a href=\"/ui/\">Portfolio</a></nav><div class=\"who\"><span>{}</span> \
             <span class=\"role\">{}{}</span>\
             <form method=\"post\" action=\"/ui/logout\"><input type=\"hidden\" name=\"csrf\" value=\"{}\">\
             <button type=\"submit\">Sign out</button></form></div>",
            esc(h.name),
            esc(h.role),
            h.scope
                .map(|p| format!(" · {}", esc(p)))
                .unwrap_or_default(),
            esc(h.csrf)
        );
    }
    out.push_str("</header>\n<main>\n");
    out.push_str(body);
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_leaves_no_markup() {
        assert_eq!(
            esc("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(esc("a & b"), "a &amp; b");
        assert_eq!(esc("\"x\" 'y'"), "&quot;x&quot; &#39;y&#39;");
        assert_eq!(esc("&amp;"), "&amp;amp;", "escaping twice shows the text");
        assert_eq!(esc("plain ünïcode"), "plain ünïcode");
    }

    #[test]
    fn url_encoding_and_query_strings() {
        assert_eq!(url_encode("feature/x y&z"), "feature%2Fx%20y%26z");
        assert_eq!(url_encode("ü"), "%C3%BC");
        assert_eq!(
            query_string(&[("branch", "main"), ("q", ""), ("severity", "high")]),
            "branch=main&severity=high"
        );
    }

    #[test]
    fn times_read_as_utc() {
        assert_eq!(when("2026-12-02T10:30:00Z"), "2026-12-02 10:30 UTC");
        assert_eq!(when(""), "");
        assert_eq!(
            when("ééééééTéééé"),
            "ééééééTéééé",
            "no cut inside a character"
        );
        assert_eq!(day("2026-12-02T10:30:00Z"), "2026-12-02");
        assert_eq!(day("x"), "x");
    }

    #[test]
    fn the_frame_escapes_the_title_and_the_person() {
        let h = Header {
            name: "<b>eve</b>",
            role: "viewer",
            scope: Some("pay&go"),
            csrf: "t\"",
        };
        let p = page("<i>x</i>", Some(&h), "<p>body</p>");
        assert!(!p.contains("<b>eve") && !p.contains("<i>x"));
        assert!(p.contains("&lt;b&gt;eve") && p.contains("pay&amp;go") && p.contains("t&quot;"));
        assert!(p.contains("<p>body</p>"));
        assert!(!page("t", None, "").contains("/ui/logout"));
    }
}
