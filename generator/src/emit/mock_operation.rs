//! One operation's items in the `mock` module, written as text (laid out by
//! [`super::layout`], as prettyplease would): its stub method (an `impl Server` of its
//! own), the request as the mock received it, its `Operation` impl (the spec as data,
//! decoding, replies) and its default reply. There is one of each per operation, hundreds
//! in a large spec, all of one shape: text costs a fraction of tokens formatted.

use std::fmt::Write as _;

use super::layout::{statement, Node, Printer, INDENT};
use super::long_text;
use super::mock_values::Values;
use super::module::Item;
use crate::ir::{
    BodyContent, BodyEncoding, Format, IntKind, Operation, OperationSchemas, Outcome,
    ParamLocation, ResponseCase, StatusMatch, TypeRef,
};
use crate::naming::ident_text as ident;

/// An item's members (the items sit in `pub mod mock`, one level in).
const MEMBER: usize = 2 * INDENT;
/// A member's body.
const BODY: usize = 3 * INDENT;

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
            receiver: "request".to_string(),
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
                receiver: "request".to_string(),
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
                receiver: "request".to_string(),
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
        ],
    }
}

fn field(name: &str, value: Node) -> (String, Node) {
    (name.to_string(), value)
}

/// `name::<ty>`.
fn turbofish(name: &str, ty: Node) -> Node {
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

/// The status the operation's success answers with by default.
fn success_status(successes: &[&ResponseCase]) -> u16 {
    successes
        .first()
        .map_or(200, |c| status_code(c.status, 200))
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
fn reply(case: &ResponseCase, status: &str, value: &str) -> Node {
    let call = |head: &str, args: Vec<Node>| Node::call(head, args);
    let status = Node::word(status);
    let value = Node::word(value);
    match (case.encoding, &case.ty) {
        (_, TypeRef::Unit) | (BodyEncoding::Empty, _) => call("Reply::status", vec![status]),
        (BodyEncoding::Text, _) => call(
            "Reply::body",
            vec![
                status,
                Node::word("\"text/plain\""),
                call("::std::string::ToString::to_string", vec![value]),
            ],
        ),
        (BodyEncoding::Bytes | BodyEncoding::ByteStream, _) => {
            let Node::Word(value) = value else {
                unreachable!()
            };
            call(
                "Reply::body",
                vec![
                    status,
                    Node::word("\"application/octet-stream\""),
                    Node::Chain {
                        receiver: format!("::std::convert::AsRef::<[u8]>::as_ref({value})"),
                        calls: vec![call(".to_vec", Vec::new())],
                    },
                ],
            )
        }
        (BodyEncoding::EventStream, TypeRef::String) => {
            call("Reply::text_events", vec![status, value])
        }
        (BodyEncoding::EventStream, _) => call("Reply::events", vec![status, value]),
        (BodyEncoding::JsonLines, _) => call("Reply::json_lines", vec![status, value]),
        _ => call("Reply::json", vec![status, value]),
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

/// A `match` at a body's indentation: `match scrutinee { arms }`, each arm on one line
/// when it fits, else its value in a block.
fn match_text(scrutinee: &str, arms: &[(Node, Node)]) -> String {
    let mut printer = Printer::new(BODY);
    printer.push(&format!("match {scrutinee} {{"));
    for (pattern, value) in arms {
        printer.arm(BODY + INDENT, pattern, value);
    }
    printer.line(BODY);
    printer.push("}");
    printer.finish()
}

/// The type a stub's success is given as, and the body of `success_reply`.
fn success(op: &Operation, cases: &[&ResponseCase]) -> (Node, String) {
    match &op.success {
        Outcome::Enum(name) => {
            let enum_path = format!("super::types::{}", ident(name));
            let arms: Vec<(Node, Node)> = cases
                .iter()
                .filter_map(|case| {
                    let variant = ident(case.variant.as_deref()?);
                    Some(match case.ty {
                        TypeRef::Unit => (
                            Node::Word(format!("{enum_path}::{variant}")),
                            Node::call("Reply::status", vec![Node::word("status")]),
                        ),
                        _ => (
                            Node::call(
                                format!("{enum_path}::{variant}"),
                                vec![Node::word("value")],
                            ),
                            reply(case, "status", "value"),
                        ),
                    })
                })
                .collect();
            (Node::Word(enum_path), match_text("body", &arms))
        }
        Outcome::Single(ty) => {
            let (ty, reply) = match cases.first() {
                Some(case)
                    if case.encoding.is_stream() && case.encoding != BodyEncoding::ByteStream =>
                {
                    let item = type_node(&case.ty);
                    (
                        Node::Generic {
                            head: "::std::vec::Vec".to_string(),
                            args: vec![item],
                        },
                        reply(case, "status", "body"),
                    )
                }
                Some(case) => (type_node(&case.ty), reply(case, "status", "body")),
                None => (
                    type_node(ty),
                    Node::call("Reply::status", vec![Node::word("status")]),
                ),
            };
            (ty, statement(BODY, "", &reply, ""))
        }
    }
}

/// The type a stub's documented error is given as, and the body of `error_reply`.
fn error(op: &Operation, cases: &[&ResponseCase]) -> (Node, String) {
    let never = format!("{}match *error {{}}", " ".repeat(BODY));
    match &op.error {
        Outcome::Enum(name) => {
            let enum_path = format!("super::types::{}", ident(name));
            let arms: Vec<(Node, Node)> = cases
                .iter()
                .filter_map(|case| {
                    let variant = ident(case.variant.as_deref()?);
                    let code = status_code(case.status, 500).to_string();
                    Some(match case.ty {
                        TypeRef::Unit => (
                            Node::Word(format!("{enum_path}::{variant}")),
                            Node::call("Reply::status", vec![Node::word(code)]),
                        ),
                        _ => (
                            Node::call(
                                format!("{enum_path}::{variant}"),
                                vec![Node::word("value")],
                            ),
                            reply(case, &code, "value"),
                        ),
                    })
                })
                .collect();
            // An operation that documents no error status has an empty error enum.
            let body = if arms.is_empty() {
                never
            } else {
                match_text("error", &arms)
            };
            (Node::Word(enum_path), body)
        }
        Outcome::Single(ty) => match cases.first() {
            Some(case) => {
                let code = status_code(case.status, 500).to_string();
                let reply = reply(case, &code, "error");
                (type_node(ty), statement(BODY, "", &reply, ""))
            }
            None => (Node::word("::std::convert::Infallible"), never),
        },
    }
}

/// `fn default_create_credential() -> Reply`: what an operation without a stub answers.
fn default_fn(op: &Operation, successes: &[&ResponseCase], values: &Values<'_>) -> String {
    let status = success_status(successes).to_string();
    let reply = match successes.first() {
        Some(case) => default_reply(case, &status, &values.value(&case.ty).to_string()),
        None => Node::call("Reply::status", vec![Node::word(&status)]),
    };
    format!(
        "    fn default_{}() -> Reply {{\n{}\n    }}\n",
        op.name,
        statement(MEMBER, "", &reply, "")
    )
}

/// What an operation without a stub answers: `value` (JSON text) in the case's encoding.
fn default_reply(case: &ResponseCase, status: &str, value: &str) -> Node {
    // `Reply::body(` breaks before its arguments (column 12); pieces at column 16.
    let text = |text: &str| long_text::node(text, 100 - 12, 100 - 16);
    let status = Node::word(status);
    let body = |media: &str, value: Node| {
        Node::call(
            "Reply::body",
            vec![status.clone(), Node::word(string_literal(media)), value],
        )
    };
    match (case.encoding, &case.ty) {
        (_, TypeRef::Unit) | (BodyEncoding::Empty, _) => Node::call("Reply::status", vec![status]),
        (BodyEncoding::Text, _) => body("text/plain", Node::word("\"text\"")),
        (BodyEncoding::Bytes | BodyEncoding::ByteStream, _) => body(
            "application/octet-stream",
            Node::word("::std::vec::Vec::new()"),
        ),
        (BodyEncoding::EventStream | BodyEncoding::JsonLines, _) => Node::call(
            "Reply::repeated",
            vec![
                status.clone(),
                Node::word(string_literal(stream_media(case.encoding))),
                text(value),
            ],
        ),
        _ => body("application/json", text(value)),
    }
}

/// `fn example_create_credential()`: the spec's example as the success reply, checked at
/// run time, when the success is JSON, or a stream of events or JSON lines (the example
/// is one item, repeated), with an example.
fn example_fn(op: &Operation, successes: &[&ResponseCase]) -> Option<String> {
    let case = successes.first()?;
    let body = example_reply(case, success_status(successes))?;
    let mut printer = Printer::new(INDENT);
    printer.push(&format!("fn example_{}() -> ", op.name));
    let result = Node::Generic {
        head: "Result".to_string(),
        args: vec![Node::word("Reply"), Node::word("String")],
    };
    printer.node(&result, " {".len());
    printer.push(" {");
    Some(format!("{}\n{body}\n    }}\n", printer.finish()))
}

/// Whether the success `case` answers with the spec's example by default: it has one,
/// and is JSON, or a stream of events or JSON lines.
fn has_example(case: &ResponseCase) -> bool {
    case.example.is_some()
        && case.ty != TypeRef::Unit
        && matches!(
            case.encoding,
            BodyEncoding::Json | BodyEncoding::EventStream | BodyEncoding::JsonLines
        )
}

/// The body of an operation's `example_` function, at a member's indentation.
fn example_reply(case: &ResponseCase, status: u16) -> Option<String> {
    let example = case.example.as_ref().filter(|_| has_example(case))?;
    let check = turbofish("json_decodes", type_node(&case.ty));
    let args = |mut args: Vec<Node>| {
        args.extend([Node::word("place"), Node::word("example"), check.clone()]);
        args
    };
    let status = Node::word(status.to_string());
    let reply = match case.encoding {
        BodyEncoding::Json => Node::call("Reply::example", args(vec![status])),
        BodyEncoding::EventStream | BodyEncoding::JsonLines => Node::call(
            "Reply::example_stream",
            args(vec![
                status,
                Node::word(string_literal(stream_media(case.encoding))),
            ]),
        ),
        _ => return None,
    };
    // `let example = ` ends at column 22; a `concat!`'s pieces are at column 12.
    let place = long_text::node(&example.place, 100 - 20, 100 - 12);
    let value = long_text::node(&example.value.to_string(), 100 - 22, 100 - 12);
    Some(
        [
            statement(MEMBER, "let place = ", &place, ";"),
            statement(MEMBER, "let example = ", &value, ";"),
            statement(MEMBER, "", &reply, ""),
        ]
        .join("\n"),
    )
}

/// The content type of a streamed default answer: events, or JSON lines.
fn stream_media(encoding: BodyEncoding) -> &'static str {
    match encoding {
        BodyEncoding::EventStream => "text/event-stream",
        _ => "application/x-ndjson",
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
fn string_literal(text: &str) -> String {
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
fn type_node(ty: &TypeRef) -> Node {
    let generic = |head: &str, args: Vec<Node>| Node::Generic {
        head: head.to_string(),
        args,
    };
    let word = |text: &str| Node::word(text);
    match ty {
        TypeRef::Named(name) => Node::Word(format!("super::types::{}", ident(name))),
        TypeRef::Tuple(elements) => {
            let (mut text, _) = Node::call("", elements.iter().map(type_node).collect()).flat();
            if elements.len() == 1 {
                text.insert(text.len() - 1, ',');
            }
            Node::Word(text)
        }
        TypeRef::String => word("::std::string::String"),
        TypeRef::Bool => word("bool"),
        TypeRef::Integer(kind) => word(match kind {
            IntKind::I8 => "i8",
            IntKind::I16 => "i16",
            IntKind::I32 => "i32",
            IntKind::I64 => "i64",
            IntKind::U8 => "u8",
            IntKind::U16 => "u16",
            IntKind::U32 => "u32",
            IntKind::U64 => "u64",
        }),
        TypeRef::F32 => word("f32"),
        TypeRef::F64 => word("f64"),
        TypeRef::Json => word("::serde_json::Value"),
        TypeRef::JsonObject => generic(
            "::serde_json::Map",
            vec![word("::std::string::String"), word("::serde_json::Value")],
        ),
        TypeRef::Bytes => word("::bytes::Bytes"),
        TypeRef::File => word("crate::runtime::FilePart"),
        TypeRef::JsonPatch => word("crate::runtime::JsonPatch"),
        TypeRef::Format(format) => match format {
            Format::DateTime => generic("::chrono::DateTime", vec![word("::chrono::FixedOffset")]),
            Format::Date => word("::chrono::NaiveDate"),
            Format::Uuid => word("::uuid::Uuid"),
            Format::Ipv4 => word("::std::net::Ipv4Addr"),
            Format::Ipv6 => word("::std::net::Ipv6Addr"),
            Format::Base64 => word("crate::runtime::Base64"),
        },
        TypeRef::Vec(inner) => generic("::std::vec::Vec", vec![type_node(inner)]),
        TypeRef::Map(inner) => generic(
            "::std::collections::BTreeMap",
            vec![word("::std::string::String"), type_node(inner)],
        ),
        TypeRef::Nullable(inner) => option(type_node(inner)),
        TypeRef::Secret(inner) => generic("crate::runtime::Secret", vec![type_node(inner)]),
        TypeRef::Unit => word("()"),
    }
}
