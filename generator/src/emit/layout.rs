//! The layout of code emit writes as text rather than as tokens: prettyplease's rules for
//! the few shapes of expression that text uses, so that an item laid out here reads as
//! the formatted items around it (and as it did when it was tokens).
//!
//! prettyplease is an Oppen printer with a margin of 89 columns (at least 60 after the
//! indentation) and groups that break all-or-nothing: a group stays on one line when
//! it, and what follows it up to the next place a line may break, fits in what is left
//! of the line; else each of its members goes on a line of its own, indented one level.
//! A struct literal wider than 34 columns always breaks. A call whose one argument is a
//! struct literal or an array hugs it (`Ok(Name {` ... `})`). [`Node`] is such an
//! expression, [`Printer`] lays it out; `tests` checks the layout against prettyplease.

/// prettyplease's margin.
const MARGIN: usize = 89;
/// The fewest columns prettyplease leaves a line, however deep its indentation.
const MIN_SPACE: usize = 60;
/// One level of indentation.
pub(super) const INDENT: usize = 4;
/// The widest struct literal kept on one line.
const STRUCT_MAX: usize = 34;

/// An expression (or a type) to lay out.
#[derive(Debug, Clone)]
pub(super) enum Node {
    /// Text never broken: a path, a literal, `true`.
    Word(String),
    /// `head(args)tail`, as a call (`tail` such as `?`). Broken, each argument on a line
    /// of its own, with a comma after each when `trailing` (not after the last of a
    /// macro's: `concat!`).
    Call {
        head: String,
        args: Vec<Node>,
        trailing: bool,
        tail: &'static str,
    },
    /// `path { name: value, .. }`.
    Struct {
        path: String,
        fields: Vec<(String, Node)>,
    },
    /// `head[elems]` (elements that are not all plain numbers: one a line when broken).
    Array { head: String, elems: Vec<Node> },
    /// `head<args>`: a generic type or a turbofish (`param_decodes::<T>`).
    Generic { head: String, args: Vec<Node> },
    /// `receiver.a(..)?.b(..)?`: broken before each `.` (each call's head starts with it),
    /// the receiver laid out as what precedes the first break.
    Chain {
        receiver: Box<Node>,
        calls: Vec<Node>,
    },
    /// `concat!(pieces)`: a macro's arguments, which prettyplease prints as tokens: on
    /// one line when they fit, else from the next line on, as many a line as fit.
    Concat(Vec<String>),
}

impl Node {
    pub(super) fn word(text: impl Into<String>) -> Node {
        Node::Word(text.into())
    }

    /// `node` after `prefix` (a parameter's name, a reference), on the same line.
    pub(super) fn prefixed(prefix: &str, node: Node) -> Node {
        match node {
            Node::Word(text) => Node::Word(format!("{prefix}{text}")),
            Node::Generic { head, args } => Node::Generic {
                head: format!("{prefix}{head}"),
                args,
            },
            other => Node::Word(format!("{prefix}{}", other.flat().0)),
        }
    }

    /// `head(args)`, a call with a trailing comma when broken.
    pub(super) fn call(head: impl Into<String>, args: Vec<Node>) -> Node {
        Node::Call {
            head: head.into(),
            args,
            trailing: true,
            tail: "",
        }
    }

    /// `head(args)` with no comma after the last argument when broken, as a macro's
    /// arguments that are not a list (the type in `object!`'s `kind(Type)`).
    pub(super) fn macro_call(head: impl Into<String>, args: Vec<Node>) -> Node {
        Node::Call {
            head: head.into(),
            args,
            trailing: false,
            tail: "",
        }
    }

    /// `concat!(pieces)`.
    pub(super) fn concat(pieces: Vec<String>) -> Node {
        Node::Concat(pieces)
    }

    /// The text on one line, and whether prettyplease could keep it there (a struct
    /// literal over [`STRUCT_MAX`] columns never is).
    pub(super) fn flat(&self) -> (String, bool) {
        let mut out = String::new();
        let ok = self.flat_into(&mut out);
        (out, ok)
    }

    fn flat_into(&self, out: &mut String) -> bool {
        match self {
            Node::Word(text) => {
                out.push_str(text);
                true
            }
            Node::Call {
                head, args, tail, ..
            } => {
                out.push_str(head);
                out.push('(');
                let ok = list_flat(args, out);
                out.push(')');
                out.push_str(tail);
                ok
            }
            Node::Struct { path, fields } => {
                let start = out.len();
                out.push_str(path);
                out.push_str(" {");
                let mut ok = true;
                for (i, (name, value)) in fields.iter().enumerate() {
                    out.push_str(if i == 0 { " " } else { ", " });
                    out.push_str(name);
                    out.push_str(": ");
                    ok &= value.flat_into(out);
                }
                if !fields.is_empty() {
                    out.push(' ');
                }
                ok &= out.len() - start <= STRUCT_MAX;
                out.push('}');
                ok
            }
            Node::Array { head, elems } => {
                out.push_str(head);
                out.push('[');
                let ok = list_flat(elems, out);
                out.push(']');
                ok
            }
            Node::Generic { head, args } => {
                out.push_str(head);
                out.push('<');
                let ok = list_flat(args, out);
                out.push('>');
                ok
            }
            Node::Chain { receiver, calls } => {
                let mut ok = receiver.flat_into(out);
                for call in calls {
                    ok &= call.flat_into(out);
                }
                ok
            }
            Node::Concat(pieces) => {
                out.push_str("concat!(");
                out.push_str(&pieces.join(", "));
                out.push(')');
                true
            }
        }
    }

    /// Struct literals and arrays, which a call of one argument hugs.
    fn is_blocklike(&self) -> bool {
        matches!(self, Node::Struct { .. } | Node::Array { .. })
    }
}

fn list_flat(items: &[Node], out: &mut String) -> bool {
    let mut ok = true;
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        ok &= item.flat_into(out);
    }
    ok
}

/// Text being laid out: lines, the column the last one is at and its indentation.
#[derive(Debug, Default)]
pub(super) struct Printer {
    out: String,
    col: usize,
    indent: usize,
}

impl Printer {
    /// A printer whose first line starts at `indent`.
    pub(super) fn new(indent: usize) -> Printer {
        let mut printer = Printer::default();
        printer.line(indent);
        printer
    }

    /// The text laid out.
    pub(super) fn finish(self) -> String {
        self.out
    }

    /// Appends text that never breaks.
    pub(super) fn push(&mut self, text: &str) {
        self.out.push_str(text);
        self.col += text.len();
    }

    /// Ends the line and starts the next at `indent`.
    pub(super) fn line(&mut self, indent: usize) {
        if !self.out.is_empty() {
            self.out.push('\n');
        }
        self.out.extend(std::iter::repeat_n(' ', indent));
        self.col = indent;
        self.indent = indent;
    }

    /// Whether `width` more columns, then `suffix` more before a line may break, fit.
    fn fits(&self, width: usize, suffix: usize) -> bool {
        let limit = self.indent + MARGIN.saturating_sub(self.indent).max(MIN_SPACE);
        self.col + width + suffix <= limit
    }

    /// Lays out `node` from the current column, `suffix` columns of text following it
    /// on its line before the next place the line may break (a `,`, a `;`, ` {`).
    pub(super) fn node(&mut self, node: &Node, suffix: usize) {
        let indent = self.indent;
        match node {
            Node::Word(text) => self.push(text),
            Node::Call {
                head,
                args,
                trailing,
                tail,
            } => {
                self.push(head);
                self.push("(");
                match args.as_slice() {
                    [one] if one.is_blocklike() => self.node(one, suffix + 1 + tail.len()),
                    _ => self.list(args, *trailing, 1 + tail.len() + suffix, indent),
                }
                self.push(")");
                self.push(tail);
            }
            Node::Struct { path, fields } => {
                let (flat, ok) = node.flat();
                if ok && self.fits(flat.len(), suffix) {
                    self.push(&flat);
                    return;
                }
                self.push(path);
                self.push(" {");
                for (i, (name, value)) in fields.iter().enumerate() {
                    self.line(indent + INDENT);
                    self.push(name);
                    self.push(": ");
                    self.node(value, usize::from(i + 1 < fields.len()));
                    self.push(",");
                }
                self.line(indent);
                self.push("}");
            }
            Node::Array { head, elems } => {
                self.push(head);
                if elems.is_empty() {
                    self.push("[]");
                    return;
                }
                self.push("[");
                self.list(elems, true, 1 + suffix, indent);
                self.push("]");
            }
            Node::Generic { head, args } => {
                self.push(head);
                self.push("<");
                self.list(args, true, 1 + suffix, indent);
                self.push(">");
            }
            Node::Chain { receiver, calls } => {
                let (flat, ok) = node.flat();
                if ok && self.fits(flat.len(), suffix) {
                    self.push(&flat);
                    return;
                }
                // The chain's box is broken: a call's arguments that break too are
                // indented one level more than the chain's first line (prettyplease
                // takes that level back for any other receiver, an array).
                if let Node::Call { .. } = **receiver {
                    self.indent = indent + INDENT;
                }
                self.node(receiver, 0);
                for (i, call) in calls.iter().enumerate() {
                    self.line(indent + INDENT);
                    let last = i + 1 == calls.len();
                    self.node(call, if last { suffix } else { 0 });
                }
            }
            Node::Concat(pieces) => {
                self.push("concat!(");
                let flat = pieces.join(", ");
                if self.fits(flat.len(), 1 + suffix) {
                    self.push(&flat);
                    self.push(")");
                    return;
                }
                self.line(indent + INDENT);
                for (i, piece) in pieces.iter().enumerate() {
                    let comma = if i + 1 < pieces.len() { "," } else { "" };
                    if i > 0 {
                        // A break of an inconsistent box: taken only when what follows
                        // it, up to the next one, does not fit.
                        if self.fits(1 + piece.len() + comma.len(), 0) {
                            self.push(" ");
                        } else {
                            self.line(indent + INDENT);
                        }
                    }
                    self.push(piece);
                    self.push(comma);
                }
                self.line(indent);
                self.push(")");
            }
        }
    }

    /// A `match` arm on a line of its own at `indent`: `pattern => value,`; a pattern
    /// that does not fit before its ` => ` breaks, and a value that does not fit after it
    /// goes in a block, on a line of its own.
    pub(super) fn arm(&mut self, indent: usize, pattern: &Node, value: &Node) {
        self.line(indent);
        self.node(pattern, " => ".len());
        self.push(" => ");
        let (flat, ok) = value.flat();
        if ok && self.fits(flat.len(), 0) {
            self.push(&flat);
            self.push(",");
            return;
        }
        self.push("{");
        self.line(indent + INDENT);
        self.node(value, 0);
        self.line(indent);
        self.push("}");
    }

    /// The members of a group after its opening: on this line when they fit with
    /// `after` columns more (the closing and what follows it), else one a line.
    fn list(&mut self, items: &[Node], trailing: bool, after: usize, indent: usize) {
        let mut flat = String::new();
        let ok = list_flat(items, &mut flat);
        if ok && self.fits(flat.len(), after) {
            self.push(&flat);
            return;
        }
        for (i, item) in items.iter().enumerate() {
            let last = i + 1 == items.len();
            self.line(indent + INDENT);
            self.node(item, usize::from(!last));
            if !last || trailing {
                self.push(",");
            }
        }
        self.line(indent);
    }
}

/// Whether `width` columns of text fit on a line that starts at `indent`.
pub(super) fn fits_at(indent: usize, width: usize) -> bool {
    Printer::new(indent).fits(width, 0)
}

/// `node` laid out as the value of a `let` or of an item, after `head` at `indent`, with
/// `end` after it (`;`, `,`).
pub(super) fn statement(indent: usize, head: &str, node: &Node, end: &str) -> String {
    let mut printer = Printer::new(indent);
    printer.push(head);
    printer.node(node, end.len());
    printer.push(end);
    printer.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What prettyplease prints for `let x = <expr>;` in a function nested `depth` blocks
    /// deep (the statement at `4 * (depth + 1)` columns).
    fn prettyplease(expr: &str, depth: usize) -> String {
        let mut code = String::new();
        for _ in 0..depth {
            code.push_str("mod m {");
        }
        code.push_str(&format!("fn f() {{ let x = {expr}; }}"));
        for _ in 0..depth {
            code.push('}');
        }
        let file: syn::File = syn::parse_str(&code).expect("parses");
        let text = prettyplease::unparse(&file);
        let start = text.find("let x").expect("the statement");
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let end = text[start..].find(";\n").expect("its end") + start + 1;
        text[line_start..end].to_string()
    }

    fn ours(node: &Node, depth: usize) -> String {
        statement(4 * (depth + 1), "let x = ", node, ";")
    }

    fn field(name: &str, value: Node) -> (String, Node) {
        (name.to_string(), value)
    }

    /// The shapes of the request values' and client methods' text.
    fn request_samples() -> Vec<Node> {
        let long = "a_rather_long_identifier_of_some_forty_chars";
        // A call whose chain breaks, and whose arguments break too (a client method's
        // body: `requests::X::new(..).body(body)`).
        let new_then_body = |args: &[&str]| Node::Chain {
            receiver: Box::new(Node::call(
                "requests::ActionsCreateOrUpdateEnvironmentSecret::new",
                args.iter().map(|a| Node::word(*a)).collect(),
            )),
            calls: vec![Node::call(
                ".body",
                vec![Node::word("content_type"), Node::word("body")],
            )],
        };
        let concat = |pieces: &[&str]| Node::Chain {
            receiver: Box::new(Node::Array {
                head: String::new(),
                elems: pieces.iter().map(|p| Node::word(*p)).collect(),
            }),
            calls: vec![Node::call(".concat", vec![])],
        };
        // A request builder's statement: a struct literal among a call's arguments.
        let query = |name: &str| Node::Chain {
            receiver: Box::new(Node::word("request")),
            calls: vec![Node::call(
                ".query",
                vec![
                    Node::word(format!("{name:?}")),
                    Node::word(format!("&self.{name}")),
                    Node::Struct {
                        path: "crate::runtime::QueryStyle::Form".into(),
                        fields: vec![field("explode", Node::word("false"))],
                    },
                ],
            )],
        };
        // A form body's styles: an array of tuples, after another argument.
        let form = |names: &[&str]| Node::Chain {
            receiver: Box::new(Node::word("request")),
            calls: vec![Node::call(
                ".form_body",
                vec![
                    Node::word("&body"),
                    Node::Array {
                        head: "&".into(),
                        elems: names
                            .iter()
                            .map(|name| {
                                Node::call(
                                    "",
                                    vec![
                                        Node::word(format!("{name:?}")),
                                        Node::word("crate::runtime::QueryStyle::DeepObject"),
                                    ],
                                )
                            })
                            .collect(),
                    },
                ],
            )],
        };
        vec![
            form(&[]),
            form(&["expand"]),
            form(&["expand", "metadata", long]),
            query("q"),
            query(long),
            concat(&["\"/apps/\"", "&path_param(&self.app_id)"]),
            concat(&[
                "\"/apps/\"",
                "&crate::runtime::path_param(&self.app_id)",
                "\"/namespaces/\"",
                "&crate::runtime::path_param(&self.namespace_id)",
            ]),
            new_then_body(&["self"]),
            new_then_body(&["self", "owner", "repo"]),
            new_then_body(&["self", "owner", "repo", "environment_name", "secret_name"]),
        ]
    }

    /// The mock's shapes, and those above.
    fn samples() -> Vec<Node> {
        let long = "a_rather_long_identifier_of_some_forty_chars";
        let param = |name: &str, schema: Node| Node::Struct {
            path: "ParamSpec".into(),
            fields: vec![
                field("name", Node::word(format!("{name:?}"))),
                field("location", Node::word("Location::Query")),
                field("required", Node::word("false")),
                field(
                    "check",
                    Node::Generic {
                        head: "param_decodes::".into(),
                        args: vec![Node::word(format!("super::types::{long}"))],
                    },
                ),
                field("schema", schema),
            ],
        };
        let place = Node::call("Some", vec![Node::word(format!("\"#/paths/{long}\""))]);
        let pieces = Node::call(
            "Some",
            vec![Node::concat(vec![
                format!("\"#/paths/~1{long}~1{long}\""),
                "\"/get/parameters/0/schema\"".into(),
            ])],
        );
        let short_pieces = Node::call(
            "Some",
            vec![Node::concat(vec![
                "\"/orgs/{org}/actions/runner-groups/\"".into(),
                "\"{runner_group_id}/repositories/\"".into(),
                "\"{repository_id}\"".into(),
            ])],
        );
        let mut samples = request_samples();
        samples.extend(vec![
            short_pieces,
            Node::call(
                "Ok",
                vec![Node::Struct {
                    path: "Empty".into(),
                    fields: vec![],
                }],
            ),
            Node::call(
                "Reply::json",
                vec![Node::word("status"), Node::word("body")],
            ),
            Node::call(
                "Reply::body",
                vec![
                    Node::word("status"),
                    Node::word("\"text/plain\""),
                    Node::call(
                        "::std::string::ToString::to_string",
                        vec![Node::word("body")],
                    ),
                ],
            ),
            Node::call(
                "Reply::body",
                vec![
                    Node::word("status"),
                    Node::word("\"application/octet-stream\""),
                    Node::Chain {
                        receiver: Box::new(Node::word(
                            "::std::convert::AsRef::<[u8]>::as_ref(body)",
                        )),
                        calls: vec![Node::call(".to_vec", vec![])],
                    },
                ],
            ),
            Node::Struct {
                path: "Short".into(),
                fields: vec![field("a", Node::word("1"))],
            },
            Node::Struct {
                path: "OperationSpec".into(),
                fields: vec![
                    field("name", Node::word(format!("{long:?}"))),
                    field(
                        "params",
                        Node::Array {
                            head: "&".into(),
                            elems: vec![param("a", place.clone()), param(long, pieces)],
                        },
                    ),
                    field(
                        "params2",
                        Node::Array {
                            head: "&".into(),
                            elems: vec![],
                        },
                    ),
                    field("schema", place),
                ],
            },
            Node::call(
                "Ok",
                vec![Node::Struct {
                    path: "Received".into(),
                    fields: vec![
                        field(
                            "owner",
                            Node::Chain {
                                receiver: Box::new(Node::word("request")),
                                calls: vec![Node::Call {
                                    head: ".param".into(),
                                    args: vec![
                                        Node::word("Location::Path"),
                                        Node::word("\"owner\""),
                                    ],
                                    trailing: true,
                                    tail: "?",
                                }],
                            },
                        ),
                        field(
                            long,
                            Node::Chain {
                                receiver: Box::new(Node::word("request")),
                                calls: vec![Node::Call {
                                    head: ".optional_param".into(),
                                    args: vec![
                                        Node::word("Location::Query"),
                                        Node::word(format!("{long:?}")),
                                    ],
                                    trailing: true,
                                    tail: "?",
                                }],
                            },
                        ),
                    ],
                }],
            ),
        ]);
        samples
    }

    /// Every sample, at several depths, is laid out as prettyplease lays it out.
    #[test]
    fn layout_is_prettypleases() {
        for node in samples() {
            for depth in 0..6 {
                let (flat, _) = node.flat();
                assert_eq!(ours(&node, depth), prettyplease(&flat, depth), "{flat}");
            }
        }
    }
}
