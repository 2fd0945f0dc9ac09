//! The same `operationId` on two operations (a framework that serves `HEAD` beside `GET`
//! gives both the `GET`'s id, as Svix's API does): the first, in document order, keeps it;
//! each later one is read without an `operationId`, so it is named from its method and
//! path like any operation without one.

use std::collections::HashMap;

use serde_json::Value;

use crate::diag::DocPath;

use super::{Defect, Kind, Repairs, METHODS};

pub(super) fn repair(doc: &mut Value, repairs: &mut Repairs<'_>) {
    let mut first: HashMap<String, (String, &'static str)> = HashMap::new();
    let mut later: Vec<(String, &'static str, String, String)> = Vec::new();
    if let Some(Value::Object(paths)) = doc.get("paths") {
        for (template, item) in paths {
            for method in METHODS {
                let Some(id) = item
                    .get(method)
                    .and_then(|op| op.get("operationId"))
                    .and_then(Value::as_str)
                else {
                    continue;
                };
                match first.get(id) {
                    Some((path, by)) => later.push((
                        template.clone(),
                        method,
                        id.to_string(),
                        format!("{} {path}", by.to_uppercase()),
                    )),
                    None => {
                        first.insert(id.to_string(), (template.clone(), method));
                    }
                }
            }
        }
    }
    for (template, method, id, owner) in later {
        if !repairs.found(Defect {
            kind: Kind::DuplicateOperationId,
            at: DocPath::from_segments(["paths", template.as_str(), method, "operationId"]),
            says: format!("the operationId `{id}` is already used by `{owner}`"),
            assumed: format!(
                "an operation without `operationId`, named from `{} {template}`",
                method.to_uppercase()
            ),
            fix: "give each operation an operationId of its own".into(),
        }) {
            continue;
        }
        if let Some(Value::Object(operation)) = doc
            .get_mut("paths")
            .and_then(|p| p.get_mut(&template))
            .and_then(|item| item.get_mut(method))
        {
            operation.shift_remove("operationId");
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::testing::repaired;
    use super::super::Policy;

    #[test]
    fn later_duplicates_lose_their_operation_id() {
        let (doc, diags) = repaired(
            "\
paths:
  /health:
    get: {operationId: health, responses: {'204': {description: ok}}}
    head: {operationId: health, responses: {'204': {description: ok}}}
",
            Policy::Repair,
        );
        assert_eq!(
            doc["paths"]["/health"]["get"]["operationId"],
            json!("health")
        );
        assert_eq!(doc["paths"]["/health"]["head"].get("operationId"), None);
        assert_eq!(
            diags,
            ["Warning paths./health.head.operationId: the operationId `health` is already used by `GET /health`; repaired: read as an operation without `operationId`, named from `HEAD /health`"]
        );
    }
}
