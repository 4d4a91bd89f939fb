//! Validation: every problem in a framework at once.
//!
//! [`Framework::validate`] never stops at the first problem. Each [`Diagnostic`] carries the
//! path of the item (`measures[3].targets[0].by`), a [`Severity`], a [`DiagnosticCode`] that
//! programs can match on, and a message that says what to do. Errors make a framework unusable
//! for evaluation (dangling ids, cycles, unreadable periods, contradictions); warnings mark what
//! the strategy has not yet settled (placeholders, missing baselines, targets or sources) and
//! feed the completeness count.
//!
//! ```
//! use outcomes_core::model::Framework;
//! use outcomes_core::validate::Severity;
//! let fw = Framework::from_toml_str(r#"
//! schema_version = 1
//! id = "demo"
//! title = "Demo"
//! period = { from = "2024/25", to = "2028/29" }
//! [[commitments]]
//! id = "c1"
//! text = "Build an interface group"
//! objectives = ["nope"]
//! "#)?;
//! let found = fw.validate();
//! assert_eq!(found[0].path, "commitments[0].objectives[0]");
//! assert_eq!(found[0].severity, Severity::Error);
//! # Ok::<(), outcomes_core::Error>(())
//! ```

use std::collections::{HashMap, HashSet};
use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::{
    BreakdownKind, Direction, Figure, Framework, Measure, Polarity, SCHEMA_VERSION, Target,
    TargetKind, Unit, When, is_placeholder, parse_date, placeholders_in,
};
use crate::period::Period;

/// How serious a [`Diagnostic`] is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The framework cannot be evaluated as it stands.
    Error,
    /// Something to settle; the framework can still be evaluated.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// What a [`Diagnostic`] is about, for programs to match on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DiagnosticCode {
    /// The file's `schema_version` is not one this library reads.
    SchemaVersion,
    /// An id is empty.
    EmptyId,
    /// Two items share an id.
    DuplicateId,
    /// A reference to an id that does not exist.
    UnknownReference,
    /// A cycle in the objective or partnership tree.
    Cycle,
    /// A period or date that cannot be read.
    BadPeriod,
    /// Periods or dates in the wrong order.
    PeriodOrder,
    /// A target that contradicts the measure's polarity.
    ContradictsPolarity,
    /// A number outside its allowed range (a percentage above 100, a share above 1).
    OutOfRange,
    /// Text where a number belongs.
    NotANumber,
    /// A partnership with fewer than two members.
    TooFewMembers,
    /// Something the document left to be confirmed.
    Placeholder,
    /// A measure without a baseline.
    MissingBaseline,
    /// A measure without a target.
    MissingTarget,
    /// A target without the figure its kind needs.
    MissingTargetFigure,
    /// A target without a date or period.
    MissingTargetDate,
    /// A measure without a data source.
    MissingSource,
    /// A field that a kind of item needs is missing.
    MissingField,
}

/// One problem found in a framework.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Diagnostic {
    /// Where: `measures[3].targets[0].by`.
    pub path: String,
    /// Error or warning.
    pub severity: Severity,
    /// What it is about.
    pub code: DiagnosticCode,
    /// What is wrong and what to do.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.severity, self.path, self.message)
    }
}

impl Framework {
    /// Every problem in the framework, errors first then warnings, each in document order.
    #[must_use]
    pub fn validate(&self) -> Vec<Diagnostic> {
        let mut v = Validator {
            fw: self,
            out: Vec::new(),
        };
        v.run();
        let mut out = v.out;
        out.sort_by_key(|d| d.severity);
        out
    }
}

struct Validator<'a> {
    fw: &'a Framework,
    out: Vec<Diagnostic>,
}

fn quote_list(ids: &[&str]) -> String {
    let mut v: Vec<&str> = ids.to_vec();
    v.sort_unstable();
    let shown: Vec<String> = v.iter().take(8).map(|s| format!("\"{s}\"")).collect();
    let more = if v.len() > 8 {
        format!(" and {} more", v.len() - 8)
    } else {
        String::new()
    };
    format!("{}{more}", shown.join(", "))
}

impl<'a> Validator<'a> {
    fn push(
        &mut self,
        path: impl Into<String>,
        severity: Severity,
        code: DiagnosticCode,
        message: impl Into<String>,
    ) {
        self.out.push(Diagnostic {
            path: path.into(),
            severity,
            code,
            message: message.into(),
        });
    }
    fn error(&mut self, path: impl Into<String>, code: DiagnosticCode, message: impl Into<String>) {
        self.push(path, Severity::Error, code, message);
    }
    fn warn(&mut self, path: impl Into<String>, code: DiagnosticCode, message: impl Into<String>) {
        self.push(path, Severity::Warning, code, message);
    }

    fn run(&mut self) {
        let fw = self.fw;
        if fw.schema_version != SCHEMA_VERSION {
            self.error(
                "schema_version",
                DiagnosticCode::SchemaVersion,
                format!("schema_version {} is not supported; this library reads version {SCHEMA_VERSION}", fw.schema_version),
            );
        }
        if fw.id.trim().is_empty() {
            self.error(
                "id",
                DiagnosticCode::EmptyId,
                "the framework needs an id, e.g. \"sherwood-forest-partnerships\"",
            );
        }
        self.framework_period();

        let orgs = self.ids(
            "organisations",
            fw.organisations.iter().map(|o| o.id.as_str()),
        );
        let parts = self.ids(
            "partnerships",
            fw.partnerships.iter().map(|p| p.id.as_str()),
        );
        let objs = self.ids("objectives", fw.objectives.iter().map(|o| o.id.as_str()));
        let comms = self.ids("commitments", fw.commitments.iter().map(|c| c.id.as_str()));
        let meas = self.ids("measures", fw.measures.iter().map(|m| m.id.as_str()));
        self.ids(
            "value_outcomes",
            fw.value_outcomes.iter().map(|v| v.id.as_str()),
        );
        let _ = comms;
        for (i, o) in fw.organisations.iter().enumerate() {
            if let Some(p) = o.population {
                if !(p.is_finite() && p > 0.0) {
                    self.error(
                        format!("organisations[{i}].population"),
                        DiagnosticCode::OutOfRange,
                        format!("population {p} must be a positive number of people; leave it out if it is not known"),
                    );
                }
            }
        }
        for (i, p) in fw.partnerships.iter().enumerate() {
            if orgs.contains(p.id.as_str()) {
                self.error(
                    format!("partnerships[{i}].id"),
                    DiagnosticCode::DuplicateId,
                    format!("\"{}\" is also an organisation id; partnership members may name either, so the ids must differ", p.id),
                );
            }
        }

        if let Some(owner) = &fw.owner {
            self.reference("owner", owner, &orgs, "organisation");
        }
        self.partnerships(&orgs, &parts);
        self.objectives(&objs);
        self.commitments(&orgs, &parts, &objs, &meas);
        for (i, m) in fw.measures.iter().enumerate() {
            self.measure(i, m, &orgs, &objs);
        }
        self.value_outcomes(&orgs, &parts, &objs);
    }

    fn framework_period(&mut self) {
        let fw = self.fw;
        let from = Period::parse(&fw.period.from);
        let to = Period::parse(&fw.period.to);
        if let Err(e) = &from {
            self.error(
                "period.from",
                DiagnosticCode::BadPeriod,
                e.message().to_owned(),
            );
        }
        if let Err(e) = &to {
            self.error(
                "period.to",
                DiagnosticCode::BadPeriod,
                e.message().to_owned(),
            );
        }
        if let (Ok(f), Ok(t)) = (&from, &to) {
            if t.end() < f.start() {
                self.error(
                    "period.to",
                    DiagnosticCode::PeriodOrder,
                    format!("the strategy ends ({t}) before it starts ({f}); swap from and to"),
                );
            }
        }
    }

    /// Checks ids of one collection: non-empty, unique. Returns the set.
    fn ids<I: Iterator<Item = &'a str>>(&mut self, list: &str, ids: I) -> HashSet<&'a str> {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, id) in ids.enumerate() {
            if id.trim().is_empty() {
                self.error(format!("{list}[{i}].id"), DiagnosticCode::EmptyId, "the id is empty; give each item a short unique id, e.g. \"smoking-at-delivery\"");
                continue;
            }
            if let Some(first) = seen.get(id) {
                self.error(
                    format!("{list}[{i}].id"),
                    DiagnosticCode::DuplicateId,
                    format!("\"{id}\" is already the id of {list}[{first}]; ids must be unique"),
                );
            } else {
                seen.insert(id, i);
            }
        }
        seen.into_keys().collect()
    }

    fn reference(&mut self, path: &str, id: &str, known: &HashSet<&str>, what: &str) {
        if !known.contains(id) {
            let mut near: Vec<&str> = known.iter().copied().filter(|k| similar(k, id)).collect();
            near.sort_unstable();
            let hint = match near.first() {
                Some(n) => format!("; did you mean \"{n}\"?"),
                None if known.is_empty() => format!("; the framework has no {what}s yet"),
                None => format!(
                    "; known {what} ids: {}",
                    quote_list(&known.iter().copied().collect::<Vec<_>>())
                ),
            };
            self.error(
                path,
                DiagnosticCode::UnknownReference,
                format!("no {what} has id \"{id}\"{hint}"),
            );
        }
    }

    fn partnerships(&mut self, orgs: &HashSet<&str>, parts: &HashSet<&str>) {
        let fw = self.fw;
        let members_known: HashSet<&str> = orgs.union(parts).copied().collect();
        for (i, p) in fw.partnerships.iter().enumerate() {
            let base = format!("partnerships[{i}]");
            for (j, m) in p.members.iter().enumerate() {
                self.reference(
                    &format!("{base}.members[{j}]"),
                    m,
                    &members_known,
                    "organisation or partnership",
                );
                if m == &p.id {
                    self.error(
                        format!("{base}.members[{j}]"),
                        DiagnosticCode::Cycle,
                        "a partnership cannot be a member of itself",
                    );
                }
            }
            if p.members.len() < 2 {
                match &p.members_text {
                    Some(t) if !t.trim().is_empty() => self.warn(
                        format!("{base}.members"),
                        DiagnosticCode::Placeholder,
                        format!("members are described only in words (\"{t}\"); list the member organisations to confirm them"),
                    ),
                    _ => self.error(
                        format!("{base}.members"),
                        DiagnosticCode::TooFewMembers,
                        format!(
                            "a partnership needs at least two members but \"{}\" lists {}; add the members, or describe them in members_text if the document does not list them",
                            p.id,
                            p.members.len()
                        ),
                    ),
                }
            }
            if let Some(parent) = &p.parent {
                self.reference(&format!("{base}.parent"), parent, parts, "partnership");
            }
            let mut total = 0.0;
            for (j, s) in p.shares.iter().enumerate() {
                self.reference(
                    &format!("{base}.shares[{j}].organisation"),
                    &s.organisation,
                    orgs,
                    "organisation",
                );
                self.fraction(&format!("{base}.shares[{j}].share"), s.share);
                total += s.share;
            }
            if !p.shares.is_empty() && (total - 1.0).abs() > 1e-9 {
                self.error(
                    format!("{base}.shares"),
                    DiagnosticCode::OutOfRange,
                    format!("the shares add up to {total}, not 1; agreed shares must cover the whole gain or loss"),
                );
            }
            self.text_placeholders(&format!("{base}.purpose"), p.purpose.as_deref());
        }
        // Cycles through parent links and through nested membership.
        let ids: Vec<&str> = fw.partnerships.iter().map(|p| p.id.as_str()).collect();
        let parents: Vec<Option<&str>> = fw
            .partnerships
            .iter()
            .map(|p| p.parent.as_deref())
            .collect();
        self.parent_cycles("partnerships", &ids, &parents);
        let index: HashMap<&str, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        let members_of = |i: usize| -> Vec<usize> {
            fw.partnerships[i]
                .members
                .iter()
                .filter_map(|m| index.get(m.as_str()).copied())
                .filter(|&j| j != i)
                .collect()
        };
        self.cycles(
            "partnerships",
            "members",
            fw.partnerships.len(),
            members_of,
            |i| fw.partnerships[i].id.clone(),
        );
    }

    /// Reports cycles through `parent` links in a list of items.
    fn parent_cycles(&mut self, list: &str, ids: &[&str], parents: &[Option<&str>]) {
        let index: HashMap<&str, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        let parent_of = |i: usize| -> Vec<usize> {
            parents[i]
                .and_then(|p| index.get(p).copied())
                .into_iter()
                .collect()
        };
        self.cycles(list, "parent", ids.len(), parent_of, |i| ids[i].to_owned());
    }

    /// Reports each cycle in a graph once, at the item where it is first found.
    fn cycles(
        &mut self,
        list: &str,
        field: &str,
        n: usize,
        next: impl Fn(usize) -> Vec<usize>,
        name: impl Fn(usize) -> String,
    ) {
        // 0 = unvisited, 1 = on the stack, 2 = done
        let mut state = vec![0u8; n];
        for start in 0..n {
            if state[start] != 0 {
                continue;
            }
            let mut stack: Vec<(usize, Vec<usize>, usize)> = vec![(start, next(start), 0)];
            state[start] = 1;
            while let Some(top) = stack.len().checked_sub(1) {
                let (node, pos) = (stack[top].0, stack[top].2);
                if pos < stack[top].1.len() {
                    let s = stack[top].1[pos];
                    stack[top].2 += 1;
                    if state[s] == 1 {
                        let at = stack.iter().position(|(nd, _, _)| *nd == s).unwrap_or(0);
                        let mut ring: Vec<String> =
                            stack[at..].iter().map(|(nd, _, _)| name(*nd)).collect();
                        ring.push(name(s));
                        self.error(
                            format!("{list}[{node}].{field}"),
                            DiagnosticCode::Cycle,
                            format!("the {field} links form a cycle: {}; break it so the tree has a top", ring.join(" -> ")),
                        );
                    } else if state[s] == 0 {
                        state[s] = 1;
                        let ns = next(s);
                        stack.push((s, ns, 0));
                    }
                } else {
                    state[node] = 2;
                    stack.pop();
                }
            }
        }
    }

    fn objectives(&mut self, objs: &HashSet<&str>) {
        let fw = self.fw;
        for (i, o) in fw.objectives.iter().enumerate() {
            if let Some(p) = &o.parent {
                self.reference(&format!("objectives[{i}].parent"), p, objs, "objective");
            }
            self.text_placeholders(&format!("objectives[{i}].title"), Some(&o.title));
        }
        let ids: Vec<&str> = fw.objectives.iter().map(|o| o.id.as_str()).collect();
        let parents: Vec<Option<&str>> =
            fw.objectives.iter().map(|o| o.parent.as_deref()).collect();
        self.parent_cycles("objectives", &ids, &parents);
    }

    fn commitments(
        &mut self,
        orgs: &HashSet<&str>,
        parts: &HashSet<&str>,
        objs: &HashSet<&str>,
        meas: &HashSet<&str>,
    ) {
        let fw = self.fw;
        for (i, c) in fw.commitments.iter().enumerate() {
            let base = format!("commitments[{i}]");
            for (j, o) in c.objectives.iter().enumerate() {
                self.reference(&format!("{base}.objectives[{j}]"), o, objs, "objective");
            }
            for (j, p) in c.partnerships.iter().enumerate() {
                self.reference(
                    &format!("{base}.partnerships[{j}]"),
                    p,
                    parts,
                    "partnership",
                );
            }
            for (j, o) in c.owners.iter().enumerate() {
                self.reference(&format!("{base}.owners[{j}]"), o, orgs, "organisation");
            }
            for (j, m) in c.measures.iter().enumerate() {
                self.reference(&format!("{base}.measures[{j}]"), m, meas, "measure");
            }
            self.text_placeholders(&format!("{base}.text"), Some(&c.text));
            let mut seen: HashMap<&str, usize> = HashMap::new();
            for (j, m) in c.milestones.iter().enumerate() {
                let mp = format!("{base}.milestones[{j}]");
                if let Some(id) = &m.id {
                    if let Some(first) = seen.insert(id.as_str(), j) {
                        self.error(
                            format!("{mp}.id"),
                            DiagnosticCode::DuplicateId,
                            format!("\"{id}\" is already the id of {base}.milestones[{first}]; milestone ids must be unique within a commitment"),
                        );
                    }
                }
                let period = self.period_or_placeholder(&format!("{mp}.period"), &m.period);
                if let Some(due) = &m.due {
                    if is_placeholder(due) {
                        self.warn(
                            format!("{mp}.due"),
                            DiagnosticCode::Placeholder,
                            format!("due date to be confirmed: \"{due}\""),
                        );
                    } else {
                        match parse_date(due) {
                            Err(e) => self.error(
                                format!("{mp}.due"),
                                DiagnosticCode::BadPeriod,
                                e.message().to_owned(),
                            ),
                            Ok(d) => {
                                if let Some(p) = &period {
                                    if d < p.start() {
                                        self.warn(
                                            format!("{mp}.due"),
                                            DiagnosticCode::PeriodOrder,
                                            format!("the due date {d} is before the milestone's period {p} starts"),
                                        );
                                    }
                                }
                            }
                        }
                    }
                }
                self.text_placeholders(&format!("{mp}.description"), Some(&m.description));
            }
        }
    }

    fn period_or_placeholder(&mut self, path: &str, text: &str) -> Option<Period> {
        if is_placeholder(text) {
            self.warn(
                path,
                DiagnosticCode::Placeholder,
                format!("period to be confirmed: \"{text}\""),
            );
            return None;
        }
        match self.fw.resolve_when(text) {
            Ok(When::Period(p)) => Some(p),
            Ok(When::Date(d)) => Some(Period::financial_year_containing(d)),
            Err(e) => {
                self.error(path, DiagnosticCode::BadPeriod, e.message().to_owned());
                None
            }
        }
    }

    fn when_or_placeholder(&mut self, path: &str, text: &str) -> Option<When> {
        if is_placeholder(text) {
            self.warn(
                path,
                DiagnosticCode::Placeholder,
                format!("date to be confirmed: \"{text}\""),
            );
            return None;
        }
        match self.fw.resolve_when(text) {
            Ok(w) => Some(w),
            Err(e) => {
                self.error(path, DiagnosticCode::BadPeriod, e.message().to_owned());
                None
            }
        }
    }

    fn text_placeholders(&mut self, path: &str, text: Option<&str>) {
        if let Some(t) = text {
            for p in placeholders_in(t) {
                self.warn(
                    path,
                    DiagnosticCode::Placeholder,
                    format!("to be confirmed: the text holds the placeholder \"{p}\""),
                );
            }
        }
    }

    /// A figure: number -> Some, placeholder -> warning, other text -> error.
    fn figure(&mut self, path: &str, f: &Figure) -> Option<f64> {
        match f {
            Figure::Number(v) if v.is_finite() => Some(*v),
            Figure::Number(v) => {
                self.error(
                    path,
                    DiagnosticCode::OutOfRange,
                    format!("{v} is not a finite number"),
                );
                None
            }
            Figure::Text(t) if is_placeholder(t) => {
                self.warn(
                    path,
                    DiagnosticCode::Placeholder,
                    format!("figure to be confirmed: \"{t}\""),
                );
                None
            }
            Figure::Text(t) => {
                self.error(
                    path,
                    DiagnosticCode::NotANumber,
                    format!("\"{t}\" is not a number; write the figure as a number (13.0), or as a placeholder such as \"[insert figure]\" if it is not yet known"),
                );
                None
            }
        }
    }

    fn fraction(&mut self, path: &str, v: f64) {
        if !(0.0..=1.0).contains(&v) {
            self.error(
                path,
                DiagnosticCode::OutOfRange,
                format!("{v} is not a fraction between 0 and 1; write 20% as 0.2"),
            );
        }
    }

    fn in_unit_range(&mut self, path: &str, unit: Unit, v: f64) {
        let (lo, hi, what) = match unit {
            Unit::Percent => (0.0, 100.0, "a percentage"),
            Unit::Proportion => (0.0, 1.0, "a proportion"),
            _ => return,
        };
        if !(lo..=hi).contains(&v) {
            self.error(path, DiagnosticCode::OutOfRange, format!("{v} is outside {lo}-{hi}, the range of {what}; check the unit (percent is 0-100, proportion 0-1)"));
        }
    }

    fn measure(&mut self, i: usize, m: &Measure, orgs: &HashSet<&str>, objs: &HashSet<&str>) {
        let base = format!("measures[{i}]");
        for (j, o) in m.objectives.iter().enumerate() {
            self.reference(&format!("{base}.objectives[{j}]"), o, objs, "objective");
        }
        for (j, o) in m.owners.iter().enumerate() {
            self.reference(&format!("{base}.owners[{j}]"), o, orgs, "organisation");
        }
        self.text_placeholders(&format!("{base}.wording"), m.wording.as_deref());
        self.text_placeholders(&format!("{base}.definition"), m.definition.as_deref());
        if m.unit == Unit::Rate && m.per.is_none() {
            self.error(
                format!("{base}.per"),
                DiagnosticCode::MissingField,
                "a rate needs `per`, the population it is per (e.g. 100000 for \"per 100,000\")",
            );
        }
        if let Some(per) = m.per {
            if !(per.is_finite() && per > 0.0) {
                self.error(
                    format!("{base}.per"),
                    DiagnosticCode::OutOfRange,
                    format!("per = {per} must be a positive number"),
                );
            }
        }
        if let Some(s) = m.suppress_below {
            if !(s.is_finite() && s >= 0.0) {
                self.error(
                    format!("{base}.suppress_below"),
                    DiagnosticCode::OutOfRange,
                    format!("suppress_below = {s} must be a count of 0 or more"),
                );
            }
        }
        // Breakdowns
        let mut dims: HashMap<&str, usize> = HashMap::new();
        for (j, b) in m.breakdowns.iter().enumerate() {
            let bp = format!("{base}.breakdowns[{j}]");
            if let Some(first) = dims.insert(b.dimension.as_str(), j) {
                self.error(
                    format!("{bp}.dimension"),
                    DiagnosticCode::DuplicateId,
                    format!(
                        "dimension \"{}\" is already breakdowns[{first}]",
                        b.dimension
                    ),
                );
            }
            if matches!(
                b.kind,
                BreakdownKind::DeprivationQuintile | BreakdownKind::DeprivationDecile
            ) && b.most_deprived.is_none()
            {
                self.error(
                    format!("{bp}.most_deprived"),
                    DiagnosticCode::MissingField,
                    "say which level is most deprived (most_deprived = \"1\" for IMD quintile 1 = most deprived); orientation differs between sources",
                );
            }
        }
        // Baselines
        let mut baseline: Option<(Period, f64)> = None;
        if m.baselines.is_empty() {
            self.warn(
                format!("{base}.baselines"),
                DiagnosticCode::MissingBaseline,
                format!(
                    "measure \"{}\" has no baseline; progress cannot be measured until one is set",
                    m.id
                ),
            );
        }
        for (j, b) in m.baselines.iter().enumerate() {
            let bp = format!("{base}.baselines[{j}]");
            let p = self.period_or_placeholder(&format!("{bp}.period"), &b.period);
            let v = self.figure(&format!("{bp}.value"), &b.value);
            if let Some(v) = v {
                self.in_unit_range(&format!("{bp}.value"), m.unit, v);
            }
            if let (Some(num), Some(den)) = (b.numerator, b.denominator) {
                if !(num.is_finite() && den.is_finite() && num >= 0.0 && den > 0.0) {
                    self.error(format!("{bp}.denominator"), DiagnosticCode::OutOfRange, format!("numerator {num} and denominator {den} must be finite, numerator >= 0, denominator > 0"));
                }
            }
            if let (Some(p), Some(v)) = (p, v) {
                if baseline.is_none() && b.area.is_none() {
                    baseline = Some((p, v));
                } else if baseline.is_none() && j + 1 == m.baselines.len() {
                    // No footprint-wide baseline: use the first area's for direction checks.
                    baseline = Some((p, v));
                }
            }
        }
        if baseline.is_none() {
            baseline = m.baselines.iter().find_map(|b| {
                let p = Period::parse(&b.period).ok()?;
                Some((p, b.value.number()?))
            });
        }
        // Targets
        if m.targets.is_empty() {
            self.warn(format!("{base}.targets"), DiagnosticCode::MissingTarget, format!("measure \"{}\" has no target; add one, or a direction target if the strategy gives no figure", m.id));
        }
        for (j, t) in m.targets.iter().enumerate() {
            self.target(
                &format!("{base}.targets[{j}]"),
                m,
                t,
                baseline.as_ref(),
                &dims,
            );
        }
        if m.source.is_none() {
            self.warn(
                format!("{base}.source"),
                DiagnosticCode::MissingSource,
                format!(
                    "measure \"{}\" has no data source; name where the figures will come from",
                    m.id
                ),
            );
        }
    }

    fn target(
        &mut self,
        tp: &str,
        m: &Measure,
        t: &Target,
        baseline: Option<&(Period, f64)>,
        dims: &HashMap<&str, usize>,
    ) {
        self.text_placeholders(&format!("{tp}.wording"), t.wording.as_deref());
        let value = t
            .value
            .as_ref()
            .and_then(|f| self.figure(&format!("{tp}.value"), f));
        let upper = t
            .upper
            .as_ref()
            .and_then(|f| self.figure(&format!("{tp}.upper"), f));
        let needs_value = !matches!(
            t.kind,
            TargetKind::Stabilise
                | TargetKind::Direction
                | TargetKind::Category
                | TargetKind::Comparator
        );
        let direction_only = t.direction.is_some() && matches!(t.kind, TargetKind::Gap);
        if needs_value && !direction_only && t.value.is_none() {
            self.warn(format!("{tp}.value"), DiagnosticCode::MissingTargetFigure, format!("a {} target needs a figure; add `value`, or \"[insert figure]\" if the strategy has not set one", kind_name(t.kind)));
        }
        let is_level = matches!(
            t.kind,
            TargetKind::Absolute
                | TargetKind::AtLeast
                | TargetKind::AtMost
                | TargetKind::Floor
                | TargetKind::Ceiling
        );
        if is_level {
            if let Some(v) = value {
                self.in_unit_range(&format!("{tp}.value"), m.unit, v);
            }
        }
        if let (Some(lo), Some(hi)) = (value, upper) {
            if hi < lo {
                self.error(
                    format!("{tp}.upper"),
                    DiagnosticCode::OutOfRange,
                    format!("the range's upper end {hi} is below its lower end {lo}"),
                );
            }
        }
        match t.kind {
            TargetKind::Direction if t.direction.is_none() => {
                self.error(format!("{tp}.direction"), DiagnosticCode::MissingField, "a direction target needs `direction`: increase, decrease or stabilise");
            }
            TargetKind::Comparator if t.comparator.is_none() && m.comparator.is_none() => {
                self.error(format!("{tp}.comparator"), DiagnosticCode::MissingField, "a comparator target needs `comparator` (e.g. \"England\"), here or on the measure");
            }
            TargetKind::Gap => match &t.dimension {
                None => self.error(format!("{tp}.dimension"), DiagnosticCode::MissingField, "a gap target needs `dimension`, the breakdown whose gap it is (e.g. \"deprivation_quintile\")"),
                Some(d) if !dims.contains_key(d.as_str()) => self.error(
                    format!("{tp}.dimension"),
                    DiagnosticCode::UnknownReference,
                    format!("the measure has no breakdown \"{d}\"; add it to the measure's breakdowns"),
                ),
                Some(_) => {}
            },
            TargetKind::Category if t.category.is_none() => {
                self.error(format!("{tp}.category"), DiagnosticCode::MissingField, "a category target needs `category` (e.g. \"good or outstanding\")");
            }
            TargetKind::Counterfactual if t.counterfactual.is_none() => {
                self.error(format!("{tp}.counterfactual"), DiagnosticCode::MissingField, "a counterfactual target needs `counterfactual`, the series it is compared with (e.g. \"unmitigated growth\")");
            }
            _ => {}
        }
        // When
        let by = if let Some(b) = &t.by {
            self.when_or_placeholder(&format!("{tp}.by"), b)
        } else {
            {
                if !matches!(t.kind, TargetKind::Direction | TargetKind::Stabilise)
                    || t.value.is_some()
                {
                    self.warn(format!("{tp}.by"), DiagnosticCode::MissingTargetDate, "the target has no date; add `by` (a period such as \"2027/28\", or a date)");
                }
                None
            }
        };
        if let Some(f) = &t.from {
            self.period_or_placeholder(&format!("{tp}.from"), f);
        }
        if let (Some(w), Some((bp, _))) = (&by, baseline) {
            if w.end() <= bp.end() {
                self.error(
                    format!("{tp}.by"),
                    DiagnosticCode::PeriodOrder,
                    format!("the target is due by {} but the baseline is {bp}; a target must come after its baseline", show_when(w)),
                );
            }
        }
        // Trajectory
        let mut seen: HashSet<&str> = HashSet::new();
        for (k, p) in t.trajectory.iter().enumerate() {
            let pp = format!("{tp}.trajectory[{k}]");
            if !seen.insert(p.period.trim()) {
                self.error(
                    format!("{pp}.period"),
                    DiagnosticCode::DuplicateId,
                    format!("the trajectory already has a point for {}", p.period),
                );
            }
            let per = self.period_or_placeholder(&format!("{pp}.period"), &p.period);
            if let Some(v) = self.figure(&format!("{pp}.value"), &p.value) {
                self.in_unit_range(&format!("{pp}.value"), m.unit, v);
            }
            if let (Some(per), Some(w)) = (&per, &by) {
                if per.start() > w.end() {
                    self.warn(
                        format!("{pp}.period"),
                        DiagnosticCode::PeriodOrder,
                        format!(
                            "trajectory point {per} is after the target date {}",
                            show_when(w)
                        ),
                    );
                }
            }
        }
        self.polarity(tp, m, t, value, baseline);
    }

    fn polarity(
        &mut self,
        tp: &str,
        m: &Measure,
        t: &Target,
        value: Option<f64>,
        baseline: Option<&(Period, f64)>,
    ) {
        if t.kind == TargetKind::Gap {
            // A gap target's direction is about the gap between groups, not the measure's
            // values: narrowing it is the aim whatever the measure's polarity.
            return;
        }
        let better_up = match m.polarity {
            Polarity::HigherIsBetter => true,
            Polarity::LowerIsBetter => false,
            Polarity::NoJudgement | Polarity::NotApplicable => return,
        };
        let polarity_text = if better_up {
            "higher is better"
        } else {
            "lower is better"
        };
        if let Some(d) = t.direction {
            let contradicts = matches!(
                (d, better_up),
                (Direction::Increase, false) | (Direction::Decrease, true)
            );
            if contradicts {
                self.error(
                    format!("{tp}.direction"),
                    DiagnosticCode::ContradictsPolarity,
                    format!("the target asks for {} but the measure's polarity is {polarity_text}; fix the polarity or the direction", direction_word(d)),
                );
            }
        }
        let Some(v) = value else { return };
        let change_kinds = matches!(
            t.kind,
            TargetKind::RelativeChange
                | TargetKind::YearlyChange
                | TargetKind::Counterfactual
                | TargetKind::CountAboveBaseline
        );
        if change_kinds && v != 0.0 && (v > 0.0) != better_up {
            self.error(
                format!("{tp}.value"),
                DiagnosticCode::ContradictsPolarity,
                format!(
                    "a change of {v} is {} but the measure's polarity is {polarity_text}; a reduction is written as a negative change (e.g. -10 for \"a 10% reduction\")",
                    if v > 0.0 { "an increase" } else { "a reduction" }
                ),
            );
        }
        if matches!(t.kind, TargetKind::Absolute) {
            if let Some((bp, b)) = baseline {
                let worse = if better_up { v < *b } else { v > *b };
                if worse {
                    self.error(
                        format!("{tp}.value"),
                        DiagnosticCode::ContradictsPolarity,
                        format!(
                            "the target {v} is {} the baseline {b} ({bp}) but {polarity_text}; the target would be a deterioration",
                            if v < *b { "below" } else { "above" }
                        ),
                    );
                }
            }
        }
    }

    fn value_outcomes(
        &mut self,
        orgs: &HashSet<&str>,
        parts: &HashSet<&str>,
        objs: &HashSet<&str>,
    ) {
        let fw = self.fw;
        for (i, v) in fw.value_outcomes.iter().enumerate() {
            let base = format!("value_outcomes[{i}]");
            if let Some(p) = &v.partnership {
                self.reference(&format!("{base}.partnership"), p, parts, "partnership");
            }
            for (j, o) in v.objectives.iter().enumerate() {
                self.reference(&format!("{base}.objectives[{j}]"), o, objs, "objective");
            }
            if let Some(p) = &v.period {
                self.period_or_placeholder(&format!("{base}.period"), p);
            }
            for (field, f) in [
                ("quantity", &v.quantity),
                ("money", &v.money),
                ("investment", &v.investment),
            ] {
                if let Some(f) = f {
                    if let Some(x) = self.figure(&format!("{base}.{field}"), f) {
                        if field != "money" && x < 0.0 {
                            self.error(
                                format!("{base}.{field}"),
                                DiagnosticCode::OutOfRange,
                                format!("{field} = {x} cannot be negative"),
                            );
                        }
                    }
                }
            }
            if let Some(p) = &v.proxy {
                if let Some(f) = &p.value {
                    self.figure(&format!("{base}.proxy.value"), f);
                }
                if p.value.is_none() && p.id.is_none() {
                    self.error(
                        format!("{base}.proxy"),
                        DiagnosticCode::MissingField,
                        "a proxy needs `value` or the `id` of a row in your proxy table",
                    );
                }
            }
            for (field, x) in [
                ("deadweight", v.deadweight),
                ("displacement", v.displacement),
                ("attribution", v.attribution),
                ("drop_off", v.drop_off),
            ] {
                if let Some(x) = x {
                    self.fraction(&format!("{base}.{field}"), x);
                }
            }
            if let Some(d) = v.duration_years {
                if !(d.is_finite() && d > 0.0) {
                    self.error(
                        format!("{base}.duration_years"),
                        DiagnosticCode::OutOfRange,
                        format!("duration_years = {d} must be positive"),
                    );
                }
            }
            let mut total = 0.0;
            for (j, s) in v.beneficiaries.iter().enumerate() {
                self.reference(
                    &format!("{base}.beneficiaries[{j}].organisation"),
                    &s.organisation,
                    orgs,
                    "organisation",
                );
                self.fraction(&format!("{base}.beneficiaries[{j}].share"), s.share);
                total += s.share;
            }
            if !v.beneficiaries.is_empty() && (total - 1.0).abs() > 1e-9 {
                self.error(
                    format!("{base}.beneficiaries"),
                    DiagnosticCode::OutOfRange,
                    format!("the beneficiaries' shares add up to {total}, not 1"),
                );
            }
            if v.quantity.is_none() && v.money.is_none() {
                self.warn(format!("{base}.quantity"), DiagnosticCode::MissingField, "the outcome has neither a quantity nor a money amount yet; add one to count it in the review");
            }
            self.text_placeholders(&format!("{base}.wording"), v.wording.as_deref());
        }
    }
}

fn kind_name(k: TargetKind) -> String {
    serde_json::to_value(k)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
        .replace('_', " ")
}

fn direction_word(d: Direction) -> &'static str {
    match d {
        Direction::Increase => "an increase",
        Direction::Decrease => "a reduction",
        Direction::Stabilise => "stabilisation",
    }
}

fn show_when(w: &When) -> String {
    match w {
        When::Period(p) => p.to_string(),
        When::Date(d) => d.to_string(),
    }
}

/// Whether two ids are close enough to suggest one for the other.
fn similar(a: &str, b: &str) -> bool {
    let (a, b) = (a.to_ascii_lowercase(), b.to_ascii_lowercase());
    if a == b {
        return true;
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().abs_diff(b.len()) > 2 {
        return false;
    }
    // Levenshtein distance <= 2
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()] <= 2
}
