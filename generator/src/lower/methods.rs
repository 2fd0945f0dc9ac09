//! Every method the crate has for an operation ([`ir::Operation::methods`]), decided
//! here and only here: its kind, its name and its arguments. The call (`Client::<name>`)
//! takes the path parameters, the required others and a required body; the raw-body call
//! (`<name>_with_body`) exists when the spec accepts media types the caller must encode,
//! and takes the same parameters, a content type and the bytes; `.items()` and
//! `.stream()` are the request value's, when pagination and the responses found them.

use crate::ir::{self, Arg, Method, MethodKind};
use crate::naming::{reserved, Namespace};

/// What lowering found for an operation's request value besides `.await`, before its
/// methods are named: how its list pages, and its response as a stream.
#[derive(Debug, Default)]
pub(super) struct Terminals {
    pub(super) pagination: Option<ir::Pagination>,
    pub(super) stream: Option<ir::StreamMethod>,
}

/// The methods of `op` (already named: its call is `op.name`), in order: the call, the
/// raw-body call, `.items()`, `.stream()`. The raw-body call's name is claimed in
/// `client`, the namespace of the client's methods.
pub(super) fn methods(
    op: &ir::Operation,
    terminals: Terminals,
    client: &mut Namespace,
) -> Vec<Method> {
    let params: Vec<Arg> = (0..op.path_params.len())
        .map(Arg::Path)
        .chain(
            op.params
                .iter()
                .enumerate()
                .filter(|(_, p)| p.required)
                .map(|(i, _)| Arg::Param(i)),
        )
        .collect();
    let mut call_args = params.clone();
    if let Some(body) = op.body.as_ref().filter(|b| b.required) {
        if content_type_arg(body) {
            call_args.push(Arg::ContentType);
        }
        call_args.push(Arg::Body);
    }
    let mut methods = vec![Method {
        name: op.name.clone(),
        kind: MethodKind::Call,
        args: call_args,
    }];
    if op
        .body
        .as_ref()
        .is_some_and(|b| !b.other_media_types.is_empty())
    {
        let mut args = params;
        args.extend([Arg::ContentType, Arg::RawBody]);
        methods.push(Method {
            name: client.claim(&format!("{}{}", op.name, reserved::RAW_BODY_SUFFIX)),
            kind: MethodKind::RawBody,
            args,
        });
    }
    if let Some(pages) = terminals.pagination {
        methods.push(Method {
            name: reserved::ITEMS_METHOD.to_string(),
            kind: MethodKind::Items(pages),
            args: Vec::new(),
        });
    }
    if let Some(stream) = terminals.stream {
        methods.push(Method {
            name: reserved::STREAM_METHOD.to_string(),
            kind: MethodKind::Stream(stream),
            args: Vec::new(),
        });
    }
    methods
}

/// Whether the body's one media type leaves its `Content-Type` to the caller.
fn content_type_arg(body: &ir::Body) -> bool {
    matches!(&body.content, ir::BodyContent::One(one) if one.content_type_arg)
}

#[cfg(test)]
mod tests {
    use crate::ir::{Arg, MethodKind, Operation};
    use crate::lower::test_support::lower_yaml;

    fn operation<'a>(api: &'a crate::ir::Api, name: &str) -> &'a Operation {
        match api.operations.iter().find(|op| op.name == name) {
            Some(op) => op,
            None => panic!("no operation {name}"),
        }
    }

    fn kinds(op: &Operation) -> Vec<(&str, &'static str, &[Arg])> {
        op.methods
            .iter()
            .map(|m| {
                let kind = match m.kind {
                    MethodKind::Call => "call",
                    MethodKind::RawBody => "raw body",
                    MethodKind::Items(_) => "items",
                    MethodKind::Stream(_) => "stream",
                };
                (m.name.as_str(), kind, m.args.as_slice())
            })
            .collect()
    }

    #[test]
    fn every_method_is_listed_with_its_arguments() {
        let (api, _) = lower_yaml(
            r#"
paths:
  /files/{id}:
    put:
      operationId: upload
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: tag, in: query, schema: {type: string}}
        - {name: X-Trace, in: header, required: true, schema: {type: string}}
      requestBody:
        required: true
        content:
          application/json: {schema: {type: object}}
          "*/*": {schema: {type: string, format: binary}}
      responses: {"204": {description: done}}
  /things:
    get:
      operationId: list_things
      parameters:
        - {name: cursor, in: query, schema: {type: string}}
      responses:
        "200":
          description: a page
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: {type: array, items: {type: string}}
                  next_cursor: {type: string}
            text/event-stream: {schema: {type: string}}
  /upload_with_body:
    post:
      operationId: upload_with_body
      responses: {"204": {description: done}}
"#,
        );
        let upload = operation(&api, "upload");
        // `upload_with_body` is an operation's name already: the raw-body call gets a
        // suffix, and the list says so.
        // Parameters are sorted by wire name: `X-Trace` is the first, the optional `tag` is
        // no argument.
        let raw = [Arg::Path(0), Arg::Param(0), Arg::ContentType, Arg::RawBody];
        assert_eq!(
            kinds(upload),
            [
                (
                    "upload",
                    "call",
                    &[Arg::Path(0), Arg::Param(0), Arg::Body][..]
                ),
                ("upload_with_body2", "raw body", &raw[..]),
            ]
        );
        let list = operation(&api, "list_things");
        assert_eq!(
            kinds(list),
            [
                ("list_things", "call", &[][..]),
                ("items", "items", &[][..]),
                ("stream", "stream", &[][..]),
            ]
        );
        assert!(list.pagination().is_some() && list.stream().is_some());
        assert_eq!(list.call_name(), "list_things");
        assert!(upload.pagination().is_none() && upload.stream().is_none());
    }
}
