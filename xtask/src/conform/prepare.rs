//! One spec made ready to check: its crate generated with the harness beside it, every
//! JSON body matched to the type the client decodes it with, and the instances to try
//! (the spec's valid examples, then values made from the schema), each confirmed by the
//! validator.

use std::collections::BTreeMap;
use std::path::Path;

use openapi_gen::codegen::{self, Mode};
use openapi_gen::ir::{self, BodyEncoding, StatusMatch, TypeRef};
use serde_json::Value;

use super::harness;
use super::report::SpecReport;
use super::schema::{is_json_patch, Oracle, Verdict};
use super::spec::{dotted, Case, Doc, Side};
use super::values::Maker;
use super::Options;

/// How many candidates are made for one value before giving up on it.
const ATTEMPTS: usize = 12;

/// One instance to try.
pub struct Instance {
    /// The index of its case.
    pub case: usize,
    /// Its target in the harness (the body's type).
    pub target: usize,
    /// Where it came from: an example's place, or `generated #k`.
    pub origin: String,
    pub value: Value,
}

/// A spec ready to check.
pub struct Prepared {
    pub report: SpecReport,
    pub doc: Doc,
    pub api: ir::Api,
    pub cases: Vec<Case>,
    pub instances: Vec<Instance>,
    pub responses: Oracle,
    pub requests: Oracle,
    /// The harness binary's name.
    pub bin: String,
}

impl Prepared {
    pub fn oracle(&mut self, side: Side) -> &mut Oracle {
        match side {
            Side::Response => &mut self.responses,
            Side::Request => &mut self.requests,
        }
    }
}

/// Generates `spec`'s crate into `out_root/name` with its harness, and makes its
/// instances; a report alone (with `skipped`) when it cannot be checked.
pub fn prepare(
    spec: &Path,
    display: &str,
    name: &str,
    out_root: &Path,
    options: &Options,
) -> Result<Prepared, Box<SpecReport>> {
    let mut report = SpecReport {
        spec: display.to_string(),
        ..SpecReport::default()
    };
    let skip = |mut report: SpecReport, why: String| {
        report.skipped = Some(why);
        Box::new(report)
    };
    let text = match std::fs::read_to_string(spec) {
        Ok(t) => t,
        Err(e) => return Err(skip(report, format!("cannot read: {e}"))),
    };
    let mut doc = match Doc::parse(&text) {
        Ok(d) => d,
        Err(e) => return Err(skip(report, e)),
    };
    report.repairs = doc.repair();
    let files = openapi_gen::Disk::for_spec(spec, Path::new(display));
    let (module, generated) =
        match codegen::module_with(display, &text, &files, &openapi_gen::Options::default()) {
            Ok(g) => g,
            Err(r) => return Err(skip(report, format!("does not generate: {r}"))),
        };
    let mut api = generated.api;
    let mut module = module;
    if let Some(mutate) = options.mutate {
        mutate(&mut api);
        module.code = match openapi_gen::render::module(&openapi_gen::emit::module(&api)) {
            Ok(code) => code,
            Err(e) => return Err(skip(report, e)),
        };
    }
    let oracles = Oracle::new(&doc, Side::Response).and_then(|responses| {
        Oracle::new(&doc, Side::Request).map(|requests| (responses, requests))
    });
    let (mut responses, mut requests) = match oracles {
        Ok(both) => both,
        Err(e) => return Err(skip(report, e)),
    };

    let cases = doc.cases();
    report.cases = cases.len();
    let mut targets: Vec<TypeRef> = Vec::new();
    let mut instances = Vec::new();
    for (index, case) in cases.iter().enumerate() {
        let Some(ty) = body_type(&api, case) else {
            report.unmatched += 1;
            continue;
        };
        let target = match targets.iter().position(|t| *t == ty) {
            Some(i) => i,
            None => {
                targets.push(ty);
                targets.len() - 1
            }
        };
        let oracle = match case.side() {
            Side::Response => &mut responses,
            Side::Request => &mut requests,
        };
        let refused = |report: &mut SpecReport, e: String| {
            report.schemas_refused += 1;
            report.first_schema_refused.get_or_insert(e);
        };
        for (origin, value) in &case.examples {
            match oracle.check_body(&case.place, &case.media, value) {
                Ok(Verdict::Valid) => {
                    report.examples_tried += 1;
                    instances.push(Instance {
                        case: index,
                        target,
                        origin: origin.clone(),
                        value: value.clone(),
                    });
                }
                Ok(Verdict::Invalid(why)) => {
                    report.vendor_examples += 1;
                    report
                        .first_vendor_example
                        .get_or_insert_with(|| format!("{origin} ({}): {why}", case.label()));
                }
                Err(e) => refused(&mut report, e),
            }
        }
        let seed = seed_of(options.seed, display, &case.label());
        let mut maker = Maker::new(&doc, case.side(), seed);
        'values: for k in 0..options.instances {
            for attempt in 0..ATTEMPTS {
                let candidate = if is_json_patch(&case.media) && attempt % 2 == 1 {
                    Some(maker.json_patch())
                } else {
                    maker.make(&case.place)
                };
                let Some(candidate) = candidate else {
                    continue;
                };
                match oracle.check_body(&case.place, &case.media, &candidate) {
                    Ok(Verdict::Valid) => {
                        report.generated_tried += 1;
                        instances.push(Instance {
                            case: index,
                            target,
                            origin: format!("generated #{}", k + 1),
                            value: candidate,
                        });
                        continue 'values;
                    }
                    Ok(Verdict::Invalid(_)) => {}
                    Err(e) => {
                        refused(&mut report, e);
                        break 'values;
                    }
                }
            }
            report.not_made += 1;
            report
                .first_not_made
                .get_or_insert_with(|| format!("{} at {}", case.label(), dotted(&case.place)));
        }
    }

    // The crate, with the harness as one of its binaries.
    let crate_name = format!("conform-{}", name.replace('_', "-"));
    let lib = crate_name.replace('-', "_");
    let bin = format!("conform_{name}");
    let command = format!("cargo xtask conform {display}");
    let mut files = match openapi_gen::output::member_crate(&crate_name, &module, &command) {
        Ok(f) => f,
        Err(e) => return Err(skip(report, e)),
    };
    match harness::source(&api, &lib, &targets) {
        Ok(source) => {
            files.insert(format!("src/bin/{bin}.rs").into(), source);
        }
        Err(e) => return Err(skip(report, e)),
    }
    if let Err(e) = codegen::sync(&out_root.join(name), &files, Mode::Write, true) {
        return Err(skip(report, e.to_string()));
    }
    Ok(Prepared {
        report,
        doc,
        api,
        cases,
        instances,
        responses,
        requests,
        bin,
    })
}

/// The type the client decodes a case's JSON body with, if it decodes it as JSON.
fn body_type(api: &ir::Api, case: &Case) -> Option<TypeRef> {
    let op = api
        .operations
        .iter()
        .find(|op| op.method.key() == case.method && op.path.template == case.path)?;
    match &case.status {
        Some(status) => {
            let wanted = match status.as_str() {
                "default" => StatusMatch::Default,
                s if s.len() == 3 && (s.ends_with("XX") || s.ends_with("xx")) => {
                    StatusMatch::Range(s.get(..1)?.parse().ok()?)
                }
                s => StatusMatch::Code(s.parse().ok()?),
            };
            op.responses
                .iter()
                .find(|r| r.status == wanted && r.encoding == BodyEncoding::Json)
                .map(|r| r.ty.clone())
        }
        None => op
            .body
            .as_ref()?
            .content
            .media()
            .into_iter()
            .find(|m| m.media_type == case.media && m.encoding == BodyEncoding::Json)
            .map(|m| m.ty.clone()),
    }
}

/// The place of the member schema a union variant stands for: (type, variant) as the
/// harness names them (as the IR keeps them, without `r#`).
pub fn member_place<'a>(api: &'a ir::Api, ty: &str, variant: &str) -> Option<&'a [String]> {
    let def = api.types.iter().find(|t| t.name == ty)?;
    let ir::TypeKind::Untagged(variants) = &def.kind else {
        return None;
    };
    let v = variants.iter().find(|v| v.name == variant)?;
    (!v.member.0.is_empty()).then_some(v.member.0.as_slice())
}

/// Every variant of the untagged union `ty` that keeps its member's place: its name and
/// the place.
pub fn member_places<'a>(api: &'a ir::Api, ty: &str) -> Vec<(&'a str, &'a [String])> {
    let def = api.types.iter().find(|t| t.name == ty);
    let Some(ir::TypeKind::Untagged(variants)) = def.map(|d| &d.kind) else {
        return Vec::new();
    };
    variants
        .iter()
        .filter(|v| !v.member.0.is_empty())
        .map(|v| (v.name.as_str(), v.member.0.as_slice()))
        .collect()
}

/// A seed per body: the run's seed, the spec and the body, so that one body's values do
/// not depend on the others (FNV-1a).
fn seed_of(seed: u64, spec: &str, case: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325 ^ seed;
    for byte in spec.bytes().chain([0]).chain(case.bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// Crate directory names for the specs, unique (`petstore`, `petstore_json`).
pub fn names(specs: &[std::path::PathBuf]) -> Vec<String> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    specs
        .iter()
        .map(|spec| {
            let stem = codegen::module_name(spec);
            let count = seen.entry(stem.clone()).or_default();
            *count += 1;
            if *count == 1 {
                stem
            } else {
                format!("{stem}{count}")
            }
        })
        .collect()
}

/// The place of a case as the report shows it.
pub fn place_of(case: &Case) -> String {
    dotted(&case.place)
}
