//! Population-weighted aggregation: a figure for a whole footprint from the figures of its
//! parts, weighted by the parts' populations.
//!
//! Two shapes are recognised, both from the NUH provider-collaboratives strategy, where ICS
//! footprints with populations (Nottingham and Nottinghamshire 1,082,036 of an East Midlands
//! 4,919,189) weight each other:
//!
//! - a measure broken down by an `area` dimension whose levels are organisations with a
//!   `population` (matched by id, name or code): the headline figure for an area and period
//!   with no headline row of its own is the population-weighted mean of its levels;
//! - a measure reported with `area` set to member organisations of a partnership that have
//!   populations: the partnership's figure (area = the partnership's name) is the
//!   population-weighted mean of its members.
//!
//! Value = sum(`population_i` x `value_i`) / sum(`population_i`), over the parts with a value. A
//! derived row says so in its note and source, and is only made where at least two parts
//! have figures and no row exists already. Intervals are not derived.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::data::{Observation, Observations};
use crate::model::{BreakdownKind, Framework};

/// Measure, period, area and breakdown of a row.
type RowKey = (String, String, String, Vec<(String, String)>);

/// A part's name, population and value.
type Part = (String, f64, f64);

/// Breakdown pairs of a row.
type Pairs = Vec<(String, String)>;

fn population_of<'a>(fw: &'a Framework) -> impl Fn(&str) -> Option<(f64, &'a str)> + 'a {
    move |key: &str| {
        fw.organisations.iter().find_map(|o| {
            let matches = o.id == key || o.name == key || o.code.as_deref() == Some(key);
            match (matches, o.population) {
                (true, Some(p)) if p > 0.0 && p.is_finite() => Some((p, o.name.as_str())),
                _ => None,
            }
        })
    }
}

fn derived(
    measure: &str,
    period: &crate::period::Period,
    area: &str,
    parts: &[Part],
    breakdown: BTreeMap<String, String>,
) -> Observation {
    let total: f64 = parts.iter().map(|p| p.1).sum();
    let value = parts.iter().map(|p| p.1 * p.2).sum::<f64>() / total;
    let names: Vec<&str> = parts.iter().map(|p| p.0.as_str()).collect();
    let mut o = Observation::new(measure, *period, value);
    area.clone_into(&mut o.area);
    o.breakdown = breakdown;
    o.note = Some(format!(
        "population-weighted mean of {} parts ({}; total population {total})",
        parts.len(),
        names.join(", ")
    ));
    o.source = Some("derived by outcomes: population-weighted aggregation".into());
    o
}

impl Framework {
    /// Rows derived by population-weighted aggregation (see the module documentation).
    #[must_use]
    pub fn population_weighted(&self, obs: &Observations) -> Vec<Observation> {
        let pop = population_of(self);
        let mut out = Vec::new();
        // Only frameworks that give populations can be weighted; most do not, so check first
        // and leave large inputs untouched.
        let area_breakdowns = self
            .measures
            .iter()
            .any(|m| m.breakdowns.iter().any(|b| b.kind == BreakdownKind::Area));
        let weighted_partnerships = self
            .partnerships
            .iter()
            .any(|p| p.members.iter().filter(|m| pop(m).is_some()).count() >= 2);
        if !self.organisations.iter().any(|o| o.population.is_some())
            || !(area_breakdowns || weighted_partnerships)
        {
            return out;
        }
        let mut existing: HashSet<RowKey> = HashSet::new();
        for i in 0..obs.len() {
            existing.insert((
                obs.measure(i).to_owned(),
                obs.period(i).to_string(),
                obs.area(i).to_owned(),
                obs.breakdown(i)
                    .map(|(d, l)| (d.to_owned(), l.to_owned()))
                    .collect(),
            ));
        }
        // 1. Area-kind breakdowns whose levels are organisations with populations.
        for m in &self.measures {
            for b in m
                .breakdowns
                .iter()
                .filter(|b| b.kind == BreakdownKind::Area)
            {
                let mut groups: BTreeMap<(String, crate::period::Period), Vec<Part>> =
                    BTreeMap::new();
                for i in 0..obs.len() {
                    if self.measure_index(obs.measure(i)) != self.measure_index(&m.id) {
                        continue;
                    }
                    let bd: Vec<(&str, &str)> = obs.breakdown(i).collect();
                    if bd.len() != 1 || bd[0].0 != b.dimension {
                        continue;
                    }
                    let (Some((p, name)), v) = (pop(bd[0].1), obs.values()[i]) else {
                        continue;
                    };
                    if v.is_nan() {
                        continue;
                    }
                    groups
                        .entry((obs.area(i).to_owned(), *obs.period(i)))
                        .or_default()
                        .push((name.to_owned(), p, v));
                }
                for ((area, period), parts) in groups {
                    let key = (m.id.clone(), period.to_string(), area.clone(), Vec::new());
                    if parts.len() >= 2 && !existing.contains(&key) {
                        existing.insert(key);
                        out.push(derived(&m.id, &period, &area, &parts, BTreeMap::new()));
                    }
                }
            }
        }
        // 2. Partnerships whose member organisations have populations.
        for p in &self.partnerships {
            let members: HashMap<&str, (f64, &str)> = p
                .members
                .iter()
                .filter_map(|id| pop(id).map(|x| (id.as_str(), x)))
                .collect();
            if members.len() < 2 {
                continue;
            }
            let mut groups: BTreeMap<(String, crate::period::Period, Pairs), Vec<Part>> =
                BTreeMap::new();
            for i in 0..obs.len() {
                let area = obs.area(i);
                let Some((_, (popn, name))) = members.iter().find(|(id, (_, name))| {
                    **id == area
                        || *name == area
                        || self
                            .organisations
                            .iter()
                            .any(|o| o.id == **id && o.code.as_deref() == Some(area))
                }) else {
                    continue;
                };
                let v = obs.values()[i];
                if v.is_nan() {
                    continue;
                }
                let bd: Vec<(String, String)> = obs
                    .breakdown(i)
                    .map(|(d, l)| (d.to_owned(), l.to_owned()))
                    .collect();
                groups
                    .entry((obs.measure(i).to_owned(), *obs.period(i), bd))
                    .or_default()
                    .push(((*name).to_owned(), *popn, v));
            }
            for ((measure, period, bd), parts) in groups {
                let key = (
                    measure.clone(),
                    period.to_string(),
                    p.name.clone(),
                    bd.clone(),
                );
                if parts.len() >= 2 && !existing.contains(&key) {
                    existing.insert(key);
                    out.push(derived(
                        &measure,
                        &period,
                        &p.name,
                        &parts,
                        bd.into_iter().collect(),
                    ));
                }
            }
        }
        out
    }
}
