//! One indicator across localities as a bar chart: a bar per locality,
//! longest first, the unit on the axis, the plan that sets each value
//! beside its bar. Written as SVG (plain strings: the chart is a few
//! rectangles and texts), rendered to PNG by resvg with the system's fonts.

use std::fmt::Write;

use quick_xml::escape::escape;

use super::format::number;
use super::grid::Grid;

#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub locality: String,
    pub value: f64,
    pub comparator: String,
    pub plan: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub title: String,
    /// The axis label, with the unit: "poverty_rate (%)".
    pub axis: String,
    /// Sorted, the highest value first.
    pub bars: Vec<Bar>,
}

/// The chart of one column of a grid: its values, highest first.
pub fn of_column(grid: &Grid, column: usize) -> Chart {
    let c = &grid.columns[column];
    let mut bars: Vec<Bar> = grid
        .lines
        .iter()
        .filter_map(|line| {
            let cell = line.cells[column].as_ref()?;
            Some(Bar {
                locality: line.locality.clone(),
                value: cell.value,
                comparator: cell.comparator.clone(),
                plan: cell.plan.clone(),
            })
        })
        .collect();
    bars.sort_by(|a, b| {
        b.value
            .total_cmp(&a.value)
            .then(a.locality.cmp(&b.locality))
    });
    let measure = grid
        .lines
        .iter()
        .find_map(|l| l.cells[column].as_ref())
        .map(|cell| cell.measure.clone())
        .filter(|m| !m.is_empty());
    let title = match (measure, c.year) {
        (Some(m), Some(y)) => format!("{m} — {} {y}", c.indicator),
        (Some(m), None) => format!("{m} — {}", c.indicator),
        (None, Some(y)) => format!("{} {y}", c.indicator),
        (None, None) => c.indicator.clone(),
    };
    Chart {
        title,
        axis: format!("{} ({})", c.indicator, c.unit),
        bars,
    }
}

const LABEL_WIDTH: f64 = 220.0;
const BAR_AREA: f64 = 420.0;
const PLAN_WIDTH: f64 = 260.0;
const ROW: f64 = 30.0;
const TOP: f64 = 56.0;
const BOTTOM: f64 = 56.0;
const FONT: &str = "DejaVu Sans, Liberation Sans, Arial, sans-serif";

/// A round step for about five ticks up to `max`.
fn tick_step(max: f64) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    let rough = max / 5.0;
    let magnitude = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= rough)
        .unwrap_or(10.0 * magnitude);
    step
}

pub fn svg(chart: &Chart) -> String {
    let width = LABEL_WIDTH + BAR_AREA + PLAN_WIDTH;
    let height = TOP + ROW * chart.bars.len().max(1) as f64 + BOTTOM;
    let max = chart.bars.iter().map(|b| b.value).fold(0.0, f64::max);
    let step = tick_step(max);
    let top_tick = (max / step).ceil().max(1.0) * step;
    let x = |v: f64| LABEL_WIDTH + BAR_AREA * (v / top_tick);
    let plot_bottom = TOP + ROW * chart.bars.len().max(1) as f64;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="{FONT}" font-size="13">"#
    );
    let _ = write!(
        s,
        r##"<rect width="{width}" height="{height}" fill="#ffffff"/><text x="{}" y="28" font-size="16" font-weight="bold">{}</text>"##,
        12,
        escape(chart.title.as_str())
    );
    let mut tick = 0.0;
    while tick <= top_tick + step / 2.0 {
        let tx = x(tick);
        let _ = write!(
            s,
            r##"<line x1="{tx}" y1="{TOP}" x2="{tx}" y2="{plot_bottom}" stroke="#dddddd"/><text x="{tx}" y="{}" text-anchor="middle" fill="#444444">{}</text>"##,
            plot_bottom + 16.0,
            number(tick, false)
        );
        tick += step;
    }
    let _ = write!(
        s,
        r##"<text class="axis" x="{}" y="{}" text-anchor="middle" fill="#222222">{}</text>"##,
        LABEL_WIDTH + BAR_AREA / 2.0,
        plot_bottom + 40.0,
        escape(chart.axis.as_str())
    );
    for (i, bar) in chart.bars.iter().enumerate() {
        let y = TOP + ROW * i as f64;
        let w = (x(bar.value) - LABEL_WIDTH).max(1.0);
        let comparator = if bar.comparator == "=" {
            ""
        } else {
            bar.comparator.as_str()
        };
        let _ = write!(
            s,
            r##"<g class="bar"><text x="{}" y="{}" text-anchor="end">{}</text><rect x="{LABEL_WIDTH}" y="{}" width="{w}" height="{}" fill="#3b6ea8"><title>{}</title></rect><text x="{}" y="{}">{}</text><text class="plan" x="{}" y="{}" fill="#777777" font-size="11">{}</text></g>"##,
            LABEL_WIDTH - 8.0,
            y + ROW / 2.0 + 4.0,
            escape(bar.locality.as_str()),
            y + 5.0,
            ROW - 10.0,
            escape(format!("{}: {}", bar.locality, bar.plan).as_str()),
            LABEL_WIDTH + w + 4.0,
            y + ROW / 2.0 + 4.0,
            escape(format!("{comparator}{}", number(bar.value, false)).as_str()),
            LABEL_WIDTH + BAR_AREA + 60.0,
            y + ROW / 2.0 + 4.0,
            escape(bar.plan.as_str())
        );
    }
    s.push_str("</svg>\n");
    s
}

/// The SVG rendered to PNG with the system's fonts.
pub fn png(svg: &str) -> anyhow::Result<Vec<u8>> {
    use resvg::{tiny_skia, usvg};
    let mut options = usvg::Options::default();
    options.fontdb_mut().load_system_fonts();
    let tree = usvg::Tree::from_str(svg, &options)?;
    let size = tree.size().to_int_size();
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or_else(|| anyhow::anyhow!("an empty chart"))?;
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    Ok(pixmap.encode_png()?)
}

#[cfg(test)]
mod tests {
    use super::super::grid::{grid, tests::row, Layout};
    use super::*;

    #[test]
    fn bars_are_sorted_and_ticks_are_round() {
        let rows = [
            row("huyện A", "poverty_rate", 3.0, "%", 2024),
            row("huyện B", "poverty_rate", 9.5, "%", 2024),
        ];
        let chart = of_column(&grid(&rows, Layout::ByIndicator), 0);
        let order: Vec<&str> = chart.bars.iter().map(|b| b.locality.as_str()).collect();
        assert_eq!(order, ["huyện B", "huyện A"]);
        assert_eq!(chart.axis, "poverty_rate (%)");
        assert_eq!(tick_step(9.5), 2.0);
        assert_eq!(tick_step(100.0), 20.0);
        assert_eq!(tick_step(0.0), 1.0);
        assert!(svg(&chart).contains("huyện B"));
    }
}
