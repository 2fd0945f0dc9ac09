//! Emit: [`ir::Api`] -> the tokens of one module (types and client).
//!
//! Plain functions from IR to `TokenStream`, built only with `quote!`. Every path to a
//! library item is fully qualified (`::std::string::String`), so a spec type named
//! `String` or `Result` cannot shadow it. No decision about names or shapes is made
//! here: that is lowering's job.
//!
//! What a generated client offers besides one method per operation:
//! - a body the spec accepts in several media types is sent as the preferred one (JSON,
//!   then form, text, bytes) by the method, and as any of them, encoded by the caller, by
//!   its `<method>_with_body(.., content_type, body)` twin;
//! - a body whose media type is a range (`*/*`) or needs a parameter (`multipart/*` and
//!   its `boundary`) takes a `content_type` argument (a `&'static str` or a `String`);
//! - `Server::url()` is a server's URL with every variable at its default;
//!   `Server::url_with(&[("region", "eu")])` and `ClientBuilder::server_with` fill them.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote};

use crate::docs::doc_attrs;
use crate::ir::{
    self, Api, BodyEncoding, Field, IntKind, Operation, Outcome, ParamLocation, PathPart, Presence,
    StatusMatch, Struct, TypeDef, TypeKind, TypeRef,
};

/// Lints that spec-derived code can trip without being wrong: long parameter lists,
/// enums whose variants share a suffix or differ in size, method names the spec picks,
/// nested response types in a method's `impl Future` return type.
/// Spec Markdown needs none: [`crate::docs`] makes it clean for rustdoc and clippy.
fn module_allows() -> TokenStream {
    quote! {
        #![allow(
            clippy::large_enum_variant,
            clippy::too_many_arguments,
            clippy::enum_variant_names,
            clippy::should_implement_trait,
            clippy::wrong_self_convention,
            clippy::result_large_err,
            clippy::type_complexity
        )]
    }
}

/// An identifier, raw where the name says so (`r#type`).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// Where a type is named from: inside `types`, from the module root, or from anywhere
/// through a path to the `types` module.
#[derive(Clone, Copy)]
enum Scope<'a> {
    Types,
    Root,
    Path(&'a TokenStream, &'a TokenStream),
}

/// The Rust type for `ty` named from outside the generated crate: named types through
/// `types_path` (`::my_crate::api::types`), the runtime through `runtime_path`
/// (`::my_crate::runtime`).
pub fn type_path(
    ty: &TypeRef,
    types_path: &TokenStream,
    runtime_path: &TokenStream,
) -> TokenStream {
    type_ref(ty, Scope::Path(types_path, runtime_path))
}

/// The whole module for one spec, formatted. The `types` module (most of the code) is
/// emitted and formatted on several threads in fixed chunks joined in order, so the output
/// does not depend on the thread count.
pub fn module_text(api: &Api) -> Result<String, String> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    module_text_on(api, threads)
}

/// [`module_text`] on this many threads; the text is the same for any number.
pub fn module_text_on(api: &Api, threads: usize) -> Result<String, String> {
    enum Work<'a> {
        Type(&'a TypeDef),
        Op(&'a Operation),
    }
    let work: Vec<Work<'_>> = api
        .types
        .iter()
        .map(Work::Type)
        .chain(api.operations.iter().map(Work::Op))
        .collect();
    // Items are formatted by prettyplease a run at a time; the text pieces some types
    // add (`deserialize_object!` invocations) go between the runs as they are.
    let format_items = |items: &mut Vec<TokenStream>, out: &mut String| -> Result<(), String> {
        if items.is_empty() {
            return Ok(());
        }
        let text = crate::output::format(quote!(pub mod types { #(#items)* }))?;
        items.clear();
        out.push_str(inside(&text, "pub mod types {\n")?);
        Ok(())
    };
    let format_types = |chunk: &[Work<'_>]| -> Result<String, String> {
        let mut out = String::new();
        let mut items = Vec::new();
        for w in chunk {
            match w {
                Work::Type(t) => {
                    let (tokens, text) = type_def(t);
                    items.push(tokens);
                    if let Some(text) = text {
                        format_items(&mut items, &mut out)?;
                        out.push_str(&text);
                    }
                }
                Work::Op(o) => {
                    let tokens = operation_types(o);
                    if !tokens.is_empty() {
                        items.push(tokens);
                    }
                }
            }
        }
        format_items(&mut items, &mut out)?;
        Ok(out)
    };
    // The client's operation methods, formatted apart from the head and put in place of
    // its marker method.
    let format_methods = |ops: &[Operation]| -> Result<String, String> {
        if ops.is_empty() {
            return Ok(String::new());
        }
        let methods = ops
            .iter()
            .flat_map(|op| [operation_method(op, false), operation_method(op, true)]);
        let text = crate::output::format(quote!(impl Client { #(#methods)* }))?;
        Ok(inside(&text, "impl Client {\n")?.to_string())
    };
    let format_head = || crate::output::format(module_with_types(api, TokenStream::new()));

    enum Job<'a> {
        Head,
        Methods(&'a [Operation]),
        Types(&'a [Work<'a>]),
    }
    // Below this many items threads cost more than they save.
    const PARALLEL_FROM: usize = 64;
    let jobs: Vec<Job<'_>> = if work.len() < PARALLEL_FROM || threads <= 1 {
        vec![Job::Head, Job::Methods(&api.operations), Job::Types(&work)]
    } else {
        // More chunks than threads, so that items of different sizes even out.
        let size = work.len().div_ceil(threads * 4);
        let methods = api.operations.len().div_ceil(threads * 2).max(1);
        std::iter::once(Job::Head)
            .chain(api.operations.chunks(methods).map(Job::Methods))
            .chain(work.chunks(size).map(Job::Types))
            .collect()
    };
    let run = |job: &Job<'_>| {
        crate::docs::with_doc_table(|| match job {
            Job::Head => format_head(),
            Job::Methods(ops) => format_methods(ops),
            Job::Types(part) => format_types(part),
        })
    };
    let results: Vec<Result<String, String>> = if threads <= 1 || jobs.len() <= 3 {
        jobs.iter().map(run).collect()
    } else {
        let next = std::sync::atomic::AtomicUsize::new(0);
        let results: std::sync::Mutex<Vec<Option<Result<String, String>>>> =
            std::sync::Mutex::new(jobs.iter().map(|_| None).collect());
        std::thread::scope(|scope| {
            for _ in 0..threads {
                scope.spawn(|| loop {
                    let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(job) = jobs.get(index) else {
                        break;
                    };
                    let out = run(job);
                    if let Ok(mut results) = results.lock() {
                        if let Some(slot) = results.get_mut(index) {
                            *slot = Some(out);
                        }
                    }
                });
            }
        });
        results
            .into_inner()
            .map_err(|_| "a formatting thread failed".to_string())?
            .into_iter()
            .map(|r| r.unwrap_or_else(|| Err("a formatting thread failed".to_string())))
            .collect()
    };
    let mut head = String::new();
    let mut methods = String::new();
    let mut types = String::new();
    for (job, text) in jobs.iter().zip(results) {
        match job {
            Job::Head => head = text?,
            Job::Methods(_) => methods.push_str(&text?),
            Job::Types(_) => types.push_str(&text?),
        }
    }
    let marker = format!("    fn {METHODS_MARKER}() {{}}\n");
    let (before, after) = head
        .split_once(&marker)
        .ok_or("the module head has no place for the client's methods")?;
    let head = format!("{before}{methods}{after}");
    let marker = "pub mod types {}\n";
    match head.strip_suffix(marker) {
        Some(_) if types.is_empty() => Ok(head),
        Some(before) => Ok(format!("{before}pub mod types {{\n{types}}}\n")),
        None => Err("the module head does not end with the types module".to_string()),
    }
}

/// The name of the method that stands for the client's operation methods in the head.
const METHODS_MARKER: &str = "__operation_methods__";

/// What is inside a formatted `open ... }` block.
fn inside<'a>(text: &'a str, open: &str) -> Result<&'a str, String> {
    text.strip_prefix(open)
        .and_then(|t| t.strip_suffix("}\n"))
        .ok_or_else(|| format!("formatted items are not inside `{}`", open.trim_end()))
}

/// The module: docs, lints, client, and `types` holding `types`.
fn module_with_types(api: &Api, types: TokenStream) -> TokenStream {
    let allows = module_allows();
    let mut header = format!("{} (version {})", api.title.trim(), api.version.trim());
    if let Some(d) = &api.description {
        header.push_str("\n\n");
        header.push_str(d);
    }
    let module_docs = crate::docs::sanitize(&header).into_iter().map(|line| {
        let line = if line.is_empty() {
            line
        } else {
            format!(" {line}")
        };
        quote!(#![doc = #line])
    });
    let client = client(api);
    quote! {
        #(#module_docs)*
        #allows

        #client

        /// The request and response types of this API.
        pub mod types {
            #types
        }
    }
}

// ----- types ------------------------------------------------------------------------

fn type_ref(ty: &TypeRef, scope: Scope) -> TokenStream {
    match ty {
        TypeRef::Named(name) => {
            let name = ident(name);
            match scope {
                Scope::Types => quote!(#name),
                Scope::Root => quote!(types::#name),
                Scope::Path(path, _) => quote!(#path::#name),
            }
        }
        TypeRef::String => quote!(::std::string::String),
        TypeRef::Bool => quote!(bool),
        TypeRef::Integer(kind) => match kind {
            IntKind::I8 => quote!(i8),
            IntKind::I16 => quote!(i16),
            IntKind::I32 => quote!(i32),
            IntKind::I64 => quote!(i64),
            IntKind::U8 => quote!(u8),
            IntKind::U16 => quote!(u16),
            IntKind::U32 => quote!(u32),
            IntKind::U64 => quote!(u64),
        },
        TypeRef::F32 => quote!(f32),
        TypeRef::F64 => quote!(f64),
        TypeRef::Json => quote!(::serde_json::Value),
        TypeRef::JsonObject => {
            quote!(::serde_json::Map<::std::string::String, ::serde_json::Value>)
        }
        TypeRef::Bytes => quote!(::bytes::Bytes),
        TypeRef::Vec(inner) => {
            let inner = type_ref(inner, scope);
            quote!(::std::vec::Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = type_ref(inner, scope);
            quote!(::std::collections::BTreeMap<::std::string::String, #inner>)
        }
        TypeRef::Nullable(inner) => {
            let inner = type_ref(inner, scope);
            quote!(::std::option::Option<#inner>)
        }
        TypeRef::Secret(inner) => {
            let inner = type_ref(inner, scope);
            match scope {
                Scope::Path(_, runtime) => quote!(#runtime::Secret<#inner>),
                _ => quote!(crate::runtime::Secret<#inner>),
            }
        }
        TypeRef::Unit => quote!(()),
    }
}

/// A type's items, and the text of a `deserialize_object!` invocation to follow them.
fn type_def(def: &TypeDef) -> (TokenStream, Option<String>) {
    let docs = doc_attrs(def.docs.as_deref());
    let name = ident(&def.name);
    let tokens = match &def.kind {
        TypeKind::Struct(s) => {
            let all_optional = s.fields.iter().all(|f| !f.presence.is_required());
            let default = all_optional.then(|| quote!(Default,));
            let fields = s.fields.iter().map(field);
            let additional = s.additional.as_ref().map(|ty| {
                let ty = type_ref(ty, Scope::Types);
                quote! {
                    /// Properties the spec does not name.
                    pub additional_properties: ::std::collections::BTreeMap<::std::string::String, #ty>,
                }
            });
            let tokens = quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, #default)]
                pub struct #name {
                    #(#fields)*
                    #additional
                }
            };
            return (tokens, Some(struct_serde(&def.name, s)));
        }
        TypeKind::StringEnum(values) => {
            let variants = values.iter().map(|v| {
                let variant = ident(&v.name);
                let value = &v.value;
                let doc = format!(" {}", crate::docs::code_span(value));
                let vdocs = doc_attrs(v.docs.as_deref());
                let sep = v.docs.is_some().then(|| quote!(#[doc = ""]));
                quote! {
                    #vdocs
                    #sep
                    #[doc = #doc]
                    #variant,
                }
            });
            let tokens = quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
                pub enum #name {
                    #(#variants)*
                    /// A value this client does not know (the server may add values).
                    Other(::std::string::String),
                }
            };
            return (tokens, Some(string_enum_impls(&def.name, values)));
        }
        TypeKind::Tagged(tagged) => {
            let tag = &tagged.tag;
            let variants = tagged.variants.iter().map(|v| {
                let variant = ident(&v.name);
                let value = &v.value;
                let ty = type_ref(&v.ty, Scope::Types);
                let vdocs = doc_attrs(v.docs.as_deref());
                let tag_doc = format!(" {}", crate::docs::code_span(&format!("{tag}: {value}")));
                quote! {
                    #vdocs
                    #[doc = #tag_doc]
                    #[serde(rename = #value)]
                    #variant(#ty),
                }
            });
            quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
                #[serde(tag = #tag)]
                pub enum #name {
                    #(#variants)*
                }
            }
        }
        TypeKind::Untagged(variants) => {
            let variants = variants.iter().map(|v| {
                let variant = ident(&v.name);
                let mut ty = type_ref(&v.ty, Scope::Types);
                if v.boxed {
                    ty = quote!(::std::boxed::Box<#ty>);
                }
                quote!(#variant(#ty),)
            });
            quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
                #[serde(untagged)]
                pub enum #name {
                    #(#variants)*
                }
            }
        }
        TypeKind::Alias(target) => {
            let target = type_ref(target, Scope::Types);
            quote! {
                #docs
                pub type #name = #target;
            }
        }
        TypeKind::Newtype(newtype) => {
            let mut target = type_ref(&newtype.ty, Scope::Types);
            if newtype.boxed {
                target = quote!(::std::boxed::Box<#target>);
            }
            quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
                #[serde(transparent)]
                pub struct #name(pub #target);
            }
        }
    };
    (tokens, None)
}

/// The `object!` invocation that implements `Serialize` and `Deserialize` for a struct
/// (see `runtime::de` for why they are not derived), as text laid out one field per line,
/// indented to sit in `pub mod types`: prettyplease would fill a macro's tokens into
/// paragraphs, which makes a one-field change reflow every line after it.
fn struct_serde(name: &str, s: &Struct) -> String {
    let fields = s.fields.iter().map(|f| {
        let kind = match f.presence {
            Presence::Required => "required",
            Presence::Nullable => "nullable",
            Presence::Optional => "optional",
            Presence::OptionalNullable => "optional_nullable",
        };
        format!(
            "{} => {}: {kind},",
            Literal::string(&f.wire_name),
            ident(&f.name)
        )
    });
    let additional = s
        .additional
        .as_ref()
        .map(|_| "..additional_properties".to_string());
    macro_text("object", name, fields.chain(additional))
}

/// The `string_enum!` invocation that gives a string enum `as_str`, `Display`, `FromStr`,
/// `Serialize` and `Deserialize`, as text, one value per line (see [`struct_serde`]).
fn string_enum_impls(name: &str, values: &[ir::EnumValue]) -> String {
    let values = values
        .iter()
        .map(|v| format!("{} => {},", Literal::string(&v.value), ident(&v.name)));
    macro_text("string_enum", name, values)
}

/// `crate::runtime::<mac>! { Name { line... } }` inside `pub mod types`, one line each,
/// `Name {}` when there are none.
fn macro_text(mac: &str, name: &str, lines: impl Iterator<Item = String>) -> String {
    let mut out = format!("    crate::runtime::{mac}! {{\n        {} {{", ident(name));
    let mut any = false;
    for line in lines {
        any = true;
        out.push_str("\n            ");
        out.push_str(&line);
    }
    out.push_str(if any {
        "\n        }\n    }\n"
    } else {
        "}\n    }\n"
    });
    out
}

fn field(f: &Field) -> TokenStream {
    let docs = doc_attrs(f.docs.as_deref());
    let name = ident(&f.name);
    let mut ty = type_ref(&f.ty, Scope::Types);
    if f.boxed {
        ty = quote!(::std::boxed::Box<#ty>);
    }
    let (ty, extra_doc) = match f.presence {
        Presence::Required => (ty, None),
        Presence::Nullable => (
            quote!(::std::option::Option<#ty>),
            Some(" Required, but may be `null` (`None`)."),
        ),
        Presence::Optional => (quote!(::std::option::Option<#ty>), None),
        Presence::OptionalNullable => (
            quote!(::std::option::Option<::std::option::Option<#ty>>),
            Some(" Optional and nullable: `None` leaves it out, `Some(None)` sends `null`."),
        ),
    };
    // The key is in the type's `object!` invocation; say it where the name differs.
    let key_doc = (f.name.trim_start_matches("r#") != f.wire_name)
        .then(|| format!(" JSON key: {}.", crate::docs::code_span(&f.wire_name)));
    let notes: Vec<String> = key_doc
        .into_iter()
        .chain(extra_doc.map(str::to_string))
        .collect();
    let notes = (!notes.is_empty()).then(|| {
        let sep = f.docs.is_some().then(|| quote!(#[doc = ""]));
        let text = notes.join("");
        quote!(#sep #[doc = #text])
    });
    quote! {
        #docs
        #notes
        pub #name: #ty,
    }
}

// ----- operation types (params, outcomes) ----------------------------------------------

fn operation_types(op: &Operation) -> TokenStream {
    let mut out = TokenStream::new();
    if let Some(params_type) = &op.params_type {
        let name = ident(params_type);
        let all_optional = op.params.iter().all(|p| !p.required);
        let default = all_optional.then(|| quote!(Default,));
        let doc = format!(
            " Query, header and cookie parameters of [`Client::{}`](super::Client::{}).",
            op.name.trim_start_matches("r#"),
            op.name.trim_start_matches("r#")
        );
        let fields = op.params.iter().map(|p| {
            let docs = doc_attrs(p.docs.as_deref());
            let pname = ident(&p.name);
            let ty = type_ref(&p.ty, Scope::Types);
            let ty = if p.required {
                ty
            } else {
                quote!(::std::option::Option<#ty>)
            };
            let where_doc = format!(
                " Sent as {} `{}`.",
                match p.location {
                    ParamLocation::Query => "query parameter",
                    ParamLocation::Header => "header",
                    ParamLocation::Cookie => "cookie",
                    ParamLocation::Path => "path parameter",
                },
                p.wire_name
            );
            let sep = p.docs.is_some().then(|| quote!(#[doc = ""]));
            quote! {
                #docs
                #sep
                #[doc = #where_doc]
                pub #pname: #ty,
            }
        });
        out.extend(quote! {
            #[doc = #doc]
            #[derive(Debug, Clone, PartialEq, #default)]
            pub struct #name {
                #(#fields)*
            }
        });
    }
    let method = op.name.trim_start_matches("r#");
    if let Outcome::Enum(name) = &op.success {
        let doc = format!(" The documented successful responses of [`Client::{method}`](super::Client::{method}).");
        out.extend(outcome_enum(
            name,
            &doc,
            op.responses.iter().filter(|r| r.success),
        ));
    }
    if let Outcome::Enum(name) = &op.error {
        let doc = format!(
            " The documented error responses of [`Client::{method}`](super::Client::{method})."
        );
        out.extend(outcome_enum(
            name,
            &doc,
            op.responses.iter().filter(|r| !r.success),
        ));
    }
    out
}

fn outcome_enum<'a>(
    name: &str,
    doc: &str,
    cases: impl Iterator<Item = &'a ir::ResponseCase>,
) -> TokenStream {
    let name = ident(name);
    let variants = cases.filter_map(|c| {
        let variant = ident(c.variant.as_deref()?);
        let status = match c.status {
            StatusMatch::Code(code) => format!(" Status {code}."),
            StatusMatch::Range(r) => format!(" Any {r}XX status."),
            StatusMatch::Default => " Any other status (`default`).".to_string(),
        };
        let docs = doc_attrs(c.docs.as_deref());
        let sep = c.docs.is_some().then(|| quote!(#[doc = ""]));
        let payload = match c.ty {
            TypeRef::Unit => quote!(),
            ref ty => {
                let ty = type_ref(ty, Scope::Types);
                quote!((#ty))
            }
        };
        Some(quote! {
            #docs
            #sep
            #[doc = #status]
            #variant #payload,
        })
    });
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }
    }
}

// ----- client ---------------------------------------------------------------------------

fn client(api: &Api) -> TokenStream {
    let default_url = api.servers.first().map(|s| s.url.as_str()).unwrap_or("");
    let schemes = api.security_schemes.iter().map(|s| {
        let name = &s.name;
        let kind = match &s.kind {
            ir::SchemeKind::Bearer => quote!(crate::runtime::SchemeKind::Bearer),
            ir::SchemeKind::Basic => quote!(crate::runtime::SchemeKind::Basic),
            ir::SchemeKind::ApiKeyHeader(p) => quote!(crate::runtime::SchemeKind::ApiKeyHeader(#p)),
            ir::SchemeKind::ApiKeyQuery(p) => quote!(crate::runtime::SchemeKind::ApiKeyQuery(#p)),
            ir::SchemeKind::ApiKeyCookie(p) => quote!(crate::runtime::SchemeKind::ApiKeyCookie(#p)),
        };
        quote!(crate::runtime::SecurityScheme { name: #name, kind: #kind },)
    });
    let servers = servers(api);
    let server_method = (!api.servers.is_empty()).then(|| {
        quote! {
            /// Sends requests to one of the servers the spec lists (the first is the
            /// default); [`base_url`](crate::runtime::ClientBuilder::base_url) sends them
            /// anywhere else.
            pub fn server(self, server: Server) -> Self {
                self.base_url(server.url())
            }
        }
    });
    let server_with_method = api
        .servers
        .iter()
        .any(|s| !s.variables.is_empty())
        .then(|| {
            quote! {
                /// Sends requests to one of the servers the spec lists, with its variables
                /// filled in: `server_with(Server::X, &[("region", "eu")])`. Variables left out
                /// keep their defaults (see [`Server::url_with`]).
                pub fn server_with(self, server: Server, values: &[(&str, &str)]) -> Self {
                    self.base_url(server.url_with(values))
                }
            }
        });
    let rate_limit = api
        .rate_limit_reset_headers
        .iter()
        .map(|h| quote!(.rate_limit_reset_header(#h)));
    let mut builder_methods: Vec<TokenStream> =
        api.security_schemes.iter().map(credential_method).collect();
    builder_methods.extend(server_method);
    builder_methods.extend(server_with_method);
    let builder_methods = builder_impl(builder_methods);
    let methods_marker = format_ident!("{}", METHODS_MARKER);
    let base_url_doc = if default_url.is_empty() {
        " The spec names no absolute server URL, so set one with [`ClientBuilder::base_url`] before [`ClientBuilder::build`].".to_string()
    } else if !default_url.contains("://") {
        format!(
            " The spec's first server, {}, is relative: set the full URL with [`ClientBuilder::base_url`] before [`ClientBuilder::build`].",
            crate::docs::code_span(default_url)
        )
    } else {
        format!(
            " The base URL requests go to unless the builder says otherwise: {}.",
            crate::docs::code_span(default_url)
        )
    };
    quote! {
        #servers

        #[doc = #base_url_doc]
        pub const DEFAULT_BASE_URL: &str = #default_url;

        /// The security schemes of the spec, for the runtime to apply credentials.
        #[doc(hidden)]
        pub const SECURITY_SCHEMES: &[crate::runtime::SecurityScheme] = &[#(#schemes)*];

        /// The client: one method per operation.
        ///
        /// Cheap to clone; clones share the connection pool and configuration.
        #[derive(Debug, Clone)]
        pub struct Client {
            core: crate::runtime::Core,
            options: crate::runtime::RequestOptions,
        }

        impl Client {
            /// Starts configuring a client: credentials, server, timeouts, retries.
            pub fn builder() -> ClientBuilder {
                crate::runtime::ClientBuilder::new(DEFAULT_BASE_URL, SECURITY_SCHEMES) #(#rate_limit)*
            }

            /// A client that applies `options` (timeout, retries, extra headers) to every
            /// call made through it, on top of this client's own.
            pub fn with_options(&self, options: crate::runtime::RequestOptions) -> Self {
                Client {
                    core: self.core.clone(),
                    options: self.options.merged_with(&options),
                }
            }

            /// The runtime engine behind this client.
            #[doc(hidden)]
            pub fn core(&self) -> &crate::runtime::Core {
                &self.core
            }

            fn #methods_marker() {}
        }

        impl crate::runtime::FromCore for Client {
            fn from_core(core: crate::runtime::Core) -> Self {
                Client {
                    core,
                    options: crate::runtime::RequestOptions::new(),
                }
            }
        }

        /// Configures a [`Client`]: the credentials of this API's security schemes and its
        /// server, defined below, and the options every client shares (timeout, retries,
        /// headers, ...), defined by the runtime; [`build`](crate::runtime::ClientBuilder::build)
        /// checks everything at once.
        pub type ClientBuilder = crate::runtime::ClientBuilder<Client>;

        #builder_methods
    }
}

/// The methods a module adds to the runtime's builder for its `Client`: one per security
/// scheme and the server choice; nothing when the spec has neither.
fn builder_impl(methods: Vec<TokenStream>) -> TokenStream {
    if methods.is_empty() {
        return TokenStream::new();
    }
    quote! {
        /// The credentials and servers of this API.
        impl crate::runtime::ClientBuilder<Client> {
            #(#methods)*
        }
    }
}

fn servers(api: &Api) -> TokenStream {
    if api.servers.is_empty() {
        return TokenStream::new();
    }
    let variants = api.servers.iter().enumerate().map(|(i, s)| {
        let name = ident(&s.name);
        let docs = doc_attrs(s.description.as_deref());
        let url_doc = format!(" {}", crate::docs::code_span(&s.url));
        let sep = s.description.is_some().then(|| quote!(#[doc = ""]));
        let default = (i == 0).then(|| quote!(#[default]));
        let variables = (!s.variables.is_empty()).then(|| {
            let items = s.variables.iter().map(|v| {
                let mut line = format!(
                    " - {}: default {}",
                    crate::docs::code_span(&v.name),
                    crate::docs::code_span(&v.default)
                );
                if !v.values.is_empty() {
                    let values = v
                        .values
                        .iter()
                        .map(|x| crate::docs::code_span(x))
                        .collect::<Vec<_>>()
                        .join(", ");
                    line.push_str(&format!(", one of {values}"));
                }
                if let Some(d) = v
                    .description
                    .as_deref()
                    .map(str::trim)
                    .filter(|d| !d.is_empty())
                {
                    let d = crate::docs::sanitize(d).join(" ");
                    line.push_str(&format!(". {d}"));
                }
                quote!(#[doc = #line])
            });
            let template = format!(
                " Variables of {} (fill them with [`Server::url_with`]):",
                crate::docs::code_span(&s.template)
            );
            quote! {
                #[doc = ""]
                #[doc = #template]
                #(#items)*
            }
        });
        quote! {
            #docs
            #sep
            #[doc = #url_doc]
            #variables
            #default
            #name,
        }
    });
    let arms = api.servers.iter().map(|s| {
        let name = ident(&s.name);
        let url = &s.url;
        quote!(Server::#name => #url,)
    });
    let with_variables = api
        .servers
        .iter()
        .any(|s| !s.variables.is_empty())
        .then(|| {
            let templates = api.servers.iter().map(|s| {
                let name = ident(&s.name);
                let template = &s.template;
                quote!(Server::#name => #template,)
            });
            let defaults = api.servers.iter().map(|s| {
                let name = ident(&s.name);
                let pairs = s.variables.iter().map(|v| {
                    let n = &v.name;
                    let d = &v.default;
                    quote!((#n, #d))
                });
                quote!(Server::#name => &[#(#pairs),*],)
            });
            quote! {
                /// The server's URL as the spec writes it, with `{variable}` placeholders.
                pub const fn template(self) -> &'static str {
                    match self {
                        #(#templates)*
                    }
                }

                /// The server's variables and their defaults, in spec order.
                pub const fn variables(self) -> &'static [(&'static str, &'static str)] {
                    match self {
                        #(#defaults)*
                    }
                }

                /// The server's URL with the variables in `values` (name, value) filled in and
                /// the others at their defaults. Names the server does not have are ignored;
                /// values are used as given (they are not checked against the spec's `enum`).
                pub fn url_with(self, values: &[(&str, &str)]) -> ::std::string::String {
                    let mut url = ::std::string::String::from(self.template());
                    for (name, default) in self.variables() {
                        let value = values
                            .iter()
                            .rev()
                            .find(|(n, _)| n == name)
                            .map_or(*default, |(_, v)| *v);
                        url = url.replace(&::std::format!("{{{name}}}"), value);
                    }
                    url
                }
            }
        });
    quote! {
        /// The servers the spec lists; the first is the default.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub enum Server {
            #(#variants)*
        }

        impl Server {
            /// The server's URL, with every server variable at its default.
            pub const fn url(self) -> &'static str {
                match self {
                    #(#arms)*
                }
            }

            #with_variables
        }
    }
}

fn credential_method(s: &ir::SecurityScheme) -> TokenStream {
    let method = ident(&s.method);
    let name = &s.name;
    let docs = doc_attrs(s.description.as_deref());
    let sep = s.description.is_some().then(|| quote!(#[doc = ""]));
    match &s.kind {
        ir::SchemeKind::Basic => {
            let doc =
                format!(" Sets the user name and password of the `{name}` scheme (HTTP basic).");
            quote! {
                #[doc = #doc]
                #sep
                #docs
                pub fn #method(
                    self,
                    username: impl Into<::std::string::String>,
                    password: impl Into<::std::string::String>,
                ) -> Self {
                    self.credential(
                        #name,
                        crate::runtime::Credential::Basic {
                            username: username.into(),
                            password: crate::runtime::Secret::new(password.into()),
                        },
                    )
                }
            }
        }
        kind => {
            let (doc, variant) = match kind {
                ir::SchemeKind::Bearer => (
                    format!(" Sets the token of the `{name}` scheme (sent as `Authorization: Bearer`)."),
                    quote!(Bearer),
                ),
                ir::SchemeKind::ApiKeyHeader(p) => (
                    format!(" Sets the API key of the `{name}` scheme (sent in the `{p}` header)."),
                    quote!(ApiKey),
                ),
                ir::SchemeKind::ApiKeyQuery(p) => (
                    format!(" Sets the API key of the `{name}` scheme (sent as the `{p}` query parameter)."),
                    quote!(ApiKey),
                ),
                _ => (
                    format!(" Sets the API key of the `{name}` scheme (sent as a cookie)."),
                    quote!(ApiKey),
                ),
            };
            quote! {
                #[doc = #doc]
                #sep
                #docs
                pub fn #method(self, secret: impl Into<::std::string::String>) -> Self {
                    self.credential(
                        #name,
                        crate::runtime::Credential::#variant(crate::runtime::Secret::new(secret.into())),
                    )
                }
            }
        }
    }
}

/// How a path parameter is taken by the method: strings as `&str`, numbers and booleans
/// by value, everything else by reference.
fn arg_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote!(&str),
        TypeRef::Integer(_) | TypeRef::F32 | TypeRef::F64 | TypeRef::Bool => {
            type_ref(ty, Scope::Root)
        }
        ty => {
            let ty = type_ref(ty, Scope::Root);
            quote!(&#ty)
        }
    }
}

/// The method of an operation; with `raw`, its `_with_body` twin that sends a body the
/// caller encoded.
fn operation_method(op: &Operation, raw: bool) -> TokenStream {
    let raw_body = if raw {
        match op
            .body
            .as_ref()
            .and_then(|b| Some((b, b.raw_method.as_ref()?)))
        {
            Some(found) => Some(found),
            None => return TokenStream::new(),
        }
    } else {
        None
    };
    let method_name = op.name.trim_start_matches("r#");
    let name = match raw_body {
        Some((_, raw_name)) => ident(raw_name),
        None => ident(&op.name),
    };
    let mut docs = match raw_body {
        Some((body, _)) => {
            let mut media = vec![body.media_type.as_str()];
            media.extend(body.other_media_types.iter().map(String::as_str));
            let list = media
                .iter()
                .map(|m| crate::docs::code_span(m))
                .collect::<Vec<_>>()
                .join(", ");
            let text = format!(
                " Like [`Client::{method_name}`], but sends `body` as it is, with `content_type`; the spec accepts {list}."
            );
            quote!(#[doc = #text])
        }
        None => doc_attrs(op.docs.as_deref()),
    };
    let line = format!(
        " {}",
        crate::docs::code_span(&format!("{} {}", op.method.as_str(), op.path.template))
    );
    if op.docs.is_some() || raw_body.is_some() {
        docs.extend(quote!(#[doc = ""]));
    }
    docs.extend(quote!(#[doc = #line]));
    if let (None, Some(body)) = (raw_body, &op.body) {
        if let Some(text) = body.docs.as_deref().filter(|d| !d.trim().is_empty()) {
            let body_docs = doc_attrs(Some(text));
            docs.extend(quote!(#[doc = ""] #body_docs));
        }
        if body.content_type_arg {
            let text = format!(
                " `content_type` is the media type of `body` as sent; the spec says {}{}.",
                crate::docs::code_span(&body.media_type),
                if body.media_type.starts_with("multipart/") {
                    " (with the `boundary` the body uses: `multipart/form-data; boundary=...`)"
                } else {
                    ""
                }
            );
            docs.extend(quote!(#[doc = ""] #[doc = #text]));
        }
        if let Some(raw_name) = &body.raw_method {
            let list = body
                .other_media_types
                .iter()
                .map(|m| crate::docs::code_span(m))
                .collect::<Vec<_>>()
                .join(", ");
            let raw_name = raw_name.trim_start_matches("r#");
            let text = format!(
                " The body is sent as {}; the spec also accepts {list}, which [`Client::{raw_name}`] sends.",
                crate::docs::code_span(&body.media_type)
            );
            docs.extend(quote!(#[doc = ""] #[doc = #text]));
        }
    }
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));

    let mut args = Vec::new();
    for p in &op.path_params {
        let pname = ident(&p.name);
        let ty = arg_type(&p.ty);
        args.push(quote!(#pname: #ty));
    }
    if let Some(params_type) = &op.params_type {
        let ty = ident(params_type);
        args.push(quote!(params: &types::#ty));
    }
    if raw_body.is_some() {
        args.push(
            quote!(content_type: impl ::std::convert::Into<::std::borrow::Cow<'static, str>>),
        );
        args.push(quote!(body: ::bytes::Bytes));
    } else if let Some(body) = &op.body {
        if body.content_type_arg {
            args.push(
                quote!(content_type: impl ::std::convert::Into<::std::borrow::Cow<'static, str>>),
            );
        }
        let ty = match body.encoding {
            BodyEncoding::Bytes | BodyEncoding::Empty => quote!(::bytes::Bytes),
            BodyEncoding::Text => quote!(&str),
            BodyEncoding::Json | BodyEncoding::Form => {
                let ty = type_ref(&body.ty, Scope::Root);
                quote!(&#ty)
            }
        };
        if body.required {
            args.push(quote!(body: #ty));
        } else {
            args.push(quote!(body: ::std::option::Option<#ty>));
        }
    }

    // The path, as literal pieces and encoded parameters.
    let pieces: Vec<TokenStream> = op
        .path
        .parts
        .iter()
        .map(|part| match part {
            PathPart::Literal(text) => quote!(#text),
            PathPart::Param(i) => match op.path_params.get(*i) {
                Some(p) => {
                    let pname = ident(&p.name);
                    quote!(&crate::runtime::path_param(&#pname))
                }
                None => quote!(""),
            },
        })
        .collect();
    let path_expr = match op.path.parts.as_slice() {
        [PathPart::Literal(text)] => quote!(::std::string::String::from(#text)),
        [] => quote!(::std::string::String::new()),
        _ => quote!([#(#pieces),*].concat()),
    };
    let method = format_ident!("{}", op.method.as_str());
    let method = quote!(::reqwest::Method::#method);

    let params = op.params.iter().map(|p| {
        let pname = ident(&p.name);
        let wire = &p.wire_name;
        match p.location {
            ParamLocation::Query => {
                let style = match p.style {
                    ir::QueryStyle::Form { explode: true } => {
                        quote!(crate::runtime::QueryStyle::FORM)
                    }
                    ir::QueryStyle::Form { explode } => {
                        quote!(crate::runtime::QueryStyle::Form { explode: #explode })
                    }
                    ir::QueryStyle::SpaceDelimited => {
                        quote!(crate::runtime::QueryStyle::SpaceDelimited)
                    }
                    ir::QueryStyle::PipeDelimited => {
                        quote!(crate::runtime::QueryStyle::PipeDelimited)
                    }
                    ir::QueryStyle::DeepObject => quote!(crate::runtime::QueryStyle::DeepObject),
                };
                quote!(request.query(#wire, &params.#pname, #style);)
            }
            ParamLocation::Header => quote!(request.header(#wire, &params.#pname);),
            ParamLocation::Cookie => quote!(request.cookie(#wire, &params.#pname);),
            ParamLocation::Path => quote!(),
        }
    });

    let security = if op.security.is_empty() {
        quote!()
    } else {
        let alternatives = op.security.iter().map(|set| quote!(&[#(#set),*]));
        quote!(request.security(&[#(#alternatives),*]);)
    };

    let body = op.body.as_ref().map(|b| {
        let media = &b.media_type;
        let media = if b.content_type_arg || raw_body.is_some() {
            quote!(content_type)
        } else {
            quote!(#media)
        };
        let call = match b.encoding {
            _ if raw_body.is_some() => quote!(request.bytes_body(#media, body)),
            BodyEncoding::Json => quote!(request.json_body(#media, body)),
            BodyEncoding::Form => quote!(request.form_body(body)),
            BodyEncoding::Text => quote!(request.text_body(#media, body)),
            BodyEncoding::Bytes | BodyEncoding::Empty => quote!(request.bytes_body(#media, body)),
        };
        if b.required || raw_body.is_some() {
            quote!(#call;)
        } else {
            quote!(if let ::std::option::Option::Some(body) = body { #call; })
        }
    });
    let accept = op.accept.as_ref().map(|a| {
        let a = Literal::string(a);
        quote!(request.accept(#a);)
    });

    let success_ty = match &op.success {
        Outcome::Single(ty) => type_ref(ty, Scope::Root),
        Outcome::Enum(name) => {
            let name = ident(name);
            quote!(types::#name)
        }
    };
    let error_ty = match &op.error {
        Outcome::Single(ty) => type_ref(ty, Scope::Root),
        Outcome::Enum(name) => {
            let name = ident(name);
            quote!(types::#name)
        }
    };
    let arms = response_arms(op);
    // A call without parameters, security, body or `Accept` never changes the request.
    let mutable = (!op.params.is_empty()
        || !op.security.is_empty()
        || op.body.is_some()
        || op.accept.is_some())
    .then(|| quote!(mut));
    let decode = match arms.as_slice() {
        [(None, only)] => quote!(#only),
        _ => {
            let arms = arms.iter().map(|(pattern, expr)| {
                let pattern = pattern.clone().unwrap_or_else(|| quote!(_));
                quote!(#pattern => #expr,)
            });
            quote! {
                match response.status().as_u16() {
                    #(#arms)*
                }
            }
        }
    };

    // Not an `async fn`: the request is built when the method is called, and the future
    // (the runtime's, shared by every method) borrows only the client. An `async fn` per
    // operation made `cargo check` build and borrow-check a state machine for each.
    quote! {
        #docs
        #deprecated
        pub fn #name(&self, #(#args),*) -> impl ::std::future::Future<
            Output = ::std::result::Result<
                crate::runtime::Response<#success_ty>,
                crate::runtime::Error<#error_ty>,
            >,
        > + '_ {
            let #mutable request = crate::runtime::Request::new(#method, #path_expr);
            #(#params)*
            #security
            #body
            #accept
            self.core.call(request, &self.options, |response| #decode)
        }
    }
}

/// The arms of the status `match`: a pattern (`None` for `_`) and its expression.
fn response_arms(op: &Operation) -> Vec<(Option<TokenStream>, TokenStream)> {
    let mut arms = Vec::new();
    let mut has_default = false;
    for case in &op.responses {
        let pattern = match case.status {
            StatusMatch::Code(code) => {
                let code = Literal::u16_unsuffixed(code);
                Some(quote!(#code))
            }
            StatusMatch::Range(r) => {
                let lo = Literal::u16_unsuffixed(r * 100);
                let hi = Literal::u16_unsuffixed(r * 100 + 99);
                Some(quote!(#lo..=#hi))
            }
            StatusMatch::Default => {
                has_default = true;
                None
            }
        };
        let enum_name = if case.success { &op.success } else { &op.error };
        let constructor = match (enum_name, &case.variant) {
            (Outcome::Enum(e), Some(v)) => {
                let e = ident(e);
                let v = ident(v);
                Some(quote!(types::#e::#v))
            }
            _ => None,
        };
        let expr = match (case.success, case.encoding, constructor) {
            (true, BodyEncoding::Json, None) => quote!(response.json()),
            (true, BodyEncoding::Json, Some(c)) => quote!(response.json_map(#c)),
            (true, BodyEncoding::Empty, None) => match &op.success {
                Outcome::Single(TypeRef::Unit) => quote!(response.empty()),
                _ => quote!(response.json()),
            },
            (true, BodyEncoding::Empty, Some(c)) => quote!(response.empty_map(#c)),
            (true, BodyEncoding::Text, None) => quote!(response.text()),
            (true, BodyEncoding::Text, Some(c)) => quote!(response.text().map(|r| r.map(#c))),
            (true, _, None) => quote!(response.bytes()),
            (true, _, Some(c)) => quote!(response.bytes().map(|r| r.map(#c))),
            (false, _, None) => quote!(::std::result::Result::Err(response.unexpected())),
            (false, BodyEncoding::Json, Some(c)) => quote!(response.error_json(#c)),
            (false, BodyEncoding::Empty, Some(c)) => quote!(response.error_empty(#c)),
            (false, _, Some(c)) => quote!(response.error_text(#c)),
        };
        arms.push((pattern, expr));
    }
    if !has_default {
        arms.push((
            None,
            quote!(::std::result::Result::Err(response.unexpected())),
        ));
    }
    arms
}
