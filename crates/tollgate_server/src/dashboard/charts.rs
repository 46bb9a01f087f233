//! Charts as inline SVG drawn on the server: no script, nothing fetched, and the page's
//! Content-Security-Policy stays `default-src 'none'`. Colours come from classes in the
//! stylesheet; sizes are presentation attributes, which the policy allows (inline
//! `style` would not be).

use super::html::esc;
use crate::kpi::{Day, Week};
use std::fmt::Write;

/// Severities from the bottom of a stack to the top.
pub const SEVERITIES: [&str; 5] = ["critical", "high", "medium", "low", "info"];

const W: f64 = 640.0;
const H: f64 = 220.0;
const LEFT: f64 = 40.0;
const RIGHT: f64 = 10.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 28.0;

fn open_svg(out: &mut String, label: &str) {
    let _ = write!(
        out,
        "<svg class=\"chart\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"{0}\"><title>{0}</title>",
        esc(label)
    );
}

/// A rounded-up axis maximum: 1, 2 or 5 times a power of ten.
fn nice_max(v: i64) -> i64 {
    let v = v.max(1);
    let mut step = 1i64;
    loop {
        for m in [1, 2, 5] {
            if let Some(c) = step.checked_mul(m) {
                if c >= v {
                    return c;
                }
            }
        }
        match step.checked_mul(10) {
            Some(s) => step = s,
            None => return v,
        }
    }
}

/// Horizontal grid lines with their values at 0, half and the top.
fn y_axis(out: &mut String, max: i64) {
    for (i, v) in [0, max / 2, max].iter().enumerate() {
        if i == 1 && (max / 2) * 2 != max {
            continue;
        }
        let y = TOP + (H - TOP - BOTTOM) * (1.0 - *v as f64 / max as f64);
        let _ = write!(
            out,
            "<line class=\"grid\" x1=\"{LEFT}\" x2=\"{:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\"/>\
             <text class=\"axis\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{v}</text>",
            W - RIGHT,
            LEFT - 6.0,
            y + 4.0
        );
    }
}

fn empty(out: &mut String, what: &str) {
    let _ = write!(
        out,
        "<text class=\"axis\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text></svg>",
        W / 2.0,
        H / 2.0,
        esc(what)
    );
}

fn legend(items: &[(&str, &str)]) -> String {
    let mut out = String::from("<p class=\"legend\">");
    for (class, label) in items {
        let _ = write!(
            out,
            "<span><svg width=\"10\" height=\"10\" aria-hidden=\"true\"><rect class=\"{class}\" width=\"10\" height=\"10\"/></svg> {}</span>",
            esc(label)
        );
    }
    out.push_str("</p>");
    out
}

/// Open findings over time as an area stacked by severity, placed by date (days without
/// a scan are interpolated between their neighbours).
pub fn open_over_time(days: &[Day]) -> String {
    let mut out = String::new();
    open_svg(&mut out, "Open findings over time, by severity");
    let points: Vec<(i64, &Day)> = days
        .iter()
        .filter_map(|d| tollgate_core::time::parse_date(&d.day).map(|n| (n, d)))
        .collect();
    if points.is_empty() {
        empty(&mut out, "No scans in this period");
        return out;
    }
    let totals: Vec<i64> = points
        .iter()
        .map(|(_, d)| {
            SEVERITIES
                .iter()
                .map(|s| d.open.get(*s).copied().unwrap_or(0))
                .sum()
        })
        .collect();
    let max = nice_max(totals.iter().copied().max().unwrap_or(0));
    y_axis(&mut out, max);
    let (first, last) = (points[0].0, points[points.len() - 1].0);
    let span = (last - first).max(1) as f64;
    let x = |n: i64| {
        if first == last {
            // One day: drawn across the width, as a level.
            LEFT
        } else {
            LEFT + (W - LEFT - RIGHT) * (n - first) as f64 / span
        }
    };
    let y = |v: i64| TOP + (H - TOP - BOTTOM) * (1.0 - v as f64 / max as f64);
    let mut below = vec![0i64; points.len()];
    for sev in SEVERITIES {
        let above: Vec<i64> = points
            .iter()
            .zip(&below)
            .map(|((_, d), b)| b + d.open.get(sev).copied().unwrap_or(0))
            .collect();
        if above == below {
            continue;
        }
        let mut path = String::new();
        let mut xs: Vec<f64> = points.iter().map(|(n, _)| x(*n)).collect();
        let (mut up, mut down) = (above.clone(), below.clone());
        if points.len() == 1 {
            xs.push(W - RIGHT);
            up.push(up[0]);
            down.push(down[0]);
        }
        for (i, (px, v)) in xs.iter().zip(&up).enumerate() {
            let _ = write!(
                path,
                "{}{px:.1},{:.1}",
                if i == 0 { "M" } else { " L" },
                y(*v)
            );
        }
        for (px, v) in xs.iter().zip(&down).rev() {
            let _ = write!(path, " L{px:.1},{:.1}", y(*v));
        }
        let _ = write!(
            out,
            "<path class=\"s-{sev}\" d=\"{path} Z\"><title>{sev}</title></path>"
        );
        below = above;
    }
    let base = H - BOTTOM + 16.0;
    let _ = write!(
        out,
        "<text class=\"axis\" x=\"{LEFT}\" y=\"{base}\">{}</text>",
        esc(&points[0].1.day)
    );
    if first != last {
        let _ = write!(
            out,
            "<text class=\"axis\" x=\"{:.1}\" y=\"{base}\" text-anchor=\"end\">{}</text>",
            W - RIGHT,
            esc(&points[points.len() - 1].1.day)
        );
    }
    out.push_str("</svg>");
    out.push_str(&legend(&[
        ("s-critical", "critical"),
        ("s-high", "high"),
        ("s-medium", "medium"),
        ("s-low", "low"),
        ("s-info", "info"),
    ]));
    out
}

/// New against fixed findings per week, as pairs of bars.
pub fn weekly(weeks: &[Week]) -> String {
    let mut out = String::new();
    open_svg(&mut out, "New and fixed findings per week");
    if weeks.is_empty() {
        empty(&mut out, "No weeks in this period");
        return out;
    }
    let max = nice_max(
        weeks
            .iter()
            .map(|w| w.created.max(w.fixed))
            .max()
            .unwrap_or(0),
    );
    y_axis(&mut out, max);
    let slot = (W - LEFT - RIGHT) / weeks.len() as f64;
    let bar = (slot * 0.36).max(1.0);
    let plot = H - TOP - BOTTOM;
    // Label every week when there is room, else every few.
    let every = (weeks.len() / 8).max(1);
    for (i, w) in weeks.iter().enumerate() {
        let x0 = LEFT + slot * i as f64 + slot * 0.14;
        for (k, (class, v)) in [("new", w.created), ("fixed", w.fixed)].iter().enumerate() {
            let h = plot * *v as f64 / max as f64;
            let _ = write!(
                out,
                "<rect class=\"{class}\" x=\"{:.1}\" y=\"{:.1}\" width=\"{bar:.1}\" height=\"{h:.1}\"><title>week of {}: {v} {}</title></rect>",
                x0 + bar * k as f64,
                TOP + plot - h,
                esc(&w.week),
                if *class == "new" { "new" } else { "fixed" }
            );
        }
        if i % every == 0 {
            let _ = write!(
                out,
                "<text class=\"axis\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
                x0 + bar,
                H - BOTTOM + 16.0,
                esc(w.week.get(5..).unwrap_or(&w.week))
            );
        }
    }
    out.push_str("</svg>");
    out.push_str(&legend(&[("new", "new"), ("fixed", "fixed")]));
    out
}

/// A small horizontal bar of open findings stacked by severity, its length relative to
/// `max` (the largest product's total).
pub fn severity_bar(counts: &[(&str, i64)], max: i64) -> String {
    const BW: f64 = 160.0;
    let mut out = format!(
        "<svg class=\"bar\" width=\"{BW}\" height=\"12\" viewBox=\"0 0 {BW} 12\" aria-hidden=\"true\">"
    );
    let max = max.max(1) as f64;
    let mut x = 0.0;
    for (sev, n) in counts {
        if *n <= 0 {
            continue;
        }
        let w = BW * *n as f64 / max;
        let _ = write!(
            out,
            "<rect class=\"s-{}\" x=\"{x:.1}\" width=\"{w:.1}\" height=\"12\"/>",
            esc(sev)
        );
        x += w;
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn day(d: &str, c: i64, h: i64) -> Day {
        Day {
            day: d.into(),
            open: BTreeMap::from([("critical".to_string(), c), ("high".to_string(), h)]),
        }
    }

    #[test]
    fn axis_maxima_are_round() {
        assert_eq!(nice_max(0), 1);
        assert_eq!(nice_max(3), 5);
        assert_eq!(nice_max(7), 10);
        assert_eq!(nice_max(11), 20);
        assert_eq!(nice_max(200), 200);
        assert_eq!(nice_max(i64::MAX), i64::MAX);
    }

    #[test]
    fn the_area_stacks_severities_and_survives_edge_cases() {
        let svg = open_over_time(&[day("2026-11-01", 2, 3), day("2026-11-10", 1, 0)]);
        assert!(svg.contains("class=\"s-critical\"") && svg.contains("class=\"s-high\""));
        assert!(!svg.contains("s-medium\" d="), "empty layers are not drawn");
        assert!(svg.contains("2026-11-01") && svg.contains("2026-11-10"));
        assert!(!svg.contains("NaN") && !svg.contains("inf,") && !svg.contains("inf\""));
        let one = open_over_time(&[day("2026-11-01", 0, 0)]);
        assert!(!one.contains("NaN"));
        assert!(open_over_time(&[]).contains("No scans"));
        // A malformed date is left out rather than drawn somewhere.
        assert!(open_over_time(&[day("<b>", 1, 1)]).contains("No scans"));
    }

    #[test]
    fn weekly_bars_scale_to_the_largest_week() {
        let weeks = vec![
            Week {
                week: "2026-11-23".into(),
                created: 4,
                fixed: 1,
            },
            Week {
                week: "2026-11-30".into(),
                created: 0,
                fixed: 5,
            },
        ];
        let svg = weekly(&weeks);
        assert_eq!(svg.matches("<rect class=\"new\" x=").count(), 2);
        assert_eq!(svg.matches("<rect class=\"fixed\" x=").count(), 2);
        // The tallest bar (5 of a 5 axis) fills the plot.
        assert!(svg.contains(&format!("height=\"{:.1}\"", H - TOP - BOTTOM)));
        assert!(weekly(&[]).contains("No weeks"));
    }

    #[test]
    fn the_severity_bar_is_proportional() {
        let svg = severity_bar(&[("critical", 1), ("high", 3), ("low", 0)], 8);
        assert!(svg.contains("width=\"20.0\"") && svg.contains("width=\"60.0\""));
        assert!(!svg.contains("s-low"));
        assert!(!severity_bar(&[("high", 0)], 0).contains("<rect"));
    }
}
