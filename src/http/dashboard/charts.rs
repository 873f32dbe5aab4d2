//! The overview's charts as geometry for the SVG its template draws: stacked columns (one
//! a day, a segment a series) and horizontal bars (one a row). Pure arithmetic in a fixed
//! view box; the template adds the title, the description and the table behind each chart,
//! and the stylesheet its colours, so a chart needs no script and reads in either mode.

/// The view box's width; the page scales the chart to its column.
pub(super) const WIDTH: f64 = 640.0;
/// How many series get a colour of their own; any more share the last.
const SERIES: usize = 6;

/// One rectangle of a chart, with what it stands for (its tooltip).
pub(super) struct Bar {
    pub x: String,
    pub y: String,
    pub w: String,
    pub h: String,
    /// `s0` … `s5`: the series' colour.
    pub class: String,
    pub label: String,
}

/// A label drawn in the chart: an axis tick, a row's name or a value.
pub(super) struct Label {
    pub x: String,
    pub y: String,
    /// `start`, `middle` or `end`.
    pub anchor: &'static str,
    pub text: String,
}

/// A chart ready to draw.
pub(super) struct Chart {
    pub height: String,
    pub bars: Vec<Bar>,
    pub labels: Vec<Label>,
}

fn n(v: f64) -> String {
    format!("{v:.1}")
}

/// The colour class of series `i`.
pub(super) fn series_class(i: usize) -> String {
    format!("s{}", i.min(SERIES - 1))
}

/// Stacked columns: `columns` (each its axis label and its segments' values, one per
/// series, in series order), `series` naming the segments for their tooltips.
pub(super) fn columns(columns: &[(String, Vec<i64>)], series: &[String]) -> Chart {
    let (left, top, bottom, height) = (44.0, 12.0, 28.0, 220.0);
    let plot = height - top - bottom;
    let max = columns
        .iter()
        .map(|(_, v)| v.iter().sum::<i64>())
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let slot = (WIDTH - left) / columns.len().max(1) as f64;
    let mut bars = Vec::new();
    let mut labels = Vec::new();
    for (tick, value) in [(0.0, 0.0), (0.5, max / 2.0), (1.0, max)] {
        labels.push(Label {
            x: n(left - 6.0),
            y: n(top + plot * (1.0 - tick) + 4.0),
            anchor: "end",
            text: format!("{}", value.round() as i64),
        });
    }
    for (i, (name, values)) in columns.iter().enumerate() {
        let x = left + slot * i as f64 + slot * 0.15;
        let mut base = top + plot;
        for (s, v) in values.iter().enumerate().filter(|(_, v)| **v > 0) {
            let h = plot * *v as f64 / max;
            base -= h;
            let who = series.get(s).map_or("", String::as_str);
            bars.push(Bar {
                x: n(x),
                y: n(base),
                w: n(slot * 0.7),
                h: n(h),
                class: series_class(s),
                label: format!("{name}, {who}: {v}"),
            });
        }
        // Every other day named, so the labels do not run into each other on a phone.
        if i % 2 == columns.len().saturating_sub(1) % 2 {
            labels.push(Label {
                x: n(x + slot * 0.35),
                y: n(height - 8.0),
                anchor: "middle",
                text: name.clone(),
            });
        }
    }
    Chart {
        height: n(height),
        bars,
        labels,
    }
}

/// Horizontal bars: each row's name, value and the text shown after the bar.
pub(super) fn bars(rows: &[(String, i64, String)]) -> Chart {
    let (name_width, value_width, row) = (130.0, 210.0, 28.0);
    let max = rows.iter().map(|(_, v, _)| *v).max().unwrap_or(0).max(1) as f64;
    let room = WIDTH - name_width - value_width;
    let mut bars = Vec::new();
    let mut labels = Vec::new();
    for (i, (name, value, note)) in rows.iter().enumerate() {
        let y = 6.0 + row * i as f64;
        let w = (room * *value as f64 / max).max(if *value > 0 { 2.0 } else { 0.0 });
        labels.push(Label {
            x: n(name_width - 8.0),
            y: n(y + 15.0),
            anchor: "end",
            text: shorten(name, 22),
        });
        bars.push(Bar {
            x: n(name_width),
            y: n(y + 2.0),
            w: n(w),
            h: n(row - 10.0),
            class: series_class(0),
            label: format!("{name}: {note}"),
        });
        labels.push(Label {
            x: n(name_width + w + 6.0),
            y: n(y + 15.0),
            anchor: "start",
            text: note.clone(),
        });
    }
    Chart {
        height: n(12.0 + row * rows.len().max(1) as f64),
        bars,
        labels,
    }
}

/// At most `max` characters, the rest shown as "…" (the table has the whole text).
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let kept: String = text.chars().take(max - 1).collect();
    format!("{kept}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stacked_columns_are_scaled_to_the_busiest_day() {
        let days = vec![("a".to_string(), vec![2, 2]), ("b".to_string(), vec![1, 0])];
        let chart = columns(&days, &["sms".into(), "email".into()]);
        // Three segments: a zero draws nothing.
        assert_eq!(chart.bars.len(), 3);
        let heights: Vec<f64> = chart.bars.iter().map(|b| b.h.parse().unwrap()).collect();
        assert_eq!(
            heights[0] + heights[1],
            180.0,
            "the busiest day fills the plot"
        );
        assert_eq!(heights[2], 45.0, "a quarter of it");
        assert_eq!(chart.bars[1].label, "a, email: 2");
        assert_eq!(chart.bars[1].class, "s1");
    }

    #[test]
    fn bars_keep_a_small_value_visible_and_a_long_name_short() {
        let rows = vec![
            ("FR".to_string(), 1000, "1000".to_string()),
            (
                "a very long reason that goes on".to_string(),
                1,
                "1".to_string(),
            ),
        ];
        let chart = bars(&rows);
        assert_eq!(chart.bars[0].w, "300.0");
        assert_eq!(chart.bars[1].w, "2.0");
        assert_eq!(chart.labels[2].text.chars().count(), 22);
        assert!(chart.labels[2].text.ends_with('…'));
        assert_eq!(series_class(9), "s5");
    }
}
