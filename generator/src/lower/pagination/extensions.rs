//! The vendor extensions that say how an operation pages, read into a [`Rule`]:
//! `x-speakeasy-pagination`, `x-fern-pagination` (also `true`, taking the document's own)
//! and `x-dropshot-pagination`.
//!
//! Only what can be followed exactly is read: parameters (never request-body properties),
//! and paths of plain keys (`$.data.items`, `$response.meta.next`), with Speakeasy's
//! `[-1]` for the last item's field as the next cursor. Anything else is an `Err` with the
//! reason, which the caller turns into a located warning; nothing is dropped silently.
//! What this reading leaves to the runtime's own stops is said in the README: Speakeasy's
//! `limit` and `numPages` are not read (the stream ends at an empty page instead).

use openapiv3::Operation;
use serde_json::{Map, Value};

use super::{Items, Lowerer, Rule, RuleStyle};
use crate::ir::{self, PageSource, ParamLocation};

/// The extensions read, in the order they are looked for.
const EXTENSIONS: [&str; 3] = [
    "x-speakeasy-pagination",
    "x-fern-pagination",
    "x-dropshot-pagination",
];

/// The first pagination extension of `op`, with its value.
pub(super) fn find(op: &Operation) -> Option<(&'static str, &Value)> {
    EXTENSIONS
        .iter()
        .find_map(|name| Some((*name, op.extensions.get(*name)?)))
}

/// A path into the body, as an extension writes it.
#[derive(Debug, PartialEq)]
enum JsonPath {
    /// Plain keys (`$.meta.next` -> `meta`, `next`; `$` -> none).
    Keys(Vec<String>),
    /// A field of the last element of a list (`$.data[-1].id`).
    LastOf(Vec<String>, String),
}

/// Reads `$.a.b`, `$` and `$.a[-1].b` (Speakeasy's JSONPath subset); `None` for
/// anything else.
fn json_path(text: &str) -> Option<JsonPath> {
    let rest = text.trim().strip_prefix('$')?;
    if rest.is_empty() {
        return Some(JsonPath::Keys(Vec::new()));
    }
    let rest = rest.strip_prefix('.')?;
    if let Some((list, field)) = rest.split_once("[-1].") {
        let list = plain_keys(list)?;
        let field = plain_keys(field)?;
        return match field.as_slice() {
            [field] if !list.is_empty() => Some(JsonPath::LastOf(list, field.clone())),
            _ => None,
        };
    }
    plain_keys(rest).map(JsonPath::Keys)
}

/// `a.b.c` as keys; `None` when a key is empty or holds JSONPath syntax.
fn plain_keys(text: &str) -> Option<Vec<String>> {
    text.split('.')
        .map(|key| {
            let plain = !key.is_empty()
                && !key.contains(|c: char| {
                    matches!(c, '[' | ']' | '*' | '?' | '(' | ')' | '@' | '\'' | '"')
                });
            plain.then(|| key.to_string())
        })
        .collect()
}

/// A string member of an extension's object.
fn text<'v>(object: &'v Map<String, Value>, key: &str) -> Option<&'v str> {
    object.get(key).and_then(Value::as_str)
}

impl<'a> Lowerer<'a> {
    /// The rule the extension `name` (with `value`) states for `op`, or why it cannot be
    /// followed.
    pub(super) fn extension_rule(
        &self,
        name: &str,
        value: &Value,
        op: &ir::Operation,
    ) -> Result<Rule, String> {
        match name {
            "x-speakeasy-pagination" => speakeasy(value),
            "x-fern-pagination" => {
                let value = match value {
                    // `true` takes the document's own.
                    Value::Bool(true) => self
                        .api
                        .extensions
                        .get(name)
                        .filter(|root| root.is_object())
                        .ok_or("it is `true`, but the document has no `x-fern-pagination` object to take")?,
                    other => other,
                };
                fern(value)
            }
            _ => dropshot(value, op),
        }
    }
}

/// `x-speakeasy-pagination`: `type` `cursor`, `offsetLimit` or `url`, `inputs` (each a
/// `name`, `in` and `type`) and `outputs` (`results`, `nextCursor`, `nextUrl`).
fn speakeasy(value: &Value) -> Result<Rule, String> {
    let object = value.as_object().ok_or("it is not an object")?;
    let kind = text(object, "type").ok_or("it has no `type`")?;
    let empty = Map::new();
    let outputs = object
        .get("outputs")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let mut inputs: Vec<(&str, &str)> = Vec::new();
    for input in object
        .get("inputs")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
    {
        let (Some(input_name), Some(role)) = (
            input.get("name").and_then(Value::as_str),
            input.get("type").and_then(Value::as_str),
        ) else {
            return Err("an input has no `name` or `type`".into());
        };
        match input.get("in").and_then(Value::as_str) {
            Some("parameters") => {}
            Some("requestBody") => {
                return Err(format!(
                    "the input `{input_name}` is in the request body; only parameters are followed"
                ))
            }
            _ => return Err(format!("the input `{input_name}` has no `in: parameters`")),
        }
        inputs.push((role, input_name));
    }
    let input = |role: &str| {
        let mut found = inputs.iter().filter(|(r, _)| *r == role).map(|(_, n)| *n);
        match (found.next(), found.next()) {
            (Some(one), None) => Ok(Some(one.to_string())),
            (None, _) => Ok(None),
            _ => Err(format!("it has several `{role}` inputs")),
        }
    };
    let path = |key: &str| -> Result<Option<JsonPath>, String> {
        match text(outputs, key) {
            None => Ok(None),
            Some(written) => json_path(written)
                .map(Some)
                .ok_or_else(|| format!("the JSONPath `{written}` of `{key}` is not plain keys")),
        }
    };
    let mut items = match path("results")? {
        None => Items::OnlyList,
        Some(JsonPath::Keys(keys)) if keys.is_empty() => Items::Body,
        Some(JsonPath::Keys(keys)) => Items::At(keys),
        Some(JsonPath::LastOf(..)) => return Err("`results` is not a list's path".into()),
    };
    let style = match kind {
        "cursor" => {
            let param = input("cursor")?.ok_or("it has no `cursor` input")?;
            match path("nextCursor")?.ok_or("it has no `nextCursor` output")? {
                JsonPath::Keys(next) if !next.is_empty() => RuleStyle::Cursor { param, next },
                JsonPath::Keys(_) => return Err("`nextCursor` is the whole body".into()),
                JsonPath::LastOf(list, field) => {
                    match &items {
                        Items::At(keys) if *keys != list => {
                            return Err("`nextCursor` reads another list than `results`".into())
                        }
                        _ => items = Items::At(list),
                    }
                    RuleStyle::LastItem { param, field }
                }
            }
        }
        "offsetLimit" => match (input("page")?, input("offset")?) {
            (Some(param), None) => RuleStyle::Page { param },
            (None, Some(param)) => RuleStyle::Offset { param },
            _ => return Err("it needs one `page` or one `offset` input".into()),
        },
        "url" => match path("nextUrl")?.ok_or("it has no `nextUrl` output")? {
            JsonPath::Keys(next) if !next.is_empty() => RuleStyle::NextUrl { next },
            _ => return Err("`nextUrl` is not a field's path".into()),
        },
        other => {
            return Err(format!(
                "its `type` `{other}` is not one of `cursor`, `offsetLimit`, `url`"
            ))
        }
    };
    Ok(Rule {
        source: PageSource::Extension("x-speakeasy-pagination".into()),
        style,
        items,
        has_more: None,
        first_page_only: Vec::new(),
    })
}

/// `x-fern-pagination`: `cursor` (`$request.<param>`) with `next_cursor`, `offset` (with
/// `step`: an offset, without: a page number) or `next_uri` (`$response.<path>`), with
/// `results` and `has-next-page`.
fn fern(value: &Value) -> Result<Rule, String> {
    let object = value.as_object().ok_or("it is not an object")?;
    for key in object.keys() {
        if !matches!(
            key.as_str(),
            "cursor" | "next_cursor" | "offset" | "step" | "results" | "has-next-page" | "next_uri"
        ) {
            return Err(format!("its key `{key}` is not followed"));
        }
    }
    let request = |key: &str| -> Result<Option<String>, String> {
        let Some(written) = text(object, key) else {
            return Ok(None);
        };
        match written.strip_prefix("$request.") {
            Some(name) if !name.is_empty() && !name.contains('.') => Ok(Some(name.to_string())),
            _ => Err(format!(
                "`{key}: {written}` is not a request parameter (`$request.<name>`)"
            )),
        }
    };
    let response = |key: &str| -> Result<Option<Vec<String>>, String> {
        let Some(written) = text(object, key) else {
            return Ok(None);
        };
        let keys = if written == "$response" {
            Some(Vec::new())
        } else {
            written.strip_prefix("$response.").and_then(plain_keys)
        };
        keys.map(Some).ok_or_else(|| {
            format!("`{key}: {written}` is not a path of the response (`$response.<field>`)")
        })
    };
    let style = match (
        request("cursor")?,
        request("offset")?,
        response("next_uri")?,
    ) {
        (Some(param), None, None) => RuleStyle::Cursor {
            param,
            next: response("next_cursor")?
                .filter(|keys| !keys.is_empty())
                .ok_or("it has a `cursor` but no `next_cursor`")?,
        },
        (None, Some(param), None) => match request("step")? {
            Some(_) => RuleStyle::Offset { param },
            None => RuleStyle::Page { param },
        },
        (None, None, Some(next)) if !next.is_empty() => RuleStyle::NextUrl { next },
        _ => return Err("it needs one of `cursor`, `offset` and `next_uri`".into()),
    };
    let items = match response("results")? {
        Some(keys) if keys.is_empty() => Items::Body,
        Some(keys) => Items::At(keys),
        None => return Err("it has no `results`".into()),
    };
    Ok(Rule {
        source: PageSource::Extension("x-fern-pagination".into()),
        style,
        items,
        has_more: response("has-next-page")?,
        first_page_only: Vec::new(),
    })
}

/// `x-dropshot-pagination` (`true`, or an object of the parameters the first page
/// requires): Dropshot's fixed shape, `page_token` and `limit` in the query, `items` and
/// `next_page` in the body. Later pages send `page_token` and `limit` only: the token
/// stands for the rest, and Dropshot refuses them beside it.
fn dropshot(value: &Value, op: &ir::Operation) -> Result<Rule, String> {
    if !(value.is_object() || value == &Value::Bool(true)) {
        return Err("it is neither `true` nor an object".into());
    }
    let first_page_only = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Query)
        .map(|p| p.name.wire.clone())
        .filter(|name| name != "page_token" && name != "limit")
        .collect();
    Ok(Rule {
        source: PageSource::Extension("x-dropshot-pagination".into()),
        style: RuleStyle::Cursor {
            param: "page_token".into(),
            next: vec!["next_page".into()],
        },
        items: Items::At(vec!["items".into()]),
        has_more: None,
        first_page_only,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_paths_are_plain_keys_or_a_last_items_field() {
        let keys = |k: &[&str]| JsonPath::Keys(k.iter().map(|s| s.to_string()).collect());
        assert_eq!(json_path("$"), Some(keys(&[])));
        assert_eq!(json_path("$.data"), Some(keys(&["data"])));
        assert_eq!(
            json_path("$.meta.next_cursor"),
            Some(keys(&["meta", "next_cursor"]))
        );
        assert_eq!(
            json_path("$.data.resultArray[-1].created_at"),
            Some(JsonPath::LastOf(
                vec!["data".into(), "resultArray".into()],
                "created_at".into()
            ))
        );
        for unsupported in [
            "data",
            "$data",
            "$..id",
            "$.data[0].id",
            "$.data[*]",
            "$['data']",
            "$.a[-1].b.c",
            "$.data[?(@.x)]",
        ] {
            assert_eq!(json_path(unsupported), None, "{unsupported}");
        }
    }
}
