//! Type definitions: structs, string and integer enums, tagged and untagged unions, aliases and
//! newtypes, one [`TypeDef`] at a time, as the IR describes them.
//!
//! Serialization of structs, enums and unions is left to the runtime's `object!`,
//! `string_enum!`, `integer_enum!`, `tagged!` and `untagged!` macros (see
//! [`super::runtime_macros`]); newtypes derive serde.
//! Names, field order, boxing and optionality are lowering's decisions: this module
//! renders them and never changes one.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::constructors::{struct_impl, union_conversions, Convertible};
use super::paths::{cfg_attr, gate_text, ident, type_ref, Scope};
use super::runtime_macros::{
    integer_enum_impls, string_enum_impls, struct_serde, tagged_impls, untagged_impls,
};
use crate::docs::doc_attrs;
use crate::ir::{Field, Presence, TypeDef, TypeKind};
use crate::naming::reserved;

/// A type's items, and the text of the `object!` or `string_enum!` invocation
/// to follow them.
pub(crate) fn type_def(def: &TypeDef) -> (TokenStream, Option<String>) {
    let (tokens, text) = type_items(def);
    if def.features.is_empty() {
        return (tokens, text);
    }
    let text = text.map(|text| gate_text(&text, &def.features));
    let cfg = cfg_attr(&def.features);
    (quote!(#cfg #tokens), text)
}

fn type_items(def: &TypeDef) -> (TokenStream, Option<String>) {
    let mut docs = doc_attrs(def.docs.as_deref());
    if def.deprecated {
        docs.extend(quote!(#[deprecated]));
    }
    let name = ident(&def.name);
    let tokens = match &def.kind {
        TypeKind::Struct(s) => {
            let all_optional = s.fields.iter().all(|f| !f.presence.is_required());
            let default = all_optional.then(|| quote!(Default,));
            let fields = s.fields.iter().map(field);
            let constructors = struct_impl(&def.name, s);
            let additional = s.additional.as_ref().map(|ty| {
                let ty = type_ref(ty, Scope::Types);
                let field = format_ident!("{}", reserved::ADDITIONAL_PROPERTIES);
                quote! {
                    /// Properties the spec does not name.
                    pub #field: ::std::collections::BTreeMap<::std::string::String, #ty>,
                }
            });
            let tokens = quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, #default)]
                #[non_exhaustive]
                pub struct #name {
                    #(#fields)*
                    #additional
                }
            };
            let text = format!("{}\n{constructors}", struct_serde(&def.name, s));
            return (tokens, Some(text));
        }
        TypeKind::IntegerEnum(values) => {
            let variants = values.iter().map(|v| {
                let variant = ident(&v.name);
                let doc = format!(" `{}`", v.value);
                let vdocs = doc_attrs(v.docs.as_deref());
                let sep = v.docs.is_some().then(|| quote!(#[doc = ""]));
                quote! {
                    #vdocs
                    #sep
                    #[doc = #doc]
                    #variant,
                }
            });
            let other = format_ident!("{}", reserved::OTHER_VARIANT);
            let tokens = quote! {
                #docs
                #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
                #[non_exhaustive]
                pub enum #name {
                    #(#variants)*
                    /// A value this client does not know (the server may add values).
                    #other(i64),
                }
            };
            return (tokens, Some(integer_enum_impls(&def.name, values)));
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
            let other = format_ident!("{}", reserved::OTHER_VARIANT);
            let tokens = quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
                #[non_exhaustive]
                pub enum #name {
                    #(#variants)*
                    /// A value this client does not know (the server may add values).
                    #other(::std::string::String),
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
                    #variant(#ty),
                }
            });
            let other = format_ident!("{}", reserved::OTHER_VARIANT);
            let tokens = quote! {
                #docs
                #[derive(Debug, Clone, PartialEq)]
                #[non_exhaustive]
                pub enum #name {
                    #(#variants)*
                    /// A tag value this client does not know (the server may add variants):
                    /// the whole object, as sent.
                    #other(::serde_json::Value),
                }
            };
            let convertible: Vec<Convertible<'_>> = tagged
                .variants
                .iter()
                .map(|v| Convertible {
                    variant: &v.name,
                    ty: &v.ty,
                    boxed: false,
                    from: v.from,
                    from_str: false,
                })
                .collect();
            let text = format!(
                "{}{}",
                tagged_impls(&def.name, tagged),
                union_conversions(&def.name, &convertible)
            );
            return (tokens, Some(text));
        }
        TypeKind::Untagged(variants) => {
            let items = variants.iter().map(|v| {
                let variant = ident(&v.name);
                let mut ty = type_ref(&v.ty, Scope::Types);
                if v.boxed {
                    ty = quote!(::std::boxed::Box<#ty>);
                }
                quote!(#variant(#ty),)
            });
            let tokens = quote! {
                #docs
                #[derive(Debug, Clone, PartialEq)]
                #[non_exhaustive]
                pub enum #name {
                    #(#items)*
                }
            };
            let convertible: Vec<Convertible<'_>> = variants
                .iter()
                .map(|v| Convertible {
                    variant: &v.name,
                    ty: &v.ty,
                    boxed: v.boxed,
                    from: v.from,
                    from_str: v.from_str,
                })
                .collect();
            let text = format!(
                "{}{}",
                untagged_impls(&def.name, variants),
                union_conversions(&def.name, &convertible)
            );
            return (tokens, Some(text));
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
    let deprecated = f.deprecated.then(|| quote!(#[deprecated]));
    quote! {
        #docs
        #notes
        #deprecated
        pub #name: #ty,
    }
}
