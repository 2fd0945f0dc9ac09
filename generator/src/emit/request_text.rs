//! A request value's struct and its `impl` (`new`, the setters, the per-call options and
//! the private `request` builder), written as text laid out by [`super::layout`] as
//! prettyplease would. There is one of each per operation, hundreds in a large spec.
//!
//! The `impl` is text when its request builder's statements are of the regular shapes
//! laid out here; otherwise (the `.items()` and `.stream()` terminals, a multipart body,
//! a body in several media types, a security list too long for one line)
//! [`impl_text`] gives none, and [`super::requests`] writes it as tokens.

use proc_macro2::Literal;

use super::bodies;
use super::client_methods::cow_str;
use super::doc_text;
use super::layout::{fits_at, statement, Node, Printer, INDENT};
use super::paths::type_node;
use super::requests::{by_value, content_type_arg, raw_body, required};
use crate::docs::doc_values;
use crate::ir::{
    self, BodyContent, BodyEncoding, MethodKind, Operation, Param, ParamLocation, PathPart,
    QueryStyle, TypeRef,
};
use crate::naming::ident_text as ident;
use crate::naming::reserved::{
    BODY_ARG, CONTENT_TYPE_ARG, OPTIONS_FIELD, RAW_BODY_FIELD, REQUEST_FN,
};

/// A member of the item.
const MEMBER: usize = 2 * INDENT;
/// A member's body.
const BODY: usize = 3 * INDENT;
/// The inside of a block in a member's body.
const INNER: usize = 4 * INDENT;

/// The request value's struct, with its docs.
pub(super) fn struct_text(op: &Operation) -> String {
    let name = ident(&op.request);
    let method = op.call_name();
    let mut out = format!(
        "    /// The request of [`Client::{method}`].\n    ///\n    /// Its setters add \
         optional parameters and per-call options; `.await` sends it.\n    #[must_use = \"a \
         request is sent when it is awaited\"]\n"
    );
    let mut printer = Printer::new(INDENT);
    printer.push("pub struct ");
    printer.push(&name);
    printer.node(&lifetime(), " {".len());
    printer.push(" {");
    out.push_str(&printer.finish());
    out.push_str("\n        client: &'a Client,\n");
    let option = |ty: Node| Node::Generic {
        head: "Option".to_string(),
        args: vec![ty],
    };
    let mut fields: Vec<(String, Node)> = required(op)
        .map(|p| (ident(&p.name), stored_type(p)))
        .collect();
    fields.extend(
        op.params
            .iter()
            .filter(|p| !p.required)
            .map(|p| (ident(&p.name), option(stored_type(p)))),
    );
    if let Some(body) = &op.body {
        let ty = bodies::owned_type_node(&body.content);
        let ty = if content_type_arg(body) {
            Node::call("", vec![cow_str(), ty])
        } else {
            ty
        };
        fields.push((BODY_ARG.to_string(), option(ty)));
    }
    if raw_body(op) {
        let raw = Node::call("", vec![cow_str(), Node::word("crate::runtime::Upload")]);
        fields.push((RAW_BODY_FIELD.to_string(), option(raw)));
    }
    for (field, ty) in &fields {
        out.push_str(&statement(MEMBER, &format!("{field}: "), ty, ","));
        out.push('\n');
    }
    out.push_str(&format!(
        "        {OPTIONS_FIELD}: crate::runtime::RequestOptions,\n    }}\n"
    ));
    out
}

/// The type a parameter is kept as: a path parameter as the method borrowed it, the
/// others owned.
fn stored_type(p: &Param) -> Node {
    let ty = type_node(&p.ty, "types::");
    match (&p.ty, p.location) {
        (ty, _) if by_value(ty) => type_node(ty, "types::"),
        (TypeRef::String, ParamLocation::Path) => Node::word("&'a str"),
        (_, ParamLocation::Path) => Node::prefixed("&'a ", ty),
        _ => ty,
    }
}

/// `<'a>`, which breaks as a group.
fn lifetime() -> Node {
    Node::Generic {
        head: String::new(),
        args: vec![Node::word("'a")],
    }
}

/// `name: impl Into<ty>`.
fn impl_into(name: &str, ty: Node) -> Node {
    Node::Generic {
        head: format!("{name}: impl Into"),
        args: vec![ty],
    }
}

/// The request value's `impl`: `new`, the setters, the per-call options and the request
/// builder; none when it has a terminal method or its builder a shape not laid out here.
pub(super) fn impl_text(op: &Operation) -> Option<String> {
    let terminal = op
        .methods
        .iter()
        .any(|m| matches!(m.kind, MethodKind::Items(_) | MethodKind::Stream(_)));
    if terminal {
        return None;
    }
    let builder = request_fn(op)?;
    let name = ident(&op.request);
    // `impl<'a>` fits up to the self type's `<`; the self type's `<'a>` breaks when it
    // does not fit with ` {`.
    let mut printer = Printer::new(INDENT);
    printer.push("impl");
    printer.node(&lifetime(), " ".len() + name.len() + "<".len());
    printer.push(" ");
    printer.push(&name);
    printer.node(&lifetime(), " {".len());
    printer.push(" {");
    let mut out = printer.finish();
    out.push('\n');
    out.push_str(&new_fn(op, &name));
    for p in op.params.iter().filter(|p| !p.required) {
        out.push('\n');
        out.push_str(&param_setter(p));
    }
    if let Some(body) = &op.body {
        out.push('\n');
        out.push_str(&body_setter(op, body));
    }
    if raw_body(op) {
        out.push('\n');
        out.push_str(RAW_SETTER);
    }
    out.push('\n');
    out.push_str(OPTION_SETTERS);
    out.push('\n');
    out.push_str(&builder);
    out.push_str("    }\n");
    Some(out)
}

/// `new`: the client and the required parameters; the rest unset.
fn new_fn(op: &Operation, name: &str) -> String {
    let mut params = vec![Node::word("client: &'a Client")];
    params.extend(
        required(op).map(|p| Node::prefixed(&format!("{}: ", ident(&p.name)), stored_type(p))),
    );
    let signature = Node::call("pub(super) fn new", params);
    let mut printer = Printer::new(MEMBER);
    printer.node(&signature, " -> Self {".len());
    printer.push(" -> Self {");
    let mut out = printer.finish();
    out.push_str(&format!(
        "\n            {name} {{\n                client,\n"
    ));
    for p in required(op) {
        out.push_str(&format!("                {},\n", ident(&p.name)));
    }
    let mut unset: Vec<String> = op
        .params
        .iter()
        .filter(|p| !p.required)
        .map(|p| ident(&p.name))
        .collect();
    if op.body.is_some() {
        unset.push(BODY_ARG.to_string());
    }
    if raw_body(op) {
        unset.push(RAW_BODY_FIELD.to_string());
    }
    for field in unset {
        out.push_str(&format!("                {field}: None,\n"));
    }
    out.push_str(&format!(
        "                {OPTIONS_FIELD}: crate::runtime::RequestOptions::new(),\n"
    ));
    out.push_str("            }\n        }\n");
    out
}

/// `pub fn name(mut self, value) -> Self {`, then `self.field = Some(value);` and `self`.
fn setter(head: &str, params: Vec<Node>, field: &str, value: Node) -> String {
    let mut params = params;
    params.insert(0, Node::word("mut self"));
    let mut printer = Printer::new(MEMBER);
    printer.node(&Node::call(head, params), " -> Self {".len());
    printer.push(" -> Self {");
    let mut out = printer.finish();
    out.push('\n');
    out.push_str(&statement(
        BODY,
        &format!("self.{field} = "),
        &Node::call("Some", vec![value]),
        ";",
    ));
    out.push_str("\n            self\n        }\n");
    out
}

/// The setter of an optional parameter, with the parameter's docs and where it is sent.
fn param_setter(p: &Param) -> String {
    let name = ident(&p.name);
    let mut docs = doc_values(p.docs.as_deref());
    if p.docs.is_some() {
        docs.push(String::new());
    }
    let place = match p.location {
        ParamLocation::Query => "the query parameter",
        ParamLocation::Header => "the header",
        ParamLocation::Cookie => "the cookie",
        ParamLocation::Path => "the path parameter",
    };
    docs.push(format!(" Sent as {place} `{}`.", p.name.wire));
    let mut out = String::new();
    doc_text::push(&mut out, MEMBER, &docs);
    if p.deprecated {
        out.push_str("        #[deprecated]\n");
    }
    let ty = stored_type(p);
    let (param, value) = if by_value(&p.ty) {
        (Node::prefixed("value: ", ty), "value")
    } else {
        (impl_into("value", ty), "value.into()")
    };
    out.push_str(&setter(
        &format!("pub fn {name}"),
        vec![param],
        &name,
        Node::word(value),
    ));
    out
}

/// The setter of the body: public when the body is optional; the method's own when it
/// is required (the method takes it as an argument).
fn body_setter(op: &Operation, body: &ir::Body) -> String {
    let mut out = String::new();
    let visibility = if body.required {
        "pub(super)"
    } else {
        let mut docs = doc_values(body.docs.as_deref());
        if body.docs.is_some() {
            docs.push(String::new());
        }
        docs.push(" Sends a body (the spec makes it optional).".to_string());
        docs.extend(bodies::sending_docs(op, body));
        doc_text::push(&mut out, MEMBER, &docs);
        "pub"
    };
    let ty = bodies::owned_type_node(&body.content);
    let head = format!("{visibility} fn {BODY_ARG}");
    let (params, value) = if content_type_arg(body) {
        (
            vec![
                impl_into(CONTENT_TYPE_ARG, cow_str()),
                impl_into(BODY_ARG, ty),
            ],
            format!("({CONTENT_TYPE_ARG}.into(), {BODY_ARG}.into())"),
        )
    } else {
        (vec![impl_into(BODY_ARG, ty)], format!("{BODY_ARG}.into()"))
    };
    out.push_str(&setter(&head, params, BODY_ARG, Node::Word(value)));
    out
}

/// The setter the `_with_body` method calls: a body the caller encoded, in place of the
/// typed one.
const RAW_SETTER: &str = "        pub(super) fn raw_body(
            mut self,
            content_type: impl Into<::std::borrow::Cow<'static, str>>,
            body: impl Into<crate::runtime::Upload>,
        ) -> Self {
            self.raw_body = Some((content_type.into(), body.into()));
            self
        }
";

/// The per-call options every request value has (`naming::reserved::REQUEST_NAMES`).
const OPTION_SETTERS: &str =
    "        /// The timeout of each attempt of this call, in place of the client's.
        pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
            self.options = self.options.timeout(timeout);
            self
        }

        /// How many times a failed attempt of this call may be retried, in place of the
        /// client's retry policy's count.
        pub fn retries(mut self, retries: u32) -> Self {
            self.options = self.options.max_retries(retries);
            self
        }

        /// Adds a header to this call: it replaces a header of the same name the request
        /// would otherwise carry. An invalid name or value fails the call
        /// ([`Error::InvalidRequest`]).
        pub fn header(mut self, name: &str, value: &str) -> Self {
            self.options = self.options.header(name, value);
            self
        }
";

/// A string literal as Rust writes it.
fn literal(text: &str) -> String {
    Literal::string(text).to_string()
}

/// `request.<method>(args);` at `indent`.
fn request_call(indent: usize, method: &str, args: Vec<Node>) -> String {
    let call = Node::Chain {
        receiver: Box::new(Node::word("request")),
        calls: vec![Node::call(format!(".{method}"), args)],
    };
    let mut text = statement(indent, "", &call, ";");
    text.push('\n');
    text
}

/// [`request_call`] when it fits on one line, which is how prettyplease prints it; none
/// when it would break (the arrays it takes are not laid out here).
fn request_call_flat(indent: usize, method: &str, args: Vec<Node>) -> Option<String> {
    let (flat, _) = Node::call(format!("request.{method}"), args).flat();
    fits_at(indent, flat.len() + ";".len()).then(|| format!("{}{flat};\n", " ".repeat(indent)))
}

/// The one request builder: the request every terminal method sends, the client and
/// the options of the call (the client's, with this call's over them); none when one of
/// its statements is of a shape not laid out here.
fn request_fn(op: &Operation) -> Option<String> {
    let mut out = format!(
        "        fn {REQUEST_FN}(\n            self,\n        ) -> (&'a Client, \
         crate::runtime::Request, crate::runtime::RequestOptions) {{\n"
    );
    let mutable = !op.params.is_empty()
        || !op.security.is_empty()
        || op.body.is_some()
        || op.accept.is_some();
    // Hooks and tracing name the call by these, never by the path's values.
    let operation_id = op.operation_id.as_deref().unwrap_or(&op.name);
    let new = Node::call(
        "crate::runtime::Request::for_operation",
        vec![
            Node::Word(format!("::reqwest::Method::{}", op.method.as_str())),
            path_node(op),
            Node::Word(literal(operation_id)),
            Node::Word(literal(&op.path.template)),
        ],
    );
    let head = if mutable {
        "let mut request = "
    } else {
        "let request = "
    };
    out.push_str(&statement(BODY, head, &new, ";"));
    out.push('\n');
    for p in &op.params {
        let args = |more: Option<Node>| {
            let mut args = vec![
                Node::Word(literal(&p.name.wire)),
                Node::Word(format!("&self.{}", ident(&p.name))),
            ];
            args.extend(more);
            args
        };
        out.push_str(&match p.location {
            ParamLocation::Query => request_call(BODY, "query", args(Some(query_style(p.style)))),
            ParamLocation::Header => request_call(BODY, "header", args(None)),
            ParamLocation::Cookie => request_call(BODY, "cookie", args(None)),
            ParamLocation::Path => String::new(),
        });
    }
    if !op.security.is_empty() {
        let sets = op.security.iter().map(|set| Node::Array {
            head: "&".to_string(),
            elems: set.iter().map(|s| Node::Word(literal(s))).collect(),
        });
        let list = Node::Array {
            head: "&".to_string(),
            elems: sets.collect(),
        };
        out.push_str(&request_call_flat(BODY, "security", vec![list])?);
    }
    if let Some(body) = &op.body {
        out.push_str(&body_statement(body)?);
    }
    if raw_body(op) {
        out.push_str(&format!(
            "            if let Some((content_type, body)) = self.{RAW_BODY_FIELD} {{\n"
        ));
        out.push_str("                request.bytes_body(content_type, body);\n            }\n");
    }
    if let Some(accept) = &op.accept {
        out.push_str(&request_call(
            BODY,
            "accept",
            vec![Node::Word(literal(accept))],
        ));
    }
    out.push_str(&format!(
        "            let options = self.client.options.merged_with(&self.{OPTIONS_FIELD});\n"
    ));
    out.push_str("            (self.client, request, options)\n        }\n");
    Some(out)
}

/// The path, as literal pieces and encoded path parameters.
fn path_node(op: &Operation) -> Node {
    let pieces = op.path.parts.iter().map(|part| match part {
        PathPart::Literal(text) => Node::Word(literal(text)),
        PathPart::Param(i) => match op.path_params.get(*i) {
            Some(p) => Node::Word(format!(
                "&crate::runtime::path_param(&self.{})",
                ident(&p.name)
            )),
            None => Node::word("\"\""),
        },
    });
    match op.path.parts.as_slice() {
        [PathPart::Literal(text)] => Node::call(
            "::std::string::String::from",
            vec![Node::Word(literal(text))],
        ),
        [] => Node::word("::std::string::String::new()"),
        _ => Node::Chain {
            receiver: Box::new(Node::Array {
                head: String::new(),
                elems: pieces.collect(),
            }),
            calls: vec![Node::call(".concat", Vec::new())],
        },
    }
}

/// A query or form style as the runtime's `QueryStyle`.
fn query_style(style: QueryStyle) -> Node {
    match style {
        QueryStyle::Form { explode: true } => Node::word("crate::runtime::QueryStyle::FORM"),
        QueryStyle::Form { explode } => Node::Struct {
            path: "crate::runtime::QueryStyle::Form".to_string(),
            fields: vec![("explode".to_string(), Node::Word(explode.to_string()))],
        },
        QueryStyle::SpaceDelimited => Node::word("crate::runtime::QueryStyle::SpaceDelimited"),
        QueryStyle::PipeDelimited => Node::word("crate::runtime::QueryStyle::PipeDelimited"),
        QueryStyle::DeepObject => Node::word("crate::runtime::QueryStyle::DeepObject"),
    }
}

/// `if let Some(body) = self.body { <sent>; }` for a body of one media type that is not
/// multipart; none for another.
fn body_statement(body: &ir::Body) -> Option<String> {
    let BodyContent::One(one) = &body.content else {
        return None;
    };
    let media = if one.content_type_arg {
        Node::word(CONTENT_TYPE_ARG)
    } else {
        Node::Word(literal(&one.media_type))
    };
    let borrowed = Node::Word(format!("&{BODY_ARG}"));
    let sent = match one.encoding {
        BodyEncoding::Json => request_call(INNER, "json_body", vec![media, borrowed]),
        BodyEncoding::Form => {
            let styles = one.form_styles.iter().map(|(name, style)| {
                Node::call("", vec![Node::Word(literal(name)), query_style(*style)])
            });
            let styles = Node::Array {
                head: "&".to_string(),
                elems: styles.collect(),
            };
            request_call(INNER, "form_body", vec![borrowed, styles])
        }
        BodyEncoding::Multipart => return None,
        BodyEncoding::Text => request_call(INNER, "text_body", vec![media, Node::word(BODY_ARG)]),
        _ => request_call(INNER, "bytes_body", vec![media, Node::word(BODY_ARG)]),
    };
    let binding = if one.content_type_arg {
        format!("({CONTENT_TYPE_ARG}, {BODY_ARG})")
    } else {
        BODY_ARG.to_string()
    };
    Some(format!(
        "            if let Some({binding}) = self.{BODY_ARG} {{\n{sent}            }}\n"
    ))
}
