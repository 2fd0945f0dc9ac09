//! Render: the [`Module`] emit returns -> text. Formats its tokens with prettyplease, its
//! parts on a few threads (each asked for its items on the thread that formats them), and
//! joins them in order.
//!
//! Everything about the text of the output lives here, and nothing else: which items
//! there are, what they say and which features gate them is emit's business (render
//! prints the value [`crate::emit::module`] returns and calls nothing else of emit), and
//! which files a crate has is `output`'s (which calls render).
//!
//! Each part of the module is formatted apart: a block's members (`impl Client`, `pub mod
//! requests`, `pub mod types`) inside a bare copy of the block's opening, whose inside is
//! then put in the block. Parts join in order, a blank line between their items, into the
//! text one part would give: the output does not depend on how emit cut the module nor on
//! the thread count (tested on one, two and three threads). Doc comments are laid out
//! within 100 columns as a part is finished (`wrap`), as code is by prettyplease.

mod docs;
mod gate;
mod spacing;
mod wrap;

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::{Block, Code, Items, Module, Part, Section};

/// Formats a token stream as a Rust file, with a blank line between items and doc lines
/// within 100 columns. A failure here is a generator bug, reported as an error rather
/// than a panic.
pub fn format(tokens: TokenStream) -> Result<String, String> {
    Ok(wrap::doc_lines(&format_code(tokens)?))
}

/// [`format()`] but for the doc lines, which a part wraps once it is whole.
fn format_code(tokens: TokenStream) -> Result<String, String> {
    let file: syn::File =
        syn::parse2(tokens).map_err(|e| format!("the generated code does not parse: {e}"))?;
    Ok(spacing::space_out_items(&prettyplease::unparse(&file)))
}

/// The module's text, formatted on as many threads as the machine has (up to 8).
pub fn module(module: &Module<'_>) -> Result<String, String> {
    module_on(module, crate::parallel::threads())
}

/// One piece of the module, formatted apart.
enum Job<'a> {
    /// A part at the module's root.
    Root(&'a Part<'a>),
    /// A block's opening, with empty braces.
    Open(&'a Block<'a>),
    /// A part of a block's members.
    Members(&'a Block<'a>, &'a Part<'a>),
}

/// [`module`] on this many threads; the text is the same for any number.
pub fn module_on(module: &Module<'_>, threads: usize) -> Result<String, String> {
    let mut jobs = Vec::new();
    for section in &module.sections {
        match section {
            Section::Items(part) => jobs.push(Job::Root(part)),
            Section::Block(block) => {
                jobs.push(Job::Open(block));
                jobs.extend(block.parts.iter().map(|part| Job::Members(block, part)));
            }
        }
    }
    let texts = crate::parallel::run_in_order(&jobs, threads, |job| match job {
        Job::Root(part) => format_part(part.items(), None),
        Job::Open(block) => {
            let docs = &block.docs;
            let open = opening(block)?;
            let gate: Vec<String> = block.gate.iter().map(|f| f.to_string()).collect();
            let cfg = gate::cfg_attr(&gate);
            format(quote!(#(#[doc = #docs])* #cfg #open {}))
        }
        Job::Members(block, part) => format_part(part.items(), Some(&opening(block)?)),
    })?;
    // The module is as long as its pieces and a line between each two: allocated once,
    // with no copy of a block's members on the way (the peak of memory is here).
    let length: usize = texts.iter().flatten().map(|text| text.len() + 1).sum();
    let mut out = String::with_capacity(length);
    let mut texts = jobs.iter().zip(texts);
    while let Some((job, text)) = texts.next() {
        let text = text?;
        let Job::Open(block) = job else {
            push_items(&mut out, &text);
            continue;
        };
        let mut members = Vec::with_capacity(block.parts.len());
        for _ in &block.parts {
            if let Some((_, text)) = texts.next() {
                members.push(text?);
            }
        }
        if members.iter().all(String::is_empty) {
            push_items(&mut out, &text);
            continue;
        }
        let open = text
            .strip_suffix("{}\n")
            .ok_or("a block's opening is not formatted as `... {}`")?;
        push_items(&mut out, open);
        out.push_str("{\n");
        let start = out.len();
        for members in members.iter().filter(|text| !text.is_empty()) {
            if out.len() > start {
                out.push('\n');
            }
            out.push_str(members);
        }
        out.push_str("}\n");
    }
    Ok(out)
}

/// A block's opening as tokens.
fn opening(block: &Block<'_>) -> Result<TokenStream, String> {
    block
        .open
        .parse()
        .map_err(|e| format!("a block's opening does not parse: {e}"))
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

/// The items of `part`, at the root or inside a block that opens with `open`. Tokens are
/// formatted by prettyplease a run at a time; an item emit wrote as text goes between the
/// runs as it is, after its gate. The part's doc blocks are put in once, at the end (text
/// items have no placeholders: a doc line emit writes as text starts with `/// `); then
/// doc lines over 100 columns are broken to fit (`wrap`).
fn format_part(part: Items, open: Option<&TokenStream>) -> Result<String, String> {
    let mut out = String::new();
    let mut run = Vec::new();
    for item in part.items {
        match item.code {
            Code::Tokens(tokens) if item.gate.is_empty() => run.push(tokens),
            Code::Tokens(tokens) => {
                let cfg = gate::cfg_attr(&item.gate);
                run.push(quote!(#cfg #tokens));
            }
            Code::Text(text) => {
                format_run(&mut run, open, &mut out)?;
                let indent = if open.is_some() { "    " } else { "" };
                let gated = format!("{}{text}", gate::cfg_line(&item.gate, indent));
                push_items(&mut out, &gated);
            }
        }
    }
    format_run(&mut run, open, &mut out)?;
    Ok(wrap::doc_lines(&docs::expand_doc_placeholders(
        &out, &part.docs,
    )))
}

/// Formats `run` (inside `open`, when in a block), appends the items to `out` and clears
/// the run.
fn format_run(
    run: &mut Vec<TokenStream>,
    open: Option<&TokenStream>,
    out: &mut String,
) -> Result<(), String> {
    if run.is_empty() {
        return Ok(());
    }
    let text = match open {
        None => format_code(quote!(#(#run)*))?,
        Some(open) => {
            let text = format_code(quote!(#open { #(#run)* }))?;
            inside(&text)?.to_string()
        }
    };
    run.clear();
    push_items(out, &text);
    Ok(())
}

/// What is inside a formatted `open { ... }` block: the lines between its first and its
/// last.
fn inside(text: &str) -> Result<&str, String> {
    text.split_once('\n')
        .and_then(|(_, rest)| rest.strip_suffix("}\n"))
        .ok_or_else(|| "formatted items are not inside their block".to_string())
}
