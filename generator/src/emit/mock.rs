//! The `mock` module of a generated API module, compiled with the crate's `mock` feature:
//! its `Server` (the runtime's `mock::Server` of this API's operations, with one typed
//! stub method per operation) and, per operation, the request as the mock received it
//! in the operation's own types, which implements the runtime's `mock::Operation`: what
//! the spec says of it (the table the request check reads), how it decodes, and how its
//! success and documented errors are answered.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::long_text;
use super::mock_values::Values;
use super::module::Item;
use super::paths::{ident, type_ref, Scope};
use crate::ir::{
    Api, BodyContent, BodyEncoding, Operation, OperationSchemas, Outcome, ParamLocation,
    ResponseCase, StatusMatch, TypeRef,
};

/// The head of the `mock` module of `api`: its imports, its `Server` and the tables the
/// runtime's server reads. The module's `#[cfg]` and docs are the block's
/// ([`super::Block::gate`]).
pub(super) fn mock_head(api: &Api) -> Vec<Item> {
    let entries = api.operations.iter().map(|op| {
        let cfg = feature_gate(&op.features);
        let name = ident(&op.request);
        quote!(#cfg <#name as Operation>::SPEC,)
    });
    // `static SCHEMAS: &str = concat!(` at column 4, its pieces at column 8.
    let document = long_text::literal(&api.request_schemas.document, 100 - 27, 100 - 8);
    let items = [
        quote! {
            #[allow(unused_imports)]
            use super::types;
        },
        quote! {
            #[allow(unused_imports)]
            use crate::runtime::mock::{
                any_body, json_decodes, param_decodes, BodyMedia, BodySpec, Location,
                OperationSpec, PagesSpec, ParamSpec, Reply,
            };
        },
        quote!(
            pub use crate::runtime::mock::{Operation, Received, Stub, Violation};
        ),
        quote! {
            /// A mock server of this API on 127.0.0.1: [`Server::start`], then
            /// `Client::builder().base_url(server.url())`. The runtime's
            /// [`mock::Server`](crate::runtime::mock::Server) (`url`, `received`,
            /// `verify`, ...) with one stub method per operation.
            #[derive(Debug)]
            pub struct Server {
                inner: crate::runtime::mock::Server,
            }
        },
        quote! {
            impl Server {
                /// Starts the server on a port the OS picks (needs a tokio runtime).
                pub async fn start() -> ::std::io::Result<Server> {
                    Ok(Server {
                        inner: crate::runtime::mock::Server::start(OPERATIONS, SCHEMAS).await?,
                    })
                }
            }
        },
        quote! {
            impl ::std::ops::Deref for Server {
                type Target = crate::runtime::mock::Server;

                fn deref(&self) -> &Self::Target {
                    &self.inner
                }
            }
        },
        quote!(static OPERATIONS: &[&OperationSpec] = &[#(#entries)*];),
        quote! {
            /// The spec's request schemas as JSON Schema 2020-12 (parameters, bodies and
            /// what they reference), which the request check validates with `jsonschema`.
            static SCHEMAS: &str = #document;
        },
    ];
    items.into_iter().map(Item::tokens).collect()
}

/// The `mock` module's items of `ops`: per operation, its stub method (an `impl Server`
/// of its own), its received request and what the runtime needs of it.
pub(super) fn mock_items(api: &Api, ops: &[Operation]) -> Vec<Item> {
    let values = Values::new(api);
    ops.iter()
        .map(|op| {
            let key = (op.path.template.clone(), op.method.as_str().to_string());
            let stub = stub_method(op);
            let cfg = feature_gate(&op.features);
            let operation = operation(op, &values, api.request_schemas.operations.get(&key));
            Item::tokens(quote! {
                #cfg
                impl Server {
                    #stub
                }

                #operation
            })
        })
        .collect()
}

/// `server.create_credential()`: a stub of the operation.
fn stub_method(op: &Operation) -> TokenStream {
    let method = ident(&op.name);
    let name = ident(&op.request);
    let plain = &op.name;
    let doc = format!(
        " A stub of [`Client::{plain}`](super::Client::{plain}), `{} {}`: matchers, a count and faults, then `respond`.",
        op.method.as_str(),
        op.path.template
    );
    quote! {
        #[doc = #doc]
        pub fn #method(&self) -> Stub<'_, #name> {
            self.inner.stub()
        }
    }
}

fn scope_ty(ty: &TypeRef) -> TokenStream {
    let types = quote!(super::types);
    let runtime = quote!(crate::runtime);
    type_ref(ty, Scope::Path(&types, &runtime))
}

fn location(location: ParamLocation) -> TokenStream {
    match location {
        ParamLocation::Path => quote!(Location::Path),
        ParamLocation::Query => quote!(Location::Query),
        ParamLocation::Header => quote!(Location::Header),
        ParamLocation::Cookie => quote!(Location::Cookie),
    }
}

/// The JSON body's type, when the operation takes one JSON body.
fn json_body(op: &Operation) -> Option<&TypeRef> {
    match &op.body.as_ref()?.content {
        BodyContent::One(media) if media.encoding == BodyEncoding::Json => Some(&media.ty),
        _ => None,
    }
}

/// One operation's request type, its `Operation` impl and its default reply.
fn operation(
    op: &Operation,
    values: &Values<'_>,
    schemas: Option<&OperationSchemas>,
) -> TokenStream {
    let cfg = feature_gate(&op.features);
    let name = ident(&op.request);
    let plain = &op.name;
    let doc = format!(
        " A request of [`Client::{plain}`](super::Client::{plain}) as the mock received it: `{} {}`.",
        op.method.as_str(),
        op.path.template
    );
    let (fields, decodes): (Vec<_>, Vec<_>) = request_fields(op).into_iter().unzip();
    let successes: Vec<&ResponseCase> = op.responses.iter().filter(|r| r.success).collect();
    let errors: Vec<&ResponseCase> = op.responses.iter().filter(|r| !r.success).collect();
    let success_status = successes
        .first()
        .map_or(200, |c| status_code(c.status, 200));
    let success_lit = Literal::u16_unsuffixed(success_status);
    let default_fn = format_ident!("default_{}", plain);
    let example_fn = format_ident!("example_{}", plain);
    let example = successes
        .first()
        .and_then(|case| example_reply(case, &success_lit));
    let example_field = match &example {
        Some(_) => quote!(Some(#example_fn)),
        None => quote!(None),
    };
    let example_item = example.map(|reply| {
        quote! {
            #cfg
            fn #example_fn() -> Result<Reply, String> {
                #reply
            }
        }
    });
    let spec = operation_spec(op, schemas, &success_lit, &default_fn, &example_field);
    let (success_ty, success_reply) = success(op, &successes);
    let body_arg = if success_uses_body(op, &successes) {
        quote!(body)
    } else {
        quote!(_)
    };
    let request_arg = if decodes.is_empty() {
        quote!(_)
    } else {
        quote!(request)
    };
    let (error_ty, error_reply) = error(op, &errors);
    let default_reply = match successes.first() {
        Some(case) => default_reply(case, &success_lit, &values.value(&case.ty).to_string()),
        None => quote!(Reply::status(#success_lit)),
    };
    quote! {
        #cfg
        #[doc = #doc]
        #[derive(Debug, Clone)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        #cfg
        impl Operation for #name {
            const SPEC: &'static OperationSpec = &#spec;

            type Success = #success_ty;

            type Error = #error_ty;

            fn decode(#request_arg: &Received) -> ::std::result::Result<Self, ::std::string::String> {
                Ok(#name { #(#decodes)* })
            }

            fn success_reply(status: u16, #body_arg: &Self::Success) -> Reply {
                #success_reply
            }

            fn error_reply(error: &Self::Error) -> Reply {
                #error_reply
            }
        }

        #cfg
        fn #default_fn() -> Reply {
            #default_reply
        }

        #example_item
    }
}

/// The received request's fields (parameters, then the body), each with how `decode`
/// reads it.
fn request_fields(op: &Operation) -> Vec<(TokenStream, TokenStream)> {
    let mut fields = Vec::new();
    for p in op.path_params.iter().chain(&op.params) {
        let field = ident(&p.name);
        let ty = scope_ty(&p.ty);
        let wire = &p.name.wire;
        let loc = location(p.location);
        let doc = format!(" The {} parameter `{wire}`.", location_word(p.location));
        fields.push(if p.required || p.location == ParamLocation::Path {
            (
                quote!(#[doc = #doc] pub #field: #ty,),
                quote!(#field: request.param(#loc, #wire)?,),
            )
        } else {
            (
                quote!(#[doc = #doc] pub #field: ::std::option::Option<#ty>,),
                quote!(#field: request.optional_param(#loc, #wire)?,),
            )
        });
    }
    let Some(body) = &op.body else {
        return fields;
    };
    fields.push(match json_body(op) {
        Some(ty) if body.required => {
            let ty = scope_ty(ty);
            (
                quote!(#[doc = " The body."] pub body: #ty,),
                quote!(body: request.json_body()?.ok_or_else(|| "the required body is missing".to_string())?,),
            )
        }
        Some(ty) => {
            let ty = scope_ty(ty);
            (
                quote!(#[doc = " The body, when one was sent."] pub body: ::std::option::Option<#ty>,),
                quote!(body: request.json_body()?,),
            )
        }
        None => (
            quote!(#[doc = " The body, as sent."] pub body: ::bytes::Bytes,),
            quote!(body: request.body.clone(),),
        ),
    });
    fields
}

/// The operation's `OperationSpec`: what the request check and the default reply read.
fn operation_spec(
    op: &Operation,
    schemas: Option<&OperationSchemas>,
    success: &Literal,
    default_fn: &proc_macro2::Ident,
    example: &TokenStream,
) -> TokenStream {
    let request = &op.request;
    let method = op.method.as_str();
    // `path: "..."` is printed at column 12 and cannot move to a line of its own.
    let path = long_text::literal(&op.path.template, 100 - 18, 100 - 16);
    let params = op.path_params.iter().chain(&op.params).map(|p| {
        let ty = scope_ty(&p.ty);
        let wire = &p.name.wire;
        let loc = location(p.location);
        let required = p.required || p.location == ParamLocation::Path;
        let schema = place(schemas.and_then(|s| {
            s.params
                .iter()
                .find(|(name, location, _)| name == wire && *location == p.location)
                .map(|(_, _, place)| place)
        }));
        quote! {
            ParamSpec {
                name: #wire,
                location: #loc,
                required: #required,
                check: param_decodes::<#ty>,
                schema: #schema,
            },
        }
    });
    let body = body_spec(op, schemas);
    let pages = pages_spec(op);
    quote! {
        OperationSpec {
            name: #request,
            method: #method,
            path: #path,
            params: &[#(#params)*],
            body: #body,
            success: #success,
            default_reply: #default_fn,
            example: #example,
            pages: #pages,
        }
    }
}

/// The operation's `PagesSpec` when it pages: the client's own `Paging` value (the mock
/// serves pages the way the client asks for them) and its item's decoder.
fn pages_spec(op: &Operation) -> TokenStream {
    let Some(pages) = op.pagination() else {
        return quote!(None);
    };
    let paging = super::pages::paging(pages);
    let item = scope_ty(&pages.item);
    quote!(Some(PagesSpec { paging: #paging, item: json_decodes::<#item> }))
}

/// The operation's `BodySpec`: its media types, a JSON one with its type and schema.
fn body_spec(op: &Operation, schemas: Option<&OperationSchemas>) -> TokenStream {
    let Some(body) = &op.body else {
        return quote!(None);
    };
    let required = body.required;
    let any = |media: &str| body_media(media, quote!(any_body), quote!(None));
    let media = body
        .content
        .media()
        .into_iter()
        .map(|m| {
            let media = &m.media_type;
            if m.encoding != BodyEncoding::Json {
                return any(media);
            }
            let ty = scope_ty(&m.ty);
            let schema = place(schemas.and_then(|s| {
                s.bodies
                    .iter()
                    .find(|(name, _)| name == media)
                    .map(|(_, place)| place)
            }));
            body_media(media, quote!(json_decodes::<#ty>), schema)
        })
        .chain(body.other_media_types.iter().map(|media| any(media)))
        .collect::<Vec<_>>();
    quote!(Some(BodySpec { required: #required, media: &[#(#media)*] }))
}

/// `Some("place")` or `None`: a schema's place, printed at column 28 (`schema: Some(`
/// breaks before it), in pieces at column 32 when it does not fit.
fn place(place: Option<&String>) -> TokenStream {
    match place {
        Some(place) => {
            let place = long_text::literal(place, 100 - 28, 100 - 32);
            quote!(Some(#place))
        }
        None => quote!(None),
    }
}

/// One media type of a body, for the runtime's `BodySpec`.
fn body_media(media: &str, check: TokenStream, schema: TokenStream) -> TokenStream {
    quote! {
        BodyMedia { media: #media, check: #check, schema: #schema },
    }
}

fn location_word(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}

/// The status a case answers with: its code, the first of its range, else `fallback`.
fn status_code(status: StatusMatch, fallback: u16) -> u16 {
    match status {
        StatusMatch::Code(code) => code,
        StatusMatch::Range(r) => r * 100,
        StatusMatch::Default => fallback,
    }
}

/// How a value `value` (a reference) of a case is answered with `status`.
fn reply(case: &ResponseCase, status: &TokenStream, value: &TokenStream) -> TokenStream {
    match (case.encoding, &case.ty) {
        (_, TypeRef::Unit) | (BodyEncoding::Empty, _) => quote!(Reply::status(#status)),
        (BodyEncoding::Text, _) => {
            quote!(Reply::body(#status, "text/plain", ::std::string::ToString::to_string(#value)))
        }
        (BodyEncoding::Bytes | BodyEncoding::ByteStream, _) => quote!(Reply::body(
            #status,
            "application/octet-stream",
            ::std::convert::AsRef::<[u8]>::as_ref(#value).to_vec()
        )),
        (BodyEncoding::EventStream, TypeRef::String) => quote!(Reply::text_events(#status, #value)),
        (BodyEncoding::EventStream, _) => quote!(Reply::events(#status, #value)),
        (BodyEncoding::JsonLines, _) => quote!(Reply::json_lines(#status, #value)),
        _ => quote!(Reply::json(#status, #value)),
    }
}

/// Whether `success_reply` reads its body (not for a success without one).
fn success_uses_body(op: &Operation, cases: &[&ResponseCase]) -> bool {
    match (&op.success, cases.first()) {
        (Outcome::Enum(_), _) => true,
        (Outcome::Single(_), Some(case)) => {
            case.ty != TypeRef::Unit && case.encoding != BodyEncoding::Empty
        }
        (Outcome::Single(_), None) => false,
    }
}

/// The type a stub's success is given as, and the body of `success_reply`.
fn success(op: &Operation, cases: &[&ResponseCase]) -> (TokenStream, TokenStream) {
    let status = quote!(status);
    match &op.success {
        Outcome::Enum(name) => {
            let enum_name = ident(name);
            let arms = cases.iter().filter_map(|case| {
                let variant = ident(case.variant.as_deref()?);
                Some(match case.ty {
                    TypeRef::Unit => {
                        quote!(super::types::#enum_name::#variant => Reply::status(status),)
                    }
                    _ => {
                        let reply = reply(case, &status, &quote!(value));
                        quote!(super::types::#enum_name::#variant(value) => #reply,)
                    }
                })
            });
            (
                quote!(super::types::#enum_name),
                quote!(match body { #(#arms)* }),
            )
        }
        Outcome::Single(ty) => match cases.first() {
            Some(case)
                if case.encoding.is_stream() && case.encoding != BodyEncoding::ByteStream =>
            {
                let item = scope_ty(&case.ty);
                (
                    quote!(::std::vec::Vec<#item>),
                    reply(case, &status, &quote!(body)),
                )
            }
            Some(case) => (scope_ty(&case.ty), reply(case, &status, &quote!(body))),
            None => (scope_ty(ty), quote!(Reply::status(status))),
        },
    }
}

/// The type a stub's documented error is given as, and the body of `error_reply`.
fn error(op: &Operation, cases: &[&ResponseCase]) -> (TokenStream, TokenStream) {
    match &op.error {
        Outcome::Enum(name) => {
            let enum_name = ident(name);
            let arms = cases.iter().filter_map(|case| {
                let variant = ident(case.variant.as_deref()?);
                let code = Literal::u16_unsuffixed(status_code(case.status, 500));
                Some(match case.ty {
                    TypeRef::Unit => {
                        quote!(super::types::#enum_name::#variant => Reply::status(#code),)
                    }
                    _ => {
                        let reply = reply(case, &quote!(#code), &quote!(value));
                        quote!(super::types::#enum_name::#variant(value) => #reply,)
                    }
                })
            });
            let arms: Vec<TokenStream> = arms.collect();
            // An operation that documents no error status has an empty error enum.
            let body = if arms.is_empty() {
                quote!(match *error {})
            } else {
                quote!(match error { #(#arms)* })
            };
            (quote!(super::types::#enum_name), body)
        }
        Outcome::Single(ty) => match cases.first() {
            Some(case) => {
                let code = Literal::u16_unsuffixed(status_code(case.status, 500));
                (scope_ty(ty), reply(case, &quote!(#code), &quote!(error)))
            }
            None => (quote!(::std::convert::Infallible), quote!(match *error {})),
        },
    }
}

/// What an operation without a stub answers: `value` (JSON text) in the case's encoding.
fn default_reply(case: &ResponseCase, status: &Literal, value: &str) -> TokenStream {
    // `Reply::body(` breaks before its arguments (column 12); pieces at column 16.
    let text = |text: &str| long_text::literal(text, 100 - 12, 100 - 16);
    match (case.encoding, &case.ty) {
        (_, TypeRef::Unit) | (BodyEncoding::Empty, _) => quote!(Reply::status(#status)),
        (BodyEncoding::Text, _) => quote!(Reply::body(#status, "text/plain", "text")),
        (BodyEncoding::Bytes | BodyEncoding::ByteStream, _) => {
            quote!(Reply::body(#status, "application/octet-stream", ::std::vec::Vec::new()))
        }
        (BodyEncoding::EventStream | BodyEncoding::JsonLines, _) => {
            let media = stream_media(case.encoding);
            let text = text(value);
            quote!(Reply::repeated(#status, #media, #text))
        }
        _ => {
            let text = text(value);
            quote!(Reply::body(#status, "application/json", #text))
        }
    }
}

/// The spec's example as the success reply, checked at run time: the body of an
/// operation's `example_` function, when its success is JSON, or a stream of events or
/// JSON lines (the example is one item, repeated), with an example.
fn example_reply(case: &ResponseCase, status: &Literal) -> Option<TokenStream> {
    let example = case.example.as_ref()?;
    if case.ty == TypeRef::Unit {
        return None;
    }
    // `let example = ` ends at column 22; a `concat!`'s pieces are at column 12.
    let place = long_text::literal(&example.place, 100 - 20, 100 - 12);
    let value = long_text::literal(&example.value.to_string(), 100 - 22, 100 - 12);
    let ty = scope_ty(&case.ty);
    let reply = match case.encoding {
        BodyEncoding::Json => {
            quote!(Reply::example(#status, place, example, json_decodes::<#ty>))
        }
        BodyEncoding::EventStream | BodyEncoding::JsonLines => {
            let media = stream_media(case.encoding);
            quote!(Reply::example_stream(#status, #media, place, example, json_decodes::<#ty>))
        }
        _ => return None,
    };
    Some(quote! {
        let place = #place;
        let example = #value;
        #reply
    })
}

/// The content type of a streamed default answer: events, or JSON lines.
fn stream_media(encoding: BodyEncoding) -> &'static str {
    match encoding {
        BodyEncoding::EventStream => "text/event-stream",
        _ => "application/x-ndjson",
    }
}

/// `#[cfg(feature = "a")]` (or `any(..)`) before an operation's items inside the `mock`
/// module. The module is one item of [`super::Module`] (it nests `impl Server` and the
/// operations' items inside `pub mod mock`, which the module's sections do not reach), so
/// its members carry their gates in their tokens; everything else gets them from render.
fn feature_gate(features: &[String]) -> TokenStream {
    match features {
        [] => TokenStream::new(),
        [one] => quote!(#[cfg(feature = #one)]),
        many => quote!(#[cfg(any(#(feature = #many),*))]),
    }
}
