//! Evaluation: is each measure and commitment on track?
//!
//! [`Framework::evaluate`] takes a valid framework and its observations and returns an
//! [`Evaluation`]: per measure, area and breakdown the latest value with its interval, the
//! baseline and target used, progress, the trajectory value, status and RAG with the reason
//! and the figures it rests on, change since baseline with its significance, the comparison
//! with the comparator (Fingertips method 1), the Fingertips recent trend, a Making Data Count
//! SPC summary, inequality across a breakdown's groups (most against least deprived, or
//! highest against lowest: `evaluate/inequality.rs`) and a forecast at the target date; per
//! commitment the milestones' states; and everything rolled up to objectives, partnerships and
//! the framework, with a completeness audit. [`Framework::combine`] joins evaluations of parts
//! of the data (`evaluate/combine.rs`).
//!
//! The target, trajectory and status rules are in [`target`](self) (see the module source,
//! `evaluate/target.rs`); worked cases C and D of the team's reference (`shared/reference/
//! worked-cases.md`) are the tests.
//!
//! ```
//! use outcomes_core::model::Framework;
//! use outcomes_core::data::Observations;
//! use outcomes_core::evaluate::{EvaluateOptions, Status};
//! let fw = Framework::from_toml_str(r#"
//! schema_version = 1
//! id = "demo"
//! title = "Demo"
//! period = { from = "2023/24", to = "2028/29" }
//! [[measures]]
//! id = "m"
//! title = "Worked case C"
//! unit = "percent"
//! polarity = "lower_is_better"
//! source = { name = "local" }
//! baselines = [{ period = "2023/24", value = 20.0 }]
//! targets = [{ kind = "absolute", value = 15.0, by = "2028/29" }]
//! "#)?;
//! let obs = Observations::from_csv_reader("measure,period,value\nm,2025/26,18.5\n".as_bytes())?;
//! let ev = fw.evaluate(&obs, &EvaluateOptions::default())?;
//! let r = &ev.measures[0];
//! assert_eq!(r.status, Status::AtRisk);
//! assert!((r.progress.unwrap() - 0.30).abs() < 1e-12);
//! assert!((r.trajectory.as_ref().unwrap().value - 18.0).abs() < 1e-12);
//! # Ok::<(), outcomes_core::Error>(())
//! ```

mod combine;
mod indent;
mod inequality;
mod json;
mod options;
mod rollup;
mod table;
mod target;
mod types;
mod weighted;

use std::borrow::Cow;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use chrono::NaiveDate;

pub use options::{EvaluateOptions, RollupRule, SpcProfileName, Tolerance};
pub use table::{COLUMNS, neutralise_formula};
pub use types::*;

use crate::Error;
use crate::data::Observations;
use crate::model::{Framework, Measure, Method, Polarity, TargetKind, Unit, parse_date};
use crate::period::{Frequency, Period};
use crate::stats;
use crate::validate::Severity;
use target::{Dated, JudgeInput, Whens};

/// No series: the row is left out of the evaluation.
const NO_SERIES: u32 = u32::MAX;

/// The series and an index of them by measure, area and age.
struct SeriesIndex<'a, 'b> {
    all: &'b [Series<'a>],
    groups: &'b HashMap<(usize, &'a str, Option<&'a str>), Vec<usize>>,
    /// Canonical text of each period code, written once.
    period_texts: &'b [String],
    /// Per measure, the period of its first baseline that parses.
    baseline_periods: &'b [Option<Period>],
    /// Target dates, each distinct text resolved once.
    whens: &'b target::Whens<'b>,
}

impl<'a> SeriesIndex<'a, '_> {
    /// The series of measure `m` for `area` and `age`.
    fn of(&self, m: usize, area: &str, age: Option<&str>) -> Vec<&Series<'a>> {
        self.groups
            .get(&(m, area, age))
            .map_or_else(Vec::new, |ks| ks.iter().map(|&k| &self.all[k]).collect())
    }
}

/// One series: a measure for one area, age and breakdown.
struct Series<'a> {
    measure: usize,
    area: &'a str,
    age: Option<String>,
    breakdown: Vec<(&'a str, &'a str)>,
    /// Its rows, oldest period first.
    rows: &'a [usize],
}

impl Framework {
    /// Evaluates the framework against observations.
    ///
    /// # Errors
    /// [`Error::Validation`] when the framework has validation errors (the first is named,
    /// with the count of the rest; run [`Framework::validate`] for all of them);
    /// [`Error::InvalidArgument`] for bad options, or when `as_of` is not given and there
    /// are no observations to take it from.
    pub fn evaluate(
        &self,
        obs: &Observations,
        options: &EvaluateOptions,
    ) -> Result<Evaluation, Error> {
        options.check()?;
        let errors: Vec<_> = self
            .validate()
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        if let Some(first) = errors.first() {
            let more = if errors.len() > 1 {
                format!(" (and {} more errors; run validate)", errors.len() - 1)
            } else {
                String::new()
            };
            return Err(Error::validation(
                first.path.clone(),
                format!("{}{more}", first.message),
            ));
        }
        let as_of = match &options.as_of {
            Some(d) => parse_date(d).map_err(|e| Error::invalid_argument("as_of", e.message()))?,
            None => (0..obs.len()).map(|i| obs.period(i).end()).max().ok_or_else(|| {
                Error::invalid_argument("as_of", "there are no observations to take the evaluation date from; give as_of (YYYY-MM-DD)")
            })?,
        };
        let z = stats::dist::z_for_confidence(options.confidence)?;
        let derived = self.population_weighted(obs);
        let augmented;
        let obs = if derived.is_empty() {
            obs
        } else {
            let mut all = obs.clone();
            for (k, row) in derived.iter().enumerate() {
                all.push(row, &format!("derived[{k}]"))?;
            }
            augmented = all;
            &augmented
        };
        let measures = self.evaluate_measures(obs, options, as_of, z)?;
        self.assemble(options.clone(), as_of, measures)
    }

    /// The evaluation from its measure rows: the roll-up over them, the completeness audit and
    /// the proxy table for the annual review (shared by [`Framework::evaluate`] and
    /// [`Framework::combine`]).
    fn assemble(
        &self,
        options: EvaluateOptions,
        as_of: NaiveDate,
        measures: Vec<MeasureResult>,
    ) -> Result<Evaluation, Error> {
        let rolled = rollup::roll_up(self, &measures, options.rollup, as_of);
        let proxies = options.proxy_table()?;
        Ok(Evaluation {
            framework: self.id.clone(),
            title: self.title.clone(),
            as_of: as_of.to_string(),
            options,
            measures,
            commitments: rolled.commitments,
            objectives: rolled.objectives,
            partnerships: rolled.partnerships,
            summary: rolled.summary,
            completeness: rolled.completeness,
            source: Some(std::sync::Arc::new((self.clone(), proxies))),
        })
    }

    fn evaluate_measures(
        &self,
        obs: &Observations,
        o: &EvaluateOptions,
        as_of: NaiveDate,
        z: f64,
    ) -> Result<Vec<MeasureResult>, Error> {
        // Group rows into series, measure order first, then first appearance.
        let resolved: HashMap<&str, Option<usize>> = obs
            .measure_ids()
            .iter()
            .map(|m| (m.as_str(), self.measure_index(m)))
            .collect();
        // Resolve each distinct measure text once, then group rows by their codes.
        let measure_of: Vec<Option<usize>> = obs
            .measure_ids()
            .iter()
            .map(|m| resolved.get(m.as_str()).copied().flatten())
            .collect();
        let mut index: HashMap<(usize, u32, u32, u32), usize> = HashMap::default();
        let mut series: Vec<Series<'_>> = Vec::new();
        // Whether each period code ends after the evaluation date.
        let period_after: Vec<bool> = obs.period_table().iter().map(|p| p.end() > as_of).collect();
        let mut last: Option<((usize, u32, u32, u32), usize)> = None;
        // Each row's series (or none: a later period, an unknown measure), and the rows of
        // each series counted; the rows are then laid out series by series in one vector.
        let mut row_series: Vec<u32> = vec![NO_SERIES; obs.len()];
        let mut counts: Vec<usize> = Vec::new();
        for (i, slot) in row_series.iter_mut().enumerate() {
            let (mcode, pcode, area, age, combo) = obs.key_codes(i);
            if period_after[pcode as usize] {
                continue;
            }
            let Some(mi) = measure_of[mcode as usize] else {
                continue;
            };
            let next = series.len();
            let key = (mi, area, age, combo);
            // Rows of a series usually come together: skip the lookup for a repeat.
            let s = match last {
                Some((k, s)) if k == key => s,
                _ => *index.entry(key).or_insert(next),
            };
            last = Some((key, s));
            if s == next {
                series.push(Series {
                    measure: mi,
                    area: obs.area(i),
                    age: obs.age(i).map(str::to_owned),
                    breakdown: obs.breakdown(i).collect(),
                    rows: &[],
                });
                counts.push(0);
            }
            // Fewer than u32::MAX series: each has a row, and rows are counted in u32.
            *slot = u32::try_from(s).unwrap_or(NO_SERIES);
            counts[s] += 1;
        }
        let mut starts: Vec<usize> = Vec::with_capacity(counts.len() + 1);
        let mut total = 0;
        for c in &counts {
            starts.push(total);
            total += c;
        }
        starts.push(total);
        let mut flat: Vec<usize> = vec![0; total];
        let mut fill = starts.clone();
        for (i, &s) in row_series.iter().enumerate() {
            if s != NO_SERIES {
                flat[fill[s as usize]] = i;
                fill[s as usize] += 1;
            }
        }
        drop(row_series);
        // Each series' rows oldest first, sorted once here rather than copied and sorted per use.
        for w in starts.windows(2) {
            flat[w[0]..w[1]].sort_by(|&a, &b| obs.period(a).cmp(obs.period(b)));
        }
        for (s, w) in series.iter_mut().zip(starts.windows(2)) {
            s.rows = &flat[w[0]..w[1]];
        }
        // A gap target is judged on its measure's headline row (no breakdown) for each area and
        // age; where the data has only the groups of a breakdown, that row is added, with no
        // figures of its own.
        let mut headlines: HashSet<(usize, &str, Option<String>)> = series
            .iter()
            .filter(|s| s.breakdown.is_empty())
            .map(|s| (s.measure, s.area, s.age.clone()))
            .collect();
        let mut added = Vec::new();
        for s in &series {
            let gap = self.measures[s.measure]
                .targets
                .iter()
                .any(|t| t.kind == TargetKind::Gap);
            if gap && headlines.insert((s.measure, s.area, s.age.clone())) {
                added.push(Series {
                    measure: s.measure,
                    area: s.area,
                    age: s.age.clone(),
                    breakdown: Vec::new(),
                    rows: &[],
                });
            }
        }
        series.extend(added);
        series.sort_by_key(|s| s.measure);
        let mut groups: HashMap<(usize, &str, Option<&str>), Vec<usize>> = HashMap::default();
        for (k, x) in series.iter().enumerate() {
            groups
                .entry((x.measure, x.area, x.age.as_deref()))
                .or_default()
                .push(k);
        }
        let period_texts: Vec<String> =
            obs.period_table().iter().map(ToString::to_string).collect();
        let baseline_periods: Vec<Option<Period>> = self
            .measures
            .iter()
            .map(|m| {
                m.baselines
                    .iter()
                    .find_map(|b| Period::parse(&b.period).ok())
            })
            .collect();
        let whens = target::Whens::new(self);
        let ctx = SeriesIndex {
            all: &series,
            groups: &groups,
            period_texts: &period_texts,
            baseline_periods: &baseline_periods,
            whens: &whens,
        };
        // The series are in measure order, so each measure's rows go straight to their place;
        // a measure with no data (or only the comparator's) still gets a row, so nothing
        // silently disappears.
        let mut result = Vec::with_capacity(series.len() + self.measures.len());
        let mut scratch = Scratch::default();
        let mut pending = series.iter().peekable();
        for (mi, m) in self.measures.iter().enumerate() {
            let before = result.len();
            while let Some(s) = pending.next_if(|s| s.measure == mi) {
                let comparator = o.comparator_area.as_deref().or(m.comparator.as_deref());
                if comparator.is_some_and(|c| c == s.area) {
                    continue;
                }
                result.push(Self::evaluate_series(
                    obs,
                    o,
                    as_of,
                    z,
                    m,
                    s,
                    &ctx,
                    comparator,
                    &mut scratch,
                )?);
            }
            if result.len() == before {
                result.push(Self::no_data_row(m, as_of, &whens));
            }
        }
        Ok(result)
    }

    fn no_data_row(m: &Measure, as_of: NaiveDate, whens: &Whens<'_>) -> MeasureResult {
        let baseline = framework_baseline(m, "");
        let target = target::choose_target(whens, m, "", true, None);
        let j = target::judge(&JudgeInput {
            whens,
            measure: m,
            target,
            baseline: baseline.as_ref().map(|(b, _)| b),
            base_period: baseline.as_ref().map(|(_, p)| p),
            latest: None,
            change: None,
            comparator_value: None,
            tolerance: crate::evaluate::Tolerance::Relative(0.0),
            as_of,
        });
        MeasureResult {
            measure: m.id.clone(),
            title: m.title.clone(),
            area: String::new(),
            age: None,
            breakdown: BreakdownLevels::new(),
            unit: m.unit,
            polarity: m.polarity,
            points: 0,
            latest: None,
            baseline: baseline.map(|(b, _)| b),
            target: j.target,
            progress: None,
            trajectory: None,
            status: Status::NotAssessable,
            reason: if j.status == Status::NotAssessable {
                j.reason
            } else {
                "no data".into()
            },
            rag: Rag::Grey,
            change: None,
            comparison: None,
            trend: None,
            spc: None,
            inequality: None,
            forecast: None,
            series: Vec::new(),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn evaluate_series(
        obs: &Observations,
        o: &EvaluateOptions,
        as_of: NaiveDate,
        z: f64,
        m: &Measure,
        s: &Series<'_>,
        all: &SeriesIndex<'_, '_>,
        comparator: Option<&str>,
        scratch: &mut Scratch,
    ) -> Result<MeasureResult, Error> {
        let rows = s.rows;
        // Sized up front: collecting through `Result` or `filter_map` grows the vectors step
        // by step.
        let points = series_points(obs, rows, m, o, scratch)?;
        let mut dated: Vec<Dated> = Vec::with_capacity(rows.len());
        dated.extend(rows.iter().zip(&points).filter_map(|(&i, p)| {
            p.value.map(|v| Dated {
                period: *obs.period(i),
                value: v,
            })
        }));
        let latest = dated.last();
        let latest_point = points.iter().rev().find(|p| p.value.is_some()).cloned();
        let headline = s.breakdown.is_empty();
        // Baseline: the framework's for this area, else the observation for the baseline period,
        // each with its period read (the points carry the period's canonical text).
        let with_value = || rows.iter().zip(&points).filter(|(_, p)| p.value.is_some());
        let (baseline, base_period) = match framework_baseline(m, s.area)
            .or_else(|| {
                let bp = all.baseline_periods[s.measure].as_ref()?;
                let (&i, p) = with_value().find(|&(&i, _)| obs.period(i) == bp)?;
                Some((
                    BaselineUsed {
                        period: all.period_texts[obs.key_codes(i).1 as usize].clone(),
                        value: p.value?,
                        source: "data".into(),
                    },
                    *obs.period(i),
                ))
            })
            .or_else(|| {
                // The strategy states no baseline: measure change from the earliest observation,
                // and say so.
                let (&i, p) = with_value().next()?;
                (dated.len() >= 2).then(|| {
                    (
                        BaselineUsed {
                            period: all.period_texts[obs.key_codes(i).1 as usize].clone(),
                            value: p.value.unwrap_or(f64::NAN),
                            source: "earliest observation (the strategy states no baseline)".into(),
                        },
                        *obs.period(i),
                    )
                })
            }) {
            Some((b, p)) => (Some(b), Some(p)),
            None => (None, None),
        };
        let baseline_point = base_period.as_ref().and_then(|bp| {
            rows.iter()
                .zip(&points)
                .find(|(i, _)| obs.period(**i) == bp)
                .map(|(_, p)| p.clone())
        });
        let change =
            match (&baseline, &latest_point) {
                (Some(b), Some(l)) if base_period.as_ref() != Some(&l.period) => Some(
                    change_since(m, b, base_period.as_ref(), baseline_point.as_ref(), l, z),
                ),
                _ => None,
            };
        let comparator_row = |period: &Period| -> Option<(String, f64)> {
            let c = comparator?;
            let cs = all
                .of(s.measure, c, s.age.as_deref())
                .into_iter()
                .find(|x| x.breakdown == s.breakdown)?;
            let i = *cs.rows.iter().find(|&&i| obs.period(i) == period)?;
            let v = obs.values()[i];
            (!v.is_nan()).then(|| (c.to_owned(), v))
        };
        let comparison = latest.and_then(|l| {
            let (area, cv) = comparator_row(&l.period)?;
            let lp = latest_point.as_ref()?;
            let pol = stats_polarity(m.polarity);
            let (label, method) = match (lp.lower, lp.upper) {
                (Some(lo), Some(hi)) => (
                    stats::compare::compare_ci(l.value, lo, hi, cv, pol)
                        .label()
                        .to_owned(),
                    "Fingertips method 1 (comparator inside the area's interval)".to_owned(),
                ),
                _ => (
                    "Not compared".to_owned(),
                    "no interval for the area".to_owned(),
                ),
            };
            Some(ComparisonResult {
                area,
                value: cv,
                label,
                method,
            })
        });
        let target =
            target::choose_target(all.whens, m, s.area, headline, latest.map(|l| &l.period));
        let comparator_value = latest
            .and_then(|l| comparator_row(&l.period))
            .map(|(_, v)| v);
        let j = target::judge(&JudgeInput {
            whens: all.whens,
            measure: m,
            target,
            baseline: baseline.as_ref(),
            base_period: base_period.as_ref(),
            latest,
            change: change.as_ref(),
            comparator_value,
            tolerance: o.tolerance,
            as_of,
        });
        let gap_dimension = target
            .filter(|(_, t)| t.kind == TargetKind::Gap)
            .and_then(|(_, t)| t.dimension.as_deref());
        let inequality = if headline {
            inequality::breakdown_for(m, gap_dimension).and_then(|b| {
                // A headline row without figures of its own (only its breakdowns have them)
                // reads the inequality at the latest period with two groups or more.
                let period = latest
                    .map(|l| l.period)
                    .or_else(|| inequality::periods_with_groups(obs, m, s, all, b).pop())?;
                inequality::inequality(obs, m, s, all, b, &period)
            })
        } else {
            None
        };
        // A gap target's judgement rests on the gap: its baseline is the gap's too.
        let (j, baseline) = match target {
            Some((ti, t)) if t.kind == TargetKind::Gap && headline => match Self::judge_gap(
                obs,
                m,
                s,
                all,
                (ti, t),
                inequality.as_ref(),
                &dated,
                o,
                as_of,
            ) {
                Some((gap_j, gap_baseline)) => (gap_j, gap_baseline.or(baseline)),
                None => (j, baseline),
            },
            _ => (j, baseline),
        };
        let trend = recent_trend(m, &points);
        let spc = spc_summary(
            scratch,
            m,
            o,
            &points,
            j.goal.as_ref().map(|g| g.0),
            j.better,
        );
        let forecast = forecast(
            m,
            o,
            &dated,
            base_period.as_ref(),
            &j,
            &mut scratch.forecast_x,
        );
        Ok(MeasureResult {
            measure: m.id.clone(),
            title: m.title.clone(),
            area: s.area.to_owned(),
            age: s.age.clone(),
            breakdown: s
                .breakdown
                .iter()
                .map(|(d, l)| ((*d).to_owned(), (*l).to_owned()))
                .collect(),
            unit: m.unit,
            polarity: m.polarity,
            points: dated.len(),
            latest: latest_point,
            baseline,
            target: j.target,
            progress: j.progress,
            trajectory: j.trajectory,
            status: j.status,
            reason: j.reason,
            rag: j.status.rag(),
            change,
            comparison,
            trend,
            spc,
            inequality,
            forecast,
            series: points,
        })
    }
}

impl Framework {
    /// Judges a gap target on the gap across the target's breakdown (most against least
    /// deprived, or highest against lowest group: see [`inequality`]): the gap at the baseline
    /// period (the target's `from`, else the measure's baseline period, else the earliest
    /// period with data, else the earliest with two groups) against the gap at the latest
    /// period, as a lower-is-better series of the gap's size. Returns the judgement and the
    /// gap's baseline, which the row then reports as its baseline (the figures the judgement
    /// rests on). A figure is the percentage change of the gap
    /// (-10 for "cut the gap by 10%"); without one the direction is judged.
    #[allow(clippy::too_many_arguments)]
    fn judge_gap(
        obs: &Observations,
        m: &Measure,
        s: &Series<'_>,
        all: &SeriesIndex<'_, '_>,
        (ti, t): (usize, &crate::model::Target),
        latest_gap: Option<&InequalityResult>,
        dated: &[Dated],
        o: &EvaluateOptions,
        as_of: NaiveDate,
    ) -> Option<(target::Judgement, Option<BaselineUsed>)> {
        let latest_gap = latest_gap?;
        let latest_period = Period::parse(&latest_gap.period).ok()?;
        let b = m
            .breakdowns
            .iter()
            .find(|b| b.dimension == latest_gap.dimension)?;
        let base_period = t
            .from
            .as_deref()
            .and_then(|f| Period::parse(f).ok())
            .or_else(|| {
                m.baselines
                    .iter()
                    .find_map(|b| Period::parse(&b.period).ok())
            })
            .or_else(|| dated.first().map(|d| d.period))
            .or_else(|| {
                inequality::periods_with_groups(obs, m, s, all, b)
                    .into_iter()
                    .next()
            })?;
        let base = inequality::inequality(obs, m, s, all, b, &base_period);
        let Some(base) = base.filter(|_| base_period != latest_period) else {
            let mut j = target::judge(&JudgeInput {
                whens: all.whens,
                measure: m,
                target: None,
                baseline: None,
                base_period: None,
                latest: None,
                change: None,
                comparator_value: None,
                tolerance: o.tolerance,
                as_of,
            });
            j.reason = format!(
                "no breakdown data for the gap's baseline period {base_period} to compare {latest_period} with"
            );
            return Some((j, None));
        };
        let mut gap_measure = m.clone();
        gap_measure.polarity = crate::model::Polarity::LowerIsBetter;
        let mut gap_target = t.clone();
        match t.value.as_ref().and_then(crate::model::Figure::number) {
            Some(v) => {
                gap_target.kind = TargetKind::Absolute;
                gap_target.value = Some(crate::model::Figure::Number(
                    base.gap.abs() * (1.0 + v / 100.0),
                ));
            }
            None if t.value.is_none() => {
                gap_target.kind = TargetKind::Direction;
                gap_target.direction =
                    Some(t.direction.unwrap_or(crate::model::Direction::Decrease));
            }
            None => return None,
        }
        gap_target.trajectory.clear();
        let baseline = BaselineUsed {
            period: base_period.to_string(),
            value: base.gap.abs(),
            source: inequality::gap_words(&base).into(),
        };
        let latest = Dated {
            period: latest_period,
            value: latest_gap.gap.abs(),
        };
        let mut j = target::judge(&JudgeInput {
            whens: all.whens,
            measure: &gap_measure,
            target: Some((ti, &gap_target)),
            baseline: Some(&baseline),
            base_period: Some(&base_period),
            latest: Some(&latest),
            change: None,
            comparator_value: None,
            tolerance: o.tolerance,
            as_of,
        });
        if let Some(used) = j.target.as_mut() {
            used.kind = TargetKind::Gap;
        }
        j.reason = format!("{}: {}", inequality::gap_words(latest_gap), j.reason);
        Some((j, Some(baseline)))
    }
}

/// The framework's baseline for `area` (`""` for the whole footprint), with its period read.
fn framework_baseline(m: &Measure, area: &str) -> Option<(BaselineUsed, Period)> {
    let b = m
        .baselines
        .iter()
        .find(|b| b.area.as_deref().unwrap_or("") == area)?;
    let value = b.value.number()?;
    let period = Period::parse(&b.period).ok()?;
    Some((
        BaselineUsed {
            period: period.to_string(),
            value,
            source: "framework".into(),
        },
        period,
    ))
}

fn stats_polarity(p: Polarity) -> stats::Polarity {
    match p {
        Polarity::HigherIsBetter => stats::Polarity::HigherIsBetter,
        Polarity::LowerIsBetter => stats::Polarity::LowerIsBetter,
        Polarity::NoJudgement => stats::Polarity::NoJudgement,
        Polarity::NotApplicable => stats::Polarity::NotApplicable,
    }
}

fn multiplier(m: &Measure) -> f64 {
    match (m.method, m.unit) {
        (_, Unit::Percent) => 100.0,
        (_, Unit::Proportion) => 1.0,
        (Method::Rate | Method::Dsr | Method::Isr, _) => m.per.unwrap_or(100_000.0),
        _ => m.per.unwrap_or(1.0),
    }
}

fn some(v: f64) -> Option<f64> {
    (!v.is_nan()).then_some(v)
}

/// The interval method of a point whose figure is computed from its counts, when the
/// measure's method computes one from them.
fn computed_method(m: &Measure, x: f64, n: f64) -> Option<IntervalMethod> {
    match m.method {
        Method::Proportion if x <= n => Some(IntervalMethod::Wilson),
        Method::Rate => Some(if x < 10.0 {
            IntervalMethod::Exact
        } else {
            IntervalMethod::Byars
        }),
        _ => None,
    }
}

/// One period's figure with its interval: computed by the measure's method from numerator and
/// denominator when both are given, else the published limits. The computed intervals of a
/// series are found in one call of [`stats::proportion`] or [`stats::rate`] over its counts
/// (the same formula row by row; the quantile and the exact table are set up once).
fn series_points(
    obs: &Observations,
    rows: &[usize],
    m: &Measure,
    o: &EvaluateOptions,
    scratch: &mut Scratch,
) -> Result<Vec<Point>, Error> {
    let (lo998, hi998) = obs.limits_998();
    let threshold = o.suppress_below.or(m.suppress_below);
    let published = o.confidence >= 0.99;
    let mut points: Vec<Point> = Vec::with_capacity(rows.len());
    scratch.x.clear();
    scratch.n.clear();
    scratch.at.clear();
    for (k, &i) in rows.iter().enumerate() {
        let (x, n) = (some(obs.numerators()[i]), some(obs.denominators()[i]));
        let (lower, upper) = (some(obs.lowers()[i]), some(obs.uppers()[i]));
        let (lower_998, upper_998) = (some(lo998[i]), some(hi998[i]));
        let (lower, upper, interval_method) = match (published, lower, upper, lower_998, upper_998)
        {
            (false, Some(l), Some(u), _, _) | (true, _, _, Some(l), Some(u)) => {
                (Some(l), Some(u), Some(IntervalMethod::Published))
            }
            _ => (None, None, None),
        };
        if let (Some(x), Some(n)) = (x, n) {
            if computed_method(m, x, n).is_some() {
                scratch.x.push(x);
                scratch.n.push(n);
                scratch.at.push(k);
            }
        }
        points.push(Point {
            period: *obs.period(i),
            value: some(obs.values()[i]),
            lower,
            upper,
            numerator: x,
            denominator: n,
            interval_method,
            suppressed: threshold.is_some_and(|t| x.is_some_and(|x| x < t)),
        });
    }
    if scratch.at.is_empty() {
        return Ok(points);
    }
    let len = scratch.at.len();
    for v in [&mut scratch.v, &mut scratch.lo, &mut scratch.hi] {
        v.clear();
        v.resize(len, 0.0);
    }
    let mult = multiplier(m);
    let run = |x: &[f64], n: &[f64], v: &mut [f64], lo: &mut [f64], hi: &mut [f64]| {
        if m.method == Method::Rate {
            stats::rate(x, n, o.confidence, mult, v, lo, hi)
        } else {
            stats::proportion(x, n, o.confidence, mult, v, lo, hi)
        }
    };
    if run(
        &scratch.x,
        &scratch.n,
        &mut scratch.v,
        &mut scratch.lo,
        &mut scratch.hi,
    )
    .is_err()
    {
        // Name the row that failed: run the rows one by one.
        for (j, &k) in scratch.at.iter().enumerate() {
            let (mut v, mut lo, mut hi) = ([0.0], [0.0], [0.0]);
            run(
                &scratch.x[j..=j],
                &scratch.n[j..=j],
                &mut v,
                &mut lo,
                &mut hi,
            )
            .map_err(|e| e.within(&format!("{} ({})", obs.origin(rows[k]), m.id)))?;
        }
    }
    for (j, &k) in scratch.at.iter().enumerate() {
        let p = &mut points[k];
        if p.value.is_none() {
            p.value = Some(scratch.v[j]);
        }
        p.lower = some(scratch.lo[j]);
        p.upper = some(scratch.hi[j]);
        p.interval_method = computed_method(m, scratch.x[j], scratch.n[j]);
    }
    Ok(points)
}

/// Change since baseline, tested on counts where they exist (the baseline point's, else the
/// framework's counts for the baseline period `base_period`).
fn change_since(
    m: &Measure,
    b: &BaselineUsed,
    base_period: Option<&Period>,
    bp: Option<&Point>,
    l: &Point,
    z: f64,
) -> Change {
    let latest = l.value.unwrap_or(f64::NAN);
    let difference = latest - b.value;
    let relative = (b.value != 0.0).then(|| difference / b.value.abs());
    let counts = |p: Option<&Point>| p.and_then(|p| Some((p.numerator?, p.denominator?)));
    let base_counts = counts(bp).or_else(|| {
        let base_period = base_period?;
        let fb = m
            .baselines
            .iter()
            .find(|x| Period::parse(&x.period).ok().as_ref() == Some(base_period))?;
        Some((fb.numerator?, fb.denominator?))
    });
    if let (Some((x1, n1)), Some((x2, n2))) = (base_counts, counts(Some(l))) {
        match m.method {
            Method::Proportion if x1 <= n1 && x2 <= n2 => {
                let p = (x1 + x2) / (n1 + n2);
                let se = (p * (1.0 - p) * (1.0 / n1 + 1.0 / n2)).sqrt();
                if se > 0.0 {
                    let stat = (x2 / n2 - x1 / n1) / se;
                    return Change {
                        difference,
                        relative,
                        significant: Some(stat.abs() > z),
                        method: "two-sample test of proportions".into(),
                        statistic: Some(stat),
                    };
                }
            }
            Method::Rate | Method::Dsr => {
                let se = (x1 / (n1 * n1) + x2 / (n2 * n2)).sqrt();
                if se > 0.0 {
                    let stat = (x2 / n2 - x1 / n1) / se;
                    return Change {
                        difference,
                        relative,
                        significant: Some(stat.abs() > z),
                        method: "two-sample test of rates (Poisson)".into(),
                        statistic: Some(stat),
                    };
                }
            }
            _ => {}
        }
    }
    if let (Some(bp), Some(lo), Some(hi)) = (bp, l.lower, l.upper) {
        if let (Some(blo), Some(bhi)) = (bp.lower, bp.upper) {
            let overlap = lo <= bhi && blo <= hi;
            return Change {
                difference,
                relative,
                significant: Some(!overlap),
                method: "confidence interval overlap".into(),
                statistic: None,
            };
        }
    }
    Change {
        difference,
        relative,
        significant: None,
        method: "not tested".into(),
        statistic: None,
    }
}

/// The points the recent trend reads: the last five with a value.
const RECENT: usize = 5;

fn recent_trend(m: &Measure, points: &[Point]) -> Option<TrendResult> {
    if m.frequency != Frequency::Annual {
        return None;
    }
    // The last five points with a value, oldest first, gathered without allocating.
    let mut last: [Option<&Point>; RECENT] = [None; RECENT];
    let mut found = 0;
    for p in points.iter().rev().filter(|p| p.value.is_some()) {
        if found == RECENT {
            break;
        }
        found += 1;
        last[RECENT - found] = Some(p);
    }
    if found < RECENT {
        return None;
    }
    let last = last.map(|p| p.unwrap_or(&points[0]));
    let pol = stats_polarity(m.polarity);
    let column = |f: fn(&Point) -> Option<f64>| -> Option<[f64; RECENT]> {
        let mut out = [0.0; RECENT];
        for (o, p) in out.iter_mut().zip(&last) {
            *o = f(p)?;
        }
        Some(out)
    };
    let counts = column(|p| p.numerator).zip(column(|p| p.denominator));
    let result = if let (Method::Proportion, Some((x, n))) = (m.method, counts) {
        stats::recent_trend(&stats::TrendInput::Proportions { x: &x, n: &n }, pol)
    } else {
        let v = column(|p| p.value)?;
        let lo = column(|p| p.lower)?;
        let hi = column(|p| p.upper)?;
        stats::recent_trend(
            &stats::TrendInput::Values {
                value: &v,
                lower: &lo,
                upper: &hi,
            },
            pol,
        )
    };
    let r = result.ok()?;
    Some(TrendResult {
        label: Cow::Borrowed(r.trend.label()),
        reason: r.reason,
        statistic: some(r.statistic),
        slope: some(r.slope),
    })
}

fn spc_summary(
    scratch: &mut Scratch,
    m: &Measure,
    o: &EvaluateOptions,
    points: &[Point],
    target: Option<f64>,
    better: f64,
) -> Option<SpcSummary> {
    let pts = || points.iter().filter(|p| p.value.is_some());
    let count = pts().count();
    if count < o.spc_min_points {
        return None;
    }
    let mut values: Vec<f64> = Vec::with_capacity(count);
    values.extend(pts().map(|p| p.value.unwrap_or(f64::NAN)));
    let improvement = match m.polarity {
        Polarity::HigherIsBetter => crate::spc::Improvement::Increase,
        Polarity::LowerIsBetter => crate::spc::Improvement::Decrease,
        Polarity::NoJudgement | Polarity::NotApplicable => {
            if target.is_some() && better < 0.0 {
                crate::spc::Improvement::Decrease
            } else {
                crate::spc::Improvement::Neutral
            }
        }
    };
    let options = crate::spc::SpcOptions {
        improvement,
        target,
        profile: match o.spc_profile {
            SpcProfileName::Nhsr => crate::spc::Profile::Nhsr,
            SpcProfileName::MdcExcel => crate::spc::Profile::MdcExcel,
        },
        ..crate::spc::SpcOptions::default()
    };
    let summary = scratch.run(&values, &options)?;
    Some(SpcSummary {
        points: values.len(),
        variation_icon: Cow::Borrowed(summary.variation_icon.as_str()),
        assurance_icon: summary.assurance_icon.map(|a| Cow::Borrowed(a.as_str())),
        mean: summary.mean,
        lpl: summary.lpl,
        upl: summary.upl,
        point_types: scratch.spc.point_type[..count]
            .iter()
            .map(|&c| {
                crate::spc::PointType::from_code(c).unwrap_or(crate::spc::PointType::CommonCause)
            })
            .collect(),
        periods: {
            let mut periods = Vec::with_capacity(count);
            periods.extend(pts().map(|p| p.period));
            periods
        },
        values,
    })
}

/// Buffers reused from series to series: the counts of the computed intervals and their
/// results, and the output columns of [`crate::spc::xmr_into`].
#[derive(Default)]
struct Scratch {
    /// The forecast's x (steps or days from the baseline).
    forecast_x: Vec<f64>,
    x: Vec<f64>,
    n: Vec<f64>,
    at: Vec<usize>,
    v: Vec<f64>,
    lo: Vec<f64>,
    hi: Vec<f64>,
    spc: crate::spc::XmrColumns,
}

impl Scratch {
    /// The XmR chart of `values`; its point types are left in the first `values.len()` rows
    /// of `self.spc.point_type`.
    fn run(
        &mut self,
        values: &[f64],
        options: &crate::spc::SpcOptions,
    ) -> Option<crate::spc::SeriesSummary> {
        crate::spc::xmr_into(values, options, self.spc.columns(values.len())).ok()
    }
}

/// Least squares over the points since the baseline, projected to the target.
fn forecast(
    m: &Measure,
    o: &EvaluateOptions,
    dated: &[Dated],
    base: Option<&Period>,
    j: &target::Judgement,
    xs: &mut Vec<f64>,
) -> Option<Forecast> {
    let (goal, when) = j.goal.as_ref()?;
    let base = base?;
    // The points since the baseline, read in place (no copies gathered).
    let pts = || dated.iter().filter(|d| d.period.start() >= base.start());
    let count = pts().count();
    if count < o.forecast_min_points {
        return None;
    }
    let at = |p: &Period| -> Option<f64> {
        match p.steps_from(base, m.frequency) {
            Ok(s) => Some(s as f64),
            Err(_) => None,
        }
    };
    // x in periods from the baseline when every point (and the target) is a whole number of
    // periods from it, else in days.
    xs.clear();
    let by_days = |d: &Dated| (d.period.end() - base.end()).num_days() as f64;
    let target_x = match when {
        crate::model::When::Period(tp) => {
            for d in pts() {
                match at(&d.period) {
                    Some(x) => xs.push(x),
                    None => break,
                }
            }
            match at(tp) {
                Some(t) if xs.len() == count => t,
                _ => {
                    xs.clear();
                    xs.extend(pts().map(by_days));
                    (when.end() - base.end()).num_days() as f64
                }
            }
        }
        crate::model::When::Date(d) => {
            xs.extend(pts().map(by_days));
            (*d - base.end()).num_days() as f64
        }
    };
    let xs = &xs[..];
    let n = count as f64;
    let mx = xs.iter().sum::<f64>() / n;
    let my = pts().map(|d| d.value).sum::<f64>() / n;
    let sxx: f64 = xs.iter().map(|x| (x - mx) * (x - mx)).sum();
    if sxx <= 0.0 {
        return None;
    }
    let sxy: f64 = xs
        .iter()
        .zip(pts())
        .map(|(x, d)| (x - mx) * (d.value - my))
        .sum();
    let slope = sxy / sxx;
    let value = my + slope * (target_x - mx);
    let kind = j.target.as_ref().map_or(TargetKind::Absolute, |t| t.kind);
    Some(Forecast {
        value,
        at: match when {
            crate::model::When::Period(p) => p.to_string(),
            crate::model::When::Date(d) => d.to_string(),
        },
        slope,
        points: count,
        meets_target: Some(target::meets(kind, value, *goal, j.better)),
    })
}
