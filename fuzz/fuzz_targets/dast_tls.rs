//! The DAST TLS probe's readers on arbitrary bytes: the ServerHello/alert reader (whole and
//! cut at every length the input's first byte picks, with and without end of stream) and
//! the certificate field reader. Promises: no panic; the reader answers a closed stream;
//! an answer found in a prefix is the answer of the whole input; dates read from a
//! certificate print as dates.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tollgate_dast::tls::{cert, hello};
use hello::Answer;

/// The answer without the description of a non-TLS answer.
fn verdict(a: Option<Answer>) -> Option<Answer> {
    a.map(|a| match a {
        Answer::NotTls(_) => Answer::NotTls(String::new()),
        other => other,
    })
}

fuzz_target!(|data: &[u8]| {
    let whole = hello::read_answer(data, false);
    assert!(hello::read_answer(data, true).is_some(), "no answer at end of stream");
    if let Some((first, _)) = data.split_first() {
        let cut = usize::from(*first) * data.len() / 256;
        if let Some(a) = hello::read_answer(&data[..cut], false) {
            // More bytes never change an answer already complete.
            if data.len() <= hello::MAX_ANSWER {
                assert_eq!(verdict(Some(a)), verdict(whole));
            }
        }
    }
    if let Some(info) = cert::info(data) {
        for t in [info.not_before, info.not_after] {
            let d = cert::date(t);
            assert!(d.len() >= 10 && d.as_bytes()[d.len() - 3] == b'-', "{d}");
        }
    }
});
