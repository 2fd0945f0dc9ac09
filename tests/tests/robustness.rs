//! The generator never panics or hangs, whatever the input: mutated versions of the
//! specs in `specs/` and of the repair fixtures, damaged text, structurally random
//! documents, and random overlays. Every case must end in `Ok` or `Err` within a time
//! limit; a document that needs repairs generates the same way every time, and `strict`
//! refuses exactly the documents that needed one.
//!
//! `cargo test` runs a bounded number of cases per property; `cargo xtask fuzz [CASES]`
//! runs the same properties in release mode with more (through `FUZZ_CASES`).

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use proptest::prelude::*;
use serde_json::{json, Map, Value};
use tests::repo_root;

/// Cases per property in `cargo test`.
const DEFAULT_CASES: u32 = 700;

/// A case that takes longer than this is a hang.
const TIME_LIMIT: Duration = Duration::from_secs(10);

/// The seed of a run: fixed, so `cargo test` is repeatable; `FUZZ_SEED` explores others.
fn seed() -> proptest::test_runner::RngSeed {
    proptest::test_runner::RngSeed::Fixed(
        std::env::var("FUZZ_SEED")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(20261122),
    )
}

fn cases() -> u32 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_CASES)
}

/// Runs `generate` on `text` on its own thread: `Ok` if it returned (either way) in time.
fn survives(text: String) -> Result<(), String> {
    survives_with("fuzz.yaml", text, BTreeMap::new())
}

/// [`survives`] for a spec `root` whose references read `files`.
fn survives_with(
    root: &'static str,
    text: String,
    files: BTreeMap<PathBuf, String>,
) -> Result<(), String> {
    if std::env::var_os("FUZZ_TRACE").is_some() {
        // The last case printed is the one that killed the process (a stack overflow
        // aborts instead of unwinding).
        let _ = std::fs::write(std::env::temp_dir().join("fuzz-last-case.txt"), &text);
    }
    let (tx, rx) = mpsc::channel();
    let input = text.clone();
    std::thread::spawn(move || {
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            let _ = openapi_gen::generate_with(Path::new(root), &input, &files);
        }));
        let _ = tx.send(outcome.is_ok());
    });
    match rx.recv_timeout(TIME_LIMIT) {
        Ok(true) => Ok(()),
        Ok(false) => Err(format!("generate panicked on:\n{text}")),
        Err(_) => Err(format!(
            "generate did not finish in {TIME_LIMIT:?} on:\n{text}"
        )),
    }
}

/// [`survives`] for a spec with the overlay `fuzz-overlay.json` of `files`.
fn survives_overlay(text: String, files: BTreeMap<PathBuf, String>) -> Result<(), String> {
    let (tx, rx) = mpsc::channel();
    let input = text.clone();
    std::thread::spawn(move || {
        let options = openapi_gen::Options {
            overlays: vec![PathBuf::from("fuzz-overlay.json")],
            ..openapi_gen::Options::default()
        };
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            let _ = openapi_gen::generate_with_options(
                Path::new("fuzz.json"),
                &input,
                &files,
                &options,
            );
        }));
        let _ = tx.send(outcome.is_ok());
    });
    match rx.recv_timeout(TIME_LIMIT) {
        Ok(true) => Ok(()),
        Ok(false) => Err(format!("generate panicked on:\n{text}")),
        Err(_) => Err(format!(
            "generate did not finish in {TIME_LIMIT:?} on:\n{text}"
        )),
    }
}

/// The project's specs and the OpenAPI 3.1 and lenient 3.0 fixtures as JSON trees
/// (parsed once).
fn seeds() -> &'static [Value] {
    static SEEDS: std::sync::OnceLock<Vec<Value>> = std::sync::OnceLock::new();
    SEEDS.get_or_init(|| {
        let mut out = Vec::new();
        let fixtures = REPAIR_FIXTURES
            .iter()
            .chain(&["openapi31.yaml", "lenient30.yaml"])
            .map(|f| repo_root().join("tests/fixtures").join(f));
        let specs = openapi_gen::codegen::spec_files(&repo_root()).unwrap_or_default();
        for file in specs.into_iter().chain(fixtures) {
            if let Ok(text) = std::fs::read_to_string(&file) {
                if let Ok(v) = serde_yaml::from_str::<Value>(&text) {
                    out.push(v);
                }
            }
        }
        out
    })
}

/// The fixtures with a defect a repair fixes, one per repair.
const REPAIR_FIXTURES: [&str; 12] = [
    "repair_duplicate_operation_id.yaml",
    "repair_missing_scopes.yaml",
    "repair_null_scopes.yaml",
    "repair_path_parameter.yaml",
    "repair_path_parameter_name.yaml",
    "repair_recursive_ref.yaml",
    "repair_required_flag.yaml",
    "repair_response_ref.yaml",
    "repair_server_variable.yaml",
    "repair_server_variable_undeclared.yaml",
    "repair_type_alias.yaml",
    "repair_unknown_scheme.yaml",
];

/// A repair fixture with 1 to 4 tree mutations (as JSON), and what generating it gives
/// with `options`: the code and the warnings, or the errors.
fn generate_mutated_repair(seed: u64, options: &openapi_gen::Options) -> (String, String) {
    let mut rng = fastrand_like::Rng::new(seed);
    let file = repo_root()
        .join("tests/fixtures")
        .join(REPAIR_FIXTURES[rng.below(REPAIR_FIXTURES.len())]);
    let doc: Value = std::fs::read_to_string(file)
        .ok()
        .and_then(|text| serde_yaml::from_str(&text).ok())
        .unwrap_or(Value::Null);
    let text = serde_json::to_string_pretty(&mutate(doc, &mut rng)).unwrap_or_default();
    let outcome = openapi_gen::generate_with_options(
        Path::new("fuzz.json"),
        &text,
        &openapi_gen::load::NoFiles,
        options,
    );
    match outcome {
        Ok(generated) => (generated.code, generated.warnings.to_string()),
        Err(report) => (String::new(), report.to_string()),
    }
}

/// One of the project's specs and an overlay of 1 to 4 random actions: targets from the
/// spec's own places (or wildcards and filters), updates of odd values, removals.
fn random_overlay(seed: u64) -> (String, String) {
    let mut rng = fastrand_like::Rng::new(seed);
    let seeds = seeds();
    let Some(doc) = seeds.get(rng.below(seeds.len().max(1))) else {
        return (String::new(), String::new());
    };
    let mut paths = Vec::new();
    node_paths(doc, &mut Vec::new(), &mut paths);
    let mut actions = Vec::new();
    for _ in 0..1 + rng.below(4) {
        let path = &paths[rng.below(paths.len())];
        let mut target = String::from("$");
        for seg in path {
            match seg {
                PathSeg::Key(k) => target.push_str(&format!("[{}]", json!(k))),
                PathSeg::Index(i) => target.push_str(&format!("[{i}]")),
            }
        }
        let target = match rng.below(6) {
            0 => format!("{target}.*"),
            1 => format!("{target}..type"),
            2 => format!("{target}[?@.type == 'string']"),
            3 => format!("{target}["),
            _ => target,
        };
        let action = match rng.below(3) {
            0 => json!({"target": target, "remove": true}),
            1 => json!({"target": target, "update": odd_value(&mut rng, &paths, doc)}),
            _ => {
                json!({"target": target, "update": {"description": "d", "type": "int", "x-y": [1]}})
            }
        };
        actions.push(action);
    }
    let overlay =
        json!({"overlay": "1.0.0", "info": {"title": "fuzz", "version": "1"}, "actions": actions});
    (
        serde_json::to_string_pretty(doc).unwrap_or_default(),
        serde_json::to_string_pretty(&overlay).unwrap_or_default(),
    )
}

/// Every path (as keys and indices) to a node of `v`.
fn node_paths(v: &Value, prefix: &mut Vec<PathSeg>, out: &mut Vec<Vec<PathSeg>>) {
    out.push(prefix.clone());
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                prefix.push(PathSeg::Key(k.clone()));
                node_paths(child, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                prefix.push(PathSeg::Index(i));
                node_paths(child, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

#[derive(Clone, Debug)]
enum PathSeg {
    Key(String),
    Index(usize),
}

fn node_mut<'a>(v: &'a mut Value, path: &[PathSeg]) -> Option<&'a mut Value> {
    let mut cur = v;
    for seg in path {
        cur = match (seg, cur) {
            (PathSeg::Key(k), Value::Object(m)) => m.get_mut(k)?,
            (PathSeg::Index(i), Value::Array(a)) => a.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(cur)
}

/// A value of OpenAPI's vocabulary, to put where it does not belong.
fn odd_value(rng: &mut fastrand_like::Rng, paths: &[Vec<PathSeg>], doc: &Value) -> Value {
    match rng.below(13) {
        0 => Value::Null,
        1 => json!(true),
        2 => json!(-1),
        3 => json!(1.5e300),
        4 => json!(""),
        5 => json!("#/components/schemas/Missing"),
        6 => json!({ "$ref": pick_ref(rng, paths) }),
        7 => json!([]),
        8 => json!({}),
        9 => {
            let kinds = [
                "string",
                "object",
                "array",
                "integer",
                "number",
                "boolean",
                "null",
                "weird",
                "int",
                "integer64",
                "bool",
                "Any",
            ];
            json!({ "type": kinds[rng.below(kinds.len())] })
        }
        // What repairs read: `null` scopes, a request body where a response belongs, a
        // server list whose URL uses variables declared nowhere.
        10 if rng.below(3) == 0 => {
            json!([{ "url": "https://{region}.example.com/{v}/{region}", "variables": { "v": { "default": "1" } } }])
        }
        10 if rng.below(2) == 0 => json!([{ "oauth2": null, "missing": [] }]),
        10 => json!({ "$ref": "#/components/requestBodies/CacheEntry" }),
        11 => {
            // A copy of another subtree (may create cycles through `$ref`s).
            let p = &paths[rng.below(paths.len())];
            let mut d = doc.clone();
            node_mut(&mut d, p)
                .map(|v| v.clone())
                .unwrap_or(Value::Null)
        }
        _ => {
            json!({ "oneOf": [{ "$ref": pick_ref(rng, paths) }, { "type": "string" }], "discriminator": { "propertyName": "kind" } })
        }
    }
}

fn pick_ref(rng: &mut fastrand_like::Rng, paths: &[Vec<PathSeg>]) -> String {
    let p = &paths[rng.below(paths.len())];
    let mut out = String::from("#");
    for seg in p {
        out.push('/');
        match seg {
            PathSeg::Key(k) => out.push_str(&k.replace('~', "~0").replace('/', "~1")),
            PathSeg::Index(i) => out.push_str(&i.to_string()),
        }
    }
    out
}

/// A deterministic PRNG (SplitMix64), so a failing seed reproduces.
mod fastrand_like {
    pub struct Rng(u64);
    impl Rng {
        pub fn new(seed: u64) -> Self {
            Rng(seed)
        }
        pub fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }
        pub fn below(&mut self, n: usize) -> usize {
            if n == 0 {
                0
            } else {
                (self.next() % n as u64) as usize
            }
        }
    }
}

/// One of the project's specs with 1 to 4 tree mutations.
fn mutated_spec(seed: u64) -> String {
    let mut rng = fastrand_like::Rng::new(seed);
    let seeds = seeds();
    if seeds.is_empty() {
        return String::new();
    }
    let doc = mutate(seeds[rng.below(seeds.len())].clone(), &mut rng);
    as_text(&doc, &mut rng)
}

/// The split fixture (`tests/fixtures/split/`): its spec and the files beside
/// it, one of them (the spec or a file it refers to) with 1 to 4 tree mutations, and
/// references that may be pointed at other files, missing ones and URLs.
fn mutated_split_spec(seed: u64) -> (String, BTreeMap<PathBuf, String>) {
    let mut rng = fastrand_like::Rng::new(seed);
    let dir = repo_root().join("tests/fixtures/split");
    let names = [
        "openapi.yaml",
        "common.yaml",
        "models/pet.yaml",
        "models/tag.yaml",
        "paths/pets.yaml",
    ];
    let mut docs: Vec<Value> = names
        .iter()
        .map(|name| {
            let text = std::fs::read_to_string(dir.join(name)).unwrap_or_default();
            serde_yaml::from_str(&text).unwrap_or(Value::Null)
        })
        .collect();
    let which = rng.below(docs.len());
    docs[which] = mutate(docs[which].take(), &mut rng);
    let mut texts: Vec<String> = docs.iter().map(|doc| as_text(doc, &mut rng)).collect();
    // Point some references elsewhere: at other files, places in them, nowhere.
    let targets = [
        "common.yaml#/components/schemas/Error",
        "models/pet.yaml#/properties/owner",
        "../common.yaml#/components/parameters/PetId",
        "pet.yaml#/$defs/Dog",
        "missing.yaml",
        "openapi.yaml#/paths",
        "paths/pets.yaml",
        "https://example.com/a.yaml",
        "common.yaml#",
        "tag.yaml#/properties/parent",
    ];
    for _ in 0..rng.below(4) {
        let i = rng.below(texts.len());
        let target = targets[rng.below(targets.len())];
        let hits: Vec<usize> = texts[i].match_indices("$ref").map(|(at, _)| at).collect();
        if hits.is_empty() {
            continue;
        }
        let at = hits[rng.below(hits.len())];
        let rest = &texts[i][at..];
        if let Some(end) = rest.find('\n') {
            let line = format!("$ref: \"{target}\"");
            texts[i].replace_range(at..at + end, &line);
        }
    }
    let root = texts.remove(0);
    let files = names[1..]
        .iter()
        .zip(texts)
        .map(|(name, text)| (PathBuf::from(name), text))
        .collect();
    (root, files)
}

/// A document as pretty JSON or YAML, at random.
fn as_text(doc: &Value, rng: &mut fastrand_like::Rng) -> String {
    if rng.below(2) == 0 {
        serde_json::to_string_pretty(doc).unwrap_or_default()
    } else {
        serde_yaml::to_string(doc).unwrap_or_default()
    }
}

/// `doc` with 1 to 4 tree mutations.
fn mutate(mut doc: Value, rng: &mut fastrand_like::Rng) -> Value {
    for _ in 0..1 + rng.below(4) {
        let mut paths = Vec::new();
        node_paths(&doc, &mut Vec::new(), &mut paths);
        let target = paths[rng.below(paths.len())].clone();
        let replacement = odd_value(rng, &paths, &doc);
        match (rng.below(3), target.split_last()) {
            // Delete the node from its parent.
            (0, Some((last, parent))) => {
                if let Some(p) = node_mut(&mut doc, parent) {
                    match (p, last) {
                        (Value::Object(m), PathSeg::Key(k)) => {
                            m.remove(k);
                        }
                        (Value::Array(a), PathSeg::Index(i)) if *i < a.len() => {
                            a.remove(*i);
                        }
                        _ => {}
                    }
                }
            }
            // Add an odd key next to the node.
            (1, Some((_, parent))) => {
                if let Some(Value::Object(m)) = node_mut(&mut doc, parent) {
                    let key = [
                        "$ref",
                        "type",
                        "required",
                        "nullable",
                        "enum",
                        "items",
                        "properties",
                        "allOf",
                        "discriminator",
                        "in",
                        "name",
                        "{x}",
                        "",
                    ][rng.below(13)];
                    m.insert(key.to_string(), replacement);
                }
            }
            // Replace the node.
            _ => {
                if let Some(n) = node_mut(&mut doc, &target) {
                    *n = replacement;
                }
            }
        }
    }
    doc
}

/// One of the project's specs as text, damaged: truncated, bytes changed, lines moved.
fn damaged_text(seed: u64) -> String {
    let mut rng = fastrand_like::Rng::new(seed);
    let files = openapi_gen::codegen::spec_files(&repo_root()).unwrap_or_default();
    if files.is_empty() {
        return String::new();
    }
    let text = std::fs::read_to_string(&files[rng.below(files.len())]).unwrap_or_default();
    let mut bytes = text.into_bytes();
    for _ in 0..1 + rng.below(3) {
        if bytes.is_empty() {
            break;
        }
        let at = rng.below(bytes.len());
        match rng.below(4) {
            0 => bytes.truncate(at),
            1 => bytes[at] = b"{}[]:-'\"&*!|>#\t \n\x00\xff"[rng.below(19)],
            2 => {
                let len = rng.below(200).min(bytes.len() - at);
                let chunk: Vec<u8> = bytes[at..at + len].to_vec();
                let to = rng.below(bytes.len());
                bytes.splice(to..to, chunk);
            }
            _ => {
                bytes.insert(at, b' ');
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Structurally random documents of OpenAPI's vocabulary.
fn document() -> impl Strategy<Value = Value> {
    let name = prop::sample::select(vec![
        "A", "B", "Self", "type", "1x", "a-b", "Result", "", "é",
    ]);
    let leaf = prop_oneof![
        Just(json!({"type": "string"})),
        Just(json!({"type": "integer", "format": "int32"})),
        Just(json!({"type": "number"})),
        Just(json!({"type": "boolean"})),
        Just(json!({"type": "string", "enum": ["a", "A", "+1", "", null]})),
        Just(json!({"type": "string", "format": "password"})),
        Just(json!({"nullable": true})),
        Just(json!({})),
        name.clone()
            .prop_map(|n| json!({"$ref": format!("#/components/schemas/{n}")})),
        Just(json!({"$ref": "#/paths"})),
        Just(json!(42)),
    ];
    let schema = leaf.prop_recursive(4, 40, 5, move |inner| {
        let name = prop::sample::select(vec!["id", "type", "self", "kind", "a b", "x-y"]);
        prop_oneof![
            prop::collection::vec((name, inner.clone()), 0..4).prop_map(|props| {
                let mut m = Map::new();
                let required: Vec<Value> = props.iter().map(|(k, _)| json!(k)).collect();
                m.insert("properties".into(), Value::Object(props.into_iter().map(|(k, v)| (k.to_string(), v)).collect()));
                m.insert("required".into(), Value::Array(required));
                m.insert("type".into(), json!("object"));
                Value::Object(m)
            }),
            inner.clone().prop_map(|i| json!({"type": "array", "items": i})),
            prop::collection::vec(inner.clone(), 0..4).prop_map(|v| json!({"oneOf": v})),
            prop::collection::vec(inner.clone(), 0..4).prop_map(|v| json!({"anyOf": v})),
            prop::collection::vec(inner.clone(), 0..4).prop_map(|v| json!({"allOf": v})),
            prop::collection::vec(inner.clone(), 1..4).prop_map(|v| json!({"oneOf": v, "discriminator": {"propertyName": "kind", "mapping": {"k": "#/components/schemas/A"}}})),
            inner.clone().prop_map(|i| json!({"type": "object", "additionalProperties": i})),
            inner.prop_map(|i| json!({"not": i})),
        ]
    });
    let schemas = prop::collection::btree_map(name, schema.clone(), 0..5);
    let op = (schema.clone(), schema, any::<bool>(), prop::sample::select(vec!["200", "201", "204", "4XX", "default", "999"])).prop_map(
        |(req, resp, with_id, status)| {
            let mut op = json!({
                "parameters": [
                    {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                    {"name": "q", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}},
                    {"name": "body", "in": "header", "schema": {"type": "integer"}}
                ],
                "requestBody": {"content": {"application/json": {"schema": req}, "text/plain": {}}},
                "responses": {status: {"description": "r", "content": {"application/problem+json": {"schema": resp}}}}
            });
            if with_id {
                op["operationId"] = json!("op");
            }
            op
        },
    );
    (schemas, prop::collection::vec(op, 0..3)).prop_map(|(schemas, ops)| {
        let mut paths = Map::new();
        for (i, op) in ops.into_iter().enumerate() {
            paths.insert(format!("/x{i}/{{id}}"), json!({ "post": op }));
        }
        json!({
            "openapi": "3.0.3",
            "info": {"title": "random", "version": "1"},
            "paths": paths,
            "components": {"schemas": schemas}
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(),
        rng_seed: seed(),
        failure_persistence: None,
        .. ProptestConfig::default()
    })]

    /// Tree mutations of the project's own specs: keys deleted or added, values replaced by
    /// other kinds, `$ref`s pointed anywhere, subtrees copied to other places.
    #[test]
    fn mutated_specs_never_panic(seed in any::<u64>()) {
        let outcome = survives(mutated_spec(seed));
        prop_assert!(outcome.is_ok(), "seed {seed}: {}", outcome.err().unwrap_or_default());
    }

    /// Tree mutations of a spec split over several files, in any of its files, and its
    /// references pointed at other files, missing files and URLs.
    #[test]
    fn mutated_split_specs_never_panic(seed in any::<u64>()) {
        let (root, files) = mutated_split_spec(seed);
        let outcome = survives_with("openapi.yaml", root, files);
        prop_assert!(outcome.is_ok(), "seed {seed}: {}", outcome.err().unwrap_or_default());
    }

    /// Damaged text: truncated, bytes flipped, chunks copied.
    #[test]
    fn damaged_text_never_panics(seed in any::<u64>()) {
        let outcome = survives(damaged_text(seed));
        prop_assert!(outcome.is_ok(), "seed {seed}: {}", outcome.err().unwrap_or_default());
    }

    /// Mutated repair fixtures generate the same way twice (no panic: a panic fails the
    /// case), and `strict` fails exactly where a repair was made.
    #[test]
    fn repaired_documents_are_deterministic(seed in any::<u64>()) {
        let options = openapi_gen::Options::default();
        let first = generate_mutated_repair(seed, &options);
        let second = generate_mutated_repair(seed, &options);
        prop_assert_eq!(&first, &second, "seed {}", seed);
        let strict = openapi_gen::Options { strict: true, ..openapi_gen::Options::default() };
        let refused = generate_mutated_repair(seed, &strict);
        if first.1.contains("repaired: read as") {
            prop_assert!(refused.0.is_empty(), "seed {}: strict generated a document that needed repairs", seed);
        } else {
            prop_assert_eq!(&first, &refused, "seed {}: strict changed a document without repairs", seed);
        }
    }

    /// Random overlays on the project's specs: any target, update or removal ends in
    /// `Ok` or `Err` in time.
    #[test]
    fn random_overlays_never_panic(seed in any::<u64>()) {
        let (spec, overlay) = random_overlay(seed);
        let files: BTreeMap<PathBuf, String> = [(PathBuf::from("fuzz-overlay.json"), overlay.clone())].into();
        let outcome = survives_overlay(spec, files);
        prop_assert!(outcome.is_ok(), "seed {seed}: {}\n{overlay}", outcome.err().unwrap_or_default());
    }

    /// Structurally random documents made of OpenAPI's own vocabulary.
    #[test]
    fn random_documents_never_panic(doc in document()) {
        let outcome = survives(serde_json::to_string_pretty(&doc).unwrap_or_default());
        prop_assert!(outcome.is_ok(), "{}", outcome.err().unwrap_or_default());
    }
}
