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
use super::module::Item;
use super::paths::{ident, type_ref, Prelude, Scope};
use super::runtime_macros::{
    integer_enum_impls, string_enum_impls, struct_serde, tagged_impls, untagged_impls,
};
use crate::docs::doc_attrs;
use crate::ir::{
    EnumValue, Field, IntegerEnumValue, Newtype, Presence, Struct, Tagged, TypeDef, TypeKind,
    TypeRef, UnionVariant,
};
use crate::naming::reserved;

/// A type's items: its definition, then the texts of its runtime macro invocation
/// (`object!`, `string_enum!`, ...) and of its `impl` blocks, each gated with the type's
/// features.
pub(super) fn type_def(def: &TypeDef, prelude: Prelude) -> Vec<Item> {
    let (tokens, texts) = type_items(def, prelude);
    std::iter::once(Item::gated(&def.features, tokens))
        .chain(
            texts
                .into_iter()
                .map(|text| Item::text(&def.features, text)),
        )
        .collect()
}

/// A type's definition, and the texts that follow it.
fn type_items(def: &TypeDef, prelude: Prelude) -> (TokenStream, Vec<String>) {
    let mut docs = doc_attrs(def.docs.as_deref());
    if def.deprecated {
        docs.extend(quote!(#[deprecated]));
    }
    match &def.kind {
        TypeKind::Struct(s) => struct_items(def, s, docs, prelude),
        TypeKind::IntegerEnum(values) => integer_enum_items(def, values, docs),
        TypeKind::StringEnum(values) => string_enum_items(def, values, docs),
        TypeKind::Tagged(tagged) => tagged_items(def, tagged, docs),
        TypeKind::Untagged(variants) => untagged_items(def, variants, docs),
        TypeKind::Alias(target) => alias_items(def, target, docs),
        TypeKind::Newtype(newtype) => newtype_items(def, newtype, docs),
    }
}

/// A struct, its `object!` invocation and its constructors.
fn struct_items(
    def: &TypeDef,
    s: &Struct,
    docs: TokenStream,
    prelude: Prelude,
) -> (TokenStream, Vec<String>) {
    let name = ident(&def.name);
    let all_optional = s.fields.iter().all(|f| !f.presence.is_required());
    let default = all_optional.then(|| quote!(Default,));
    let fields = s.fields.iter().map(field);
    let constructors = struct_impl(&def.name, s, prelude);
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
    let mut texts = vec![struct_serde(&def.name, s)];
    texts.extend(constructors);
    (tokens, texts)
}

/// An integer enum (with `Other` for values it does not know) and its `integer_enum!`.
fn integer_enum_items(
    def: &TypeDef,
    values: &[IntegerEnumValue],
    docs: TokenStream,
) -> (TokenStream, Vec<String>) {
    let name = ident(&def.name);
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
    (tokens, vec![integer_enum_impls(&def.name, values)])
}

/// A string enum (with `Other` for values it does not know) and its `string_enum!`.
fn string_enum_items(
    def: &TypeDef,
    values: &[EnumValue],
    docs: TokenStream,
) -> (TokenStream, Vec<String>) {
    let name = ident(&def.name);
    let variants = values.iter().map(|v| {
        let variant = ident(&v.name);
        let value = &v.name.wire;
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
    (tokens, vec![string_enum_impls(&def.name, values)])
}

/// A tagged union, its `tagged!` invocation and its `From` impls.
fn tagged_items(def: &TypeDef, tagged: &Tagged, docs: TokenStream) -> (TokenStream, Vec<String>) {
    let name = ident(&def.name);
    let tag = &tagged.tag;
    let variants = tagged.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let value = &v.name.wire;
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
            variant: &v.name.rust,
            ty: &v.ty,
            boxed: false,
            from: v.from,
            from_str: None,
        })
        .collect();
    let mut texts = vec![tagged_impls(&def.name, tagged)];
    texts.extend(union_conversions(&def.name, &convertible));
    (tokens, texts)
}

/// An untagged union, its `untagged!` invocation and its `From` impls.
fn untagged_items(
    def: &TypeDef,
    variants: &[UnionVariant],
    docs: TokenStream,
) -> (TokenStream, Vec<String>) {
    let name = ident(&def.name);
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
    let mut texts = vec![untagged_impls(&def.name, variants)];
    texts.extend(union_conversions(&def.name, &convertible));
    (tokens, texts)
}

/// A type alias.
fn alias_items(def: &TypeDef, target: &TypeRef, docs: TokenStream) -> (TokenStream, Vec<String>) {
    let name = ident(&def.name);
    let target = type_ref(target, Scope::Types);
    let tokens = quote! {
        #docs
        pub type #name = #target;
    };
    (tokens, Vec::new())
}

/// A newtype, serialized as what it wraps.
fn newtype_items(
    def: &TypeDef,
    newtype: &Newtype,
    docs: TokenStream,
) -> (TokenStream, Vec<String>) {
    let name = ident(&def.name);
    let mut target = type_ref(&newtype.ty, Scope::Types);
    if newtype.boxed {
        target = quote!(::std::boxed::Box<#target>);
    }
    let tokens = quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(transparent)]
        pub struct #name(pub #target);
    };
    (tokens, Vec::new())
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
    let key_doc = (f.name.rust != f.name.wire)
        .then(|| format!(" JSON key: {}.", crate::docs::code_span(&f.name.wire)));
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
