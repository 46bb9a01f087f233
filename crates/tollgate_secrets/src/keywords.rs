//! The keyword prefilter: every occurrence of every rule keyword in a buffer, ASCII case
//! ignored, in the order an overlapping Aho-Corasick search reports them.
//!
//! A DFA walk costs one table load per byte, and each load waits for the one before it.
//! With some thousand keywords the automaton is larger than a core's L2 cache, so a single
//! walk spends most of its time waiting on memory. A long buffer is therefore cut into
//! four segments walked in one loop: four independent chains of loads that the CPU
//! overlaps. Each segment after the first starts a keyword's length early, so a keyword
//! across a cut is seen whole by the segment where it ends.

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind, StartKind};

/// Segments walked together.
const STREAMS: usize = 4;
/// Shorter buffers are walked in one piece: the overlap would cost more than it saves.
const MIN_SEGMENT: usize = 256;

/// One keyword occurrence: `start..end` in the buffer, and the keyword's index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Hit {
    pub start: usize,
    pub end: usize,
    pub keyword: usize,
}

/// The compiled keyword set.
pub(crate) struct Keywords {
    dfa: DFA,
    start: StateID,
    longest: usize,
}

impl Keywords {
    /// Keywords are matched ignoring ASCII case; empty keywords are not allowed (they
    /// would match everywhere), and are rejected by the rule catalogue's tests.
    pub fn new(words: &[&str]) -> Result<Keywords, String> {
        let dfa = DFA::builder()
            .match_kind(MatchKind::Standard)
            .ascii_case_insensitive(true)
            .start_kind(StartKind::Unanchored)
            // Start states stay ordinary, so the walk branches on matches only.
            .prefilter(false)
            .build(words)
            .map_err(|e| e.to_string())?;
        let start = dfa.start_state(Anchored::No).map_err(|e| e.to_string())?;
        let longest = words.iter().map(|w| w.len()).max().unwrap_or(0);
        Ok(Keywords {
            dfa,
            start,
            longest,
        })
    }

    /// Every keyword occurrence in `hay`, ordered by end, then as the automaton lists
    /// the keywords ending there (the order of `find_overlapping_iter`).
    pub fn find(&self, hay: &[u8]) -> Vec<Hit> {
        let mut out = Vec::new();
        let n = hay.len();
        let seg = n / STREAMS;
        let start = self.start;
        if self.longest == 0 || seg < MIN_SEGMENT.max(2 * self.longest) {
            self.walk(hay, 0..n, start, 0, &mut out);
            return out;
        }
        // Segment k reports the keywords ending in (cut[k], cut[k + 1]]; it starts reading
        // `longest - 1` bytes before its cut so that none of them is missed.
        let cut = |k: usize| if k == STREAMS { n } else { k * seg };
        let mut state = [start; STREAMS];
        let mut at = [0usize; STREAMS];
        let mut end = [0usize; STREAMS];
        let mut reports_after = [0usize; STREAMS];
        for k in 0..STREAMS {
            at[k] = if k == 0 { 0 } else { cut(k) + 1 - self.longest };
            reports_after[k] = cut(k);
            end[k] = cut(k + 1);
        }
        let mut later: [Vec<Hit>; STREAMS - 1] = Default::default();
        let together = (0..STREAMS).map(|k| end[k] - at[k]).min().unwrap_or(0);
        for _ in 0..together {
            for k in 0..STREAMS {
                state[k] = self.dfa.next_state(Anchored::No, state[k], hay[at[k]]);
                at[k] += 1;
            }
            for k in 0..STREAMS {
                if self.dfa.is_special(state[k]) {
                    let sink = if k == 0 { &mut out } else { &mut later[k - 1] };
                    self.report(state[k], at[k], reports_after[k], sink);
                }
            }
        }
        for k in 0..STREAMS {
            let sink = if k == 0 { &mut out } else { &mut later[k - 1] };
            self.walk(hay, at[k]..end[k], state[k], reports_after[k], sink);
        }
        for rest in later {
            out.extend(rest);
        }
        out
    }

    /// Continue a walk in state `sid` over `hay[range]`.
    fn walk(
        &self,
        hay: &[u8],
        range: std::ops::Range<usize>,
        mut sid: StateID,
        reports_after: usize,
        out: &mut Vec<Hit>,
    ) {
        let from = range.start;
        for (i, &b) in hay[range].iter().enumerate() {
            sid = self.dfa.next_state(Anchored::No, sid, b);
            if self.dfa.is_special(sid) {
                self.report(sid, from + i + 1, reports_after, out);
            }
        }
    }

    #[inline(always)]
    fn report(&self, sid: StateID, end: usize, reports_after: usize, out: &mut Vec<Hit>) {
        if !self.dfa.is_match(sid) || end <= reports_after {
            return;
        }
        for i in 0..self.dfa.match_len(sid) {
            let pid = self.dfa.match_pattern(sid, i);
            out.push(Hit {
                start: end - self.dfa.pattern_len(pid),
                end,
                keyword: pid.as_usize(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::AhoCorasick;

    fn reference(words: &[&str], hay: &[u8]) -> Vec<Hit> {
        let ac = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(words)
            .unwrap();
        ac.find_overlapping_iter(hay)
            .map(|m| Hit {
                start: m.start(),
                end: m.end(),
                keyword: m.pattern().as_usize(),
            })
            .collect()
    }

    /// Buffers of every size around the segment cuts, with keywords planted at random
    /// places (across cuts too), in mixed case: the segmented walk reports exactly what
    /// one overlapping Aho-Corasick search reports, in the same order.
    #[test]
    fn segmented_walk_reports_what_one_overlapping_search_reports() {
        let words = [
            "sk_live_",
            "live",
            "ghp_",
            "password",
            "pass",
            "ss",
            "a",
            "key-",
            "xoxb-",
            "-----begin",
            "ab",
            "b",
        ];
        let kw = Keywords::new(&words).unwrap();
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut compared = 0;
        for len in (0..3000).step_by(7).chain(4090..4110) {
            let mut hay: Vec<u8> = (0..len)
                .map(|_| b" xyz=\n_-"[(next() % 8) as usize])
                .collect();
            for _ in 0..len / 40 {
                let w = words[(next() % words.len() as u64) as usize].as_bytes();
                let at = (next() as usize) % (len + 1);
                for (j, &c) in w.iter().enumerate() {
                    if at + j < len {
                        hay[at + j] = if next() % 2 == 0 {
                            c.to_ascii_uppercase()
                        } else {
                            c
                        };
                    }
                }
            }
            assert_eq!(
                kw.find(&hay),
                reference(&words, &hay),
                "buffer of {len} bytes"
            );
            compared += 1;
        }
        assert!(compared > 400);
    }

    #[test]
    fn keywords_across_every_cut_are_found_once() {
        let kw = Keywords::new(&["abcdef"]).unwrap();
        let n = 4 * 1024;
        for shift in 0..6 {
            let mut hay = vec![b'.'; n];
            for k in 1..STREAMS {
                let at = k * (n / STREAMS) - shift;
                hay[at..at + 6].copy_from_slice(b"ABCdef");
            }
            let hits = kw.find(&hay);
            assert_eq!(hits.len(), STREAMS - 1, "shift {shift}");
            assert_eq!(hits, reference(&["abcdef"], &hay));
        }
    }

    #[test]
    fn an_empty_set_finds_nothing() {
        let kw = Keywords::new(&[]).unwrap();
        assert!(kw.find(&vec![b'a'; 5000]).is_empty());
    }
}
