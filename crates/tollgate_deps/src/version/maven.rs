//! Maven's version order (`ComparableVersion`): tokens split at `.`, `-` and digit/letter
//! transitions (the latter two open a nested list); known qualifiers ordered
//! alpha < beta < milestone < rc = cr < snapshot < (release: "", ga, final, release) < sp,
//! unknown qualifiers after them in text order; trailing "null" items do not count
//! (`1` = `1.0` = `1.0.0` = `1-ga`).

use std::cmp::Ordering;

#[derive(Clone, Debug, PartialEq, Eq)]
enum Item {
    Int(u64),
    Str(String),
    List(Vec<Item>),
}

fn qualifier_rank(q: &str) -> (u8, String) {
    let q = match q {
        "cr" => "rc",
        "ga" | "final" | "release" => "",
        other => other,
    };
    let rank = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"]
        .iter()
        .position(|k| *k == q);
    match rank {
        Some(r) => (r as u8, String::new()),
        None => (7, q.to_string()),
    }
}

fn is_null(i: &Item) -> bool {
    match i {
        Item::Int(0) => true,
        Item::Str(s) => qualifier_rank(s).0 == 5,
        Item::List(l) => l.is_empty(),
        _ => false,
    }
}

fn normalize(list: &mut Vec<Item>) {
    while list.last().is_some_and(is_null) {
        list.pop();
    }
}

/// Parse into the nested item list (never fails: every string is a Maven version).
fn parse(v: &str) -> Vec<Item> {
    let v = v.trim().to_ascii_lowercase();
    // Stack of lists; the last is the one being filled.
    let mut stack: Vec<Vec<Item>> = vec![Vec::new()];
    let chars: Vec<char> = v.chars().collect();
    let mut start = 0;
    let mut is_digit = false;
    let token = |s: &str, followed_by_digit: bool| -> Item {
        if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
            Item::Int(s.trim_start_matches('0').parse().unwrap_or(0))
        } else if followed_by_digit && matches!(s, "a" | "b" | "m") {
            // "1a1" is 1-alpha-1; a lone "a" is just an unknown qualifier.
            Item::Str(
                match s {
                    "a" => "alpha",
                    "b" => "beta",
                    _ => "milestone",
                }
                .to_string(),
            )
        } else {
            Item::Str(s.to_string())
        }
    };
    let push_sublist = |stack: &mut Vec<Vec<Item>>| stack.push(Vec::new());
    for i in 0..chars.len() {
        let c = chars[i];
        if c == '.' || c == '-' {
            let t: String = chars[start..i].iter().collect();
            let last = stack.last_mut().expect("non-empty");
            last.push(if t.is_empty() {
                Item::Int(0)
            } else {
                token(&t, false)
            });
            start = i + 1;
            if c == '-' {
                push_sublist(&mut stack);
            }
            is_digit = false;
        } else if c.is_ascii_digit() {
            if !is_digit && i > start {
                let t: String = chars[start..i].iter().collect();
                stack.last_mut().expect("non-empty").push(token(&t, true));
                start = i;
                push_sublist(&mut stack);
            }
            is_digit = true;
        } else {
            if is_digit && i > start {
                let t: String = chars[start..i].iter().collect();
                stack.last_mut().expect("non-empty").push(token(&t, false));
                start = i;
                push_sublist(&mut stack);
            }
            is_digit = false;
        }
    }
    if start < chars.len() {
        let t: String = chars[start..].iter().collect();
        stack.last_mut().expect("non-empty").push(token(&t, false));
    }
    // Close nested lists innermost first.
    while stack.len() > 1 {
        let mut inner = stack.pop().expect("len > 1");
        normalize(&mut inner);
        stack.last_mut().expect("non-empty").push(Item::List(inner));
    }
    let mut top = stack.pop().expect("one list");
    normalize(&mut top);
    top
}

fn cmp_item(a: Option<&Item>, b: Option<&Item>) -> Ordering {
    use Item::*;
    match (a, b) {
        (None, None) => Ordering::Equal,
        (Some(x), None) => cmp_null(x),
        (None, Some(y)) => cmp_null(y).reverse(),
        (Some(Int(x)), Some(Int(y))) => x.cmp(y),
        (Some(Int(_)), Some(_)) => Ordering::Greater,
        (Some(Str(_)), Some(Int(_))) => Ordering::Less,
        (Some(Str(x)), Some(Str(y))) => qualifier_rank(x).cmp(&qualifier_rank(y)),
        (Some(Str(_)), Some(List(_))) => Ordering::Less,
        (Some(List(_)), Some(Int(_))) => Ordering::Less,
        (Some(List(_)), Some(Str(_))) => Ordering::Greater,
        (Some(List(x)), Some(List(y))) => cmp_list(x, y),
    }
}

/// An item against the absent item.
fn cmp_null(i: &Item) -> Ordering {
    match i {
        Item::Int(n) => n.cmp(&0),
        Item::Str(s) => qualifier_rank(s).cmp(&qualifier_rank("")),
        Item::List(l) => l.first().map_or(Ordering::Equal, cmp_null),
    }
}

fn cmp_list(a: &[Item], b: &[Item]) -> Ordering {
    for i in 0..a.len().max(b.len()) {
        let c = cmp_item(a.get(i), b.get(i));
        if c != Ordering::Equal {
            return c;
        }
    }
    Ordering::Equal
}

pub fn compare(a: &str, b: &str) -> Ordering {
    cmp_list(&parse(a), &parse(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maven_order() {
        let chain = [
            "1-alpha",
            "1-alpha2",
            "1-beta",
            "1-milestone",
            "1-rc",
            "1-snapshot",
            "1",
            "1-sp",
            "1-abc",
            "1.0.1",
            "1.1",
            "1.1.1-rc1",
            "1.1.1",
            "2.0",
            "2.0.0.1",
            "10.0",
        ];
        for w in chain.windows(2) {
            assert_eq!(compare(w[0], w[1]), Ordering::Less, "{} < {}", w[0], w[1]);
        }
        for (a, b) in [
            ("1", "1.0"),
            ("1.0", "1.0.0"),
            ("1", "1-ga"),
            ("1.0-final", "1"),
            ("1.0-rc1", "1.0-cr1"),
            ("1a1", "1-alpha-1"),
            ("1.0.RELEASE", "1.0"),
        ] {
            assert_eq!(compare(a, b), Ordering::Equal, "{a} = {b}");
        }
        // Log4Shell range: 2.15.0 fixes 2.0-beta9 .. 2.14.1.
        assert_eq!(compare("2.3", "2.15.0"), Ordering::Less);
        assert_eq!(compare("2.0-beta9", "2.3"), Ordering::Less);
        assert_eq!(compare("3.2.5.RELEASE", "3.2.10.RELEASE"), Ordering::Less);
    }
}
