//! Construction: every struct (object types and the parameters structs of operations)
//! gets `new`, which takes the required fields, and a chainable `with_<field>` setter per
//! optional field, so building a value never needs a line per absent field:
//!
//! ```ignore
//! Attributes::new("My app", "sales_channel").with_expires_in(7200)
//! ```
//!
//! Arguments take `impl Into<T>` where that is free of inference surprises (strings,
//! secrets, boxes: `"text"` works), and `T` elsewhere (an integer literal would not infer
//! through `Into`). A field that may be `null` takes `impl Into<Option<T>>`: the value, or
//! `None` to send `null`. The names never collide: `new` and the setters are the only
//! inherent methods of a struct, fields live in another namespace, and every setter
//! is named by [`naming::setter_name`]. Fields stay
//! public: a struct literal works as before.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::paths::{ident, type_ref, Scope};
use crate::ir::{Operation, Presence, Struct, TypeRef};
use crate::naming::{self, reserved};

/// A field as construction sees it.
struct Member<'a> {
    name: &'a str,
    ty: &'a TypeRef,
    boxed: bool,
    presence: Presence,
    deprecated: bool,
}

/// `impl Name { new, with_... }` for an object type.
pub(super) fn struct_impl(name: &str, s: &Struct) -> TokenStream {
    let members = s.fields.iter().map(|f| Member {
        name: &f.name,
        ty: &f.ty,
        boxed: f.boxed,
        presence: f.presence,
        deprecated: f.deprecated,
    });
    impl_block(name, members.collect(), s.additional.as_ref())
}

/// `impl Params { new, with_... }` for the parameters struct of an operation.
pub(super) fn params_impl(name: &str, op: &Operation) -> TokenStream {
    let members = op.params.iter().map(|p| Member {
        name: &p.name,
        ty: &p.ty,
        boxed: false,
        presence: if p.required {
            Presence::Required
        } else {
            Presence::Optional
        },
        deprecated: p.deprecated,
    });
    impl_block(name, members.collect(), None)
}

fn impl_block(name: &str, members: Vec<Member<'_>>, additional: Option<&TypeRef>) -> TokenStream {
    let type_name = ident(name);
    let new = format_ident!("{}", reserved::CONSTRUCTOR);
    let mut args = Vec::new();
    let mut inits = Vec::new();
    let mut setters = Vec::new();
    let mut required_names = Vec::new();
    for m in &members {
        let field = ident(m.name);
        let bare = m.name.trim_start_matches("r#");
        let mut ty = type_ref(m.ty, Scope::Types);
        if m.boxed {
            ty = quote!(::std::boxed::Box<#ty>);
        }
        let into = m.boxed || matches!(m.ty, TypeRef::String | TypeRef::Secret(_));
        let (arg_ty, value) = match (m.presence.is_nullable(), into) {
            (true, _) => (
                quote!(impl ::std::convert::Into<::std::option::Option<#ty>>),
                quote!(::std::convert::Into::into(value)),
            ),
            (false, true) => (
                quote!(impl ::std::convert::Into<#ty>),
                quote!(::std::convert::Into::into(value)),
            ),
            (false, false) => (ty, quote!(value)),
        };
        match m.presence {
            Presence::Required | Presence::Nullable => {
                required_names.push(format!("`{bare}`"));
                args.push(quote!(#field: #arg_ty));
                if into || m.presence.is_nullable() {
                    inits.push(quote!(#field: ::std::convert::Into::into(#field),));
                } else {
                    inits.push(quote!(#field,));
                }
            }
            Presence::Optional | Presence::OptionalNullable => {
                inits.push(quote!(#field: ::std::option::Option::None,));
                let setter = format_ident!("{}", naming::setter_name(m.name));
                let doc = if m.presence.is_nullable() {
                    format!(" Sets `{bare}`: a value, or `None` to send `null`.")
                } else {
                    format!(" Sets `{bare}`.")
                };
                let deprecated = m.deprecated.then(|| quote!(#[deprecated]));
                setters.push(quote! {
                    #[doc = #doc]
                    #deprecated
                    pub fn #setter(mut self, value: #arg_ty) -> Self {
                        self.#field = ::std::option::Option::Some(#value);
                        self
                    }
                });
            }
        }
    }
    if let Some(value_ty) = additional {
        let field = format_ident!("{}", reserved::ADDITIONAL_PROPERTIES);
        let setter = format_ident!("{}", naming::setter_name(reserved::ADDITIONAL_PROPERTIES));
        let ty = type_ref(value_ty, Scope::Types);
        let (value_arg, value) = if matches!(
            value_ty,
            TypeRef::Json | TypeRef::String | TypeRef::Secret(_)
        ) {
            (
                quote!(impl ::std::convert::Into<#ty>),
                quote!(::std::convert::Into::into(value)),
            )
        } else {
            (ty, quote!(value))
        };
        inits.push(quote!(#field: ::std::collections::BTreeMap::new(),));
        setters.push(quote! {
            /// Adds properties the spec does not name (a map, or pairs such as
            /// `[("key", value)]`), keeping those already set.
            pub fn #setter(
                mut self,
                properties: impl ::std::iter::IntoIterator<
                    Item = (impl ::std::convert::Into<::std::string::String>, #value_arg),
                >,
            ) -> Self {
                for (key, value) in properties {
                    self.#field.insert(::std::convert::Into::into(key), #value);
                }
                self
            }
        });
    }
    let new_doc = match (required_names.as_slice(), setters.is_empty()) {
        ([], _) => " Every field left out; the `with_` methods set them.".to_string(),
        (names, true) => format!(" From its {}.", fields(names)),
        (names, false) => format!(
            " From the required {}; the others are left out until a `with_` method sets them.",
            fields(names)
        ),
    };
    quote! {
        impl #type_name {
            #[doc = #new_doc]
            pub fn #new(#(#args),*) -> Self {
                Self {
                    #(#inits)*
                }
            }

            #(#setters)*
        }
    }
}

/// "field `a`" or "fields `a`, `b`".
fn fields(names: &[String]) -> String {
    match names {
        [one] => format!("field {one}"),
        names => format!("fields {}", names.join(", ")),
    }
}
