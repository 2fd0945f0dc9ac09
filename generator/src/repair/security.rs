//! Security: a requirement whose scopes are `null` (`security: [{oauth2: null}]`) means no
//! scopes; an OAuth 2 flow without `scopes` has none; a requirement naming a scheme that
//! `components.securitySchemes` lacks cannot be applied, so it is dropped (the operation
//! is still generated; the caller adds what the scheme would have sent, with a header).

use serde_json::Value;

use crate::diag::DocPath;

use super::{Defect, Kind, Repairs, METHODS};

/// The OAuth 2 flows that must list their scopes.
const FLOWS: [&str; 4] = [
    "implicit",
    "password",
    "clientCredentials",
    "authorizationCode",
];

pub(super) fn repair(doc: &mut Value, repairs: &mut Repairs<'_>) {
    flows(doc, repairs);
    let schemes: Option<Vec<String>> = doc
        .pointer("/components/securitySchemes")
        .and_then(Value::as_object)
        .map(|schemes| schemes.keys().cloned().collect());
    requirements(
        doc.get_mut("security"),
        &DocPath::from_segments(["security"]),
        schemes.as_deref(),
        repairs,
    );
    let Some(Value::Object(paths)) = doc.get_mut("paths") else {
        return;
    };
    for (template, item) in paths.iter_mut() {
        let Value::Object(item) = item else {
            continue;
        };
        for method in METHODS {
            let Some(operation) = item.get_mut(method) else {
                continue;
            };
            let at = DocPath::from_segments(["paths", template.as_str(), method, "security"]);
            requirements(
                operation.get_mut("security"),
                &at,
                schemes.as_deref(),
                repairs,
            );
        }
    }
}

/// OAuth 2 flows without `scopes` get an empty map.
fn flows(doc: &mut Value, repairs: &mut Repairs<'_>) {
    let Some(Value::Object(schemes)) = doc.pointer_mut("/components/securitySchemes") else {
        return;
    };
    for (name, scheme) in schemes.iter_mut() {
        let Some(Value::Object(flows)) = scheme.get_mut("flows") else {
            continue;
        };
        for flow in FLOWS {
            let Some(Value::Object(flow_object)) = flows.get_mut(flow) else {
                continue;
            };
            if flow_object.contains_key("scopes") {
                continue;
            }
            let at = DocPath::from_segments(["components", "securitySchemes", name, "flows", flow]);
            if repairs.found(Defect {
                kind: Kind::MissingScopes,
                at,
                says: format!("the OAuth 2 flow `{flow}` of `{name}` lists no `scopes`"),
                assumed: "a flow with no scopes".into(),
                fix: "add `scopes: {}` to the flow".into(),
            }) {
                flow_object.insert("scopes".into(), Value::Object(Default::default()));
            }
        }
    }
}

/// A `security` list at `at`: `null` scopes become `[]`; requirements naming a scheme
/// not in `schemes` are dropped (when the document defines its schemes at all, or names
/// none).
fn requirements(
    security: Option<&mut Value>,
    at: &DocPath,
    schemes: Option<&[String]>,
    repairs: &mut Repairs<'_>,
) {
    let Some(Value::Array(list)) = security else {
        return;
    };
    let mut dropped = Vec::new();
    for (i, requirement) in list.iter_mut().enumerate() {
        let Value::Object(requirement) = requirement else {
            continue;
        };
        for (scheme, scopes) in requirement.iter_mut() {
            if scopes.is_null()
                && repairs.found(Defect {
                    kind: Kind::NullScopes,
                    at: at.push(i).push(scheme),
                    says: format!("the requirement of `{scheme}` lists its scopes as `null`"),
                    assumed: "an empty list of scopes".into(),
                    fix: format!("write `{scheme}: []`"),
                })
            {
                *scopes = Value::Array(Vec::new());
            }
        }
        let unknown = requirement
            .keys()
            .find(|scheme| !schemes.is_some_and(|s| s.contains(scheme)))
            .cloned();
        if let Some(scheme) = unknown {
            let others = requirement.len() > 1;
            if repairs.found(Defect {
                kind: Kind::UnknownScheme,
                at: at.push(i).push(&scheme),
                says: format!(
                    "the security requirement names `{scheme}`, which `components.securitySchemes` does not define"
                ),
                assumed: if others {
                    "no requirement: it cannot be met without that scheme, so it is dropped with the schemes it names beside it".into()
                } else {
                    "no requirement: it cannot be applied, so it is dropped (send the credential yourself, with a header)".into()
                },
                fix: format!("define `{scheme}` under `components.securitySchemes`"),
            }) {
                dropped.push(i);
            }
        }
    }
    for i in dropped.into_iter().rev() {
        list.remove(i);
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::testing::repaired;
    use super::super::Policy;

    const DOC: &str = "\
security: [{oauth2: null}, {missing: []}]
paths:
  /a:
    get:
      security: [{oauth2: [read]}, {key: [], gone: []}]
      responses: {'200': {description: ok}}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
    oauth2:
      type: oauth2
      flows:
        clientCredentials: {tokenUrl: 'https://example.com/token'}
";

    #[test]
    fn security_is_repaired() {
        let (doc, diags) = repaired(DOC, Policy::Repair);
        assert_eq!(doc["security"], json!([{"oauth2": []}]));
        assert_eq!(
            doc["paths"]["/a"]["get"]["security"],
            json!([{"oauth2": ["read"]}])
        );
        assert_eq!(
            doc["components"]["securitySchemes"]["oauth2"]["flows"]["clientCredentials"]["scopes"],
            json!({})
        );
        assert_eq!(diags.len(), 4, "{diags:#?}");
    }

    #[test]
    fn strict_changes_nothing() {
        let (doc, diags) = repaired(DOC, Policy::Strict);
        assert_eq!(doc["security"], json!([{"oauth2": null}, {"missing": []}]));
        assert_eq!(diags.len(), 4);
        assert!(diags.iter().all(|d| d.starts_with("Error")), "{diags:#?}");
    }
}
