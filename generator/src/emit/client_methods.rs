//! The client's methods of an operation (`impl Client`), written as text laid out by
//! [`super::layout`] as prettyplease would: the method that returns the operation's
//! request value (`requests::<Operation>`), and the one that sends a body the caller
//! encoded (`_with_body`), with their docs ([`super::method_docs`]). There are one or two
//! per operation, a thousand in a large spec, all of one shape.

use super::bodies;
use super::doc_text;
use super::layout::{Node, Printer, INDENT};
use super::module::Item;
use super::paths::type_node;
use super::requests::{borrows, by_value};
use crate::ir::{Arg, Method, MethodKind, Operation, ParamLocation, TypeRef};
use crate::naming::ident_text as ident;
use crate::naming::reserved::{BODY_ARG, CONTENT_TYPE_ARG, RAW_BODY_FIELD};

/// A method's indentation, in `impl Client`.
const MEMBER: usize = INDENT;
/// A method's body.
const BODY: usize = 2 * INDENT;

/// The client's methods of `op` (its call, and its raw-body call when the spec accepts
/// media types the caller encodes), as the IR lists them, one emitter per kind.
pub(super) fn client_methods(op: &Operation) -> Vec<Item> {
    op.methods
        .iter()
        .filter_map(|method| match method.kind {
            MethodKind::Call => Some(call_method(op, method)),
            MethodKind::RawBody => Some(raw_body_method(op, method)),
            MethodKind::Items(_) | MethodKind::Stream(_) => None,
        })
        .map(|text| Item::text(&op.features, text))
        .collect()
}

/// The method that returns the request value, with the required body set.
fn call_method(op: &Operation, method: &Method) -> String {
    let docs = super::method_docs::client_method_docs(op);
    let set_body = method.args.contains(&Arg::Body).then(|| {
        let mut args = Vec::new();
        if method.args.contains(&Arg::ContentType) {
            args.push(Node::word(CONTENT_TYPE_ARG));
        }
        args.push(Node::word(BODY_ARG));
        Node::call(format!(".{BODY_ARG}"), args)
    });
    client_method(op, method, &docs, set_body)
}

/// The method that returns the request value with a body the caller encoded.
fn raw_body_method(op: &Operation, method: &Method) -> String {
    let docs = super::method_docs::raw_body_docs(op);
    let set_body = Node::call(
        format!(".{RAW_BODY_FIELD}"),
        vec![Node::word(CONTENT_TYPE_ARG), Node::word(BODY_ARG)],
    );
    client_method(op, method, &docs, Some(set_body))
}

/// A client method of `op`: its arguments as the IR lists them, the request value made
/// of its parameters, then `set_body`.
fn client_method(
    op: &Operation,
    method: &Method,
    docs: &[String],
    set_body: Option<Node>,
) -> String {
    let mut out = String::new();
    doc_text::push(&mut out, MEMBER, docs);
    if op.deprecated {
        out.push_str("    #[deprecated]\n");
    }
    let request = ident(&op.request);
    let (this, out_lifetime) = if borrows(op) {
        ("&'a self", "'a")
    } else {
        ("&self", "'_")
    };
    let (mut params, values) = args(op, &method.args);
    params.insert(0, Node::word(this));
    let signature = Node::call("", params);
    let output = Node::Generic {
        head: format!("requests::{request}"),
        args: vec![Node::word(out_lifetime)],
    };
    let mut printer = Printer::new(MEMBER);
    printer.push("pub fn ");
    printer.push(&ident(&method.name));
    if borrows(op) {
        // `<'a>` breaks when it does not fit with the parameters' `(`.
        let generics = Node::Generic {
            head: String::new(),
            args: vec![Node::word("'a")],
        };
        printer.node(&generics, "(".len());
    }
    // No place to break follows the parameters' group before the body but within the
    // output type.
    printer.node(
        &signature,
        " -> ".len() + output.flat().0.len() + " {".len(),
    );
    printer.push(" -> ");
    printer.node(&output, " {".len());
    printer.push(" {");
    let mut new = Node::call(format!("requests::{request}::new"), values);
    if let Some(set_body) = set_body {
        new = Node::Chain {
            receiver: Box::new(new),
            calls: vec![set_body],
        };
    }
    printer.line(BODY);
    printer.node(&new, 0);
    printer.line(MEMBER);
    printer.push("}");
    out.push_str(&printer.finish());
    out.push('\n');
    out
}

/// A client method's parameters as `args` lists them (after `&self`), and the values it
/// hands to the request value's `new` (its parameters', after `self`).
fn args(op: &Operation, args: &[Arg]) -> (Vec<Node>, Vec<Node>) {
    let mut params = Vec::new();
    let mut values = vec![Node::word("self")];
    let impl_into = |name: &str, ty: Node| Node::Generic {
        head: format!("{name}: impl Into"),
        args: vec![ty],
    };
    for arg in args {
        match arg {
            Arg::Path(_) | Arg::Param(_) => {
                let Some(p) = op.params_of(std::slice::from_ref(arg)).next() else {
                    continue;
                };
                let name = ident(&p.name);
                let ty = type_node(&p.ty, "types::");
                if by_value(&p.ty) {
                    params.push(Node::prefixed(&format!("{name}: "), ty));
                    values.push(Node::Word(name));
                } else if p.location == ParamLocation::Path {
                    let ty = match p.ty {
                        TypeRef::String => Node::word("str"),
                        _ => ty,
                    };
                    params.push(Node::prefixed(&format!("{name}: &'a "), ty));
                    values.push(Node::Word(name));
                } else {
                    params.push(impl_into(&name, ty));
                    values.push(Node::Word(format!("{name}.into()")));
                }
            }
            Arg::ContentType => params.push(impl_into(CONTENT_TYPE_ARG, cow_str())),
            Arg::Body => {
                if let Some(body) = &op.body {
                    params.push(impl_into(BODY_ARG, bodies::owned_type_node(&body.content)));
                }
            }
            Arg::RawBody => {
                params.push(impl_into(BODY_ARG, Node::word("crate::runtime::Upload")));
            }
        }
    }
    (params, values)
}

/// `::std::borrow::Cow<'static, str>`, the type of a media type the caller names.
pub(super) fn cow_str() -> Node {
    Node::Generic {
        head: "::std::borrow::Cow".to_string(),
        args: vec![Node::word("'static"), Node::word("str")],
    }
}
