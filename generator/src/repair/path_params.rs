//! A `{name}` of a path template that no parameter declares (neither the path item's nor
//! the operation's): when another operation of the same path declares it (Svix's API
//! declares `app_id` on `PUT` but not on `GET`), that declaration, added to each operation
//! that lacks it; otherwise a required string path parameter `name`, which is what every
//! path parameter is on the wire, added to the path item's `parameters` (one warning for
//! the path).
//!
//! Only the braces are read here; a malformed template is left for validation to report.

use serde_json::{json, Map, Value};

use crate::diag::DocPath;

use super::{resolve, Defect, Kind, Repairs, METHODS};

pub(super) fn repair(doc: &mut Value, repairs: &mut Repairs<'_>) {
    // What to add where, found by reading; then added.
    let mut additions: Vec<(String, Option<&'static str>, String, Option<Value>)> = Vec::new();
    if let Some(Value::Object(paths)) = doc.get("paths") {
        for (template, item) in paths {
            let Some(item) = item.as_object().filter(|i| !i.contains_key("$ref")) else {
                continue;
            };
            let Some(names) = template_names(template) else {
                continue;
            };
            let shared = declared(doc, item.get("parameters"));
            let methods: Vec<&'static str> = METHODS
                .into_iter()
                .filter(|m| item.get(*m).is_some_and(Value::is_object))
                .collect();
            for name in names {
                if shared.contains(&name) {
                    continue;
                }
                let lacking: Vec<&'static str> = methods
                    .iter()
                    .copied()
                    .filter(|m| {
                        let own = item.get(*m).and_then(|op| op.get("parameters"));
                        !declared(doc, own).contains(&name)
                    })
                    .collect();
                if lacking.is_empty() {
                    continue;
                }
                if lacking.len() == methods.len() {
                    additions.push((template.clone(), None, name, None));
                } else {
                    let sibling = methods.iter().find_map(|m| {
                        let own = item.get(*m).and_then(|op| op.get("parameters"));
                        declaration(doc, own, &name)
                    });
                    for method in lacking {
                        additions.push((
                            template.clone(),
                            Some(method),
                            name.clone(),
                            sibling.clone(),
                        ));
                    }
                }
            }
        }
    }
    for (template, method, name, sibling) in additions {
        let mut at = DocPath::from_segments(["paths", template.as_str()]);
        if let Some(method) = method {
            at = at.push(method);
        }
        let whose = if method.is_some() {
            "the operation declares no"
        } else {
            "neither the path nor any of its operations declares a"
        };
        let assumed = match &sibling {
            Some(_) => {
                format!("the parameter `{name}` as another operation of the path declares it")
            }
            None => format!("a required string path parameter `{name}`"),
        };
        if !repairs.found(Defect {
            kind: Kind::UndeclaredPathParameter,
            at,
            says: format!(
                "the path `{template}` uses `{{{name}}}`, but {whose} path parameter `{name}`"
            ),
            assumed,
            fix: match method {
                Some(_) => format!("declare the path parameter `{name}` in the operation's `parameters`, or once in the path's"),
                None => format!("add `{{name: {name}, in: path, required: true, schema: {{type: string}}}}` to the `parameters` of the path"),
            },
        }) {
            continue;
        }
        let Some(Value::Object(item)) = doc.get_mut("paths").and_then(|p| p.get_mut(&template))
        else {
            continue;
        };
        let owner: Option<&mut Map<String, Value>> = match method {
            Some(method) => item.get_mut(method).and_then(Value::as_object_mut),
            None => Some(item),
        };
        let Some(owner) = owner else {
            continue;
        };
        let parameter = sibling.unwrap_or_else(
            || json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}),
        );
        match owner.get_mut("parameters") {
            Some(Value::Array(list)) => list.push(parameter),
            Some(_) => {}
            None => {
                owner.insert("parameters".into(), Value::Array(vec![parameter]));
            }
        }
    }
}

/// The names of the path parameters a `parameters` list declares (following `$ref`s).
fn declared(doc: &Value, parameters: Option<&Value>) -> Vec<String> {
    let Some(Value::Array(list)) = parameters else {
        return Vec::new();
    };
    list.iter()
        .filter_map(|p| resolve(doc, p))
        .filter(|p| p.get("in").and_then(Value::as_str) == Some("path"))
        .filter_map(|p| p.get("name").and_then(Value::as_str))
        .map(str::to_string)
        .collect()
}

/// The declaration of the path parameter `name` in a `parameters` list (its `$ref` kept).
fn declaration(doc: &Value, parameters: Option<&Value>, name: &str) -> Option<Value> {
    let Some(Value::Array(list)) = parameters else {
        return None;
    };
    list.iter()
        .find(|p| {
            resolve(doc, p).is_some_and(|p| {
                p.get("in").and_then(Value::as_str) == Some("path")
                    && p.get("name").and_then(Value::as_str) == Some(name)
            })
        })
        .cloned()
}

/// The `{name}`s of a path template, or `None` when its braces are malformed.
pub(super) fn template_names(template: &str) -> Option<Vec<String>> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return None;
        }
        let after = &rest[open + 1..];
        let close = after.find(['{', '}'])?;
        if !after[close..].starts_with('}') || close == 0 {
            return None;
        }
        let name = &after[..close];
        if !names.iter().any(|n| n == name) {
            names.push(name.to_string());
        }
        rest = &after[close + 1..];
    }
    Some(names)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::testing::repaired;
    use super::super::Policy;
    use super::template_names;

    #[test]
    fn names_of_templates() {
        assert_eq!(
            template_names("/a/{b}/c/{d}.json"),
            Some(vec!["b".to_string(), "d".to_string()])
        );
        assert_eq!(template_names("/a/{b"), None);
        assert_eq!(template_names("/a/b}"), None);
        assert_eq!(template_names("/a/{}"), None);
        assert_eq!(template_names("/a/{{b}}"), None);
    }

    #[test]
    fn undeclared_names_become_path_parameters() {
        let (doc, diags) = repaired(
            "\
paths:
  /teams/{teamId}/members/{memberId}:
    parameters: [{$ref: '#/components/parameters/Member'}]
    get: {responses: {'200': {description: ok}}}
    put: {responses: {'200': {description: ok}}}
  /users/{id}:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
      responses: {'200': {description: ok}}
    delete: {responses: {'204': {description: ok}}}
components:
  parameters:
    Member: {name: memberId, in: path, required: true, schema: {type: string}}
",
            Policy::Repair,
        );
        let parameter =
            json!({"name": "teamId", "in": "path", "required": true, "schema": {"type": "string"}});
        assert_eq!(
            doc["paths"]["/teams/{teamId}/members/{memberId}"]["parameters"][1],
            parameter
        );
        // Another operation of the path declares `id`: its declaration, schema and all.
        assert_eq!(
            doc["paths"]["/users/{id}"]["delete"]["parameters"][0],
            json!({"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}})
        );
        assert_eq!(doc["paths"]["/users/{id}"].get("parameters"), None);
        assert_eq!(diags.len(), 2, "{diags:#?}");
    }
}
