//! A response that is a `$ref` to `#/components/requestBodies/X`: a request body and a
//! response both describe a payload by its `content`, so the response is read as one with
//! the request body's content (and its description). Seen in PagerDuty's REST API.

use serde_json::{Map, Value};

use crate::diag::DocPath;

use super::{follow, Defect, Kind, Repairs, METHODS};

const PREFIX: &str = "#/components/requestBodies/";

pub(super) fn repair(doc: &mut Value, repairs: &mut Repairs<'_>) {
    // The places first (reading), then the changes (writing).
    let mut found: Vec<(Vec<String>, Value)> = Vec::new();
    if let Some(Value::Object(paths)) = doc.get("paths") {
        for (template, item) in paths {
            for method in METHODS {
                let Some(Value::Object(responses)) =
                    item.get(method).and_then(|op| op.get("responses"))
                else {
                    continue;
                };
                for (status, response) in responses {
                    if let Some(replacement) = replacement(doc, response) {
                        let at = vec![
                            "paths".into(),
                            template.clone(),
                            method.into(),
                            "responses".into(),
                            status.clone(),
                        ];
                        found.push((at, replacement));
                    }
                }
            }
        }
    }
    if let Some(Value::Object(responses)) = doc.pointer("/components/responses") {
        for (name, response) in responses {
            if let Some(replacement) = replacement(doc, response) {
                let at = vec!["components".into(), "responses".into(), name.clone()];
                found.push((at, replacement));
            }
        }
    }
    for (at, replacement) in found {
        let reference = place(doc, &at)
            .and_then(|r| r.get("$ref"))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        if !repairs.found(Defect {
            kind: Kind::RequestBodyAsResponse,
            at: DocPath::from_segments(at.iter().map(String::as_str)),
            says: format!("the response is `{reference}`, a request body"),
            assumed: "a response with that request body's `content` and description".into(),
            fix: format!(
                "define the response under `components.responses` and refer to it there instead of to `{reference}`"
            ),
        }) {
            continue;
        }
        if let Some(slot) = place_mut(doc, &at) {
            *slot = replacement;
        }
    }
}

/// The response a `$ref` to a request body with `content` stands for.
fn replacement(doc: &Value, response: &Value) -> Option<Value> {
    let reference = response.get("$ref")?.as_str()?;
    reference.strip_prefix(PREFIX)?;
    let body = follow(doc, reference)?.as_object()?;
    let content = body.get("content")?;
    let description = body
        .get("description")
        .cloned()
        .unwrap_or_else(|| Value::String(String::new()));
    let mut out = Map::new();
    out.insert("description".into(), description);
    out.insert("content".into(), content.clone());
    Some(Value::Object(out))
}

fn place<'v>(doc: &'v Value, at: &[String]) -> Option<&'v Value> {
    at.iter().try_fold(doc, |value, key| value.get(key))
}

fn place_mut<'v>(doc: &'v mut Value, at: &[String]) -> Option<&'v mut Value> {
    at.iter().try_fold(doc, |value, key| value.get_mut(key))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::testing::repaired;
    use super::super::Policy;

    #[test]
    fn a_request_body_where_a_response_belongs_lends_its_content() {
        let (doc, diags) = repaired(
            "\
paths:
  /a:
    put:
      responses:
        '200': {$ref: '#/components/requestBodies/Data'}
components:
  requestBodies:
    Data:
      description: The data.
      content: {application/json: {schema: {type: object}}}
",
            Policy::Repair,
        );
        assert_eq!(
            doc["paths"]["/a"]["put"]["responses"]["200"],
            json!({"description": "The data.", "content": {"application/json": {"schema": {"type": "object"}}}})
        );
        assert_eq!(
            diags,
            ["Warning paths./a.put.responses.200: the response is `#/components/requestBodies/Data`, a request body; repaired: read as a response with that request body's `content` and description"]
        );
    }
}
