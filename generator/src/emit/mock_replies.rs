//! One operation's replies in the `mock` module, as text: the body of its
//! `success_reply` and `error_reply` (each documented status answered in its media type),
//! its default reply (a value made from the schema) and the spec's example as the default
//! when it has one.

use super::layout::{statement, Node, Printer, INDENT};
use super::long_text;
use super::mock_operation::{string_literal, turbofish, type_node, BODY, MEMBER};
use super::mock_values::Values;
use crate::ir::{BodyEncoding, Operation, Outcome, ResponseCase, StatusMatch, TypeRef};
use crate::naming::ident_text as ident;

/// The status the operation's success answers with by default.
pub(super) fn success_status(successes: &[&ResponseCase]) -> u16 {
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
                        receiver: Box::new(Node::Word(format!(
                            "::std::convert::AsRef::<[u8]>::as_ref({value})"
                        ))),
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
pub(super) fn success_uses_body(op: &Operation, cases: &[&ResponseCase]) -> bool {
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

/// The arms of a `match` over the enum at `enum_path` of `cases`: each variant answered
/// with the status `status` gives for its case (an expression).
fn arms(
    enum_path: &str,
    cases: &[&ResponseCase],
    status: impl Fn(&ResponseCase) -> String,
) -> Vec<(Node, Node)> {
    cases
        .iter()
        .filter_map(|case| {
            let variant = format!("{enum_path}::{}", ident(case.variant.as_deref()?));
            let status = status(case);
            Some(match case.ty {
                TypeRef::Unit => (
                    Node::Word(variant),
                    Node::call("Reply::status", vec![Node::Word(status)]),
                ),
                _ => (
                    Node::call(variant, vec![Node::word("value")]),
                    reply(case, &status, "value"),
                ),
            })
        })
        .collect()
}

/// The type a stub's success is given as, and the body of `success_reply`.
pub(super) fn success(op: &Operation, cases: &[&ResponseCase]) -> (Node, String) {
    match &op.success {
        Outcome::Enum(name) => {
            let enum_path = format!("super::types::{}", ident(name));
            let arms = arms(&enum_path, cases, |_| "status".to_string());
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
pub(super) fn error(op: &Operation, cases: &[&ResponseCase]) -> (Node, String) {
    let never = format!("{}match *error {{}}", " ".repeat(BODY));
    match &op.error {
        Outcome::Enum(name) => {
            let enum_path = format!("super::types::{}", ident(name));
            let arms = arms(&enum_path, cases, |case| {
                status_code(case.status, 500).to_string()
            });
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
pub(super) fn default_fn(
    op: &Operation,
    successes: &[&ResponseCase],
    values: &Values<'_>,
) -> String {
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
pub(super) fn example_fn(op: &Operation, successes: &[&ResponseCase]) -> Option<String> {
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
pub(super) fn has_example(case: &ResponseCase) -> bool {
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
