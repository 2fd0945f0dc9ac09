//! Writes `$OUT_DIR/examples.rs`: every `example` (and `examples.*.value`, and a 3.1
//! schema's `examples` list) in `specs/`, paired with a function that decodes it into its
//! generated type and encodes it back; and the same for the fixtures in `tests/fixtures/`
//! (`fixture_examples.rs`), whose generated modules it writes too (`fixture_modules.rs`, and
//! each alone as `fixture_<module>.rs`).
//!
//! The type of each example is found from the generator's own IR: the component schema,
//! request body or response that holds it, then down through `properties`, `items` and
//! `additionalProperties`. An example whose type cannot be found gets a function that
//! fails, so the round-trip test covers every example or fails.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use openapi_gen::ir::{Api, BodyEncoding, StatusMatch, TypeKind, TypeRef};
use quote::quote;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let out_dir = std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into());
    let out_dir = Path::new(&out_dir);
    println!("cargo:rerun-if-changed={}", root.join("specs").display());
    println!(
        "cargo:rerun-if-changed={}",
        root.join("tests/fixtures").display()
    );

    let mut specs = String::from("pub static EXAMPLES: &[Example] = &[\n");
    for file in openapi_gen::codegen::spec_files(&root).unwrap_or_default() {
        let module = openapi_gen::codegen::module_name(&file);
        let Some((generated, text)) = generate(&file) else {
            continue;
        };
        let types = format!("::openapi_clients::{module}::types");
        examples(
            &file,
            &generated.api,
            &text,
            &types,
            "::openapi_clients::runtime",
            &mut specs,
        );
    }
    specs.push_str("];\n");
    let _ = std::fs::write(out_dir.join("examples.rs"), specs);

    // The fixtures' modules, compiled into the test beside a copy of the runtime.
    let mut modules = String::new();
    let mut fixtures = String::from("pub static FIXTURE_EXAMPLES: &[Example] = &[\n");
    for file in fixture_specs(&root) {
        let module = openapi_gen::codegen::module_name(&file);
        let Some((generated, text)) = generate(&file) else {
            continue;
        };
        let module_text = format!(
            "#[allow(dead_code, unused_imports, clippy::all, deprecated)]\npub mod {module} {{\n{}\n}}\n",
            without_inner_attributes(&generated.code)
        );
        // Each alone too, for a program that needs one (`benches/streaming.rs`).
        let _ = std::fs::write(out_dir.join(format!("fixture_{module}.rs")), &module_text);
        modules.push_str(&module_text);
        let types = format!("crate::fixtures::{module}::types");
        examples(
            &file,
            &generated.api,
            &text,
            &types,
            "crate::runtime",
            &mut fixtures,
        );
    }
    fixtures.push_str("];\n");
    let _ = std::fs::write(out_dir.join("fixture_modules.rs"), modules);
    let _ = std::fs::write(out_dir.join("fixture_examples.rs"), fixtures);
}

/// The spec's generated module and its text; `None` for a spec that does not generate
/// (the codegen and fixture tests fail with its report).
fn generate(file: &Path) -> Option<(openapi_gen::Generated, String)> {
    println!("cargo:rerun-if-changed={}", file.display());
    let text = std::fs::read_to_string(file).ok()?;
    let generated = openapi_gen::generate(file, &text).ok()?;
    Some((generated, text))
}

/// The fixture specs: each file of `tests/fixtures/`, and each directory's `openapi.yaml`.
fn fixture_specs(root: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("tests/fixtures"))
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    for file in &mut files {
        if file.is_dir() {
            *file = file.join("openapi.yaml");
        }
    }
    files.retain(|f| f.is_file());
    files.sort();
    files
}

/// A module's text without its leading inner doc comments and attributes, so that it can
/// be the body of an inline module.
fn without_inner_attributes(code: &str) -> String {
    let mut lines = code.lines().peekable();
    let mut out = String::new();
    let mut in_attribute = false;
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        if in_attribute {
            in_attribute = !trimmed.starts_with(")]");
            continue;
        }
        if trimmed.starts_with("//!") {
            continue;
        }
        if trimmed.starts_with("#![") {
            in_attribute = !trimmed.ends_with(")]") && !trimmed.ends_with(']');
            continue;
        }
        out.push_str(line);
        out.push('\n');
        out.extend(lines.flat_map(|l| [l, "\n"]));
        break;
    }
    out
}

/// Appends an `Example` entry to `out` for every example of the spec `file`, typed by
/// the spec's IR (types under `types`, the runtime at `runtime`).
fn examples(file: &Path, api: &Api, text: &str, types: &str, runtime: &str, out: &mut String) {
    let Ok(doc) = serde_yaml::from_str::<serde_json::Value>(text) else {
        return;
    };
    let types_path: proc_macro2::TokenStream = types.parse().unwrap_or_default();
    let runtime: proc_macro2::TokenStream = runtime.parse().unwrap_or_default();
    let mut found = Vec::new();
    find_examples(&doc, &mut Vec::new(), &mut found);
    for (pointer, owner, value) in found {
        let ty = resolve(api, &owner);
        // A decoded value encodes back to what was received, read-only fields included.
        let expect = value.clone();
        let check = match ty {
            Some(ty) => {
                let ty = openapi_gen::emit::type_path(&ty, &types_path, &runtime);
                quote!(|v| crate::roundtrip::<#ty>(v)).to_string()
            }
            None => format!(
                "|_| Err(String::from(\"no generated type found for the example's owner {}\"))",
                owner.join("/").replace('\\', "\\\\").replace('"', "\\\"")
            ),
        };
        let json = serde_json::to_string(&value).unwrap_or_default();
        let expect = serde_json::to_string(&expect).unwrap_or_default();
        let spec = match file.file_name().and_then(|n| n.to_str()) {
            Some("openapi.yaml") => openapi_gen::codegen::module_name(file),
            Some(name) => name.to_string(),
            None => String::new(),
        };
        let _ = writeln!(
            out,
            "    Example {{ spec: {spec:?}, pointer: {pointer:?}, json: {json:?}, expect: {expect:?}, check: {check} }},"
        );
    }
}

/// Collects `(pointer of the example, path of the schema or media type that owns it,
/// value)` for every example in the document.
fn find_examples(
    value: &serde_json::Value,
    path: &mut Vec<String>,
    out: &mut Vec<(String, Vec<String>, serde_json::Value)>,
) {
    match value {
        serde_json::Value::Object(map) => {
            let is_schema_or_media = !matches!(
                path.iter().rev().nth(1).map(String::as_str),
                Some("parameters" | "headers")
            );
            for (key, child) in map {
                // `example` under `properties` is a property named "example".
                let is_property_name = path.last().is_some_and(|l| l == "properties");
                if key == "example" && !is_property_name && is_schema_or_media && owner_ok(path) {
                    out.push((pointer(path, &[key]), path.clone(), child.clone()));
                } else if key == "examples" && !is_property_name && owner_ok(path) {
                    // 3.1: a schema's `examples` is a list of values.
                    if let serde_json::Value::Array(values) = child {
                        for (i, v) in values.iter().enumerate() {
                            out.push((
                                pointer(path, &[key, &i.to_string()]),
                                path.clone(),
                                v.clone(),
                            ));
                        }
                    }
                    if let serde_json::Value::Object(named) = child {
                        for (name, ex) in named {
                            if let Some(v) = ex.get("value") {
                                out.push((
                                    pointer(path, &[key, name, "value"]),
                                    path.clone(),
                                    v.clone(),
                                ));
                            }
                        }
                    }
                } else {
                    path.push(key.clone());
                    find_examples(child, path, out);
                    path.pop();
                }
            }
        }
        serde_json::Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                path.push(i.to_string());
                find_examples(child, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

/// Examples of parameters and headers belong to those, not to a generated type; every
/// other example does.
fn owner_ok(path: &[String]) -> bool {
    !path.iter().any(|p| p == "parameters" || p == "headers")
}

fn pointer(path: &[String], extra: &[&str]) -> String {
    let mut p = String::from("#");
    for seg in path.iter().map(String::as_str).chain(extra.iter().copied()) {
        p.push('/');
        p.push_str(&seg.replace('~', "~0").replace('/', "~1"));
    }
    p
}

/// The generated type of the value at `owner` (a schema or media type path).
fn resolve(api: &Api, owner: &[String]) -> Option<TypeRef> {
    let (mut ty, rest): (TypeRef, &[String]) = match owner {
        [c, s, key, rest @ ..] if c == "components" && s == "schemas" => {
            let origin = pointer(&[c.clone(), s.clone(), key.clone()], &[]);
            let def = api
                .types
                .iter()
                .find(|t| t.origin.as_deref() == Some(&origin))?;
            (TypeRef::Named(def.name.clone()), rest)
        }
        [p, path, method, rest @ ..] if p == "paths" => {
            let op = api
                .operations
                .iter()
                .find(|o| &o.path.template == path && o.method.key() == method)?;
            match rest {
                [rb, content, media, rest @ ..] if rb == "requestBody" && content == "content" => {
                    let media = op
                        .body
                        .as_ref()?
                        .content
                        .media()
                        .into_iter()
                        .find(|m| &m.media_type == media)?;
                    if media.encoding != BodyEncoding::Json {
                        return None;
                    }
                    (media.ty.clone(), strip_schema(rest)?)
                }
                [r, status, content, _media, rest @ ..]
                    if r == "responses" && content == "content" =>
                {
                    let want = match status.as_str() {
                        "default" => StatusMatch::Default,
                        s => StatusMatch::Code(s.parse().ok()?),
                    };
                    let case = op.responses.iter().find(|c| c.status == want)?;
                    (case.ty.clone(), strip_schema(rest)?)
                }
                _ => return None,
            }
        }
        _ => return None,
    };
    let types: BTreeMap<&str, &TypeKind> = api
        .types
        .iter()
        .map(|t| (t.name.as_str(), &t.kind))
        .collect();
    let mut rest = rest;
    while let Some(seg) = rest.first() {
        ty = unwrap(ty, &types);
        match (seg.as_str(), &ty) {
            ("properties", TypeRef::Named(n)) => {
                let TypeKind::Struct(s) = types.get(n.as_str())? else {
                    return None;
                };
                let name = rest.get(1)?;
                let f = s.fields.iter().find(|f| &f.name.wire == name)?;
                ty = if f.presence.is_nullable() {
                    TypeRef::Nullable(Box::new(f.ty.clone()))
                } else {
                    f.ty.clone()
                };
                rest = &rest[2..];
            }
            ("items", TypeRef::Vec(inner)) => {
                ty = (**inner).clone();
                rest = &rest[1..];
            }
            ("additionalProperties", TypeRef::Map(inner)) => {
                ty = (**inner).clone();
                rest = &rest[1..];
            }
            _ => return None,
        }
    }
    Some(ty)
}

fn strip_schema(rest: &[String]) -> Option<&[String]> {
    match rest {
        [] => Some(rest),
        [s, tail @ ..] if s == "schema" => Some(tail),
        _ => None,
    }
}

/// Looks through aliases, secrets and nullability to the shape underneath.
fn unwrap(ty: TypeRef, types: &BTreeMap<&str, &TypeKind>) -> TypeRef {
    match ty {
        TypeRef::Named(ref n) => match types.get(n.as_str()) {
            Some(TypeKind::Alias(target)) => unwrap(target.clone(), types),
            _ => ty,
        },
        TypeRef::Nullable(inner) | TypeRef::Secret(inner) => unwrap(*inner, types),
        ty => ty,
    }
}
