//! serde's error messages about a node, reworded: "missing field `x`", "invalid type:
//! string \"a\", expected a boolean", "data did not match any variant of untagged enum"
//! become plain sentences with a hint where there is one.
//!
//! Wording only: it records what it is given and must never decide what is an error.

use super::kind::Kind;
use crate::diag::words::{expected_words, field_label, found_words};
use crate::diag::{Diagnostic, Diagnostics, DocPath};

/// Records serde's `message` about the node at `path` (inside a `kind` node), in plain
/// words.
pub(super) fn report<'d>(
    diags: &'d mut Diagnostics,
    kind: Kind,
    path: &DocPath,
    message: &str,
) -> &'d mut Diagnostic {
    let field = field_label(path);
    let last = path.segments().last().map(String::as_str).unwrap_or("");
    let parent = path
        .segments()
        .len()
        .checked_sub(2)
        .and_then(|i| path.segments().get(i))
        .map(String::as_str)
        .unwrap_or("");

    if let Some(name) = between(message, "missing field `", "`") {
        if name == "default" && parent == "variables" {
            return diags
                .error(
                    path,
                    format!("the server variable `{last}` has no `default`"),
                )
                .help("every server variable needs a `default` value");
        }
        let owner = if path.segments().is_empty() {
            "the document".to_string()
        } else {
            field
        };
        let diag = diags.error(
            path,
            format!("{owner} is missing the required field `{name}`"),
        );
        match name {
            "info" => diag.help("add an `info` section with a `title` and a `version`"),
            "paths" => diag.help("add `paths:` (it may be empty: `paths: {}`)"),
            "description" if kind == Kind::Response || kind == Kind::Responses => {
                diag.help("every response needs a `description`; an empty string is allowed")
            }
            "responses" => diag.help("every operation needs `responses`, for example `responses: {'200': {description: OK}}`"),
            _ => diag,
        };
        return diag;
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        if let Some((found, expected)) = rest.split_once(", expected ") {
            return diags.error(
                path,
                format!(
                    "expected {} for {field}, found {}",
                    expected_words(expected),
                    found_words(found)
                ),
            );
        }
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        if let Some((variant, expected)) = rest.split_once(", expected ") {
            return diags.error(
                path,
                format!("unknown value {variant} for {field}; expected {expected}"),
            );
        }
    }
    if let Some(rest) = message.strip_prefix("invalid value: ") {
        if let Some((found, expected)) = rest.split_once(", expected ") {
            return diags.error(
                path,
                format!(
                    "invalid value for {field}: found {}, expected {expected}",
                    found_words(found)
                ),
            );
        }
    }
    if message.contains("ParameterSchemaOrContent") {
        return diags
            .error(
                path,
                format!("the {} has neither `schema` nor `content`", kind.noun()),
            )
            .help("describe its type, for example `schema: {type: string}`");
    }
    if message.contains("did not match any variant of untagged enum") {
        return diags.error(path, format!("this is not a valid {}", kind.noun()));
    }
    diags.error(path, format!("invalid {}: {message}", kind.noun()))
}

/// The text between `start` and the next `end` in `message`.
pub(super) fn between<'m>(message: &'m str, start: &str, end: &str) -> Option<&'m str> {
    let rest = &message[message.find(start)? + start.len()..];
    Some(&rest[..rest.find(end)?])
}

#[cfg(test)]
mod tests {
    use crate::load::testing::{doc, errors};

    #[test]
    fn serde_messages_in_plain_words() {
        assert_eq!(
            errors(&doc("paths:\n  /a:\n    get:\n      responses:\n        '200': {content: {}}\n")),
            ["paths./a.get.responses.200: response `200` is missing the required field `description`"]
        );
        assert_eq!(
            errors(&doc(
                "servers: [{url: 'http://{a}', variables: {a: {enum: [x]}}}]\npaths: {}\n"
            )),
            ["servers.0.variables.a: the server variable `a` has no `default`"]
        );
    }
}
