//! Render: tokens -> text. Formats what [`crate::emit`] produces with prettyplease, in
//! parallel chunks joined in order, with doc blocks as placeholders while it formats.
//!
//! Everything about the text of the output lives here, and nothing else: which items
//! there are and what they say is emit's business (render calls emit, never the other
//! way), and which files a crate has is `output`'s (which calls render).
//!
//! The module is formatted in pieces: the head (docs, lints, client) with a marker method
//! standing for the operation methods and an empty `types` module; the methods, in chunks
//! of operations; and the types module's items, in chunks of types and operations. More
//! threads make more chunks, but chunks join in order, a blank line between their items,
//! into the text one chunk would give: the output does not depend on the thread count
//! (tested on one, two and three threads).

mod docs;
mod parallel;
mod spacing;

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::{self, METHODS_MARKER};
use crate::ir::{Api, Operation, TypeDef};

/// Formats a token stream as a Rust file, with a blank line between items. A failure here
/// is a generator bug, reported as an error rather than a panic.
pub fn format(tokens: TokenStream) -> Result<String, String> {
    let file: syn::File =
        syn::parse2(tokens).map_err(|e| format!("the generated code does not parse: {e}"))?;
    Ok(spacing::space_out_items(&prettyplease::unparse(&file)))
}

/// The whole module for one spec, formatted, on as many threads as the machine has (up
/// to 8).
pub fn module_text(api: &Api) -> Result<String, String> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    module_text_on(api, threads)
}

/// Below this many types and operations, threads cost more than they save.
const PARALLEL_FROM: usize = 64;

/// What goes in the `types` module, in order.
enum Work<'a> {
    Type(&'a TypeDef),
    Op(&'a Operation),
}

/// One piece of the module, formatted apart.
enum Job<'a> {
    Head,
    Methods(&'a [Operation]),
    Requests(&'a [Operation]),
    Types(&'a [Work<'a>]),
}

/// [`module_text`] on this many threads; the text is the same for any number.
pub fn module_text_on(api: &Api, threads: usize) -> Result<String, String> {
    let work: Vec<Work<'_>> = api
        .types
        .iter()
        .map(Work::Type)
        .chain(api.operations.iter().map(Work::Op))
        .collect();
    let jobs: Vec<Job<'_>> = if work.len() < PARALLEL_FROM || threads <= 1 {
        vec![
            Job::Head,
            Job::Methods(&api.operations),
            Job::Requests(&api.operations),
            Job::Types(&work),
        ]
    } else {
        // More chunks than threads, so that items of different sizes even out.
        let size = work.len().div_ceil(threads * 4);
        let methods = api.operations.len().div_ceil(threads * 2).max(1);
        std::iter::once(Job::Head)
            .chain(api.operations.chunks(methods).map(Job::Methods))
            .chain(api.operations.chunks(methods).map(Job::Requests))
            .chain(work.chunks(size).map(Job::Types))
            .collect()
    };
    let results = parallel::run_in_order(&jobs, threads, |job| {
        docs::with_doc_table(|| match job {
            Job::Head => format(emit::module_head(api)),
            Job::Methods(ops) => format_methods(ops),
            Job::Requests(ops) => format_requests(ops),
            Job::Types(part) => format_types(part),
        })
    })?;
    let mut head = String::new();
    let mut methods = String::new();
    let mut types = String::new();
    let mut requests = String::new();
    for (job, text) in jobs.iter().zip(results) {
        match job {
            Job::Head => head = text?,
            Job::Methods(_) => push_items(&mut methods, &text?),
            Job::Requests(_) => push_items(&mut requests, &text?),
            Job::Types(_) => push_items(&mut types, &text?),
        }
    }
    let marker = format!("    fn {METHODS_MARKER}() {{}}\n");
    let (before, after) = head
        .split_once(&marker)
        .ok_or("the module head has no place for the client's methods")?;
    // Without methods, the blank line before the marker goes with it.
    let before = match before.strip_suffix('\n') {
        Some(b) if methods.is_empty() && b.ends_with('\n') => b,
        _ => before,
    };
    let head = format!("{before}{methods}{after}");
    let marker = "pub mod requests {}\n";
    let (before, after) = head
        .split_once(marker)
        .ok_or("the module head has no requests module")?;
    let head = if requests.is_empty() {
        format!("{before}{marker}{after}")
    } else {
        format!(
            "{before}pub mod requests {{\n    #[allow(unused_imports)]\n    use super::{{types, Client}};\n\n    #[allow(unused_imports)]\n    use crate::runtime::{{Call, Error, Response}};\n\n{requests}}}\n{after}"
        )
    };
    let marker = "pub mod types {}\n";
    let text = match head.strip_suffix(marker) {
        Some(_) if types.is_empty() => head,
        Some(before) => format!("{before}pub mod types {{\n{types}}}\n"),
        None => return Err("the module head does not end with the types module".to_string()),
    };
    // The `mock` module (the crate's `mock` feature) comes last.
    let mock = docs::with_doc_table(|| format(emit::mock_module(api)))?;
    Ok(format!("{text}\n{mock}"))
}

/// Appends formatted items to `out`, a blank line between them and those before, as
/// [`format()`] separates the items it formats: so the module reads the same whichever
/// pieces it was formatted in.
fn push_items(out: &mut String, items: &str) {
    if !out.is_empty() && !items.is_empty() {
        out.push('\n');
    }
    out.push_str(items);
}

/// The client's operation methods, formatted apart from the head, to be put in place of
/// its marker method.
fn format_methods(ops: &[Operation]) -> Result<String, String> {
    if ops.is_empty() {
        return Ok(String::new());
    }
    let methods = ops.iter().map(emit::client_methods);
    let text = format(quote!(impl Client { #(#methods)* }))?;
    Ok(inside(&text, "impl Client {\n")?.to_string())
}

/// The request values of `ops`, formatted apart, to go inside the `requests` module.
fn format_requests(ops: &[Operation]) -> Result<String, String> {
    if ops.is_empty() {
        return Ok(String::new());
    }
    let values = ops.iter().map(emit::request_value);
    let text = format(quote!(pub mod requests { #(#values)* }))?;
    Ok(inside(&text, "pub mod requests {\n")?.to_string())
}

/// The items of the `types` module for `chunk`. Items are formatted by prettyplease a run
/// at a time; the macro invocations some types add, already text, go between the runs as
/// they are.
fn format_types(chunk: &[Work<'_>]) -> Result<String, String> {
    let mut out = String::new();
    let mut items = Vec::new();
    for w in chunk {
        match w {
            Work::Type(t) => {
                let (tokens, text) = emit::type_def(t);
                items.push(tokens);
                if let Some(text) = text {
                    format_items(&mut items, &mut out)?;
                    push_items(&mut out, &text);
                }
            }
            Work::Op(o) => {
                items.extend(emit::operation_types(o));
            }
        }
    }
    format_items(&mut items, &mut out)?;
    Ok(out)
}

/// Formats `items` inside `pub mod types`, appends them to `out` and clears them.
fn format_items(items: &mut Vec<TokenStream>, out: &mut String) -> Result<(), String> {
    if items.is_empty() {
        return Ok(());
    }
    let text = format(quote!(pub mod types { #(#items)* }))?;
    items.clear();
    push_items(out, inside(&text, "pub mod types {\n")?);
    Ok(())
}

/// What is inside a formatted `open ... }` block.
fn inside<'a>(text: &'a str, open: &str) -> Result<&'a str, String> {
    text.strip_prefix(open)
        .and_then(|t| t.strip_suffix("}\n"))
        .ok_or_else(|| format!("formatted items are not inside `{}`", open.trim_end()))
}
