//! One operation's items in the `mock` module, written as text (laid out by
//! [`super::layout`], as prettyplease would): its stub method (an `impl Server` of its
//! own), the request as the mock received it, its `Operation` impl (the spec as data,
//! decoding, replies: [`super::mock_replies`]) and its default reply. There is one of each per operation, hundreds
//! in a large spec, all of one shape: text costs a fraction of tokens formatted.

use std::fmt::Write as _;

use super::layout::{statement, Node, Printer, INDENT};
use super::long_text;
use super::mock_replies::{
    default_fn, error, example_fn, has_example, success, success_status, success_uses_body,
};
use super::mock_values::Values;
use super::module::Item;
use crate::ir::{
    BodyContent, BodyEncoding, Operation, OperationSchemas, ParamLocation, ResponseCase, TypeRef,
};
use crate::naming::ident_text as ident;

/// An item's members (the items sit in `pub mod mock`, one level in).
pub(super) const MEMBER: usize = 2 * INDENT;
/// A member's body.
pub(super) const BODY: usize = 3 * INDENT;

/// The operation's items, each gated by the operation's features.
pub(super) fn items(
    op: &Operation,
    values: &Values<'_>,
    schemas: Option<&OperationSchemas>,
) -> Vec<Item> {
    let successes: Vec<&ResponseCase> = op.responses.iter().filter(|r| r.success).collect();
    let mut items = vec![
        stub(op),
        received(op),
        operation_impl(op, &successes, schemas),
    ];
    items.push(default_fn(op, &successes, values));
    items.extend(example_fn(op, &successes));
    items
        .into_iter()
        .map(|text| Item::text(&op.features, text))
        .collect()
}

/// `impl Server { pub fn create_credential(&self) -> Stub<'_, CreateCredential> }`.
fn stub(op: &Operation) -> String {
    let plain = &op.name;
    let mut out = String::from("    impl Server {\n");
    let _ = writeln!(
        out,
        "        /// A stub of [`Client::{plain}`](super::Client::{plain}), `{} {}`: matchers, a count and faults, then `respond`.",
        op.method.as_str(),
        op.path.template
    );
    let call = Node::Call {
        head: format!("pub fn {}", ident(plain)),
        args: vec![Node::word("&self")],
        trailing: true,
        tail: "",
    };
    let stub = Node::Generic {
        head: "Stub".to_string(),
        args: vec![Node::word("'_"), Node::Word(ident(&op.request))],
    };
    // The parameters' group reaches to the end of the line: no place to break follows
    // it before the body, but within `Stub<..>`.
    let mut printer = Printer::new(MEMBER);
    printer.node(&call, " -> ".len() + stub.flat().0.len() + " {".len());
    printer.push(" -> ");
    printer.node(&stub, " {".len());
    printer.push(" {");
    out.push_str(&printer.finish());
    out.push_str("\n            self.inner.stub()\n        }\n    }\n");
    out
}

/// `head(params) tail` at a member's indentation, its parameters one a line when it does
/// not fit.
fn signature(head: &str, params: &[&str], tail: &'static str) -> String {
    let call = Node::Call {
        head: head.to_string(),
        args: params.iter().map(|p| Node::word(*p)).collect(),
        trailing: true,
        tail,
    };
    statement(MEMBER, "", &call, "")
}

/// The struct of the request as the mock received it, with its docs.
fn received(op: &Operation) -> String {
    let plain = &op.name;
    let mut out = format!(
        "    /// A request of [`Client::{plain}`](super::Client::{plain}) as the mock received it: `{} {}`.\n",
        op.method.as_str(),
        op.path.template
    );
    out.push_str("    #[derive(Debug, Clone)]\n    #[non_exhaustive]\n");
    let name = ident(&op.request);
    let fields = request_fields(op);
    if fields.is_empty() {
        let _ = writeln!(out, "    pub struct {name} {{}}");
        return out;
    }
    let _ = writeln!(out, "    pub struct {name} {{");
    for field in &fields {
        let _ = writeln!(out, "{MEMBER_PAD}/// {}", field.doc);
        out.push_str(&statement(
            MEMBER,
            &format!("pub {}: ", field.name),
            &field.ty,
            ",",
        ));
        out.push('\n');
    }
    out.push_str("    }\n");
    out
}

const MEMBER_PAD: &str = "        ";

/// A field of the received request: a parameter or the body.
struct Field {
    name: String,
    doc: String,
    ty: Node,
    /// How `decode` reads it.
    decode: Node,
}

/// The received request's fields (parameters, then the body).
fn request_fields(op: &Operation) -> Vec<Field> {
    let mut fields = Vec::new();
    for p in op.path_params.iter().chain(&op.params) {
        let wire = &p.name.wire;
        let doc = format!("The {} parameter `{wire}`.", location_word(p.location));
        let required = p.required || p.location == ParamLocation::Path;
        let (ty, method) = if required {
            (type_node(&p.ty), ".param")
        } else {
            (option(type_node(&p.ty)), ".optional_param")
        };
        let decode = Node::Chain {
            receiver: Box::new(Node::word("request")),
            calls: vec![Node::Call {
                head: method.to_string(),
                args: vec![
                    Node::word(location(p.location)),
                    Node::word(string_literal(wire)),
                ],
                trailing: true,
                tail: "?",
            }],
        };
        fields.push(Field {
            name: ident(&p.name.rust),
            doc,
            ty,
            decode,
        });
    }
    let Some(body) = &op.body else {
        return fields;
    };
    let call = |head: &str, args: Vec<Node>| Node::Call {
        head: head.to_string(),
        args,
        trailing: true,
        tail: "?",
    };
    let (doc, ty, decode) = match json_body(op) {
        Some(ty) if body.required => (
            "The body.",
            type_node(ty),
            Node::Chain {
                receiver: Box::new(Node::word("request")),
                calls: vec![
                    call(".json_body", Vec::new()),
                    call(
                        ".ok_or_else",
                        vec![Node::word(
                            "|| \"the required body is missing\".to_string()",
                        )],
                    ),
                ],
            },
        ),
        Some(ty) => (
            "The body, when one was sent.",
            option(type_node(ty)),
            Node::Chain {
                receiver: Box::new(Node::word("request")),
                calls: vec![call(".json_body", Vec::new())],
            },
        ),
        None => (
            "The body, as sent.",
            Node::word("::bytes::Bytes"),
            Node::word("request.body.clone()"),
        ),
    };
    fields.push(Field {
        name: "body".to_string(),
        doc: doc.to_string(),
        ty,
        decode,
    });
    fields
}

/// The `Operation` impl: the spec as data, decoding, and the replies.
fn operation_impl(
    op: &Operation,
    successes: &[&ResponseCase],
    schemas: Option<&OperationSchemas>,
) -> String {
    let name = ident(&op.request);
    let errors: Vec<&ResponseCase> = op.responses.iter().filter(|r| !r.success).collect();
    // prettyplease breaks an `impl` header that does not fit before its `for`.
    let header = format!("    impl Operation for {name} {{\n");
    let mut out = if header.len() - 1 > 89 {
        format!("    impl Operation\n    for {name} {{\n")
    } else {
        header
    };
    out.push_str(&statement(
        MEMBER,
        "const SPEC: &'static OperationSpec = &",
        &operation_spec(op, successes, schemas),
        ";",
    ));
    let (success_ty, success_reply) = success(op, successes);
    let (error_ty, error_reply) = error(op, &errors);
    out.push_str("\n\n");
    out.push_str(&statement(MEMBER, "type Success = ", &success_ty, ";"));
    out.push_str("\n\n");
    out.push_str(&statement(MEMBER, "type Error = ", &error_ty, ";"));
    out.push_str("\n\n");
    // `decode`
    let fields = request_fields(op);
    let param = if fields.is_empty() {
        "_: &Received"
    } else {
        "request: &Received"
    };
    out.push_str(&signature(
        "fn decode",
        &[param],
        " -> ::std::result::Result<Self, ::std::string::String> {",
    ));
    out.push('\n');
    let value = Node::Struct {
        path: name.clone(),
        fields: fields.into_iter().map(|f| (f.name, f.decode)).collect(),
    };
    out.push_str(&statement(BODY, "", &Node::call("Ok", vec![value]), ""));
    out.push_str("\n        }\n\n");
    // `success_reply`
    let body_arg = if success_uses_body(op, successes) {
        "body"
    } else {
        "_"
    };
    out.push_str(&signature(
        "fn success_reply",
        &["status: u16", &format!("{body_arg}: &Self::Success")],
        " -> Reply {",
    ));
    out.push('\n');
    out.push_str(&success_reply);
    out.push_str("\n        }\n\n");
    out.push_str("        fn error_reply(error: &Self::Error) -> Reply {\n");
    out.push_str(&error_reply);
    out.push_str("\n        }\n    }\n");
    out
}

/// The operation's `OperationSpec`: what the request check and the default reply read.
fn operation_spec(
    op: &Operation,
    successes: &[&ResponseCase],
    schemas: Option<&OperationSchemas>,
) -> Node {
    let params = op
        .path_params
        .iter()
        .chain(&op.params)
        .map(|p| {
            let wire = &p.name.wire;
            let required = p.required || p.location == ParamLocation::Path;
            let schema = place(schemas.and_then(|s| {
                s.params
                    .iter()
                    .find(|(name, location, _)| name == wire && *location == p.location)
                    .map(|(_, _, place)| place)
            }));
            Node::Struct {
                path: "ParamSpec".to_string(),
                fields: vec![
                    field("name", Node::word(string_literal(wire))),
                    field("location", Node::word(location(p.location))),
                    field("required", Node::word(required.to_string())),
                    field("check", turbofish("param_decodes", type_node(&p.ty))),
                    field("schema", schema),
                ],
            }
        })
        .collect();
    let plain = &op.name;
    let example = match successes.first().filter(|case| has_example(case)) {
        Some(_) => Node::call("Some", vec![Node::word(format!("example_{plain}"))]),
        None => Node::word("None"),
    };
    Node::Struct {
        path: "OperationSpec".to_string(),
        fields: vec![
            field("name", Node::word(string_literal(&op.request))),
            field("method", Node::word(string_literal(op.method.as_str()))),
            // `path: "..."` is printed at column 12 and cannot move to a line of its own.
            field(
                "path",
                long_text::node(&op.path.template, 100 - 18, 100 - 16),
            ),
            field(
                "params",
                Node::Array {
                    head: "&".to_string(),
                    elems: params,
                },
            ),
            field("body", body_spec(op, schemas)),
            field("success", Node::word(success_status(successes).to_string())),
            field("default_reply", Node::word(format!("default_{plain}"))),
            field("example", example),
            field("pages", pages_spec(op)),
        ],
    }
}

/// The operation's `PagesSpec` when it pages: the client's own `Paging` value (the mock
/// serves pages the way the client asks for them) and its item's decoder.
fn pages_spec(op: &Operation) -> Node {
    let Some(pages) = op.pagination() else {
        return Node::word("None");
    };
    Node::call(
        "Some",
        vec![Node::Struct {
            path: "PagesSpec".to_string(),
            fields: vec![
                field("paging", super::pages::paging_node(pages)),
                field("item", turbofish("json_decodes", type_node(&pages.item))),
            ],
        }],
    )
}

fn field(name: &str, value: Node) -> (String, Node) {
    (name.to_string(), value)
}

/// `name::<ty>`.
pub(super) fn turbofish(name: &str, ty: Node) -> Node {
    Node::Generic {
        head: format!("{name}::"),
        args: vec![ty],
    }
}

/// The operation's `BodySpec`: its media types, a JSON one with its type and schema.
fn body_spec(op: &Operation, schemas: Option<&OperationSchemas>) -> Node {
    let Some(body) = &op.body else {
        return Node::word("None");
    };
    let any = |media: &str| body_media(media, Node::word("any_body"), Node::word("None"));
    let media = body
        .content
        .media()
        .into_iter()
        .map(|m| {
            let media = &m.media_type;
            if m.encoding != BodyEncoding::Json {
                return any(media);
            }
            let schema = place(schemas.and_then(|s| {
                s.bodies
                    .iter()
                    .find(|(name, _)| name == media)
                    .map(|(_, place)| place)
            }));
            body_media(media, turbofish("json_decodes", type_node(&m.ty)), schema)
        })
        .chain(body.other_media_types.iter().map(|media| any(media)))
        .collect();
    Node::call(
        "Some",
        vec![Node::Struct {
            path: "BodySpec".to_string(),
            fields: vec![
                field("required", Node::word(body.required.to_string())),
                field(
                    "media",
                    Node::Array {
                        head: "&".to_string(),
                        elems: media,
                    },
                ),
            ],
        }],
    )
}

/// One media type of a body, for the runtime's `BodySpec`.
fn body_media(media: &str, check: Node, schema: Node) -> Node {
    Node::Struct {
        path: "BodyMedia".to_string(),
        fields: vec![
            field("media", Node::word(string_literal(media))),
            field("check", check),
            field("schema", schema),
        ],
    }
}

/// `Some("place")` or `None`: a schema's place, printed at column 28 (`schema: Some(`
/// breaks before it), in pieces at column 32 when it does not fit.
fn place(place: Option<&String>) -> Node {
    match place {
        Some(place) => Node::call("Some", vec![long_text::node(place, 100 - 28, 100 - 32)]),
        None => Node::word("None"),
    }
}

/// The JSON body's type, when the operation takes one JSON body.
fn json_body(op: &Operation) -> Option<&TypeRef> {
    match &op.body.as_ref()?.content {
        BodyContent::One(media) if media.encoding == BodyEncoding::Json => Some(&media.ty),
        _ => None,
    }
}

fn location(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "Location::Path",
        ParamLocation::Query => "Location::Query",
        ParamLocation::Header => "Location::Header",
        ParamLocation::Cookie => "Location::Cookie",
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

/// A string literal of `text`, as the formatter prints one.
pub(super) fn string_literal(text: &str) -> String {
    proc_macro2::Literal::string(text).to_string()
}

/// `Option<ty>`.
fn option(ty: Node) -> Node {
    Node::Generic {
        head: "::std::option::Option".to_string(),
        args: vec![ty],
    }
}

/// A type as the `mock` module names it (`super::types::X`, `crate::runtime::Y`).
pub(super) fn type_node(ty: &TypeRef) -> Node {
    super::paths::type_node(ty, "super::types::")
}
