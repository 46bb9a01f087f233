//! The two request signatures validation needs: AWS Signature Version 4 and Azure
//! Storage Shared Key, over the project's HMAC-SHA256 (`tollgate_core::fingerprint`).

use tollgate_core::fingerprint::{hex, hmac_sha256, sha256_hex};

/// One request to sign with AWS Signature Version 4.
pub struct SigV4<'a> {
    pub method: &'a str,
    /// The canonical URI (`/`).
    pub path: &'a str,
    /// The canonical query string (names and values encoded and sorted), or empty.
    pub query: &'a str,
    /// Headers to sign, names in lower case, sorted by name; `host` and `x-amz-date` among them.
    pub headers: &'a [(&'a str, &'a str)],
    pub payload: &'a [u8],
    pub region: &'a str,
    pub service: &'a str,
    /// `YYYYMMDDTHHMMSSZ`.
    pub amz_date: &'a str,
}

impl SigV4<'_> {
    fn canonical_request(&self) -> (String, String) {
        let canon: String = self
            .headers
            .iter()
            .map(|(k, v)| format!("{k}:{}\n", v.trim()))
            .collect();
        let signed: Vec<&str> = self.headers.iter().map(|(k, _)| *k).collect();
        let signed = signed.join(";");
        (
            format!(
                "{}\n{}\n{}\n{canon}\n{signed}\n{}",
                self.method,
                self.path,
                self.query,
                sha256_hex(self.payload)
            ),
            signed,
        )
    }

    fn scope(&self) -> String {
        format!(
            "{}/{}/{}/aws4_request",
            &self.amz_date[..8.min(self.amz_date.len())],
            self.region,
            self.service
        )
    }

    /// The string to sign: algorithm, time, scope and the canonical request's hash.
    pub fn string_to_sign(&self) -> String {
        let (canonical, _) = self.canonical_request();
        format!(
            "AWS4-HMAC-SHA256\n{}\n{}\n{}",
            self.amz_date,
            self.scope(),
            sha256_hex(canonical.as_bytes())
        )
    }

    /// The signature, hex.
    pub fn signature(&self, secret: &str) -> String {
        let date = &self.amz_date[..8.min(self.amz_date.len())];
        let k_date = hmac_sha256(format!("AWS4{secret}").as_bytes(), date.as_bytes());
        let k_region = hmac_sha256(&k_date, self.region.as_bytes());
        let k_service = hmac_sha256(&k_region, self.service.as_bytes());
        let k_signing = hmac_sha256(&k_service, b"aws4_request");
        hex(&hmac_sha256(&k_signing, self.string_to_sign().as_bytes()))
    }

    /// The `Authorization` header's value.
    pub fn authorization(&self, key_id: &str, secret: &str) -> String {
        let (_, signed) = self.canonical_request();
        format!(
            "AWS4-HMAC-SHA256 Credential={key_id}/{}, SignedHeaders={signed}, Signature={}",
            self.scope(),
            self.signature(secret)
        )
    }
}

/// The `Authorization` header of an Azure Storage request signed with the account's
/// Shared Key: a GET with no body, the `x-ms-*` headers given (sorted, lower case) and
/// the canonical resource `/account/path` followed by its query parameters, one per
/// line as `name:value`, sorted by name. `None` when the key is not base64.
pub fn azure_shared_key(
    account: &str,
    key_b64: &str,
    path: &str,
    ms_headers: &[(&str, &str)],
    query: &[(&str, &str)],
) -> Option<String> {
    use base64::Engine;
    let key = base64::engine::general_purpose::STANDARD
        .decode(key_b64)
        .ok()?;
    // VERB, then eleven standard headers left empty (no body, no conditions).
    let mut sts = String::from("GET\n");
    sts.push_str(&"\n".repeat(11));
    for (k, v) in ms_headers {
        sts.push_str(&format!("{k}:{v}\n"));
    }
    sts.push_str(&format!("/{account}{path}"));
    for (k, v) in query {
        sts.push_str(&format!("\n{k}:{v}"));
    }
    let sig = base64::engine::general_purpose::STANDARD.encode(hmac_sha256(&key, sts.as_bytes()));
    Some(format!("SharedKey {account}:{sig}"))
}

/// `Sun, 06 Nov 1994 08:49:37 GMT` for a Unix time (the `x-ms-date` format).
pub fn rfc1123(unix: i64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let t = tollgate_core::time::rfc3339(unix); // YYYY-MM-DDTHH:MM:SSZ
    let day = DAYS[unix.div_euclid(86_400).rem_euclid(7) as usize];
    let month: usize = t[5..7].parse().unwrap_or(1);
    format!(
        "{day}, {} {} {} {} GMT",
        &t[8..10],
        MONTHS[month.clamp(1, 12) - 1],
        &t[..4],
        &t[11..19]
    )
}

/// `YYYYMMDDTHHMMSSZ` for a Unix time (the `x-amz-date` format).
pub fn amz_date(unix: i64) -> String {
    tollgate_core::time::rfc3339(unix).replace(['-', ':'], "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc4231() {
        // RFC 4231 test cases 1 and 2.
        assert_eq!(
            hex(&hmac_sha256(&[0x0b; 20], b"Hi There")),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        );
        assert_eq!(
            hex(&hmac_sha256(b"Jefe", b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        // Test case 6: a key longer than the block is hashed first.
        assert_eq!(
            hex(&hmac_sha256(
                &[0xaa; 131],
                b"Test Using Larger Than Block-Size Key - Hash Key First"
            )),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }

    /// The `get-vanilla` case of AWS's published Signature Version 4 test suite.
    #[test]
    fn sigv4_matches_the_published_get_vanilla_vector() {
        let req = SigV4 {
            method: "GET",
            path: "/",
            query: "",
            headers: &[
                ("host", "example.amazonaws.com"),
                ("x-amz-date", "20150830T123600Z"),
            ],
            payload: b"",
            region: "us-east-1",
            service: "service",
            amz_date: "20150830T123600Z",
        };
        let secret = ["wJalrXUtnFEMI/K7MDENG+bPxRfiCY", "EXAMPLEKEY"].concat();
        assert_eq!(
            req.authorization("AKIDEXAMPLE", &secret),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
             SignedHeaders=host;x-amz-date, \
             Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        );
    }

    /// The GET Object example of the Amazon S3 Signature Version 4 documentation.
    #[test]
    fn sigv4_matches_the_published_s3_get_object_example() {
        let empty = sha256_hex(b"");
        let req = SigV4 {
            method: "GET",
            path: "/test.txt",
            query: "",
            headers: &[
                ("host", "examplebucket.s3.amazonaws.com"),
                ("range", "bytes=0-9"),
                ("x-amz-content-sha256", &empty),
                ("x-amz-date", "20130524T000000Z"),
            ],
            payload: b"",
            region: "us-east-1",
            service: "s3",
            amz_date: "20130524T000000Z",
        };
        let sts = req.string_to_sign();
        assert!(
            sts.ends_with("7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972"),
            "{sts}"
        );
        let secret = ["wJalrXUtnFEMI/K7MDENG/bPxRfiCY", "EXAMPLEKEY"].concat();
        assert_eq!(
            req.signature(&secret),
            "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"
        );
    }

    #[test]
    fn dates_for_headers() {
        assert_eq!(rfc1123(784_111_777), "Sun, 06 Nov 1994 08:49:37 GMT");
        assert_eq!(amz_date(1_440_938_160), "20150830T123600Z");
    }

    #[test]
    fn azure_shared_key_shape() {
        let key = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, [7u8; 64]);
        let a = azure_shared_key(
            "acct",
            &key,
            "/",
            &[
                ("x-ms-date", "Sun, 06 Nov 1994 08:49:37 GMT"),
                ("x-ms-version", "2021-08-06"),
            ],
            &[("comp", "properties"), ("restype", "service")],
        )
        .unwrap();
        assert!(a.starts_with("SharedKey acct:"), "{a}");
        assert_eq!(a.len(), "SharedKey acct:".len() + 44);
        assert!(azure_shared_key("acct", "not base64!", "/", &[], &[]).is_none());
    }
}
