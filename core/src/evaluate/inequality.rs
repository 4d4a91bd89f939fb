//! Inequality between the groups of a breakdown at one period, for a measure's headline row.
//!
//! Two readings, by the breakdown's kind:
//!
//! - **Deprivation quintiles or deciles** (ordered, with `most_deprived` declared): the gap
//!   is most deprived minus least deprived (the least deprived is declared, else the level at
//!   the other end of the numeric order), the ratio most / least, and, where there are at
//!   least five groups that all have a population (the denominator), the slope index of
//!   inequality and the relative index as point estimates (weighted least squares on the
//!   cumulative population midpoints, [`stats::sii`]; Fingertips / PHEindicatormethods
//!   `phe_sii`, Low and Low 2004).
//! - **Any other breakdown** (areas such as the ICS footprints of a provider collaborative,
//!   sex, ethnicity: no order): the range, the highest group minus the lowest, and their
//!   ratio, naming both groups. This is what "fairer and more equitable access across the
//!   footprint" asks to narrow.
//!
//! A gap target names its dimension (`dimension = "footprint"`); without a gap target the
//! headline row reports the first deprivation breakdown, if any.

use crate::data::Observations;
use crate::model::{Breakdown, BreakdownKind, Measure};
use crate::period::Period;
use crate::stats;

use super::types::{GroupValue, InequalityMethod, InequalityResult};
use super::{Series, SeriesIndex, multiplier, some};

/// The breakdown an inequality is about: the gap target's `dimension` when given, else the
/// measure's first deprivation breakdown.
pub(super) fn breakdown_for<'m>(m: &'m Measure, dimension: Option<&str>) -> Option<&'m Breakdown> {
    match dimension {
        Some(d) => m.breakdowns.iter().find(|b| b.dimension == d),
        None => m.breakdowns.iter().find(|b| {
            matches!(
                b.kind,
                BreakdownKind::DeprivationQuintile | BreakdownKind::DeprivationDecile
            )
        }),
    }
}

/// The series of `s`'s measure, area and age broken down by `b` alone: one per group.
fn group_series<'s, 'a>(
    s: &Series<'_>,
    all: &'s SeriesIndex<'a, '_>,
    b: &'s Breakdown,
) -> impl Iterator<Item = &'s Series<'a>> {
    all.of(s.measure, s.area, s.age.as_deref())
        .into_iter()
        .filter(move |x| x.breakdown.len() == 1 && x.breakdown[0].0 == b.dimension)
}

/// (level, value, population) of each group of `b` with a value at `period`, for the measure,
/// area and age of the headline series `s`. A missing value is computed from the numerator and
/// denominator where both are given.
fn groups_at(
    obs: &Observations,
    m: &Measure,
    s: &Series<'_>,
    all: &SeriesIndex<'_, '_>,
    b: &Breakdown,
    period: &Period,
) -> Vec<(String, f64, Option<f64>)> {
    let mut groups = Vec::new();
    for x in group_series(s, all, b) {
        if let Some(&i) = x.rows.iter().find(|&&i| obs.period(i) == period) {
            let v = obs.values()[i];
            let v = if v.is_nan() {
                let (n, d) = (obs.numerators()[i], obs.denominators()[i]);
                n / d * multiplier(m)
            } else {
                v
            };
            if !v.is_nan() {
                groups.push((x.breakdown[0].1.to_owned(), v, some(obs.denominators()[i])));
            }
        }
    }
    groups
}

/// The periods at which at least two groups of `b` have a value, in time order: where an
/// inequality can be read (for a headline row that has no figure of its own).
pub(super) fn periods_with_groups(
    obs: &Observations,
    m: &Measure,
    s: &Series<'_>,
    all: &SeriesIndex<'_, '_>,
    b: &Breakdown,
) -> Vec<Period> {
    let mut periods: Vec<Period> = group_series(s, all, b)
        .flat_map(|x| x.rows.iter().map(|&i| *obs.period(i)))
        .collect();
    periods.sort_by_key(Period::start);
    periods.dedup();
    periods.retain(|p| groups_at(obs, m, s, all, b, p).len() >= 2);
    periods
}

/// The inequality across the groups of `b` at `period` (see the [module docs](self)); `None`
/// when the groups needed are missing.
pub(super) fn inequality(
    obs: &Observations,
    m: &Measure,
    s: &Series<'_>,
    all: &SeriesIndex<'_, '_>,
    b: &Breakdown,
    period: &Period,
) -> Option<InequalityResult> {
    let groups = groups_at(obs, m, s, all, b, period);
    let deprivation = matches!(
        b.kind,
        BreakdownKind::DeprivationQuintile | BreakdownKind::DeprivationDecile
    );
    if deprivation {
        most_vs_least(b, period, &groups)
    } else {
        highest_vs_lowest(b, period, &groups)
    }
}

fn highest_vs_lowest(
    b: &Breakdown,
    period: &Period,
    groups: &[(String, f64, Option<f64>)],
) -> Option<InequalityResult> {
    if groups.len() < 2 {
        return None;
    }
    // Ties keep the first group in the data's order.
    let mut high = &groups[0];
    let mut low = &groups[0];
    for g in &groups[1..] {
        if g.1 > high.1 {
            high = g;
        }
        if g.1 < low.1 {
            low = g;
        }
    }
    Some(InequalityResult {
        dimension: b.dimension.clone(),
        period: period.to_string(),
        method: InequalityMethod::HighestVsLowest,
        most_deprived: None,
        least_deprived: None,
        highest: Some(GroupValue {
            level: high.0.clone(),
            value: high.1,
        }),
        lowest: Some(GroupValue {
            level: low.0.clone(),
            value: low.1,
        }),
        gap: high.1 - low.1,
        ratio: (low.1 != 0.0).then(|| high.1 / low.1),
        sii: None,
        rii: None,
        groups: groups.len(),
    })
}

fn most_vs_least(
    b: &Breakdown,
    period: &Period,
    groups: &[(String, f64, Option<f64>)],
) -> Option<InequalityResult> {
    let (most, least) = (b.most_deprived.as_deref()?, b.least_deprived.as_deref());
    let mv = groups.iter().find(|g| g.0 == most)?.1;
    let least_level = least.map(str::to_owned).or_else(|| {
        // the level furthest from the most deprived in the declared or numeric order
        let mut levels: Vec<&String> = groups.iter().map(|g| &g.0).collect();
        levels.sort_by_key(|l| l.parse::<i64>().unwrap_or(0));
        let first = levels.first()?;
        Some(if *first == most {
            (*levels.last()?).clone()
        } else {
            (*first).clone()
        })
    })?;
    let lv = groups.iter().find(|g| g.0 == least_level)?.1;
    // SII on the groups ordered from most to least deprived, where all have populations.
    let mut ordered = groups.to_vec();
    let most_is_low = most
        .parse::<i64>()
        .ok()
        .zip(least_level.parse::<i64>().ok())
        .is_none_or(|(a, b)| a < b);
    ordered.sort_by_key(|g| g.0.parse::<i64>().unwrap_or(0));
    if !most_is_low {
        ordered.reverse();
    }
    let (sii, rii) = if ordered.len() >= 5 && ordered.iter().all(|g| g.2.is_some()) {
        let values: Vec<f64> = ordered.iter().map(|g| g.1).collect();
        let pops: Vec<f64> = ordered.iter().map(|g| g.2.unwrap_or(0.0)).collect();
        let opts = stats::SiiOptions {
            repetitions: 0,
            ..stats::SiiOptions::default()
        };
        match stats::sii(
            &stats::SiiInput {
                values: &values,
                population: &pops,
                ..Default::default()
            },
            &opts,
        ) {
            Ok(r) => (some(r.sii), some(r.rii)),
            Err(_) => (None, None),
        }
    } else {
        (None, None)
    };
    Some(InequalityResult {
        dimension: b.dimension.clone(),
        period: period.to_string(),
        method: InequalityMethod::MostVsLeastDeprived,
        most_deprived: Some(mv),
        least_deprived: Some(lv),
        highest: None,
        lowest: None,
        gap: mv - lv,
        ratio: (lv != 0.0).then(|| mv / lv),
        sii,
        rii,
        groups: groups.len(),
    })
}

/// The gap in words, for reasons and baselines: "gap between most and least deprived (imd)"
/// or "gap between the highest and lowest footprint (Nottingham and Nottinghamshire and
/// Lincolnshire)".
pub(super) fn gap_words(r: &InequalityResult) -> String {
    match (&r.method, &r.highest, &r.lowest) {
        (InequalityMethod::HighestVsLowest, Some(h), Some(l)) => format!(
            "gap between the highest and lowest {} ({} and {})",
            r.dimension, h.level, l.level
        ),
        _ => format!("gap between most and least deprived ({})", r.dimension),
    }
}
