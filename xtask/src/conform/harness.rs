//! The harness: a binary added to a spec's generated crate that decodes instances with
//! the crate's own types, exactly as a client does (`serde_json::from_str::<types::X>`),
//! re-encodes them, and says which variant every untagged union in the value decoded as.
//!
//! Input, one JSON object a line: `{"t": <target>, "v": <instance>}`, where a target is
//! an index into the types the binary was built for. Output, one line per input:
//! `{"value": <re-encoded>}` or `{"error": "<serde's message>"}`, with `"choices"`:
//! `[[<JSON pointer into the instance>, <union type>, <variant>], ...]`.
//!
//! Which variant a union decoded as is found by walking the instance beside the types
//! (struct fields by their JSON keys, list items, map values, the variant's own type) and
//! decoding each union's part of the instance on its own; the IR says where to walk, the
//! crate says what it decodes to. Never calls an operation, so how operations are called
//! does not matter to it.

use std::collections::{BTreeMap, BTreeSet};

use openapi_gen::ir::{self, Api, Format, IntKind, TypeKind, TypeRef};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

/// The binary's source for `api`'s crate `lib` (its library name), decoding `targets`
/// (target `i` is `targets[i]`).
pub fn source(api: &Api, lib: &str, targets: &[TypeRef]) -> Result<String, String> {
    let lib = format_ident!("{}", lib);
    let walker = Walker::new(api, quote!(::#lib::types), quote!(::#lib::runtime));
    let walkers = walker.functions();
    let arms = targets.iter().enumerate().map(|(i, ty)| {
        let i = i as u64;
        let rust = walker.rust(ty);
        let walk = walker.walk(ty, &quote!(v), &quote!("")).unwrap_or_default();
        quote! {
            #i => {
                let result = check::<#rust>(&text);
                if result.get("value").is_some() {
                    #walk
                }
                result
            }
        }
    });
    let file: syn::File = syn::parse2(quote! {
        //! The conformance harness of `cargo xtask conform`, generated for this crate.
        #![allow(clippy::all, unused_variables, unused_mut, non_snake_case, dead_code)]

        use ::serde_json::{json, Value};

        type Choices = ::std::vec::Vec<(::std::string::String, &'static str, &'static str)>;

        fn check<T: ::serde::de::DeserializeOwned + ::serde::Serialize>(text: &str) -> Value {
            match ::serde_json::from_str::<T>(text) {
                Err(e) => json!({ "error": e.to_string() }),
                Ok(decoded) => match ::serde_json::to_value(&decoded) {
                    Ok(value) => json!({ "value": value }),
                    Err(e) => json!({ "error": format!("re-encoding failed: {e}") }),
                },
            }
        }

        fn key(at: &str, key: &str) -> ::std::string::String {
            format!("{}/{}", at, key.replace('~', "~0").replace('/', "~1"))
        }

        #(#walkers)*

        fn main() {
            let input = match ::std::io::read_to_string(::std::io::stdin()) {
                Ok(input) => input,
                Err(e) => {
                    eprintln!("cannot read the instances: {e}");
                    ::std::process::exit(2);
                }
            };
            for line in input.lines() {
                let Ok(instance) = ::serde_json::from_str::<Value>(line) else {
                    println!("{}", json!({ "error": "the harness cannot read this line" }));
                    continue;
                };
                let target = instance.get("t").and_then(Value::as_u64).unwrap_or(u64::MAX);
                let v = instance.get("v").unwrap_or(&Value::Null);
                let text = v.to_string();
                let mut choices: Choices = ::std::vec::Vec::new();
                let out = &mut choices;
                let mut result = match target {
                    #(#arms)*
                    _ => json!({ "error": "unknown target" }),
                };
                let choices: ::std::vec::Vec<Value> = choices
                    .iter()
                    .map(|(at, ty, variant)| json!([at, ty, variant]))
                    .collect();
                if let Some(map) = result.as_object_mut() {
                    map.insert("choices".into(), Value::Array(choices));
                }
                println!("{result}");
            }
        }
    })
    .map_err(|e| format!("the harness does not parse: {e}"))?;
    Ok(prettyplease::unparse(&file))
}

/// Writes the walkers of one crate's types.
struct Walker<'a> {
    types: BTreeMap<&'a str, &'a ir::TypeDef>,
    /// The types whose values can hold an untagged union somewhere inside.
    reaching: BTreeSet<&'a str>,
    types_path: TokenStream,
    runtime_path: TokenStream,
}

impl<'a> Walker<'a> {
    fn new(api: &'a Api, types_path: TokenStream, runtime_path: TokenStream) -> Self {
        let types: BTreeMap<&str, &ir::TypeDef> =
            api.types.iter().map(|t| (t.name.as_str(), t)).collect();
        let mut reaching: BTreeSet<&str> = types
            .values()
            .filter(|t| matches!(t.kind, TypeKind::Untagged(_)))
            .map(|t| t.name.as_str())
            .collect();
        // Grows until nothing changes: a type reaches a union when a type it holds does.
        loop {
            let before = reaching.len();
            for def in types.values() {
                if reaching.contains(def.name.as_str()) {
                    continue;
                }
                if held(&def.kind)
                    .iter()
                    .any(|ty| named_in(ty).iter().any(|n| reaching.contains(n.as_str())))
                {
                    reaching.insert(def.name.as_str());
                }
            }
            if reaching.len() == before {
                break;
            }
        }
        Walker {
            types,
            reaching,
            types_path,
            runtime_path,
        }
    }

    fn reaches(&self, ty: &TypeRef) -> bool {
        named_in(ty)
            .iter()
            .any(|n| self.reaching.contains(n.as_str()))
    }

    fn walk_fn(name: &str) -> Ident {
        format_ident!("walk_{}", name)
    }

    /// One walker function per type that reaches a union.
    fn functions(&self) -> Vec<TokenStream> {
        self.reaching
            .iter()
            .filter_map(|name| self.types.get(name))
            .map(|def| {
                let f = Self::walk_fn(&def.name);
                let body = self.body(def);
                quote! {
                    fn #f(v: &Value, at: &str, out: &mut Choices) {
                        #body
                    }
                }
            })
            .collect()
    }

    fn body(&self, def: &ir::TypeDef) -> TokenStream {
        let path = self.rust(&TypeRef::Named(def.name.clone()));
        let type_name = &def.name;
        match &def.kind {
            TypeKind::Struct(s) => {
                let fields = s.fields.iter().filter_map(|f| {
                    let inner = self.walk(&f.ty, &quote!(x), &quote!(&at))?;
                    let wire = &f.name.wire;
                    Some(quote! {
                        if let Some(x) = o.get(#wire) {
                            if !x.is_null() {
                                let at = key(at, #wire);
                                #inner
                            }
                        }
                    })
                });
                let known: Vec<&String> = s.fields.iter().map(|f| &f.name.wire).collect();
                let additional = s.additional.as_ref().and_then(|ty| {
                    let inner = self.walk(ty, &quote!(x), &quote!(&at))?;
                    Some(quote! {
                        for (k, x) in o {
                            if ![#(#known),*].contains(&k.as_str()) && !x.is_null() {
                                let at = key(at, k);
                                #inner
                            }
                        }
                    })
                });
                quote! {
                    if let Some(o) = v.as_object() {
                        #(#fields)*
                        #additional
                    }
                }
            }
            TypeKind::Untagged(variants) => {
                let arms = variants.iter().map(|variant| {
                    let name = ident(&variant.name);
                    let label = &variant.name;
                    let inner = self.walk(&variant.ty, &quote!(v), &quote!(at));
                    quote! {
                        #path::#name(_) => {
                            out.push((at.to_string(), #type_name, #label));
                            #inner
                        }
                    }
                });
                quote! {
                    if let Ok(decoded) = ::serde_json::from_str::<#path>(&v.to_string()) {
                        // The generated enums are `#[non_exhaustive]`.
                        #[allow(unreachable_patterns)]
                        match decoded {
                            #(#arms)*
                            _ => {}
                        }
                    }
                }
            }
            TypeKind::Tagged(tagged) => {
                let arms = tagged.variants.iter().filter_map(|variant| {
                    let name = ident(&variant.name.rust);
                    let inner = self.walk(&variant.ty, &quote!(v), &quote!(at))?;
                    Some(quote!(#path::#name(_) => { #inner }))
                });
                quote! {
                    if let Ok(decoded) = ::serde_json::from_str::<#path>(&v.to_string()) {
                        #[allow(unreachable_patterns)]
                        match decoded {
                            #(#arms)*
                            _ => {}
                        }
                    }
                }
            }
            TypeKind::Alias(ty) => self.walk(ty, &quote!(v), &quote!(at)).unwrap_or_default(),
            TypeKind::Newtype(n) => self
                .walk(&n.ty, &quote!(v), &quote!(at))
                .unwrap_or_default(),
            TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_) => TokenStream::new(),
        }
    }

    /// The statements that walk the value `v` (at `at`) of type `ty`; `None` when no union
    /// can be inside.
    fn walk(&self, ty: &TypeRef, v: &TokenStream, at: &TokenStream) -> Option<TokenStream> {
        if !self.reaches(ty) {
            return None;
        }
        Some(match ty {
            TypeRef::Named(name) => {
                let f = Self::walk_fn(name);
                quote!(#f(#v, #at, out);)
            }
            TypeRef::Vec(inner) => {
                let inner = self.walk(inner, &quote!(x), &quote!(&at))?;
                quote! {
                    if let Some(items) = #v.as_array() {
                        for (i, x) in items.iter().enumerate() {
                            let at = format!("{}/{}", #at, i);
                            #inner
                        }
                    }
                }
            }
            TypeRef::Map(inner) => {
                let inner = self.walk(inner, &quote!(x), &quote!(&at))?;
                quote! {
                    if let Some(map) = #v.as_object() {
                        for (k, x) in map {
                            let at = key(#at, k);
                            #inner
                        }
                    }
                }
            }
            TypeRef::Tuple(elements) => {
                let parts = elements.iter().enumerate().filter_map(|(i, e)| {
                    let inner = self.walk(e, &quote!(x), &quote!(&at))?;
                    Some(quote! {
                        if let Some(x) = #v.get(#i) {
                            let at = format!("{}/{}", #at, #i);
                            #inner
                        }
                    })
                });
                quote!(#(#parts)*)
            }
            TypeRef::Nullable(inner) | TypeRef::Secret(inner) => {
                let inner = self.walk(inner, v, at)?;
                quote! {
                    if !#v.is_null() {
                        #inner
                    }
                }
            }
            _ => return None,
        })
    }

    /// The Rust type of `ty`, named from outside the crate.
    fn rust(&self, ty: &TypeRef) -> TokenStream {
        let types = &self.types_path;
        let runtime = &self.runtime_path;
        match ty {
            TypeRef::Named(name) => {
                let name = ident(name);
                quote!(#types::#name)
            }
            TypeRef::Tuple(elements) => {
                let elements = elements.iter().map(|e| self.rust(e));
                quote!((#(#elements,)*))
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
            TypeRef::Json | TypeRef::Unit | TypeRef::Bytes | TypeRef::File => {
                quote!(::serde_json::Value)
            }
            TypeRef::JsonObject => {
                quote!(::serde_json::Map<::std::string::String, ::serde_json::Value>)
            }
            TypeRef::JsonPatch => quote!(#runtime::JsonPatch),
            TypeRef::Format(format) => match format {
                Format::DateTime => quote!(::chrono::DateTime<::chrono::FixedOffset>),
                Format::Date => quote!(::chrono::NaiveDate),
                Format::Uuid => quote!(::uuid::Uuid),
                Format::Ipv4 => quote!(::std::net::Ipv4Addr),
                Format::Ipv6 => quote!(::std::net::Ipv6Addr),
                Format::Base64 => quote!(#runtime::Base64),
            },
            TypeRef::Vec(inner) => {
                let inner = self.rust(inner);
                quote!(::std::vec::Vec<#inner>)
            }
            TypeRef::Map(inner) => {
                let inner = self.rust(inner);
                quote!(::std::collections::BTreeMap<::std::string::String, #inner>)
            }
            TypeRef::Nullable(inner) => {
                let inner = self.rust(inner);
                quote!(::std::option::Option<#inner>)
            }
            TypeRef::Secret(inner) => {
                let inner = self.rust(inner);
                quote!(#runtime::Secret<#inner>)
            }
        }
    }
}

/// The type references a type's values hold directly.
fn held(kind: &TypeKind) -> Vec<&TypeRef> {
    match kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .map(|f| &f.ty)
            .chain(s.additional.as_ref())
            .collect(),
        TypeKind::Untagged(variants) => variants.iter().map(|v| &v.ty).collect(),
        TypeKind::Tagged(t) => t.variants.iter().map(|v| &v.ty).collect(),
        TypeKind::Alias(ty) => vec![ty],
        TypeKind::Newtype(n) => vec![&n.ty],
        TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_) => Vec::new(),
    }
}

/// The named types a reference names (through lists, maps, options, secrets).
fn named_in(ty: &TypeRef) -> Vec<&String> {
    match ty {
        TypeRef::Named(name) => vec![name],
        TypeRef::Vec(inner)
        | TypeRef::Map(inner)
        | TypeRef::Nullable(inner)
        | TypeRef::Secret(inner) => named_in(inner),
        TypeRef::Tuple(elements) => elements.iter().flat_map(named_in).collect(),
        _ => Vec::new(),
    }
}

/// A name of the IR as an identifier (raw for a keyword: `r#type`).
fn ident(name: &str) -> Ident {
    openapi_gen::naming::ident(name)
}
