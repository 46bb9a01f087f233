//! PEP 440 versions (PyPI): `[N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local]`, normalised
//! spellings accepted (`1.0-alpha1`, `1.0.RC2`, `1.0-1`, `v1.0`).

use std::cmp::Ordering;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Version {
    epoch: u64,
    release: Vec<u64>,
    pre: Option<(u8, u64)>, // 0 = a, 1 = b, 2 = rc
    post: Option<u64>,
    dev: Option<u64>,
    local: Vec<String>,
}

fn take_num(s: &str) -> (u64, &str) {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    (s[..end].parse().unwrap_or(0), &s[end..])
}

impl Version {
    pub fn parse(input: &str) -> Option<Version> {
        let lower = input.trim().to_ascii_lowercase();
        let mut s = lower.strip_prefix('v').unwrap_or(&lower);
        let (body, local) = match s.split_once('+') {
            Some((b, l)) => (b, l.split(['.', '-', '_']).map(str::to_string).collect()),
            None => (s, Vec::new()),
        };
        s = body;
        let mut epoch = 0;
        if let Some((e, rest)) = s.split_once('!') {
            epoch = e.parse().ok()?;
            s = rest;
        }
        let mut release = Vec::new();
        loop {
            if !s.starts_with(|c: char| c.is_ascii_digit()) {
                return None;
            }
            let (n, rest) = take_num(s);
            release.push(n);
            s = rest;
            match s.strip_prefix('.') {
                Some(r) if r.starts_with(|c: char| c.is_ascii_digit()) => s = r,
                _ => break,
            }
        }
        let sep = |s: &str| s.trim_start_matches(['.', '-', '_']).to_string();
        let mut pre = None;
        let mut post = None;
        let mut dev = None;
        let mut rest = sep(s);
        for (names, kind) in [
            (&["alpha", "a"][..], 0u8),
            (&["beta", "b"][..], 1),
            (&["preview", "pre", "rc", "c"][..], 2),
        ] {
            if let Some(n) = names.iter().find(|n| rest.starts_with(**n)) {
                let tail = sep(&rest[n.len()..]);
                let (num, r) = take_num(&tail);
                pre = Some((kind, num));
                rest = sep(r);
                break;
            }
        }
        if s.starts_with('-') && rest.starts_with(|c: char| c.is_ascii_digit()) && pre.is_none() {
            let (num, r) = take_num(&rest);
            post = Some(num);
            rest = sep(r);
        }
        for name in ["post", "rev", "r"] {
            if let Some(r) = rest.strip_prefix(name) {
                let tail = sep(r);
                let (num, r) = take_num(&tail);
                post = Some(num);
                rest = sep(r);
                break;
            }
        }
        if let Some(r) = rest.strip_prefix("dev") {
            let tail = sep(r);
            let (num, r) = take_num(&tail);
            dev = Some(num);
            rest = r.to_string();
        }
        if !rest.is_empty() {
            return None;
        }
        Some(Version {
            epoch,
            release,
            pre,
            post,
            dev,
            local,
        })
    }

    fn release_cmp(&self, o: &Self) -> Ordering {
        let n = self.release.len().max(o.release.len());
        (0..n)
            .map(|i| {
                self.release
                    .get(i)
                    .unwrap_or(&0)
                    .cmp(o.release.get(i).unwrap_or(&0))
            })
            .find(|c| *c != Ordering::Equal)
            .unwrap_or(Ordering::Equal)
    }
}

impl Ord for Version {
    fn cmp(&self, o: &Self) -> Ordering {
        // A dev release without pre/post sorts before pre-releases of the same release.
        let pre_key = |v: &Version| -> (u8, u64) {
            match (v.pre, v.post, v.dev) {
                (None, None, Some(_)) => (0, 0),
                (Some((k, n)), _, _) => (1 + k, n),
                _ => (9, 0),
            }
        };
        let post_key = |v: &Version| v.post.map_or(0, |p| p + 1);
        let dev_key = |v: &Version| v.dev.map_or(u64::MAX, |d| d);
        self.epoch
            .cmp(&o.epoch)
            .then_with(|| self.release_cmp(o))
            .then_with(|| pre_key(self).cmp(&pre_key(o)))
            .then_with(|| post_key(self).cmp(&post_key(o)))
            .then_with(|| dev_key(self).cmp(&dev_key(o)))
            .then_with(|| self.local.cmp(&o.local))
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pep_440_ordering() {
        // The ordering example of PEP 440's summary.
        let chain = [
            "1.0.dev456",
            "1.0a1",
            "1.0a2.dev456",
            "1.0a12.dev456",
            "1.0a12",
            "1.0b1.dev456",
            "1.0b2",
            "1.0b2.post345.dev456",
            "1.0b2.post345",
            "1.0rc1.dev456",
            "1.0rc1",
            "1.0",
            "1.0+abc.5",
            "1.0+abc.7",
            "1.0.post456.dev34",
            "1.0.post456",
            "1.1.dev1",
        ];
        for w in chain.windows(2) {
            assert!(
                Version::parse(w[0]).unwrap() < Version::parse(w[1]).unwrap(),
                "{} < {}",
                w[0],
                w[1]
            );
        }
        assert_eq!(
            Version::parse("1.0"),
            Version::parse("1.0.0").map(|mut v| {
                v.release.truncate(2);
                v
            })
        );
        assert_eq!(
            Version::parse("1.0")
                .unwrap()
                .cmp(&Version::parse("1.0.0").unwrap()),
            Ordering::Equal
        );
        assert_eq!(Version::parse("1.0-alpha1"), Version::parse("1.0a1"));
        assert_eq!(Version::parse("1.0-1"), Version::parse("1.0.post1"));
        assert!(Version::parse("1!0.1").unwrap() > Version::parse("2.0").unwrap());
        assert!(Version::parse("2024.10.10").unwrap() > Version::parse("2020.12.5").unwrap());
        for bad in ["", "abc", "1.0x", "1..0"] {
            assert!(Version::parse(bad).is_none(), "{bad}");
        }
    }
}
