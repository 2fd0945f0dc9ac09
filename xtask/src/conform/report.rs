//! What the check found, per spec and in total: instances tried, failures by cause and
//! by the schema's place, the first failing instance of each, and what was counted apart
//! (vendor examples that fail their own schema, values that could not be made).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::Value;

use super::compare::short;
use super::schema::truncate;

/// Why an instance failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Cause {
    /// The crate's type refused a value the schema accepts.
    Decode,
    /// An untagged union decoded as a member the value does not validate against.
    WrongVariant,
    /// An untagged union decoded as a member the value fits while another member it fits
    /// describes it strictly more specifically (see `specific`).
    LessSpecific,
    /// Re-encoding did not give the value back.
    Loss,
    /// A request body, re-encoded, fails its schema.
    RequestInvalid,
    /// The check could not be run (the harness did not build, or did not answer).
    Harness,
}

impl Cause {
    pub const ALL: [Cause; 6] = [
        Cause::Decode,
        Cause::WrongVariant,
        Cause::LessSpecific,
        Cause::Loss,
        Cause::RequestInvalid,
        Cause::Harness,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Cause::Decode => "decode failures",
            Cause::WrongVariant => "wrong variants",
            Cause::LessSpecific => "less specific variants",
            Cause::Loss => "losses on re-encoding",
            Cause::RequestInvalid => "request bodies failing their schema",
            Cause::Harness => "harness failures",
        }
    }
}

/// One kind of failure at one place: how often, and the first instance.
#[derive(Debug, Clone)]
pub struct Failure {
    pub count: usize,
    /// The operation and status (`GET /pets 200`).
    pub case: String,
    /// What went wrong, in words.
    pub detail: String,
    /// Where the instance came from (an example's place, or `generated #3`).
    pub origin: String,
    pub instance: Value,
}

/// One spec's findings.
#[derive(Debug, Default)]
pub struct SpecReport {
    pub spec: String,
    /// Why nothing could be tried (the spec did not generate), if so.
    pub skipped: Option<String>,
    pub cases: usize,
    /// The generator's repairs the document was read with (`Doc::repair`).
    pub repairs: openapi_gen::repair::Counts,
    pub examples_tried: usize,
    pub generated_tried: usize,
    /// Examples that fail their own schema: (count, first place and error).
    pub vendor_examples: usize,
    pub first_vendor_example: Option<String>,
    /// Generated candidates the validator refused every time (no instance made).
    pub not_made: usize,
    pub first_not_made: Option<String>,
    /// Cases whose schema the validator could not compile.
    pub schemas_refused: usize,
    pub first_schema_refused: Option<String>,
    /// Union choices whose member could not be checked (no place in the document).
    pub choices_unchecked: usize,
    pub first_unchecked: Option<String>,
    pub choices_checked: usize,
    /// Cases the IR gives no JSON type for.
    pub unmatched: usize,
    pub failures: BTreeMap<(Cause, String), Failure>,
}

impl SpecReport {
    pub fn tried(&self) -> usize {
        self.examples_tried + self.generated_tried
    }

    pub fn count(&self, cause: Cause) -> usize {
        self.failures
            .iter()
            .filter(|((c, _), _)| *c == cause)
            .map(|(_, f)| f.count)
            .sum()
    }

    pub fn failed(&self) -> usize {
        self.failures.values().map(|f| f.count).sum()
    }

    /// Records a failure of `cause` at `place` (a place in the document).
    pub fn fail(
        &mut self,
        cause: Cause,
        place: String,
        case: &str,
        detail: String,
        origin: &str,
        instance: &Value,
    ) {
        self.failures
            .entry((cause, place))
            .and_modify(|f| f.count += 1)
            .or_insert_with(|| Failure {
                count: 1,
                case: case.to_string(),
                detail,
                origin: origin.to_string(),
                instance: instance.clone(),
            });
    }

    /// The spec's section of the report.
    pub fn render(&self, verbose: bool) -> String {
        let mut out = String::new();
        if let Some(why) = &self.skipped {
            let _ = writeln!(out, "{}: not checked: {}", self.spec, first_line(why));
            return out;
        }
        let _ = writeln!(
            out,
            "{}: {} instances ({} examples, {} generated) over {} bodies; {} failed",
            self.spec,
            self.tried(),
            self.examples_tried,
            self.generated_tried,
            self.cases,
            self.failed()
        );
        if self.repairs.total() > 0 {
            let _ = writeln!(out, "  read as the generator repairs it: {}", self.repairs);
        }
        for cause in Cause::ALL {
            let n = self.count(cause);
            if n > 0 {
                let _ = writeln!(out, "  {}: {n}", cause.label());
            }
        }
        let shown = if verbose { usize::MAX } else { 20 };
        for ((cause, place), f) in self.failures.iter().take(shown) {
            let _ = writeln!(
                out,
                "  - {} at {place} ({}, {}x): {}\n    first instance ({}): {}",
                cause.label().trim_end_matches('s'),
                f.case,
                f.count,
                truncate(&f.detail, 300),
                f.origin,
                truncate(&f.instance.to_string(), 300)
            );
        }
        if self.failures.len() > shown {
            let _ = writeln!(
                out,
                "  ... {} more places (--verbose lists them all)",
                self.failures.len() - shown
            );
        }
        let apart = [
            (
                self.vendor_examples,
                "examples fail their own schema (the spec's defect, not tried)",
                &self.first_vendor_example,
            ),
            (
                self.schemas_refused,
                "schemas the validator refuses (not tried)",
                &self.first_schema_refused,
            ),
        ];
        for (n, what, first) in apart {
            if n > 0 {
                let _ = writeln!(out, "  counted apart: {n} {what}");
                if let Some(first) = first {
                    let _ = writeln!(out, "    first: {}", truncate(first, 300));
                }
            }
        }
        if self.not_made > 0 {
            let _ = writeln!(
                out,
                "  counted apart: {} values could not be made to fit their schema (first: {})",
                self.not_made,
                self.first_not_made.as_deref().unwrap_or("?")
            );
        }
        if self.unmatched > 0 {
            let _ = writeln!(
                out,
                "  counted apart: {} JSON bodies the client does not decode as JSON",
                self.unmatched
            );
        }
        if self.choices_unchecked > 0 {
            let _ = writeln!(
                out,
                "  counted apart: {} union choices whose member has no place in the document (first: {})",
                self.choices_unchecked,
                self.first_unchecked.as_deref().unwrap_or("?")
            );
        }
        out
    }
}

fn first_line(text: &str) -> &str {
    text.lines().find(|l| !l.trim().is_empty()).unwrap_or("")
}

/// The totals over every spec.
pub fn totals(reports: &[SpecReport]) -> String {
    let sum = |f: &dyn Fn(&SpecReport) -> usize| reports.iter().map(f).sum::<usize>();
    let mut out = format!(
        "total: {} specs, {} instances ({} examples, {} generated), {} union choices checked",
        reports.len(),
        sum(&|r| r.tried()),
        sum(&|r| r.examples_tried),
        sum(&|r| r.generated_tried),
        sum(&|r| r.choices_checked),
    );
    for cause in Cause::ALL {
        let _ = write!(out, "; {} {}", sum(&|r| r.count(cause)), cause.label());
    }
    let _ = write!(
        out,
        "\napart: {} vendor examples fail their own schema; {} values not made; {} schemas refused by the validator; {} specs not checked",
        sum(&|r| r.vendor_examples),
        sum(&|r| r.not_made),
        sum(&|r| r.schemas_refused),
        reports.iter().filter(|r| r.skipped.is_some()).count()
    );
    out
}

/// An instance and its re-encoding, for a loss's detail.
pub fn loss_detail(difference: &str, sent: &Value) -> String {
    format!("{difference}; re-encoded: {}", short(sent))
}
