//! The few fields of an X.509 certificate that messages and the expiry check need (validity
//! dates, whether it names itself as its issuer, the subject's common name), read from its
//! DER encoding. Verification is rustls's job; this reader only describes. It is total:
//! any bytes give `None` or the fields, never a panic.

/// What a certificate says about itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertInfo {
    /// Unix seconds.
    pub not_before: i64,
    pub not_after: i64,
    /// Issuer and subject are the same name: a self-signed (or self-issued) certificate.
    pub self_issued: bool,
    /// The subject's common name, if it has one in plain text.
    pub common_name: Option<String>,
}

/// One DER element: tag, contents, what follows.
fn element(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let tag = *input.first()?;
    // Tags above 30 take more bytes; no field read here has one.
    if tag & 0x1F == 0x1F {
        return None;
    }
    let first = *input.get(1)?;
    let (len, header) = if first < 0x80 {
        (usize::from(first), 2)
    } else {
        let n = usize::from(first & 0x7F);
        if n == 0 || n > 4 {
            return None;
        }
        let mut len = 0usize;
        for b in input.get(2..2 + n)? {
            len = (len << 8) | usize::from(*b);
        }
        (len, 2 + n)
    };
    let end = header.checked_add(len)?;
    Some((tag, input.get(header..end)?, input.get(end..)?))
}

fn expect(input: &[u8], tag: u8) -> Option<(&[u8], &[u8])> {
    let (t, body, rest) = element(input)?;
    (t == tag).then_some((body, rest))
}

/// The certificate's fields, or `None` when `der` is not a certificate this reader knows.
pub fn info(der: &[u8]) -> Option<CertInfo> {
    let (cert, _) = expect(der, 0x30)?;
    let (tbs, _) = expect(cert, 0x30)?;
    let mut rest = tbs;
    // [0] EXPLICIT version, absent in v1 certificates.
    if let Some((0xA0, _, r)) = element(rest) {
        rest = r;
    }
    let (_serial, r) = expect(rest, 0x02)?;
    let (_algorithm, r) = expect(r, 0x30)?;
    let (issuer, r) = expect(r, 0x30)?;
    let (validity, r) = expect(r, 0x30)?;
    let (subject, _) = expect(r, 0x30)?;
    let (t1, v1, r) = element(validity)?;
    let (t2, v2, _) = element(r)?;
    Some(CertInfo {
        not_before: time(t1, v1)?,
        not_after: time(t2, v2)?,
        self_issued: issuer == subject,
        common_name: common_name(subject),
    })
}

/// The first CN attribute (OID 2.5.4.3) of a name, when it is a printable string.
fn common_name(mut name: &[u8]) -> Option<String> {
    while let Some((0x31, set, rest)) = element(name) {
        name = rest;
        let Some((attribute, _)) = expect(set, 0x30) else {
            continue;
        };
        let Some((oid, value)) = expect(attribute, 0x06) else {
            continue;
        };
        if oid != [0x55, 0x04, 0x03] {
            continue;
        }
        let (tag, text, _) = element(value)?;
        // UTF8String, PrintableString, IA5String
        if matches!(tag, 0x0C | 0x13 | 0x16) {
            let s = String::from_utf8_lossy(text);
            return Some(s.chars().filter(|c| !c.is_control()).take(200).collect());
        }
    }
    None
}

/// UTCTime (`YYMMDDHHMMSSZ`) or GeneralizedTime (`YYYYMMDDHHMMSSZ`) in Unix seconds.
fn time(tag: u8, v: &[u8]) -> Option<i64> {
    let digits = |s: &[u8]| -> Option<i64> {
        s.iter().try_fold(0i64, |acc, b| {
            b.is_ascii_digit().then(|| acc * 10 + i64::from(b - b'0'))
        })
    };
    let (year, rest) = match (tag, v.len()) {
        (0x17, 13) => {
            let yy = digits(v.get(..2)?)?;
            // RFC 5280: two-digit years from 50 are 19xx, below 50 are 20xx.
            (if yy >= 50 { 1900 + yy } else { 2000 + yy }, v.get(2..)?)
        }
        (0x18, 15) => (digits(v.get(..4)?)?, v.get(4..)?),
        _ => return None,
    };
    if rest.last() != Some(&b'Z') {
        return None;
    }
    let field = |i: usize| digits(rest.get(i..i + 2)?);
    let (month, day) = (field(0)?, field(2)?);
    let (h, m, s) = (field(4)?, field(6)?, field(8)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || h > 23 || m > 59 || s > 60 {
        return None;
    }
    Some(tollgate_core::time::days_from_civil(year, month, day) * 86_400 + h * 3600 + m * 60 + s)
}

/// `YYYY-MM-DD` of Unix seconds (UTC).
pub fn date(unix: i64) -> String {
    let t = tollgate_core::time::rfc3339(unix);
    t.get(..10).unwrap_or(&t).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_and_dates() {
        assert_eq!(time(0x17, b"700101000000Z"), Some(0));
        assert_eq!(time(0x18, b"20000301000000Z"), Some(951_868_800));
        assert_eq!(time(0x17, b"491231235959Z"), Some(2_524_607_999));
        assert_eq!(time(0x17, b"701301000000Z"), None);
        assert_eq!(time(0x17, b"70010100000Z"), None);
        assert_eq!(time(0x18, b"2000030100000+"), None);
        assert_eq!(date(0), "1970-01-01");
        assert_eq!(date(951_868_800), "2000-03-01");
        assert_eq!(date(4_102_444_800), "2100-01-01");
        for d in [-800_000i64, -1, 0, 59, 60, 365, 10_957, 2_932_896] {
            let s = d * 86_400;
            let text = date(s);
            let (y, m, dd) = (
                &text[..text.len() - 6],
                &text[text.len() - 5..text.len() - 3],
                &text[text.len() - 2..],
            );
            assert_eq!(
                tollgate_core::time::days_from_civil(
                    y.parse().unwrap(),
                    m.parse().unwrap(),
                    dd.parse().unwrap()
                ),
                d
            );
        }
    }

    #[test]
    fn elements_are_bounded() {
        assert_eq!(element(&[0x30, 0x03, 1, 2]), None);
        assert_eq!(element(&[0x30, 0x85, 0, 0, 0, 0, 1]), None);
        assert_eq!(element(&[0x30, 0x84, 0xFF, 0xFF, 0xFF, 0xFF]), None);
        assert_eq!(element(&[0x1F, 0x00]), None);
        assert_eq!(
            element(&[0x30, 0x81, 0x01, 9]),
            Some((0x30, &[9u8][..], &[][..]))
        );
        assert_eq!(info(&[]), None);
        assert_eq!(info(&[0x30, 0x02, 0x30, 0x00]), None);
    }
}
