//! Options for [`Framework::evaluate`](crate::model::Framework::evaluate).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Error;

/// How an evaluation is run. The same keys are used in Rust, as Python keyword arguments and
/// in the C ABI's `options_json`; every key is optional.
///
/// ```
/// use outcomes_core::evaluate::{EvaluateOptions, Tolerance};
/// let o = EvaluateOptions::from_json_str(r#"{"tolerance": {"relative": 0.02}, "as_of": "2026-03-31"}"#)?;
/// assert_eq!(o.tolerance, Tolerance::Relative(0.02));
/// assert_eq!(o.confidence, 0.95);
/// # Ok::<(), outcomes_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct EvaluateOptions {
    /// The date the evaluation is for (`YYYY-MM-DD`); default the end of the latest observed
    /// period. Milestones are judged against it, and observations after it are ignored.
    pub as_of: Option<String>,
    /// Confidence level for intervals and significance: 0.95 (default) or 0.998.
    pub confidence: f64,
    /// How far behind the trajectory still counts as "at risk" rather than "off track".
    pub tolerance: Tolerance,
    /// How statuses roll up from measures to commitments, objectives and partnerships.
    pub rollup: RollupRule,
    /// Area to compare with (e.g. "England"); default each measure's `comparator`.
    pub comparator_area: Option<String>,
    /// Fewest points for an SPC chart summary (default 15).
    pub spc_min_points: usize,
    /// Fewest points since the baseline for a forecast (default 3).
    pub forecast_min_points: usize,
    /// SPC rule set: `nhsr` (NHSRplotthedots 0.2.2, default) or `mdc_excel`.
    pub spc_profile: SpcProfileName,
    /// CSV of proxy values for monetising value outcomes.
    pub proxies_path: Option<String>,
    /// Suppress counts below this in outputs (small-number disclosure control).
    pub suppress_below: Option<f64>,
}

impl Default for EvaluateOptions {
    fn default() -> Self {
        EvaluateOptions {
            as_of: None,
            confidence: 0.95,
            tolerance: Tolerance::Relative(0.05),
            rollup: RollupRule::Worst,
            comparator_area: None,
            spc_min_points: 15,
            forecast_min_points: 3,
            spc_profile: SpcProfileName::Nhsr,
            proxies_path: None,
            suppress_below: None,
        }
    }
}

/// Tolerance around the trajectory: `{"relative": 0.05}` (5% of the trajectory value) or
/// `{"absolute": 0.5}` (in the measure's unit).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Tolerance {
    /// A fraction of the trajectory value.
    Relative(f64),
    /// An amount in the measure's unit.
    Absolute(f64),
}

/// How statuses combine when rolled up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RollupRule {
    /// The worst status among the parts (default).
    Worst,
    /// The most common status among the parts; ties go to the worse.
    Majority,
}

/// The SPC rule set used for chart summaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SpcProfileName {
    /// NHSRplotthedots 0.2.2.
    Nhsr,
    /// The Making Data Count Excel tool.
    MdcExcel,
}

impl EvaluateOptions {
    /// The proxy table named by `proxies_path` (empty without one), for monetising value
    /// outcomes.
    ///
    /// # Errors
    /// [`Error::Io`](crate::Error::Io) naming the path when the file cannot be opened;
    /// [`Error::Data`](crate::Error::Data) for a bad row, with the file named.
    pub fn proxy_table(&self) -> Result<crate::value::ProxyTable, crate::Error> {
        match &self.proxies_path {
            None => Ok(crate::value::ProxyTable::default()),
            Some(path) => {
                let file = std::fs::File::open(path)
                    .map_err(|e| crate::Error::io(path.clone(), e.to_string()))?;
                crate::value::ProxyTable::from_csv_reader(file).map_err(|e| e.in_file(path))
            }
        }
    }

    /// The JSON Schema of the options document.
    #[must_use]
    pub fn json_schema() -> serde_json::Value {
        serde_json::to_value(schemars::schema_for!(EvaluateOptions))
            .unwrap_or(serde_json::Value::Null)
    }

    /// Reads options from JSON (`{}` gives the defaults).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming the option, for unknown keys, wrong types or values
    /// outside their range.
    pub fn from_json_str(text: &str) -> Result<EvaluateOptions, Error> {
        let o: EvaluateOptions = crate::model::deserialize_json(text)
            .map_err(|e| Error::invalid_argument(e.path(), e.message()))?;
        o.check()?;
        Ok(o)
    }

    /// Checks every option's range.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming the first bad option.
    pub fn check(&self) -> Result<(), Error> {
        crate::stats::dist::normalise_confidence(self.confidence)
            .map_err(|e| Error::invalid_argument("confidence", e.message()))?;
        match self.tolerance {
            Tolerance::Relative(x) if !(x.is_finite() && (0.0..1.0).contains(&x)) => {
                return Err(Error::invalid_argument(
                    "tolerance.relative",
                    format!("{x} is not a fraction in [0, 1); 5% is 0.05"),
                ));
            }
            Tolerance::Absolute(x) if !(x.is_finite() && x >= 0.0) => {
                return Err(Error::invalid_argument(
                    "tolerance.absolute",
                    format!("{x} must be a finite amount of 0 or more"),
                ));
            }
            _ => {}
        }
        if self.spc_min_points < 2 {
            return Err(Error::invalid_argument(
                "spc_min_points",
                "an SPC chart needs at least 2 points",
            ));
        }
        if self.forecast_min_points < 2 {
            return Err(Error::invalid_argument(
                "forecast_min_points",
                "a forecast line needs at least 2 points",
            ));
        }
        if let Some(s) = self.suppress_below {
            if !(s.is_finite() && s >= 0.0) {
                return Err(Error::invalid_argument(
                    "suppress_below",
                    format!("{s} must be a count of 0 or more"),
                ));
            }
        }
        if let Some(d) = &self.as_of {
            crate::model::parse_date(d)
                .map_err(|e| Error::invalid_argument("as_of", e.message()))?;
        }
        Ok(())
    }
}
