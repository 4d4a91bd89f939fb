//! Monetisation of value outcomes: quantity × proxy, or money stated directly, with the
//! proxy's provenance; outcomes that cannot be valued are kept and counted, never mixed into
//! money totals.
//!
//! Proxy values come from a table the user loads ([`ProxyTable::from_csv_reader`]). None is
//! shipped: licensed sets such as the National TOMs and the HACT Social Value Bank may be
//! used under their own licences but never distributed with this library.

use std::collections::BTreeMap;
use std::io::Read;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::sroi::{Sroi, SroiInput, sroi};
use crate::Error;
use crate::model::{Basis, Figure, ValueKind, ValueOutcome};

/// One row of a [`ProxyTable`]: the money value of one unit of an outcome and where it comes
/// from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProxyRow {
    /// Id that value outcomes refer to (`proxy.id`).
    pub id: String,
    /// Value of one unit (GBP), at least 0.
    pub value: f64,
    /// Unit valued ("person-year into work").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Where the value comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Version of the source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Price year of the value (`2023/24`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_year: Option<String>,
    /// Licence under which the value is used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licence: Option<String>,
}

/// Proxy values by id, loaded by the user.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ProxyTable {
    rows: BTreeMap<String, ProxyRow>,
}

const PROXY_COLUMNS: [&str; 7] = [
    "id",
    "value",
    "unit",
    "source",
    "version",
    "price_year",
    "licence",
];

impl ProxyTable {
    /// An empty table.
    #[must_use]
    pub fn new() -> Self {
        ProxyTable::default()
    }

    /// Adds a row.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for an empty or repeated id or a negative or non-finite
    /// value.
    pub fn insert(&mut self, row: ProxyRow) -> Result<(), Error> {
        if row.id.trim().is_empty() {
            return Err(Error::invalid_argument("id", "a proxy needs an id"));
        }
        if !(row.value.is_finite() && row.value >= 0.0) {
            return Err(Error::invalid_argument(
                "value",
                format!(
                    "proxy \"{}\" has value {}; a proxy value must be a non-negative amount",
                    row.id, row.value
                ),
            ));
        }
        if self.rows.contains_key(&row.id) {
            return Err(Error::invalid_argument(
                "id",
                format!("proxy \"{}\" is given twice; give each id once", row.id),
            ));
        }
        self.rows.insert(row.id.clone(), row);
        Ok(())
    }

    /// The row with this id.
    #[must_use]
    pub fn get(&self, id: &str) -> Option<&ProxyRow> {
        self.rows.get(id)
    }

    /// Number of rows.
    #[must_use]
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether the table has no rows.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The rows in id order.
    pub fn iter(&self) -> impl Iterator<Item = &ProxyRow> {
        self.rows.values()
    }

    /// Reads a proxy table from CSV.
    ///
    /// Columns (header names, any order, case-insensitive): `id` and `value` (required),
    /// `unit`, `source`, `version`, `price_year`, `licence` (or `license`). Values are plain
    /// non-negative numbers in GBP (no `£`, no thousands separators). Empty optional cells
    /// are `None`.
    ///
    /// ```
    /// use outcomes_core::value::ProxyTable;
    /// let csv = "id,value,unit,source,version,price_year,licence\n\
    ///            job,5000,person-year,Illustrative local estimate,1,2023/24,CC-BY-4.0\n";
    /// let t = ProxyTable::from_csv_reader(csv.as_bytes())?;
    /// assert_eq!(t.get("job").unwrap().value, 5000.0);
    /// # Ok::<(), outcomes_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Data`] naming the line (and column) of the first problem: a missing `id` or
    /// `value` column, an unknown or repeated column, an empty id, a repeated id, a value that
    /// is not a non-negative number; [`Error::Io`] when reading fails.
    pub fn from_csv_reader<R: Read>(reader: R) -> Result<ProxyTable, Error> {
        let mut rdr = csv::ReaderBuilder::new()
            .flexible(false)
            .from_reader(reader);
        let headers = rdr
            .headers()
            .map_err(|e| crate::data::csv_long::csv_error(&e))?
            .clone();
        let mut col: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, h) in headers.iter().enumerate() {
            let name = h.trim().trim_start_matches('\u{feff}').to_ascii_lowercase();
            let name = if name == "license" {
                "licence".to_owned()
            } else {
                name
            };
            let Some(known) = PROXY_COLUMNS.iter().find(|k| **k == name) else {
                return Err(Error::data(
                    format!("line 1 (column {})", i + 1),
                    format!(
                        "unknown column \"{}\"; a proxy table has the columns {}",
                        h.trim(),
                        PROXY_COLUMNS.join(", ")
                    ),
                ));
            };
            if col.insert(known, i).is_some() {
                return Err(Error::data(
                    format!("line 1 ({known})"),
                    format!("the column \"{known}\" appears twice"),
                ));
            }
        }
        for required in ["id", "value"] {
            if !col.contains_key(required) {
                return Err(Error::data(
                    "line 1",
                    format!(
                        "the header has no \"{required}\" column; a proxy table needs at least id and value (and should give source, version, price_year and licence)"
                    ),
                ));
            }
        }
        let mut table = ProxyTable::new();
        let mut record = csv::StringRecord::new();
        loop {
            match rdr.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => return Err(crate::data::csv_long::csv_error(&e)),
            }
            let line = record.position().map_or(0, csv::Position::line);
            let cell = |name: &str| {
                col.get(name)
                    .and_then(|&i| record.get(i))
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
            };
            let Some(id) = cell("id") else {
                return Err(Error::data(
                    format!("line {line} (id)"),
                    "the id is empty; give every proxy an id",
                ));
            };
            let text = cell("value").unwrap_or("");
            let value = match text.parse::<f64>() {
                Ok(v) if v.is_finite() && v >= 0.0 => v,
                _ => {
                    let hint = if text.contains(',') || text.starts_with('£') {
                        " (write plain numbers: 5000, not £5,000)"
                    } else {
                        ""
                    };
                    return Err(Error::data(
                        format!("line {line} (value)"),
                        format!(
                            "proxy \"{id}\" has value \"{text}\"; a proxy value must be a non-negative number{hint}"
                        ),
                    ));
                }
            };
            let owned = |name: &str| cell(name).map(str::to_owned);
            table
                .insert(ProxyRow {
                    id: id.to_owned(),
                    value,
                    unit: owned("unit"),
                    source: owned("source"),
                    version: owned("version"),
                    price_year: owned("price_year"),
                    licence: owned("licence"),
                })
                .map_err(|e| Error::data(format!("line {line} ({})", e.path()), e.message()))?;
        }
        Ok(table)
    }
}

/// Whether a value outcome could be valued in money.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MonetisedStatus {
    /// Valued in money.
    Monetised,
    /// Kept and counted, but not valued: no money, no proxy, or a proxy not in the table.
    NotMonetised,
    /// A figure it needs is a placeholder ("[insert figure]"), to be confirmed.
    ToBeConfirmed,
}

/// How a monetised outcome was valued.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MonetisationMethod {
    /// The outcome states its money amount.
    Direct,
    /// Quantity × proxy value.
    QuantityTimesProxy,
}

/// A value outcome valued in money, or the reason it is not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Monetised {
    /// Id of the value outcome.
    pub id: String,
    /// Kind of value.
    pub kind: ValueKind,
    /// One-off or per year.
    pub basis: Basis,
    /// Whether it was valued.
    pub status: MonetisedStatus,
    /// How it was valued, when it was.
    pub method: Option<MonetisationMethod>,
    /// The quantity, when a number.
    pub quantity: Option<f64>,
    /// Unit of the quantity.
    pub unit: Option<String>,
    /// The proxy used, with its provenance.
    pub proxy: Option<ProxyRow>,
    /// Gross money (GBP): the one-off amount, or the amount per year, before deadweight,
    /// displacement and attribution.
    pub amount: Option<f64>,
    /// `amount × (1 − deadweight)(1 − displacement)(1 − attribution)`: the part due to the
    /// partnership (equal to `amount` when no adjustment is given).
    pub adjusted_amount: Option<f64>,
    /// Years a per-year amount lasts (1 when not given; `None` for one-off amounts).
    pub duration_years: Option<f64>,
    /// Social return on investment, when the investment is a known number, the amount is not
    /// negative and the duration is a whole number of years.
    pub sroi: Option<Sroi>,
    /// Placeholders to be confirmed, as `field: text` (`money: [insert figure]`).
    pub to_be_confirmed: Vec<String>,
    /// Why it is not monetised, or why no SROI is given.
    pub notes: Vec<String>,
}

fn figure(field: &str, f: Option<&Figure>, tbc: &mut Vec<String>) -> (Option<f64>, bool) {
    match f {
        None => (None, false),
        Some(Figure::Number(x)) => (Some(*x), false),
        Some(Figure::Text(t)) => {
            tbc.push(format!("{field}: {t}"));
            (None, true)
        }
    }
}

/// Values one outcome in money.
///
/// # Rules
///
/// 1. A `money` figure, when a number, is the amount (method `direct`); it may be negative
///    (a cost).
/// 2. Otherwise a `quantity` with a proxy is valued as `quantity × proxy value`: the proxy's
///    own `value` when the outcome states it (its provenance completed from the table row of
///    the same id, if any), else the row of `proxies` with the proxy's `id`.
/// 3. A placeholder in a figure the amount depends on makes the outcome *to be confirmed*; a
///    quantity with no proxy, a proxy id not in the table, or no quantity and no money leaves
///    it *not monetised*, with a note. Either way it is kept and counted but has no amount.
/// 4. `basis` says whether the amount is one-off or per year; a per-year amount lasts
///    `duration_years` (1 when not given).
/// 5. When the investment is a number, an SROI is computed ([`sroi`]) with the outcome's
///    adjustments: quantity and proxy as given, or quantity 1 and proxy = money for a direct
///    amount; a one-off amount counts as one year with no drop-off. A fractional duration
///    gives no SROI (a note says why): SROI durations are whole years.
///
/// # Errors
///
/// [`Error::InvalidArgument`], path `value_outcomes.ID.FIELD`: a negative quantity or proxy
/// value, a non-finite figure, an adjustment outside `[0, 1]`, a non-positive duration, a
/// negative investment.
///
/// # Examples
///
/// ```
/// use outcomes_core::model::{Basis, Figure, Proxy, ValueKind, ValueOutcome};
/// use outcomes_core::value::{monetise, MonetisedStatus, ProxyTable};
/// let table = ProxyTable::from_csv_reader(
///     "id,value,source\njob,5000,Illustrative local estimate\n".as_bytes(),
/// )?;
/// let outcome: ValueOutcome = serde_json::from_str(r#"{
///     "id": "jobs", "title": "Local people into work", "kind": "social",
///     "quantity": 40, "unit": "people", "basis": "per_year", "duration_years": 3,
///     "proxy": {"id": "job"}, "investment": 100000,
///     "deadweight": 0.2, "displacement": 0.1, "attribution": 0.25, "drop_off": 0.3
/// }"#).unwrap();
/// let m = monetise(&outcome, &table)?;
/// assert_eq!(m.status, MonetisedStatus::Monetised);
/// assert_eq!(m.amount, Some(200_000.0));
/// assert!((m.sroi.unwrap().present_value - 222_652.04).abs() < 0.005);
/// # Ok::<(), outcomes_core::Error>(())
/// ```
pub fn monetise(outcome: &ValueOutcome, proxies: &ProxyTable) -> Result<Monetised, Error> {
    let base = format!("value_outcomes.{}", outcome.id);
    let at = |field: &str| format!("{base}.{field}");
    let mut tbc = Vec::new();
    let mut notes = Vec::new();
    let (money, money_tbc) = figure("money", outcome.money.as_ref(), &mut tbc);
    let (quantity, quantity_tbc) = figure("quantity", outcome.quantity.as_ref(), &mut tbc);
    let (investment, _) = figure("investment", outcome.investment.as_ref(), &mut tbc);
    let proxy_figure = outcome.proxy.as_ref().and_then(|p| p.value.as_ref());
    let (proxy_value, proxy_tbc) = figure("proxy.value", proxy_figure, &mut tbc);
    for (field, x) in [
        ("money", money),
        ("quantity", quantity),
        ("proxy.value", proxy_value),
        ("investment", investment),
    ] {
        if let Some(x) = x {
            if !x.is_finite() || (field != "money" && x < 0.0) {
                return Err(Error::invalid_argument(
                    at(field),
                    format!(
                        "{field} = {x} must be a finite{} number",
                        if field == "money" {
                            ""
                        } else {
                            " non-negative"
                        }
                    ),
                ));
            }
        }
    }
    for (field, x) in [
        ("deadweight", outcome.deadweight),
        ("displacement", outcome.displacement),
        ("attribution", outcome.attribution),
        ("drop_off", outcome.drop_off),
    ] {
        if let Some(x) = x {
            super::check_fraction(field, x).map_err(|e| e.within(&base))?;
        }
    }
    if let Some(d) = outcome.duration_years {
        if !(d.is_finite() && d > 0.0) {
            return Err(Error::invalid_argument(
                at("duration_years"),
                format!("duration_years = {d} must be a positive number of years"),
            ));
        }
    }

    // The proxy: inline value, completed from the table, or the table row.
    let table_row = outcome
        .proxy
        .as_ref()
        .and_then(|p| p.id.as_deref())
        .and_then(|id| proxies.get(id));
    let proxy: Option<ProxyRow> = match (&outcome.proxy, proxy_value) {
        (Some(p), Some(v)) => Some(ProxyRow {
            id: p.id.clone().unwrap_or_default(),
            value: v,
            unit: table_row.and_then(|r| r.unit.clone()),
            source: p
                .source
                .clone()
                .or_else(|| table_row.and_then(|r| r.source.clone())),
            version: p
                .version
                .clone()
                .or_else(|| table_row.and_then(|r| r.version.clone())),
            price_year: p
                .price_year
                .clone()
                .or_else(|| table_row.and_then(|r| r.price_year.clone())),
            licence: p
                .licence
                .clone()
                .or_else(|| table_row.and_then(|r| r.licence.clone())),
        }),
        (Some(_), None) if !proxy_tbc => table_row.cloned(),
        _ => None,
    };

    let (status, method, amount, sroi_q_p) = if let Some(m) = money {
        (
            MonetisedStatus::Monetised,
            Some(MonetisationMethod::Direct),
            Some(m),
            Some((1.0, m)),
        )
    } else if money_tbc {
        (MonetisedStatus::ToBeConfirmed, None, None, None)
    } else if let Some(q) = quantity {
        if let Some(p) = &proxy {
            (
                MonetisedStatus::Monetised,
                Some(MonetisationMethod::QuantityTimesProxy),
                Some(q * p.value),
                Some((q, p.value)),
            )
        } else if proxy_tbc {
            (MonetisedStatus::ToBeConfirmed, None, None, None)
        } else {
            match outcome.proxy.as_ref().and_then(|p| p.id.as_deref()) {
                Some(id) => notes.push(format!(
                    "not monetised: the proxy \"{id}\" is not in the proxy table; load a table that has it"
                )),
                None => notes.push(
                    "not monetised: the quantity has no proxy value; it is counted, not valued"
                        .to_owned(),
                ),
            }
            (MonetisedStatus::NotMonetised, None, None, None)
        }
    } else if quantity_tbc {
        (MonetisedStatus::ToBeConfirmed, None, None, None)
    } else {
        notes.push(
            "not monetised: the outcome has neither a quantity nor a money amount".to_owned(),
        );
        (MonetisedStatus::NotMonetised, None, None, None)
    };

    let keep = (1.0 - outcome.deadweight.unwrap_or(0.0))
        * (1.0 - outcome.displacement.unwrap_or(0.0))
        * (1.0 - outcome.attribution.unwrap_or(0.0));
    let duration_years = match outcome.basis {
        Basis::OneOff => None,
        Basis::PerYear => Some(outcome.duration_years.unwrap_or(1.0)),
    };

    let mut sroi_result = None;
    if let (Some((q, p)), Some(inv)) = (sroi_q_p, investment) {
        let years = match outcome.basis {
            Basis::OneOff => Some(1),
            Basis::PerYear => {
                let d = outcome.duration_years.unwrap_or(1.0);
                if d.fract() == 0.0 && d <= f64::from(super::sroi::MAX_DURATION_YEARS) {
                    Some(d as u32)
                } else {
                    notes.push(format!("no SROI: duration_years = {d} is not a whole number of years from 1 to 1000"));
                    None
                }
            }
        };
        if p < 0.0 {
            notes.push("no SROI: the money amount is negative (a cost)".to_owned());
        } else if let Some(years) = years {
            let input = SroiInput {
                deadweight: outcome.deadweight.unwrap_or(0.0),
                displacement: outcome.displacement.unwrap_or(0.0),
                attribution: outcome.attribution.unwrap_or(0.0),
                drop_off: if outcome.basis == Basis::OneOff {
                    0.0
                } else {
                    outcome.drop_off.unwrap_or(0.0)
                },
                duration_years: years,
                ..SroiInput::new(q, p, inv)
            };
            sroi_result = Some(sroi(&input).map_err(|e| e.within(&base))?);
        }
    }

    Ok(Monetised {
        id: outcome.id.clone(),
        kind: outcome.kind,
        basis: outcome.basis,
        status,
        method,
        quantity,
        unit: outcome.unit.clone(),
        proxy,
        amount,
        adjusted_amount: amount.map(|a| a * keep),
        duration_years,
        sroi: sroi_result,
        to_be_confirmed: tbc,
        notes,
    })
}

/// Money totals and counts for one kind of value in a [`ValueSummary`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct KindTotal {
    /// The kind.
    pub kind: ValueKind,
    /// Sum of one-off amounts (GBP, gross).
    pub one_off: f64,
    /// Sum of per-year amounts (GBP a year, gross).
    pub per_year: f64,
    /// Sum of one-off adjusted amounts.
    pub one_off_adjusted: f64,
    /// Sum of per-year adjusted amounts.
    pub per_year_adjusted: f64,
    /// Outcomes valued in money.
    pub monetised: usize,
    /// Outcomes kept but not valued.
    pub not_monetised: usize,
    /// Outcomes waiting for a figure.
    pub to_be_confirmed: usize,
}

/// Every outcome monetised, with totals by kind that add money only: outcomes not valued are
/// counted beside the totals, never in them. One-off and per-year amounts are totalled
/// separately.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ValueSummary {
    /// Each outcome, in input order.
    pub outcomes: Vec<Monetised>,
    /// Totals by kind, for the kinds present, in the order of [`ValueKind`]'s variants.
    pub by_kind: Vec<KindTotal>,
    /// All kinds together.
    pub total: KindTotalAll,
}

/// The all-kinds line of a [`ValueSummary`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct KindTotalAll {
    /// Sum of one-off amounts (GBP, gross).
    pub one_off: f64,
    /// Sum of per-year amounts (GBP a year, gross).
    pub per_year: f64,
    /// Sum of one-off adjusted amounts.
    pub one_off_adjusted: f64,
    /// Sum of per-year adjusted amounts.
    pub per_year_adjusted: f64,
    /// Outcomes valued in money.
    pub monetised: usize,
    /// Outcomes kept but not valued.
    pub not_monetised: usize,
    /// Outcomes waiting for a figure.
    pub to_be_confirmed: usize,
}

fn kind_rank(k: ValueKind) -> u8 {
    match k {
        ValueKind::CashSaving => 0,
        ValueKind::CostAvoidance => 1,
        ValueKind::Income => 2,
        ValueKind::Workforce => 3,
        ValueKind::Patient => 4,
        ValueKind::PopulationHealth => 5,
        ValueKind::Social => 6,
        ValueKind::Environmental => 7,
    }
}

/// Monetises every outcome ([`monetise`]) and totals money by kind.
///
/// # Errors
/// The first error of [`monetise`].
pub fn summarise(outcomes: &[ValueOutcome], proxies: &ProxyTable) -> Result<ValueSummary, Error> {
    let monetised = outcomes
        .iter()
        .map(|o| monetise(o, proxies))
        .collect::<Result<Vec<_>, _>>()?;
    let mut by_kind: Vec<KindTotal> = Vec::new();
    let mut total = KindTotalAll::default();
    for m in &monetised {
        let i = if let Some(i) = by_kind.iter().position(|k| k.kind == m.kind) {
            i
        } else {
            by_kind.push(KindTotal {
                kind: m.kind,
                one_off: 0.0,
                per_year: 0.0,
                one_off_adjusted: 0.0,
                per_year_adjusted: 0.0,
                monetised: 0,
                not_monetised: 0,
                to_be_confirmed: 0,
            });
            by_kind.len() - 1
        };
        let k = &mut by_kind[i];
        match m.status {
            MonetisedStatus::Monetised => {
                let (a, adj) = (m.amount.unwrap_or(0.0), m.adjusted_amount.unwrap_or(0.0));
                match m.basis {
                    Basis::OneOff => {
                        k.one_off += a;
                        k.one_off_adjusted += adj;
                        total.one_off += a;
                        total.one_off_adjusted += adj;
                    }
                    Basis::PerYear => {
                        k.per_year += a;
                        k.per_year_adjusted += adj;
                        total.per_year += a;
                        total.per_year_adjusted += adj;
                    }
                }
                k.monetised += 1;
                total.monetised += 1;
            }
            MonetisedStatus::NotMonetised => {
                k.not_monetised += 1;
                total.not_monetised += 1;
            }
            MonetisedStatus::ToBeConfirmed => {
                k.to_be_confirmed += 1;
                total.to_be_confirmed += 1;
            }
        }
    }
    by_kind.sort_by_key(|k| kind_rank(k.kind));
    Ok(ValueSummary {
        outcomes: monetised,
        by_kind,
        total,
    })
}
