//! Repairs: small defects of a vendor's document whose intent is plain, fixed with a
//! located warning, so that a document a user cannot edit still generates.
//!
//! Each repair is one file and one [`Kind`]; each changes the document only where one
//! reading is plausible, and says what the document says, what was assumed and how to fix
//! it at the source. With `strict` ([`Policy::Strict`]) nothing is changed and every
//! defect is an error, as it was before repairs existed.
//!
//! They run on the generic value, after the files the spec refers to are bundled in and
//! before the 3.1 dialect is rewritten onto the 3.0 model, for three reasons: several of
//! these defects (`type: int`, `oauth2: null`, a flow without `scopes`) make the document
//! impossible to deserialize, so the value is the only place all of them can be seen; the
//! warning points at what the user wrote, before any rewriting moved it; and validation
//! and lowering stay free of special cases, seeing only a document that is valid or
//! refused. A repair must never guess between readings: where several are plausible it
//! leaves the document alone, and validation reports the defect as an error (an overlay
//! is then the user's way to say which reading is meant).
//!
//! Nothing here may panic on input.

mod dangling_refs;
mod operation_ids;
mod path_param_names;
mod path_params;
mod recursive_refs;
mod required_flags;
mod responses;
mod security;
mod servers;
mod types;

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use serde_json::Value;

use crate::diag::{Diagnostics, DocPath, Seg};

/// Whether defects are repaired or refused.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Policy {
    /// Repair each defect that has one plausible reading, with a warning.
    #[default]
    Repair,
    /// Change nothing: each such defect is an error.
    Strict,
}

/// The kinds of repair, in the order the summary lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A `{name}` of a path template that no parameter declares: a required string path
    /// parameter.
    UndeclaredPathParameter,
    /// A path parameter declared under another name than the template's, when it is the
    /// one declaration the template does not use and the template has one name declared
    /// nowhere: renamed.
    MisnamedPathParameter,
    /// `type: int`, `bool`, `str`, `double`, ...: the type it names.
    TypeAlias,
    /// `required: true` on a property's schema: the property listed in its object's
    /// `required`; on another schema (or `false`): dropped.
    RequiredFlag,
    /// A security requirement whose scopes are `null`: no scopes.
    NullScopes,
    /// An OAuth 2 flow without `scopes`: no scopes.
    MissingScopes,
    /// A security requirement naming a scheme the document does not define: dropped.
    UnknownScheme,
    /// A response that is a `$ref` to a request body: the request body's content.
    RequestBodyAsResponse,
    /// A `$ref` to a component schema the document does not define: any JSON value.
    DanglingSchemaRef,
    /// `$recursiveRef: "#"` inside a component schema, whose root is the document's: a
    /// `$ref` to that component.
    RecursiveRef,
    /// A server URL variable its server does not declare, but an enclosing server does:
    /// that declaration.
    ServerVariable,
    /// A server URL variable no server declares: a variable with no default, which the
    /// caller must set.
    UndeclaredServerVariable,
    /// An `operationId` an earlier operation has: the later operation is named from its
    /// method and path.
    DuplicateOperationId,
    /// A section of `components` written as a `$ref` to a file: the map the file holds
    /// (repaired while bundling, where the files are read: `load::bundle::sections`).
    SectionRef,
    /// An operation written as a `$ref` to another file: the operation the file holds
    /// (read while bundling: `load::bundle`).
    OperationRef,
}

impl Kind {
    /// What the summary calls one repair of this kind.
    pub fn name(self) -> &'static str {
        match self {
            Kind::UndeclaredPathParameter => "undeclared path parameter",
            Kind::MisnamedPathParameter => "path parameter named unlike its template",
            Kind::TypeAlias => "type alias",
            Kind::RequiredFlag => "`required: true` on a schema",
            Kind::NullScopes => "null scope list",
            Kind::MissingScopes => "OAuth 2 flow without scopes",
            Kind::UnknownScheme => "requirement of an undefined security scheme",
            Kind::RequestBodyAsResponse => "request body used as a response",
            Kind::DanglingSchemaRef => "`$ref` to a schema that is not defined",
            Kind::RecursiveRef => "`$recursiveRef` to the document's root",
            Kind::ServerVariable => "server variable declared by an enclosing server",
            Kind::UndeclaredServerVariable => "server variable declared nowhere",
            Kind::DuplicateOperationId => "duplicate operationId",
            Kind::SectionRef => "components section written as a `$ref`",
            Kind::OperationRef => "operation written as a `$ref`",
        }
    }
}

/// How many repairs of each kind a run made.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts(BTreeMap<Kind, usize>);

impl Counts {
    /// The number of repairs of every kind.
    pub fn total(&self) -> usize {
        self.0.values().sum()
    }

    /// Each kind repaired, and how many times, in [`Kind`]'s order.
    pub fn iter(&self) -> impl Iterator<Item = (Kind, usize)> + '_ {
        self.0.iter().map(|(kind, count)| (*kind, *count))
    }

    /// Adds the counts of `other` (another spec of the same run).
    pub fn add(&mut self, other: &Counts) {
        for (kind, count) in other.iter() {
            *self.0.entry(kind).or_default() += count;
        }
    }
}

/// `repairs: none`, or `repairs: 3 (type alias: 2, undeclared path parameter: 1)`.
impl fmt::Display for Counts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.total() == 0 {
            return f.write_str("repairs: none");
        }
        write!(f, "repairs: {} (", self.total())?;
        for (i, (kind, count)) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{}: {count}", kind.name())?;
        }
        f.write_str(")")
    }
}

/// Repairs `doc` (a mapping: the version check made sure) as `policy` says, recording a
/// warning (or, when strict, an error) for each defect. Returns the repairs made.
pub fn repair(doc: &mut Value, policy: Policy, diags: &mut Diagnostics) -> Counts {
    let mut repairs = Repairs {
        policy,
        diags,
        counts: Counts::default(),
    };
    types::repair(doc, &mut repairs);
    required_flags::repair(doc, &mut repairs);
    security::repair(doc, &mut repairs);
    responses::repair(doc, &mut repairs);
    recursive_refs::repair(doc, &mut repairs);
    dangling_refs::repair(doc, &mut repairs);
    path_param_names::repair(doc, &mut repairs);
    path_params::repair(doc, &mut repairs);
    servers::repair(doc, &mut repairs);
    operation_ids::repair(doc, &mut repairs);
    repairs.counts
}

/// One defect, in the words its diagnostic uses.
pub(crate) struct Defect {
    pub(crate) kind: Kind,
    /// Where it is.
    pub(crate) at: DocPath,
    /// What the document says.
    pub(crate) says: String,
    /// What a repair assumes it means.
    pub(crate) assumed: String,
    /// How to fix it at the source.
    pub(crate) fix: String,
}

/// The state of one run of the repairs: the policy, the diagnostics, what was repaired.
struct Repairs<'d> {
    policy: Policy,
    diags: &'d mut Diagnostics,
    counts: Counts,
}

impl Repairs<'_> {
    /// Records `defect`; returns whether to repair it (`false` when strict: the defect
    /// is then an error).
    fn found(&mut self, defect: Defect) -> bool {
        record(self.policy, self.diags, &mut self.counts, defect)
    }
}

/// Records `defect` as `policy` says: a warning, counted in `counts`, or (strict) an
/// error. Returns whether to repair it. Also what a repair made outside [`repair`] calls
/// (bundling's, where the files are read).
pub(crate) fn record(
    policy: Policy,
    diags: &mut Diagnostics,
    counts: &mut Counts,
    defect: Defect,
) -> bool {
    record_in(policy, diags, counts, None, 1, defect)
}

/// [`record`], for `times` defects of one kind reported by one diagnostic, placed in
/// `file` (a file the spec refers to) when it is given.
pub(crate) fn record_in(
    policy: Policy,
    diags: &mut Diagnostics,
    counts: &mut Counts,
    file: Option<&Path>,
    times: usize,
    defect: Defect,
) -> bool {
    let Defect {
        kind,
        at,
        says,
        assumed,
        fix,
    } = defect;
    let (message, help, repaired) = match policy {
        Policy::Repair => {
            *counts.0.entry(kind).or_default() += times;
            (
                format!("{says}; repaired: read as {assumed}"),
                format!("{fix} (or with an overlay); `strict` refuses the document instead"),
                true,
            )
        }
        Policy::Strict => (
            says,
            format!("{fix}; without `strict` this is read as {assumed}"),
            false,
        ),
    };
    let diagnostic = match (file, repaired) {
        (None, true) => diags.warning(&at, message),
        (None, false) => diags.error(&at, message),
        (Some(file), true) => diags.warning_in(file, Some(at), message),
        (Some(file), false) => diags.error_in(file, None, Some(at), message),
    };
    diagnostic.help(help);
    repaired
}

/// Where the walk is: a segment and the place it is in (nothing is allocated per node).
pub(super) struct At<'p> {
    pub(super) parent: Option<&'p At<'p>>,
    pub(super) seg: Seg<'p>,
}

impl<'p> At<'p> {
    /// The document's root.
    pub(super) fn root() -> Self {
        At {
            parent: None,
            seg: Seg::Key(""),
        }
    }

    /// The place of `seg` in this one.
    pub(super) fn at(&'p self, seg: Seg<'p>) -> At<'p> {
        At {
            parent: Some(self),
            seg,
        }
    }

    /// Whether this is the root's key `key`.
    pub(super) fn is_top(&self, key: &str) -> bool {
        matches!(self.seg, Seg::Key(k) if k == key)
            && self.parent.is_some_and(|p| p.parent.is_none())
    }

    pub(super) fn path(&self) -> DocPath {
        let mut segs = Vec::new();
        let mut at = Some(self);
        while let Some(a) = at {
            segs.push(a.seg);
            at = a.parent;
        }
        segs.reverse();
        // The root's own segment is a placeholder.
        DocPath::from_borrowed(segs.get(1..).unwrap_or(&[]))
    }
}

/// Keys whose values are data, not schemas, where the key is a keyword.
const DATA: [&str; 5] = ["example", "examples", "enum", "const", "default"];

/// Keys whose children's keys are names the document chose, not keywords.
const NAMED: [&str; 21] = [
    "properties",
    "patternProperties",
    "schemas",
    "responses",
    "parameters",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
    "pathItems",
    "$defs",
    "definitions",
    "dependentSchemas",
    "content",
    "encoding",
    "variables",
    "paths",
    "webhooks",
    "scopes",
    "mapping",
];

/// The HTTP methods a path item holds operations under.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The value a local `$ref` (`#/components/parameters/Id`) leads to in `doc`, if any.
fn follow<'v>(doc: &'v Value, reference: &str) -> Option<&'v Value> {
    let pointer = reference.strip_prefix('#')?;
    doc.pointer(pointer)
}

/// `value`, or what it refers to when it is a local `$ref` (one step).
fn resolve<'v>(doc: &'v Value, value: &'v Value) -> Option<&'v Value> {
    match value.get("$ref") {
        Some(Value::String(reference)) => follow(doc, reference),
        Some(_) => None,
        None => Some(value),
    }
}

#[cfg(test)]
mod testing {
    use serde_json::Value;

    use super::{repair, Policy};
    use crate::diag::Diagnostics;

    /// The document `rest` (YAML, after an `openapi`/`info` head) repaired as `policy`
    /// says, and its diagnostics as `severity path: message`.
    pub fn repaired(rest: &str, policy: Policy) -> (Value, Vec<String>) {
        let text = format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\n{rest}");
        let mut doc: Value = match serde_yaml::from_str(&text) {
            Ok(doc) => doc,
            Err(error) => return (Value::Null, vec![format!("not YAML: {error}")]),
        };
        let mut diags = Diagnostics::default();
        repair(&mut doc, policy, &mut diags);
        let lines = diags
            .items()
            .iter()
            .map(|d| {
                let path = d.path.as_ref().map(ToString::to_string).unwrap_or_default();
                format!("{:?} {path}: {}", d.severity, d.message)
            })
            .collect();
        (doc, lines)
    }
}

#[cfg(test)]
mod tests {
    use super::{Counts, Kind};

    #[test]
    fn counts_read_as_a_sentence() {
        let mut counts = Counts::default();
        assert_eq!(counts.to_string(), "repairs: none");
        counts.0.insert(Kind::UndeclaredPathParameter, 1);
        assert_eq!(
            counts.to_string(),
            "repairs: 1 (undeclared path parameter: 1)"
        );
        counts.0.insert(Kind::TypeAlias, 2);
        let mut other = Counts::default();
        other.0.insert(Kind::TypeAlias, 1);
        counts.add(&other);
        assert_eq!(
            counts.to_string(),
            "repairs: 4 (undeclared path parameter: 1, type alias: 3)"
        );
    }
}
