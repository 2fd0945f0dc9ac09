//! Emit: [`ir::Api`] -> the tokens of one module (the client and its `types`).
//!
//! Plain functions from IR to `TokenStream`, built only with `quote!` (and, for the
//! runtime's macro invocations, text laid out line by line). Every path to a library item
//! is fully qualified (`::std::string::String`), so a spec type named `String` or `Result`
//! cannot shadow it. Emit renders the IR: it never names or reshapes anything, which is
//! lowering's job.
//!
//! One module per output concept:
//! - this one assembles the module: docs, lints, the client and the `types` module;
//! - `types`: type definitions (structs, enums, unions, aliases, newtypes);
//! - `runtime_macros`: the `object!` and `string_enum!` invocations, as text;
//! - `operations`: parameter and outcome types, operation methods, response decoding;
//! - `client`: `Server`, `Client`, `ClientBuilder` and its credential methods;
//! - `paths`: identifiers and the Rust path of a type reference.
//!
//! What a generated client offers besides one method per operation:
//! - a body the spec accepts in several media types is sent as the preferred one (JSON,
//!   then form, text, bytes) by the method, and as any of them, encoded by the caller, by
//!   its `<method>_with_body(.., content_type, body)` twin;
//! - a body whose media type is a range (`*/*`) or needs a parameter (`multipart/*` and
//!   its `boundary`) takes a `content_type` argument (a `&'static str` or a `String`);
//! - `Server::url()` is a server's URL with every variable at its default;
//!   `Server::url_with(&[("region", "eu")])` and `ClientBuilder::server_with` fill them.

mod client;
mod operations;
mod paths;
mod runtime_macros;
mod types;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Api, Operation, TypeDef};

use self::client::client;
use self::operations::{operation_method, operation_types};
pub use self::paths::{ident, type_path};
use self::types::type_def;

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
