//! Request values: what every operation's method returns (`requests::<Operation>`), with
//! a chainable setter per optional parameter and per-call option, and `.await` (through
//! `IntoFuture`) to send it; the items of a list's pages (`.items()`) and a streamed
//! response (`.stream()`) are its other terminal methods. One request builder (the
//! value's private `request`) serves them all.
//!
//! A call written against one version of a spec keeps compiling against the next when
//! the operation gains an optional parameter, an optional body or a media type: each is
//! a setter nobody had to call, or a `From` into the body enum (see `bodies`).
//!
//! The names (the value's type, its fields and setters) come decided from the IR
//! (`naming::reserved` keeps parameters off the value's own names); this module renders
//! them.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::bodies;
use super::module::Item;
use super::operations::{response_arms, status_pattern, stream_type};
use super::paths::{ident, type_ref, Scope};
use crate::docs::doc_attrs;
use crate::ir::{
    self, Method, MethodKind, Operation, Outcome, Param, ParamLocation, PathPart, TypeRef,
};
use crate::naming::reserved;

/// The names the request values use from the module root and the runtime: the first
/// items of `pub mod requests`.
pub(super) fn imports() -> TokenStream {
    quote! {
        #[allow(unused_imports)]
        use super::{types, Client};

        #[allow(unused_imports)]
        use crate::runtime::{Call, Error, Response};
    }
}

/// Whether the method borrows an argument besides the client (a path parameter that is
/// not a number or a boolean), so the request value's lifetime must be named.
pub(super) fn borrows(op: &Operation) -> bool {
    op.path_params.iter().any(|p| !by_value(&p.ty))
}

/// Whether a value of this type is taken as it is rather than through `Into` (numbers
/// and booleans: a literal would not infer through `Into`).
pub(super) fn by_value(ty: &TypeRef) -> bool {
    matches!(
        ty,
        TypeRef::Integer(_) | TypeRef::F32 | TypeRef::F64 | TypeRef::Bool
    )
}

pub(super) fn content_type_arg(body: &ir::Body) -> bool {
    matches!(&body.content, ir::BodyContent::One(one) if one.content_type_arg)
}

/// The parameters the request value is made with: its call's (the path's, in path
/// order, then the required others).
pub(super) fn required(op: &Operation) -> impl Iterator<Item = &Param> {
    op.call()
        .into_iter()
        .flat_map(|call| op.params_of(&call.args))
}

/// The request value of `op`: its struct, its setters and request builder, its terminal
/// methods and `IntoFuture`. The struct is text, and so is the `impl` when its shapes are
/// laid out by [`super::request_text`]; `IntoFuture` is tokens.
pub(super) fn request_value(op: &Operation) -> Vec<Item> {
    let name = ident(&op.request);
    let methods = match super::request_text::impl_text(op) {
        Some(text) => Item::text(&op.features, text),
        None => Item::gated(&op.features, methods(op)),
    };
    let into_future = into_future(op);
    let into_future = quote! {
        impl<'a> ::std::future::IntoFuture for #name<'a> {
            #into_future
        }
    };
    vec![
        Item::text(&op.features, super::request_text::struct_text(op)),
        methods,
        Item::gated(&op.features, into_future),
    ]
}

/// The request value's `impl` as tokens: `new`, its setters, its request builder and its
/// terminal methods.
fn methods(op: &Operation) -> TokenStream {
    let name = ident(&op.request);
    let optional = op.params.iter().filter(|p| !p.required);
    let mut unset: Vec<_> = optional.clone().map(|p| ident(&p.name)).collect();
    if op.body.is_some() {
        unset.push(format_ident!("{}", reserved::BODY_ARG));
    }
    if raw_body(op) {
        unset.push(format_ident!("{}", reserved::RAW_BODY_FIELD));
    }
    let new_args = required(op).map(|p| {
        let name = ident(&p.name);
        let ty = stored_type(p);
        quote!(#name: #ty)
    });
    let required_names = required(op).map(|p| ident(&p.name));
    let setters = optional.map(param_setter);
    let body_setter = op.body.as_ref().map(|body| body_setter(op, body));
    let raw_setter = raw_body(op).then(raw_setter);
    let options = format_ident!("{}", reserved::OPTIONS_FIELD);
    let option_setters = option_setters();
    let builder = request_fn(op);
    let terminals = op.methods.iter().map(|method| match &method.kind {
        MethodKind::Items(pages) => items_method(op, method, pages),
        MethodKind::Stream(stream) => stream_method(op, method, stream),
        MethodKind::Call | MethodKind::RawBody => TokenStream::new(),
    });
    quote! {
        impl<'a> #name<'a> {
            pub(super) fn new(client: &'a Client, #(#new_args),*) -> Self {
                #name {
                    client,
                    #(#required_names,)*
                    #(#unset: None,)*
                    #options: crate::runtime::RequestOptions::new(),
                }
            }

            #(#setters)*
            #body_setter
            #raw_setter
            #option_setters
            #builder
            #(#terminals)*
        }
    }
}

/// Whether the request value may carry a body the caller encoded.
pub(super) fn raw_body(op: &Operation) -> bool {
    op.method_of(|k| matches!(k, MethodKind::RawBody)).is_some()
}

/// The type a parameter is kept as: a path parameter as the method borrowed it, the
/// others owned.
fn stored_type(p: &Param) -> TokenStream {
    let ty = type_ref(&p.ty, Scope::Root);
    match (&p.ty, p.location) {
        (ty, _) if by_value(ty) => type_ref(ty, Scope::Root),
        (TypeRef::String, ParamLocation::Path) => quote!(&'a str),
        (_, ParamLocation::Path) => quote!(&'a #ty),
        _ => ty,
    }
}

/// The setter of an optional parameter, with the parameter's docs and where it is sent.
fn param_setter(p: &Param) -> TokenStream {
    let name = ident(&p.name);
    let docs = doc_attrs(p.docs.as_deref());
    let sep = p.docs.is_some().then(|| quote!(#[doc = ""]));
    let where_doc = format!(
        " Sent as {} `{}`.",
        match p.location {
            ParamLocation::Query => "the query parameter",
            ParamLocation::Header => "the header",
            ParamLocation::Cookie => "the cookie",
            ParamLocation::Path => "the path parameter",
        },
        p.name.wire
    );
    let deprecated = p.deprecated.then(|| quote!(#[deprecated]));
    let ty = stored_type(p);
    let (arg, value) = if by_value(&p.ty) {
        (ty, quote!(value))
    } else {
        (quote!(impl Into<#ty>), quote!(value.into()))
    };
    quote! {
        #docs
        #sep
        #[doc = #where_doc]
        #deprecated
        pub fn #name(mut self, value: #arg) -> Self {
            self.#name = Some(#value);
            self
        }
    }
}

/// The setter of the body: public when the body is optional; the method's own when it
/// is required (the method takes it as an argument).
fn body_setter(op: &Operation, body: &ir::Body) -> TokenStream {
    let name = format_ident!("{}", reserved::BODY_ARG);
    let content_type = format_ident!("{}", reserved::CONTENT_TYPE_ARG);
    let ty = bodies::owned_type(&body.content);
    let (visibility, docs) = if body.required {
        (quote!(pub(super)), quote!())
    } else {
        let mut docs = doc_attrs(body.docs.as_deref());
        if body.docs.is_some() {
            docs.extend(quote!(#[doc = ""]));
        }
        docs.extend(quote!(#[doc = " Sends a body (the spec makes it optional)."]));
        docs.extend(super::doc_text::attrs(&bodies::sending_docs(op, body)));
        (quote!(pub), docs)
    };
    if content_type_arg(body) {
        quote! {
            #docs
            #visibility fn #name(
                mut self,
                #content_type: impl Into<::std::borrow::Cow<'static, str>>,
                #name: impl Into<#ty>,
            ) -> Self {
                self.#name = Some((#content_type.into(), #name.into()));
                self
            }
        }
    } else {
        quote! {
            #docs
            #visibility fn #name(mut self, #name: impl Into<#ty>) -> Self {
                self.#name = Some(#name.into());
                self
            }
        }
    }
}

/// The setter the `_with_body` method calls: a body the caller encoded, in place of the
/// typed one.
fn raw_setter() -> TokenStream {
    let name = format_ident!("{}", reserved::RAW_BODY_FIELD);
    let content_type = format_ident!("{}", reserved::CONTENT_TYPE_ARG);
    let body = format_ident!("{}", reserved::BODY_ARG);
    quote! {
        pub(super) fn #name(
            mut self,
            #content_type: impl Into<::std::borrow::Cow<'static, str>>,
            #body: impl Into<crate::runtime::Upload>,
        ) -> Self {
            self.#name = Some((#content_type.into(), #body.into()));
            self
        }
    }
}

/// The per-call options every request value has (`naming::reserved::REQUEST_NAMES`).
fn option_setters() -> TokenStream {
    let options = format_ident!("{}", reserved::OPTIONS_FIELD);
    quote! {
        /// The timeout of each attempt of this call, in place of the client's.
        pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
            self.#options = self.#options.timeout(timeout);
            self
        }

        /// How many times a failed attempt of this call may be retried, in place of the
        /// client's retry policy's count.
        pub fn retries(mut self, retries: u32) -> Self {
            self.#options = self.#options.max_retries(retries);
            self
        }

        /// Adds a header to this call: it replaces a header of the same name the request
        /// would otherwise carry. An invalid name or value fails the call
        /// ([`Error::InvalidRequest`]).
        pub fn header(mut self, name: &str, value: &str) -> Self {
            self.#options = self.#options.header(name, value);
            self
        }
    }
}

/// The one request builder: the request every terminal method sends, the client and
/// the options of the call (the client's, with this call's over them).
fn request_fn(op: &Operation) -> TokenStream {
    let name = format_ident!("{}", reserved::REQUEST_FN);
    let options = format_ident!("{}", reserved::OPTIONS_FIELD);
    let method = format_ident!("{}", op.method.as_str());
    let path = path_expr(op);
    // Hooks and tracing name the call by these, never by the path's values.
    let operation_id = op.operation_id.as_deref().unwrap_or(&op.name);
    let template = &op.path.template;
    let params = op.params.iter().map(|p| {
        let field = ident(&p.name);
        let wire = &p.name.wire;
        match p.location {
            ParamLocation::Query => {
                let style = super::operations::query_style(p.style);
                quote!(request.query(#wire, &self.#field, #style);)
            }
            ParamLocation::Header => quote!(request.header(#wire, &self.#field);),
            ParamLocation::Cookie => quote!(request.cookie(#wire, &self.#field);),
            ParamLocation::Path => quote!(),
        }
    });
    let security = (!op.security.is_empty()).then(|| {
        let alternatives = op.security.iter().map(|set| quote!(&[#(#set),*]));
        quote!(request.security(&[#(#alternatives),*]);)
    });
    let body = op.body.as_ref().map(|b| {
        let body = format_ident!("{}", reserved::BODY_ARG);
        let content_type = format_ident!("{}", reserved::CONTENT_TYPE_ARG);
        let set = bodies::set_body(&b.content, &body, &content_type);
        if content_type_arg(b) {
            quote!(if let Some((#content_type, #body)) = self.#body { #set })
        } else {
            quote!(if let Some(#body) = self.#body { #set })
        }
    });
    let raw = raw_body(op).then(|| {
        let raw = format_ident!("{}", reserved::RAW_BODY_FIELD);
        quote! {
            if let Some((content_type, body)) = self.#raw {
                request.bytes_body(content_type, body);
            }
        }
    });
    let accept = op.accept.as_ref().map(|a| {
        let a = Literal::string(a);
        quote!(request.accept(#a);)
    });
    let mutable = (!op.params.is_empty()
        || !op.security.is_empty()
        || op.body.is_some()
        || op.accept.is_some())
    .then(|| quote!(mut));
    quote! {
        fn #name(
            self,
        ) -> (&'a Client, crate::runtime::Request, crate::runtime::RequestOptions) {
            let #mutable request = crate::runtime::Request::for_operation(
                ::reqwest::Method::#method,
                #path,
                #operation_id,
                #template,
            );
            #(#params)*
            #security
            #body
            #raw
            #accept
            let options = self.client.options.merged_with(&self.#options);
            (self.client, request, options)
        }
    }
}

/// The path, as literal pieces and encoded path parameters.
fn path_expr(op: &Operation) -> TokenStream {
    let pieces = op.path.parts.iter().map(|part| match part {
        PathPart::Literal(text) => quote!(#text),
        PathPart::Param(i) => match op.path_params.get(*i) {
            Some(p) => {
                let field = ident(&p.name);
                quote!(&crate::runtime::path_param(&self.#field))
            }
            None => quote!(""),
        },
    });
    match op.path.parts.as_slice() {
        [PathPart::Literal(text)] => quote!(::std::string::String::from(#text)),
        [] => quote!(::std::string::String::new()),
        _ => quote!([#(#pieces),*].concat()),
    }
}

/// The type of a documented error: the operation's error enum, or `()`.
fn error_type(op: &Operation) -> TokenStream {
    match &op.error {
        Outcome::Single(ty) => type_ref(ty, Scope::Root),
        Outcome::Enum(name) => {
            let name = ident(name);
            quote!(types::#name)
        }
    }
}

/// The status `match` of `cases` (the documented ones, or a stream's successes and the
/// documented errors), reading `response`.
fn decode(op: &Operation, cases: &[&ir::ResponseCase], pages: bool) -> TokenStream {
    let arms = response_arms(op, cases, pages);
    match arms.as_slice() {
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
    }
}

/// The call of `cases`: a plain one, or one whose streamed successes are left unread.
fn call(op: &Operation, cases: &[&ir::ResponseCase]) -> TokenStream {
    let decode = decode(op, cases, false);
    let streamed: Vec<&&ir::ResponseCase> = cases
        .iter()
        .filter(|c| c.success && c.encoding.is_stream())
        .collect();
    if streamed.is_empty() {
        return quote!(client.core.call(request, options, |response| #decode));
    }
    let patterns = streamed.iter().filter_map(|c| status_pattern(c.status));
    quote! {
        client.core.call_stream(
            request,
            options,
            |status| matches!(status, #(#patterns)|*),
            |response| #decode,
        )
    }
}

/// The type a call of `cases` succeeds with.
fn success_type(op: &Operation, cases: &[&ir::ResponseCase]) -> TokenStream {
    let error = error_type(op);
    let streamed = cases.iter().find(|c| c.success && c.encoding.is_stream());
    match (&op.success, streamed) {
        (_, Some(case)) => stream_type(case, &error),
        (Outcome::Single(ty), None) => type_ref(ty, Scope::Root),
        (Outcome::Enum(name), None) => {
            let name = ident(name);
            quote!(types::#name)
        }
    }
}

/// `IntoFuture`: `.await` sends the request and decodes the documented responses.
fn into_future(op: &Operation) -> TokenStream {
    let request = format_ident!("{}", reserved::REQUEST_FN);
    let cases: Vec<&ir::ResponseCase> = op.responses.iter().collect();
    let success = success_type(op, &cases);
    let error = error_type(op);
    let call = call(op, &cases);
    quote! {
        type Output = Result<Response<#success>, Error<#error>>;
        type IntoFuture = Call<'a, #success, #error>;

        fn into_future(self) -> Self::IntoFuture {
            let (client, request, options) = self.#request();
            #call
        }
    }
}

/// `.stream()`: asks for the success as a stream and returns it as it arrives.
fn stream_method(op: &Operation, method: &Method, stream: &ir::StreamMethod) -> TokenStream {
    let name = ident(&method.name);
    let request = format_ident!("{}", reserved::REQUEST_FN);
    let cases: Vec<&ir::ResponseCase> = stream
        .responses
        .iter()
        .chain(op.responses.iter().filter(|c| !c.success))
        .collect();
    let success = success_type(op, &cases);
    let error = error_type(op);
    let call = call(op, &cases);
    let accept = Literal::string(&stream.accept);
    let media = crate::docs::code_span(&stream.accept);
    let doc = format!(
        " Sends the request asking for the response as a stream ({media}), and returns it as \
         it arrives. The spec documents both; the request must ask the server to stream, \
         as its API says (often `stream: true` in the body)."
    );
    quote! {
        #[doc = #doc]
        pub fn #name(self) -> Call<'a, #success, #error> {
            let (client, mut request, options) = self.#request();
            request.accept(#accept);
            #call
        }
    }
}

/// `.items()`: every item of every page, as a stream.
fn items_method(op: &Operation, method: &Method, pages: &ir::Pagination) -> TokenStream {
    let name = ident(&method.name);
    let request = format_ident!("{}", reserved::REQUEST_FN);
    let docs = super::pages::docs(op, pages);
    let item = type_ref(&pages.item, Scope::Root);
    let error = error_type(op);
    let paging = super::pages::paging(pages);
    let cases: Vec<&ir::ResponseCase> = op.responses.iter().collect();
    let decode = decode(op, &cases, true);
    // A `GET`'s optional body is not sent for its pages.
    let without_body = (op.body.is_some() && !pages.body).then(|| {
        let body = format_ident!("{}", reserved::BODY_ARG);
        quote!(self.#body = None;)
    });
    let mutable = without_body.is_some().then(|| quote!(mut));
    quote! {
        #docs
        pub fn #name(#mutable self) -> crate::runtime::Pages<#item, #error> {
            #without_body
            let (client, request, options) = self.#request();
            crate::runtime::Pages::new(
                client.core.clone(),
                options,
                request,
                #paging,
                |response| #decode,
            )
        }
    }
}
