//! Writes `$OUT_DIR/examples.rs`: every `example` (and `examples.*.value`) in `specs/`,
//! paired with a function that decodes it into its generated type and encodes it back.
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
    let specs = root.join("specs");
    println!("cargo:rerun-if-changed={}", specs.display());
    let files: Vec<PathBuf> = openapi_gen::codegen::spec_files(&root).unwrap_or_default();
    let mut out = String::from("pub static EXAMPLES: &[Example] = &[\n");
    for file in files {
        println!("cargo:rerun-if-changed={}", file.display());
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        let module = openapi_gen::codegen::module_name(&file);
        let Ok(generated) = openapi_gen::generate(&file, &text) else {
            // A broken spec fails the codegen tests with its report.
            continue;
        };
        let Ok(doc) = serde_yaml::from_str::<serde_json::Value>(&text) else {
            continue;
        };
        let mut found = Vec::new();
        find_examples(&doc, &mut Vec::new(), &mut found);
        for (pointer, owner, value) in found {
            let ty = resolve(&generated.api, &owner);
            let types_path: proc_macro2::TokenStream =
                format!("::openapi_clients::{module}::types")
                    .parse()
                    .unwrap_or_default();
            let check = match ty {
                Some(ty) => {
                    let runtime = quote!(::openapi_clients::runtime);
                    let ty = openapi_gen::emit::type_path(&ty, &types_path, &runtime);
                    quote!(|v| crate::roundtrip::<#ty>(v)).to_string()
                }
                None => format!(
                    "|_| Err(String::from(\"no generated type found for the example's owner {}\"))",
                    owner.join("/").replace('\\', "\\\\").replace('"', "\\\"")
                ),
            };
            let json = serde_json::to_string(&value).unwrap_or_default();
            let _ = writeln!(
                out,
                "    Example {{ spec: {:?}, pointer: {:?}, json: {:?}, check: {check} }},",
                file.file_name().and_then(|n| n.to_str()).unwrap_or(""),
                pointer,
                json
            );
        }
    }
    out.push_str("];\n");
    let out_dir = std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into());
    let _ = std::fs::write(Path::new(&out_dir).join("examples.rs"), out);
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
                    let body = op.body.as_ref()?;
                    if &body.media_type != media || body.encoding != BodyEncoding::Json {
                        return None;
                    }
                    (body.ty.clone(), strip_schema(rest)?)
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
                let f = s.fields.iter().find(|f| &f.wire_name == name)?;
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
