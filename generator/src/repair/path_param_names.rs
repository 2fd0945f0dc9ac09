//! A path parameter declared under another name than the template's: the path
//! `/organization/certificates/{certificate_id}` and an operation that declares the path
//! parameter `cert_id` (OpenAI's document of 2025-04-29). When exactly one `{name}` of the
//! template is declared nowhere and exactly one declared path parameter is absent from the
//! template, the one plausible reading is that they are the same parameter: the
//! declaration is renamed to the template's name. Any other count (two of each, or an
//! unused declaration with no undeclared name) has no single reading and is left for
//! validation to report.
//!
//! This runs before [`super::path_params`], so an operation of the same path that declares
//! nothing then gets the renamed declaration.

use serde_json::Value;

use crate::diag::DocPath;

use super::path_params::template_names;
use super::{resolve, Defect, Kind, Repairs, METHODS};

/// One declaration to rename: where its `parameters` list is (the path item's, or an
/// operation's), its index there, its name and the template's name it stands for.
struct Rename {
    template: String,
    method: Option<&'static str>,
    index: usize,
    from: String,
    to: String,
}

pub(super) fn repair(doc: &mut Value, repairs: &mut Repairs<'_>) {
    let renames = match doc.get("paths") {
        Some(Value::Object(paths)) => paths
            .iter()
            .flat_map(|(template, item)| renames(doc, template, item))
            .collect(),
        _ => Vec::new(),
    };
    for rename in renames {
        let Rename {
            template,
            method,
            index,
            from,
            to,
        } = rename;
        let mut at = DocPath::from_segments(["paths", template.as_str()]);
        if let Some(method) = method {
            at = at.push(method);
        }
        let list = at.push("parameters").push(index);
        let Some(entry) = parameters(doc, &template, method).and_then(|list| list.get(index))
        else {
            continue;
        };
        let is_ref = entry.get("$ref").is_some();
        let whose = if method.is_some() {
            "the operation"
        } else {
            "the path"
        };
        let defect = Defect {
            kind: Kind::MisnamedPathParameter,
            at: if is_ref { list } else { list.push("name") },
            says: format!(
                "the path `{template}` uses `{{{to}}}`, which no parameter declares, and \
                 {whose} declares the path parameter `{from}`, which the path does not use"
            ),
            assumed: format!("the same parameter: `{from}` renamed `{to}`"),
            fix: format!(
                "rename the parameter `{from}` to `{to}`, or write `{{{from}}}` in the path"
            ),
        };
        if !repairs.found(defect) {
            continue;
        }
        // A `$ref` is replaced by a renamed copy of what it refers to: the component
        // may be used, under its own name, by another path.
        let mut renamed = match resolve(doc, entry) {
            Some(declaration) => declaration.clone(),
            None => continue,
        };
        if let Some(object) = renamed.as_object_mut() {
            object.insert("name".into(), Value::String(to));
        }
        if let Some(slot) =
            parameters_mut(doc, &template, method).and_then(|list| list.get_mut(index))
        {
            *slot = renamed;
        }
    }
}

/// The renames one path item needs: at most one for the path item's own list, or one per
/// operation.
fn renames(doc: &Value, template: &str, item: &Value) -> Vec<Rename> {
    let Some(item) = item.as_object().filter(|i| !i.contains_key("$ref")) else {
        return Vec::new();
    };
    let Some(names) = template_names(template) else {
        return Vec::new();
    };
    let shared = path_parameters(doc, item.get("parameters"));
    let operations: Vec<(&'static str, Vec<(usize, String)>)> = METHODS
        .into_iter()
        .filter_map(|method| {
            let operation = item.get(method).filter(|op| op.is_object())?;
            Some((method, path_parameters(doc, operation.get("parameters"))))
        })
        .collect();
    let unused = |list: &[(usize, String)]| -> Vec<(usize, String)> {
        list.iter()
            .filter(|(_, name)| !names.contains(name))
            .cloned()
            .collect()
    };
    // The template's names an operation (or, with none, the path) leaves undeclared.
    let undeclared = |own: &[(usize, String)]| -> Vec<String> {
        names
            .iter()
            .filter(|name| {
                !shared.iter().any(|(_, n)| n == *name) && !own.iter().any(|(_, n)| n == *name)
            })
            .cloned()
            .collect()
    };
    let shared_unused = unused(&shared);
    let mut renames = Vec::new();
    if !shared_unused.is_empty() {
        // The path item's declaration: one unused, and the same one name undeclared for
        // every operation that declares nothing unused of its own.
        let mut missing: Vec<String> = if operations.is_empty() {
            undeclared(&[])
        } else {
            operations
                .iter()
                .flat_map(|(_, own)| undeclared(own))
                .collect()
        };
        missing.sort();
        missing.dedup();
        let own_unused = operations.iter().any(|(_, own)| !unused(own).is_empty());
        if let ([(index, from)], [to], false) = (&shared_unused[..], &missing[..], own_unused) {
            renames.push(Rename {
                template: template.to_string(),
                method: None,
                index: *index,
                from: from.clone(),
                to: to.clone(),
            });
        }
        return renames;
    }
    for (method, own) in &operations {
        if let ([(index, from)], [to]) = (&unused(own)[..], &undeclared(own)[..]) {
            renames.push(Rename {
                template: template.to_string(),
                method: Some(method),
                index: *index,
                from: from.clone(),
                to: to.clone(),
            });
        }
    }
    renames
}

/// The path parameters a `parameters` list declares (following `$ref`s), each with its
/// index in the list.
fn path_parameters(doc: &Value, parameters: Option<&Value>) -> Vec<(usize, String)> {
    let Some(Value::Array(list)) = parameters else {
        return Vec::new();
    };
    list.iter()
        .enumerate()
        .filter_map(|(index, p)| Some((index, resolve(doc, p)?)))
        .filter(|(_, p)| p.get("in").and_then(Value::as_str) == Some("path"))
        .filter_map(|(index, p)| Some((index, p.get("name")?.as_str()?.to_string())))
        .collect()
}

/// The `parameters` list of the path item `template`, or of its operation `method`.
fn parameters<'v>(doc: &'v Value, template: &str, method: Option<&str>) -> Option<&'v Vec<Value>> {
    let item = doc.get("paths")?.get(template)?;
    let owner = match method {
        Some(method) => item.get(method)?,
        None => item,
    };
    owner.get("parameters")?.as_array()
}

/// [`parameters`], to change.
fn parameters_mut<'v>(
    doc: &'v mut Value,
    template: &str,
    method: Option<&str>,
) -> Option<&'v mut Vec<Value>> {
    let item = doc.get_mut("paths")?.get_mut(template)?;
    let owner = match method {
        Some(method) => item.get_mut(method)?,
        None => item,
    };
    owner.get_mut("parameters")?.as_array_mut()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::testing::repaired;
    use super::super::Policy;

    /// OpenAI's document of 2025-04-29: `{certificate_id}` in the path, `cert_id` declared
    /// by `GET`; `POST` declares nothing and then gets `GET`'s declaration, renamed.
    const OPENAI: &str = "\
paths:
  /organization/certificates/{certificate_id}:
    get:
      parameters:
        - {name: cert_id, in: path, required: true, description: Unique ID, schema: {type: string}}
        - {name: include, in: query, schema: {type: string}}
      responses: {'200': {description: ok}}
    post: {responses: {'200': {description: ok}}}
";

    #[test]
    fn the_one_unused_declaration_is_the_one_undeclared_name() {
        let (doc, diags) = repaired(OPENAI, Policy::Repair);
        let item = &doc["paths"]["/organization/certificates/{certificate_id}"];
        let renamed = json!({"name": "certificate_id", "in": "path", "required": true,
            "description": "Unique ID", "schema": {"type": "string"}});
        assert_eq!(item["get"]["parameters"][0], renamed);
        assert_eq!(item["post"]["parameters"][0], renamed);
        assert_eq!(diags.len(), 2, "{diags:#?}");
        assert!(
            diags[0].starts_with(
                "Warning paths./organization/certificates/{certificate_id}.get.parameters.0.name: \
                 the path `/organization/certificates/{certificate_id}` uses `{certificate_id}`"
            ),
            "{diags:#?}"
        );
    }

    #[test]
    fn strict_changes_nothing() {
        let (doc, diags) = repaired(OPENAI, Policy::Strict);
        let item = &doc["paths"]["/organization/certificates/{certificate_id}"];
        assert_eq!(item["get"]["parameters"][0]["name"], "cert_id");
        assert!(diags.iter().all(|d| d.starts_with("Error")), "{diags:#?}");
    }

    #[test]
    fn a_referenced_declaration_is_copied_and_renamed_and_a_path_level_one_renamed() {
        let (doc, diags) = repaired(
            "\
paths:
  /a/{a_id}:
    get:
      parameters: [{$ref: '#/components/parameters/Id'}]
      responses: {'200': {description: ok}}
  /b/{b_id}:
    parameters: [{$ref: '#/components/parameters/Id'}]
    get: {responses: {'200': {description: ok}}}
    put: {responses: {'200': {description: ok}}}
  /c/{id}:
    get:
      parameters: [{$ref: '#/components/parameters/Id'}]
      responses: {'200': {description: ok}}
components:
  parameters:
    Id: {name: id, in: path, required: true, schema: {type: integer}}
",
            Policy::Repair,
        );
        let renamed = |name: &str| json!({"name": name, "in": "path", "required": true, "schema": {"type": "integer"}});
        assert_eq!(
            doc["paths"]["/a/{a_id}"]["get"]["parameters"][0],
            renamed("a_id")
        );
        assert_eq!(doc["paths"]["/b/{b_id}"]["parameters"][0], renamed("b_id"));
        // The component keeps its name for the path that uses it as written.
        assert_eq!(
            doc["paths"]["/c/{id}"]["get"]["parameters"][0],
            json!({"$ref": "#/components/parameters/Id"})
        );
        assert_eq!(doc["components"]["parameters"]["Id"]["name"], "id");
        assert_eq!(diags.len(), 2, "{diags:#?}");
    }

    #[test]
    fn more_than_one_reading_is_left_alone() {
        let text = "\
paths:
  /two/{a}/{b}:
    get:
      parameters:
        - {name: x, in: path, required: true, schema: {type: string}}
        - {name: y, in: path, required: true, schema: {type: string}}
      responses: {'200': {description: ok}}
  /unused/{a}:
    get:
      parameters:
        - {name: a, in: path, required: true, schema: {type: string}}
        - {name: x, in: path, required: true, schema: {type: string}}
      responses: {'200': {description: ok}}
  /both/{a}:
    parameters: [{name: x, in: path, required: true, schema: {type: string}}]
    get:
      parameters: [{name: y, in: path, required: true, schema: {type: string}}]
      responses: {'200': {description: ok}}
";
        let (doc, _) = repaired(text, Policy::Repair);
        let get = |path: &str| doc["paths"][path]["get"]["parameters"].clone();
        assert_eq!(get("/two/{a}/{b}")[0]["name"], "x");
        assert_eq!(get("/two/{a}/{b}")[1]["name"], "y");
        assert_eq!(get("/unused/{a}")[1]["name"], "x");
        assert_eq!(get("/both/{a}")[0]["name"], "y");
        assert_eq!(doc["paths"]["/both/{a}"]["parameters"][0]["name"], "x");
    }
}
