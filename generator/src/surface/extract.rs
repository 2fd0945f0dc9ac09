//! A module's text -> its [`Surface`]: every `pub` item syn finds, with the signature a
//! caller depends on, written the same way whatever the formatting.

use std::collections::BTreeMap;

use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;
use syn::ext::IdentExt;

use super::{Item, Kind, Origins, Surface};

/// The public surface of a module's text. `Err` when the text is not Rust syn can read (a
/// generator bug: generated text always parses).
pub fn extract(code: &str, origins: &Origins) -> Result<Surface, String> {
    let parse_error = |e: syn::Error| format!("the module does not parse: {e}");
    let tokens: TokenStream = super::skim::without_doc_lines(code)
        .parse()
        .map_err(|e| parse_error(syn::Error::from(e)))?;
    // Signatures alone (see `skim`); should skimming ever leave text syn cannot read,
    // the whole module is parsed instead: slower, the same surface.
    let file = match syn::parse2::<syn::File>(super::skim::signatures(tokens)) {
        Ok(file) => file,
        Err(_) => syn::parse_file(code).map_err(parse_error)?,
    };
    Ok(surface_of(&file, origins))
}

/// The surface of a parsed module (whole, or skimmed: the walk reads no body or value).
pub(super) fn surface_of(file: &syn::File, origins: &Origins) -> Surface {
    let mut walk = Walk {
        origins,
        surface: Surface::default(),
        wire_names: BTreeMap::new(),
    };
    walk.collect_wire_names(&file.items, "");
    walk.items(&file.items, "");
    expand_aliases(&mut walk.surface);
    walk.surface
}

/// `pub type Place = Shape;` of a struct with named fields or an enum in the same module
/// is, to a caller, that struct or enum under another name (literals, patterns, variants,
/// methods all work through it), so it is recorded as a copy of it: a type that becomes
/// an alias of an identical shape, or the reverse, is no change. An alias of a tuple or
/// unit struct stays an alias (its constructor does not work through it).
fn expand_aliases(surface: &mut Surface) {
    let aliases: Vec<(String, String)> = surface
        .items
        .iter()
        .filter(|(_, item)| item.kind == Kind::Type && !item.signature.starts_with("use "))
        .filter_map(|(path, item)| {
            let module = path.rsplit_once("::").map_or("", |(m, _)| m);
            let target = if module.is_empty() {
                item.signature.clone()
            } else {
                format!("{module}::{}", item.signature)
            };
            let expandable = surface.items.get(&target).is_some_and(|t| {
                t.kind == Kind::Enum
                    || t.kind == Kind::Struct
                        && !t.signature.contains(" (")
                        && !t.signature.ends_with(" unit")
            });
            expandable.then(|| (path.clone(), target))
        })
        .collect();
    for (alias, target) in aliases {
        let copies: Vec<(String, Item)> = surface
            .items
            .range(target.clone()..)
            .take_while(|(path, _)| path.starts_with(&target))
            .filter_map(|(path, item)| {
                let rest = &path[target.len()..];
                let member = rest.is_empty()
                    || rest.starts_with('.')
                    || rest.starts_with("::")
                    || rest.starts_with(": ");
                member.then(|| (format!("{alias}{rest}"), item.clone()))
            })
            .collect();
        let origin = surface
            .items
            .get(&alias)
            .and_then(|item| item.origin.clone());
        for (path, mut item) in copies {
            if path == alias {
                item.origin = origin.clone();
            } else if item.kind == Kind::Field {
                item.origin = None;
            }
            surface.items.insert(path, item);
        }
    }
}

struct Walk<'a> {
    origins: &'a Origins,
    surface: Surface,
    /// `types::Pet.name` -> `name` as the JSON key, from the `object!` invocations.
    wire_names: BTreeMap<String, String>,
}

impl Walk<'_> {
    fn record(&mut self, path: String, kind: Kind, signature: String) {
        let origin = self.origin_of(&path);
        self.surface.items.insert(
            path,
            Item {
                kind,
                signature,
                origin,
            },
        );
    }

    /// The origin the IR gives the path, else, for a field, its struct's origin and the
    /// property's JSON key.
    fn origin_of(&self, path: &str) -> Option<String> {
        if let Some(origin) = self.origins.get(path) {
            return Some(origin.clone());
        }
        let (owner, _) = path.rsplit_once('.')?;
        let owner_origin = self.origins.get(owner)?;
        let wire = self.wire_names.get(path)?;
        Some(format!("{owner_origin}/properties/{wire}"))
    }

    fn items(&mut self, items: &[syn::Item], prefix: &str) {
        for item in items {
            match item {
                syn::Item::Mod(module) if is_pub(&module.vis) => {
                    let path = format!("{prefix}{}", module.ident);
                    self.record(path.clone(), Kind::Mod, gates(&module.attrs));
                    if let Some((_, inner)) = &module.content {
                        self.items(inner, &format!("{path}::"));
                    }
                }
                syn::Item::Struct(item) if is_pub(&item.vis) => self.structure(item, prefix),
                syn::Item::Enum(item) if is_pub(&item.vis) => self.enumeration(item, prefix),
                syn::Item::Fn(item) if is_pub(&item.vis) => {
                    let signature = with_gates(&item.attrs, signature(&item.sig));
                    self.record(format!("{prefix}{}", item.sig.ident), Kind::Fn, signature);
                }
                syn::Item::Type(item) if is_pub(&item.vis) => {
                    let signature = with_gates(&item.attrs, tokens(&item.ty));
                    self.record(format!("{prefix}{}", item.ident), Kind::Type, signature);
                }
                syn::Item::Const(item) if is_pub(&item.vis) => {
                    let signature = with_gates(&item.attrs, tokens(&item.ty));
                    self.record(format!("{prefix}{}", item.ident), Kind::Const, signature);
                }
                syn::Item::Use(item) if is_pub(&item.vis) => {
                    let tree = tokens(&item.tree);
                    let name = tree.rsplit("::").next().unwrap_or(&tree).to_owned();
                    self.record(format!("{prefix}{name}"), Kind::Type, format!("use {tree}"));
                }
                syn::Item::Impl(item) => self.implementation(item, prefix),
                _ => {}
            }
        }
    }

    fn structure(&mut self, item: &syn::ItemStruct, prefix: &str) {
        let path = format!("{prefix}{}", item.ident);
        let shape = match &item.fields {
            syn::Fields::Named(_) => String::new(),
            syn::Fields::Unnamed(fields) => format!(
                " ({})",
                fields
                    .unnamed
                    .iter()
                    .map(|f| if is_pub(&f.vis) {
                        tokens(&f.ty)
                    } else {
                        "_".to_owned()
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            syn::Fields::Unit => " unit".to_owned(),
        };
        let signature = format!("{}{shape}", head(&item.attrs, &item.generics));
        self.record(path.clone(), Kind::Struct, signature);
        if let syn::Fields::Named(fields) = &item.fields {
            for field in fields.named.iter().filter(|f| is_pub(&f.vis)) {
                if let Some(ident) = &field.ident {
                    let name = ident.unraw();
                    self.record(format!("{path}.{name}"), Kind::Field, tokens(&field.ty));
                }
            }
        }
    }

    fn enumeration(&mut self, item: &syn::ItemEnum, prefix: &str) {
        let path = format!("{prefix}{}", item.ident);
        self.record(path.clone(), Kind::Enum, head(&item.attrs, &item.generics));
        for variant in &item.variants {
            let fields = match &variant.fields {
                syn::Fields::Named(fields) => format!(
                    "{{ {} }}",
                    fields
                        .named
                        .iter()
                        .map(|f| {
                            let name = f
                                .ident
                                .as_ref()
                                .map(ToString::to_string)
                                .unwrap_or_default();
                            format!("{name}: {}", tokens(&f.ty))
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                syn::Fields::Unnamed(fields) => format!(
                    "({})",
                    fields
                        .unnamed
                        .iter()
                        .map(|f| tokens(&f.ty))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                syn::Fields::Unit => "unit".to_owned(),
            };
            let signature = with_gates(&variant.attrs, fields);
            self.record(
                format!("{path}::{}", variant.ident),
                Kind::Variant,
                signature,
            );
        }
    }

    fn implementation(&mut self, item: &syn::ItemImpl, prefix: &str) {
        let Some(owner) = self_name(&item.self_ty) else {
            return;
        };
        let owner = format!("{prefix}{owner}");
        match &item.trait_ {
            Some((_, trait_path, _)) => {
                // The trait as written, with its arguments: `From<&str>` and `From<Pet>`
                // are two impls.
                let name = tokens(trait_path);
                let name = name.rsplit("::").next().unwrap_or(&name).to_owned();
                let args = match trait_path.segments.last().map(|s| &s.arguments) {
                    Some(syn::PathArguments::AngleBracketed(args)) => tokens(args),
                    _ => String::new(),
                };
                let name = if args.is_empty() || name.contains('<') {
                    name
                } else {
                    format!("{name}{args}")
                };
                // Its associated types are what a caller gets through it (the `Output`
                // of a request value's `IntoFuture`): a change to one breaks callers.
                let mut signature = generics(&item.generics);
                for inner in &item.items {
                    if let syn::ImplItem::Type(ty) = inner {
                        if !signature.is_empty() {
                            signature.push(' ');
                        }
                        signature.push_str(&format!("type {} = {};", ty.ident, tokens(&ty.ty)));
                    }
                }
                self.record(
                    format!("{owner}: {name}"),
                    Kind::Impl,
                    with_gates(&item.attrs, signature),
                );
            }
            None => {
                for inner in &item.items {
                    if let syn::ImplItem::Fn(method) = inner {
                        if is_pub(&method.vis) {
                            let signature = with_gates(
                                &item.attrs,
                                with_gates(&method.attrs, signature(&method.sig)),
                            );
                            let name = method.sig.ident.unraw();
                            self.record(format!("{owner}::{name}"), Kind::Fn, signature);
                        }
                    }
                }
            }
        }
    }

    /// The JSON keys of fields, from `object! { Name { "key" => field: ..., } }`.
    fn collect_wire_names(&mut self, items: &[syn::Item], prefix: &str) {
        for item in items {
            match item {
                syn::Item::Mod(module) => {
                    if let Some((_, inner)) = &module.content {
                        self.collect_wire_names(inner, &format!("{prefix}{}::", module.ident));
                    }
                }
                syn::Item::Macro(mac) => {
                    let tokens: Vec<TokenTree> = mac.mac.tokens.clone().into_iter().collect();
                    let (Some(TokenTree::Ident(name)), Some(TokenTree::Group(body))) =
                        (tokens.first(), tokens.get(1))
                    else {
                        continue;
                    };
                    for (wire, field) in key_pairs(body.stream()) {
                        self.wire_names
                            .insert(format!("{prefix}{name}.{field}"), wire);
                    }
                }
                _ => {}
            }
        }
    }
}

/// `"key" => field` pairs of a macro body, also inside the bracketed groups of an
/// `object!` of many fields.
fn key_pairs(stream: TokenStream) -> Vec<(String, String)> {
    let tokens: Vec<TokenTree> = stream.into_iter().collect();
    let mut pairs = Vec::new();
    for token in &tokens {
        if let TokenTree::Group(group) = token {
            if group.delimiter() == proc_macro2::Delimiter::Bracket {
                pairs.extend(key_pairs(group.stream()));
            }
        }
    }
    for window in tokens.windows(4) {
        if let [TokenTree::Literal(key), TokenTree::Punct(eq), TokenTree::Punct(gt), TokenTree::Ident(field)] =
            window
        {
            if eq.as_char() == '=' && gt.as_char() == '>' {
                let key = key.to_string();
                if let Some(key) = key.strip_prefix('"').and_then(|k| k.strip_suffix('"')) {
                    pairs.push((key.to_owned(), field.unraw().to_string()));
                }
            }
        }
    }
    pairs
}

fn is_pub(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

fn self_name(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(path) => path.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

/// What a caller of a struct or enum depends on before its fields: its feature gates,
/// whether it is `#[non_exhaustive]`, its generics.
fn head(attrs: &[syn::Attribute], params: &syn::Generics) -> String {
    with_gates(
        attrs,
        format!("{}{}", exhaustiveness(attrs), generics(params)),
    )
}

fn exhaustiveness(attrs: &[syn::Attribute]) -> &'static str {
    if attrs.iter().any(|a| a.path().is_ident("non_exhaustive")) {
        "non_exhaustive"
    } else {
        "exhaustive"
    }
}

/// The `#[cfg(...)]` gates of an item, which decide whether a caller can name it.
fn gates(attrs: &[syn::Attribute]) -> String {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("cfg"))
        .map(|a| tokens(&a.meta))
        .collect::<Vec<_>>()
        .join(" ")
}

fn with_gates(attrs: &[syn::Attribute], signature: String) -> String {
    let gates = gates(attrs);
    if gates.is_empty() {
        signature
    } else if signature.is_empty() {
        format!("#[{gates}]")
    } else {
        format!("#[{gates}] {signature}")
    }
}

fn generics(generics: &syn::Generics) -> String {
    if generics.params.is_empty() {
        String::new()
    } else {
        format!(" {}", tokens(generics))
    }
}

/// A function's signature as a caller depends on it: generics, the receiver, the
/// argument types (names and `mut` bindings are not part of it), the return type and the
/// `where` clause: `(&self, &str) -> Thing`.
fn signature(sig: &syn::Signature) -> String {
    let inputs: Vec<String> = sig
        .inputs
        .iter()
        .map(|input| match input {
            syn::FnArg::Receiver(receiver) => match (&receiver.reference, &receiver.mutability) {
                (Some(_), Some(_)) => "&mut self".to_owned(),
                (Some((_, Some(lifetime))), None) => format!("&{} self", tokens(lifetime)),
                (Some(_), None) => "&self".to_owned(),
                (None, _) => "self".to_owned(),
            },
            syn::FnArg::Typed(typed) => tokens(&typed.ty),
        })
        .collect();
    let output = match &sig.output {
        syn::ReturnType::Default => String::new(),
        syn::ReturnType::Type(_, ty) => format!(" -> {}", tokens(ty)),
    };
    let where_clause = sig
        .generics
        .where_clause
        .as_ref()
        .map(|w| format!(" {}", tokens(w)))
        .unwrap_or_default();
    let params = if sig.generics.params.is_empty() {
        String::new()
    } else {
        tokens(&sig.generics)
    };
    format!("{params}({}){output}{where_clause}", inputs.join(", "))
}

/// Tokens as one line, spaced the way a person writes Rust, trailing commas dropped and
/// the standard library's common paths shortened: two formattings of the same tokens give
/// the same text.
fn tokens(node: &impl ToTokens) -> String {
    let mut out = String::new();
    print(node.to_token_stream(), &mut out);
    for (long, short) in [
        ("::std::option::Option", "Option"),
        ("::std::string::String", "String"),
        ("::std::vec::Vec", "Vec"),
        ("::std::boxed::Box", "Box"),
        ("::std::result::Result", "Result"),
        ("::std::convert::Into", "Into"),
        ("::std::future::Future", "Future"),
        ("::std::collections::BTreeMap", "BTreeMap"),
        ("::serde_json::Value", "Value"),
        ("crate::runtime::", "runtime::"),
    ] {
        out = out.replace(long, short);
    }
    out
}

/// What the last printed token was, for the space before the next one.
#[derive(Clone, Copy, PartialEq)]
enum Last {
    Start,
    Word,
    Keyword,
    Punct(char),
    Close,
}

const KEYWORDS: &[&str] = &[
    "impl", "dyn", "as", "where", "for", "mut", "const", "in", "fn",
];

fn print(stream: TokenStream, out: &mut String) {
    let tokens: Vec<TokenTree> = stream.into_iter().collect();
    let mut last = Last::Start;
    for (i, token) in tokens.iter().enumerate() {
        match token {
            TokenTree::Ident(_) | TokenTree::Literal(_) => {
                let word = token.to_string();
                let spaced = match last {
                    Last::Word | Last::Keyword | Last::Close => true,
                    Last::Punct(c) => {
                        matches!(c, ',' | '=' | '+' | '>' | ';') || c == ':' && !out.ends_with("::")
                    }
                    Last::Start => false,
                };
                if spaced {
                    out.push(' ');
                }
                out.push_str(&word);
                last = if KEYWORDS.contains(&word.as_str()) {
                    Last::Keyword
                } else {
                    Last::Word
                };
            }
            TokenTree::Punct(punct) => {
                let c = punct.as_char();
                let next = tokens.get(i + 1);
                if c == ','
                    && next.is_none_or(|n| matches!(n, TokenTree::Punct(p) if p.as_char() == '>'))
                {
                    continue; // a trailing comma
                }
                let after_arrow_start = matches!(last, Last::Punct('-') | Last::Punct('='));
                let spaced_before = match c {
                    '=' | '+' => {
                        last != Last::Start && !matches!(last, Last::Punct('=' | '!' | '<'))
                    }
                    '-' => true,
                    '>' => false,
                    ':' => match last {
                        // `impl ::std`, `= ::std`, `, ::std`: a leading `::`
                        Last::Keyword | Last::Punct('=' | ',' | '+') | Last::Close => {
                            !out.ends_with(':')
                        }
                        _ => false,
                    },
                    '&' | '\'' | '*' | '#' | '!' => {
                        after_arrow_start
                            || matches!(
                                last,
                                Last::Word | Last::Keyword | Last::Punct('=' | ',' | '+' | '>')
                            )
                    }
                    _ => false,
                };
                if spaced_before && !out.is_empty() && !out.ends_with(' ') {
                    out.push(' ');
                }
                out.push(c);
                if c == '>' && matches!(last, Last::Punct('-' | '=')) {
                    // `->` and `=>` read as one word, spaced on both sides
                    last = Last::Punct('=');
                    continue;
                }
                last = Last::Punct(c);
            }
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    proc_macro2::Delimiter::Parenthesis => ("(", ")"),
                    proc_macro2::Delimiter::Bracket => ("[", "]"),
                    proc_macro2::Delimiter::Brace => ("{ ", " }"),
                    proc_macro2::Delimiter::None => ("", ""),
                };
                if matches!(last, Last::Keyword | Last::Punct('=' | ',' | '+'))
                    && !out.ends_with(' ')
                {
                    out.push(' ');
                }
                out.push_str(open);
                print(group.stream(), out);
                out.push_str(close);
                last = Last::Close;
            }
        }
    }
}
