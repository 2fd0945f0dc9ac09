//! Output: formatted module text -> the files of a crate.
//!
//! Two layouts share everything: the checked-in workspace crate (`generated/`, one module
//! per spec behind a cargo feature) and a standalone crate (`xtask generate`, one spec,
//! its own `[workspace]`). Every file starts with an `@generated` header naming the
//! command that wrote it. The runtime (every file of `templates/src/runtime/`) and the
//! `Cargo.toml` skeleton come from `templates/`, as text.

use std::collections::BTreeMap;
use std::path::PathBuf;

use quote::quote;

/// The runtime every generated crate carries as `src/runtime/`, compiled and tested in
/// `templates/src/runtime/`: each file's name and text, every file of that folder (a test
/// checks that none is missing).
pub const RUNTIME: &[(&str, &str)] = &[
    (
        "auth.rs",
        include_str!("../../templates/src/runtime/auth.rs"),
    ),
    (
        "base64.rs",
        include_str!("../../templates/src/runtime/base64.rs"),
    ),
    (
        "builder.rs",
        include_str!("../../templates/src/runtime/builder.rs"),
    ),
    (
        "call.rs",
        include_str!("../../templates/src/runtime/call.rs"),
    ),
    (
        "core.rs",
        include_str!("../../templates/src/runtime/core.rs"),
    ),
    ("de.rs", include_str!("../../templates/src/runtime/de.rs")),
    (
        "error.rs",
        include_str!("../../templates/src/runtime/error.rs"),
    ),
    (
        "headers.rs",
        include_str!("../../templates/src/runtime/headers.rs"),
    ),
    (
        "hook.rs",
        include_str!("../../templates/src/runtime/hook.rs"),
    ),
    (
        "json_patch.rs",
        include_str!("../../templates/src/runtime/json_patch.rs"),
    ),
    (
        "macros.rs",
        include_str!("../../templates/src/runtime/macros.rs"),
    ),
    (
        "mock/check.rs",
        include_str!("../../templates/src/runtime/mock/check.rs"),
    ),
    (
        "mock/mod.rs",
        include_str!("../../templates/src/runtime/mock/mod.rs"),
    ),
    (
        "mock/pages.rs",
        include_str!("../../templates/src/runtime/mock/pages.rs"),
    ),
    (
        "mock/received.rs",
        include_str!("../../templates/src/runtime/mock/received.rs"),
    ),
    (
        "mock/schemas.rs",
        include_str!("../../templates/src/runtime/mock/schemas.rs"),
    ),
    (
        "mock/server.rs",
        include_str!("../../templates/src/runtime/mock/server.rs"),
    ),
    (
        "mock/spec.rs",
        include_str!("../../templates/src/runtime/mock/spec.rs"),
    ),
    (
        "mock/stub.rs",
        include_str!("../../templates/src/runtime/mock/stub.rs"),
    ),
    ("mod.rs", include_str!("../../templates/src/runtime/mod.rs")),
    (
        "multipart.rs",
        include_str!("../../templates/src/runtime/multipart.rs"),
    ),
    (
        "options.rs",
        include_str!("../../templates/src/runtime/options.rs"),
    ),
    (
        "pages.rs",
        include_str!("../../templates/src/runtime/pages.rs"),
    ),
    (
        "redact.rs",
        include_str!("../../templates/src/runtime/redact.rs"),
    ),
    (
        "request.rs",
        include_str!("../../templates/src/runtime/request.rs"),
    ),
    (
        "response.rs",
        include_str!("../../templates/src/runtime/response.rs"),
    ),
    (
        "secret.rs",
        include_str!("../../templates/src/runtime/secret.rs"),
    ),
    ("ser.rs", include_str!("../../templates/src/runtime/ser.rs")),
    ("sse.rs", include_str!("../../templates/src/runtime/sse.rs")),
    (
        "stream.rs",
        include_str!("../../templates/src/runtime/stream.rs"),
    ),
    (
        "token.rs",
        include_str!("../../templates/src/runtime/token.rs"),
    ),
    (
        "trace.rs",
        include_str!("../../templates/src/runtime/trace.rs"),
    ),
    (
        "upload.rs",
        include_str!("../../templates/src/runtime/upload.rs"),
    ),
];

/// The skeleton of a generated crate's `Cargo.toml`.
pub const CARGO_TOML: &str = include_str!("../../templates/skeleton/Cargo.toml.in");

/// One spec's module, ready to place in a crate.
#[derive(Debug, Clone)]
pub struct ModuleFile {
    /// The module name (`nylas`), also the cargo feature in the workspace crate.
    pub name: String,
    /// The spec file as the header names it (`specs/nylas.yaml`).
    pub source: String,
    /// The API title, for the crate docs.
    pub title: String,
    /// The formatted module body, without header.
    pub code: String,
    /// Its cargo features per operation tag (none unless asked for).
    pub features: Vec<crate::ir::Feature>,
}

/// The `[features]` lines of tag features, each enabling `base` (when in a crate of
/// several specs, the module's feature) and commented with its tags.
fn tag_feature_lines(features: &[crate::ir::Feature], base: Option<&str>) -> String {
    let mut out = String::new();
    for f in features {
        let tags: Vec<String> = f.tags.iter().map(|t| format!("`{t}`")).collect();
        let s = if f.operations == 1 { "" } else { "s" };
        out.push_str(&format!(
            "# Tag {}: {} operation{s}.\n",
            tags.join(", "),
            f.operations
        ));
        match base {
            Some(base) => out.push_str(&format!("{} = [\"{base}\"]\n", f.name)),
            None => out.push_str(&format!("{} = []\n", f.name)),
        }
    }
    out
}

/// The crate doc line of a module's tag features.
fn tag_features_doc(features: &[crate::ir::Feature]) -> Option<String> {
    if features.is_empty() {
        return None;
    }
    let names: Vec<String> = features.iter().map(|f| format!("`{}`", f.name)).collect();
    Some(format!(
        "a cargo feature per operation tag, all enabled by default: {}",
        names.join(", ")
    ))
}

/// An API title as one line of Markdown, escaped like any spec text.
fn inline_title(title: &str) -> String {
    let lines = crate::docs::sanitize(title);
    let joined = lines.join(" ");
    if joined.trim().is_empty() {
        "this API".to_string()
    } else {
        joined
    }
}

/// The `@generated` header line for a Rust file.
pub fn header(command: &str, source: Option<&str>) -> String {
    match source {
        Some(source) => {
            format!("// @generated by `{command}` from {source}. Do not edit.\n")
        }
        None => format!("// @generated by `{command}`. Do not edit.\n"),
    }
}

fn cargo_toml(
    name: &str,
    description: &str,
    features: &str,
    standalone: bool,
    command: &str,
) -> String {
    let mut out = format!("# @generated by `{command}`. Do not edit.\n");
    out.push_str(
        &CARGO_TOML
            .replace("{{name}}", name)
            .replace(
                "{{description}}",
                &description.replace('\\', "\\\\").replace('"', "\\\""),
            )
            .replace("{{features}}", features)
            .replace(
                "{{workspace}}",
                if standalone {
                    "\n# A crate of its own, outside any enclosing workspace.\n[workspace]\n"
                } else {
                    ""
                },
            ),
    );
    out
}

/// Adds the runtime's files, `src/runtime/<file>.rs`, each with its `@generated` header.
fn insert_runtime(files: &mut BTreeMap<PathBuf, String>, command: &str) {
    for (name, text) in RUNTIME {
        let mut out = header(command, Some(&format!("templates/src/runtime/{name}")));
        out.push_str(text);
        files.insert(PathBuf::from(format!("src/runtime/{name}")), out);
    }
}

/// The checked-in crate: `Cargo.toml`, `src/lib.rs`, `src/runtime/*.rs`, `src/<module>.rs`,
/// a member of the enclosing workspace.
pub fn workspace_crate(
    crate_name: &str,
    modules: &[ModuleFile],
    command: &str,
) -> Result<BTreeMap<PathBuf, String>, String> {
    features_crate(crate_name, modules, command, false)
}

/// One crate for many specs, one module per spec behind the cargo feature of the same
/// name (all enabled by default); with `own_workspace`, its `Cargo.toml` has a
/// `[workspace]` table of its own.
pub fn features_crate(
    crate_name: &str,
    modules: &[ModuleFile],
    command: &str,
    own_workspace: bool,
) -> Result<BTreeMap<PathBuf, String>, String> {
    let mut files = BTreeMap::new();
    let mut features = String::from("default = [");
    features.push_str(
        &modules
            .iter()
            .flat_map(|m| {
                std::iter::once(&m.name)
                    .chain(m.features.iter().map(|f| &f.name))
                    .map(|name| format!("\"{name}\""))
            })
            .collect::<Vec<_>>()
            .join(", "),
    );
    features.push_str("]\n");
    for m in modules {
        features.push_str(&format!("{} = []\n", m.name));
        features.push_str(&tag_feature_lines(&m.features, Some(&m.name)));
    }
    let from = match common_dir(modules) {
        Some(dir) => format!("the OpenAPI specs in {dir}/"),
        None => "OpenAPI specs".to_string(),
    };
    files.insert(
        PathBuf::from("Cargo.toml"),
        cargo_toml(
            crate_name,
            &format!("Typed API clients generated from {from}"),
            &features,
            own_workspace,
            command,
        ),
    );

    let from = match common_dir(modules) {
        Some(dir) => format!(
            "the OpenAPI specs in {}",
            crate::docs::code_span(&format!("{dir}/"))
        ),
        None => "OpenAPI specs".to_string(),
    };
    let mut crate_doc = format!(
        " Typed clients generated from {from}.\n\n One module per spec, each behind the cargo feature of the same name (all enabled by default):\n",
    );
    for m in modules {
        crate_doc.push_str(&format!(
            " - `{}`: {} (from {})\n",
            m.name,
            inline_title(&m.title),
            crate::docs::code_span(&m.source)
        ));
        if let Some(doc) = tag_features_doc(&m.features) {
            crate_doc.push_str(&format!("   with {doc} (each enables `{}`)\n", m.name));
        }
    }
    let doc_lines = crate_doc.lines().map(|l| quote!(#![doc = #l]));
    let mods = modules.iter().map(|m| {
        let name = crate::naming::ident(&m.name);
        let feature = &m.name;
        quote! {
            #[cfg(feature = #feature)]
            #[rustfmt::skip]
            pub mod #name;
        }
    });
    let lib = quote! {
        #(#doc_lines)*
        // Large APIs nest types deeply; rustdoc's auto-trait analysis needs the room.
        #![recursion_limit = "256"]
        #[rustfmt::skip]
        pub mod runtime;
        #(#mods)*
    };
    let mut lib_rs = header(command, None);
    lib_rs.push_str(&crate::render::format(lib)?);
    files.insert(PathBuf::from("src/lib.rs"), lib_rs);
    insert_runtime(&mut files, command);
    for m in modules {
        let mut text = header(command, Some(&m.source));
        text.push_str(&m.code);
        files.insert(PathBuf::from(format!("src/{}.rs", m.name)), text);
    }
    Ok(files)
}

/// The directory every module's spec is in, when they share one (`specs`).
fn common_dir(modules: &[ModuleFile]) -> Option<&str> {
    let mut dirs = modules.iter().map(|m| {
        // The directory of a spec, or of a split spec's directory (`specs/petstore/openapi.yaml`).
        let dir = m.source.rsplit_once('/').map_or("", |(dir, _)| dir);
        let stem = m.source.rsplit('/').next().unwrap_or("");
        if stem.starts_with("openapi.") {
            dir.rsplit_once('/').map_or("", |(dir, _)| dir)
        } else {
            dir
        }
    });
    let first = dirs.next()?;
    (!first.is_empty() && dirs.all(|d| d == first)).then_some(first)
}

/// A crate of its own for one spec: the module re-exported at the crate root.
pub fn standalone_crate(
    crate_name: &str,
    module: &ModuleFile,
    command: &str,
) -> Result<BTreeMap<PathBuf, String>, String> {
    single_spec_crate(crate_name, module, command, true)
}

/// The same crate as [`standalone_crate`], but without a `[workspace]` table of its own,
/// so that many of them can be members of one workspace and be checked by one cargo
/// invocation (`cargo xtask corpus`).
pub fn member_crate(
    crate_name: &str,
    module: &ModuleFile,
    command: &str,
) -> Result<BTreeMap<PathBuf, String>, String> {
    single_spec_crate(crate_name, module, command, false)
}

fn single_spec_crate(
    crate_name: &str,
    module: &ModuleFile,
    command: &str,
    own_workspace: bool,
) -> Result<BTreeMap<PathBuf, String>, String> {
    let mut files = BTreeMap::new();
    let mut features = String::new();
    if !module.features.is_empty() {
        let names: Vec<String> = module
            .features
            .iter()
            .map(|f| format!("\"{}\"", f.name))
            .collect();
        features = format!("default = [{}]\n", names.join(", "));
        features.push_str(&tag_feature_lines(&module.features, None));
    }
    files.insert(
        PathBuf::from("Cargo.toml"),
        cargo_toml(
            crate_name,
            &format!("Typed client for {}", module.title.trim()),
            &features,
            own_workspace,
            command,
        ),
    );
    let name = crate::naming::ident(&module.name);
    let doc = format!(
        " Typed client for {}, generated from {}.",
        inline_title(&module.title),
        crate::docs::code_span(&module.source)
    );
    let features_doc = tag_features_doc(&module.features)
        .map(|doc| format!(" It has {doc}."))
        .map(|doc| quote!(#![doc = ""] #![doc = #doc]));
    let lib = quote! {
        #![doc = #doc]
        #features_doc
        // Large APIs nest types deeply; rustdoc's auto-trait analysis needs the room.
        #![recursion_limit = "256"]
        #[rustfmt::skip]
        pub mod runtime;
        #[rustfmt::skip]
        pub mod #name;
        pub use #name::*;
    };
    let mut lib_rs = header(command, None);
    lib_rs.push_str(&crate::render::format(lib)?);
    files.insert(PathBuf::from("src/lib.rs"), lib_rs);
    insert_runtime(&mut files, command);
    let mut text = header(command, Some(&module.source));
    text.push_str(&module.code);
    files.insert(PathBuf::from(format!("src/{}.rs", module.name)), text);
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`RUNTIME`] embeds every file of `templates/src/runtime/`, so a file added there
    /// cannot be left out of generated crates.
    #[test]
    fn runtime_embeds_every_template_file() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../templates/src/runtime");
        let mut on_disk: Vec<String> = Vec::new();
        let mut folders = vec![dir.clone()];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(&folder).expect("a folder of templates/src/runtime/") {
                let path = entry.expect("a directory entry").path();
                if path.is_dir() {
                    folders.push(path);
                } else {
                    let relative = path.strip_prefix(&dir).expect("inside the runtime");
                    on_disk.push(relative.to_string_lossy().replace('\\', "/"));
                }
            }
        }
        on_disk.sort();
        let embedded: Vec<String> = RUNTIME
            .iter()
            .map(|(name, _)| (*name).to_string())
            .collect();
        assert_eq!(embedded, on_disk);
    }
}
