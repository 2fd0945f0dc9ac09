//! A server URL `https://{region}.example.com` whose variable its server does not declare:
//!
//! - where a server of an enclosing level (the path item's, or the document's) declares a
//!   variable of that name: that declaration, copied (Sentry's API declares `region` once,
//!   on the document's server, and uses it again on an operation's server);
//! - where no server declares it: a variable with no default, which the caller must set.
//!   OpenAPI requires a `default`, so the declaration added says "none" the one way the
//!   3.0 model can carry: the variable's own `{region}` placeholder as its default, which
//!   fills nothing in. Lowering reads that as no default (`ir::ServerVariable::default`
//!   is `None`), and the generated client's `build` refuses a URL still holding the
//!   placeholder, naming the variable.

use serde_json::{json, Map, Value};

use crate::diag::DocPath;

use super::{Defect, Kind, Repairs, METHODS};

pub(super) fn repair(doc: &mut Value, repairs: &mut Repairs<'_>) {
    let top = declared(doc.get("servers"));
    let mut additions: Vec<Addition> = Vec::new();
    find(doc.get("servers"), &[], &mut additions, &["servers".into()]);
    if let Some(Value::Object(paths)) = doc.get("paths") {
        for (template, item) in paths {
            let item_servers = item.get("servers");
            let outer = [declared(item_servers), top.clone()];
            let at = vec!["paths".to_string(), template.clone(), "servers".into()];
            find(item_servers, &outer[1..], &mut additions, &at);
            for method in METHODS {
                let servers = item.get(method).and_then(|op| op.get("servers"));
                let at = vec![
                    "paths".to_string(),
                    template.clone(),
                    method.to_string(),
                    "servers".into(),
                ];
                find(servers, &outer, &mut additions, &at);
            }
        }
    }
    for Addition {
        at,
        index: i,
        name,
        declaration,
    } in additions
    {
        let url = at
            .iter()
            .try_fold(&*doc, |value, key| value.get(key))
            .and_then(|list| list.get(i))
            .and_then(|server| server.get("url"))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let at_url =
            DocPath::from_segments(at.iter().cloned().chain([i.to_string(), "url".into()]));
        let defect = match &declaration {
            Some(declaration) => {
                let default = declaration
                    .get("default")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                Defect {
                    kind: Kind::ServerVariable,
                    at: at_url,
                    says: format!(
                        "the server URL `{url}` uses `{{{name}}}`, which this server does not declare under `variables`"
                    ),
                    assumed: format!(
                        "the variable `{name}` as an enclosing server declares it (default `{default}`)"
                    ),
                    fix: format!("add `variables: {{{name}: {{default: {default}}}}}` to this server"),
                }
            }
            None => Defect {
                kind: Kind::UndeclaredServerVariable,
                at: at_url,
                says: format!(
                    "the server URL `{url}` uses `{{{name}}}`, which no server declares under `variables`"
                ),
                assumed: format!(
                    "a variable `{name}` with no default, which the caller sets (the client's `server_with`, or `base_url`) before `build`"
                ),
                fix: format!("add `variables: {{{name}: {{default: ...}}}}` to this server"),
            },
        };
        if !repairs.found(defect) {
            continue;
        }
        let server = at
            .iter()
            .try_fold(&mut *doc, |value, key| value.get_mut(key))
            .and_then(|list| list.get_mut(i))
            .and_then(Value::as_object_mut);
        if let Some(server) = server {
            let variables = server
                .entry("variables")
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(variables) = variables {
                let declaration =
                    declaration.unwrap_or_else(|| json!({ "default": format!("{{{name}}}") }));
                variables.insert(name, declaration);
            }
        }
    }
}

/// The variables the servers of a list declare, the first declaration of each name.
fn declared(servers: Option<&Value>) -> Map<String, Value> {
    let mut out = Map::new();
    let Some(Value::Array(servers)) = servers else {
        return out;
    };
    for server in servers {
        if let Some(Value::Object(variables)) = server.get("variables") {
            for (name, variable) in variables {
                if !out.contains_key(name) {
                    out.insert(name.clone(), variable.clone());
                }
            }
        }
    }
    out
}

/// A variable to declare on a server.
struct Addition {
    /// Where the server list is.
    at: Vec<String>,
    /// The server's index in it.
    index: usize,
    /// The variable's name.
    name: String,
    /// The declaration an enclosing server has; `None` when no server declares it.
    declaration: Option<Value>,
}

/// Records, for each server of `servers` (at `at`), the variables its URL uses that it
/// does not declare, with the declaration of the nearest of `outer` that does.
fn find(
    servers: Option<&Value>,
    outer: &[Map<String, Value>],
    additions: &mut Vec<Addition>,
    at: &[String],
) {
    let Some(Value::Array(servers)) = servers else {
        return;
    };
    for (i, server) in servers.iter().enumerate() {
        let Some(url) = server.get("url").and_then(Value::as_str) else {
            continue;
        };
        let own = server.get("variables").and_then(Value::as_object);
        for name in names(url) {
            if own.is_some_and(|v| v.contains_key(name)) {
                continue;
            }
            additions.push(Addition {
                at: at.to_vec(),
                index: i,
                name: name.to_string(),
                declaration: outer.iter().find_map(|level| level.get(name)).cloned(),
            });
        }
    }
}

/// The `{name}`s of a URL (well-formed ones only; validation reports the rest).
fn names(url: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = url;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            break;
        };
        let name = &after[..close];
        if !name.is_empty() && !name.contains('{') && !out.contains(&name) {
            out.push(name);
        }
        rest = &after[close + 1..];
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::testing::repaired;
    use super::super::Policy;

    #[test]
    fn a_variable_an_enclosing_server_declares_is_copied() {
        let (doc, diags) = repaired(
            "\
servers:
  - url: 'https://{region}.example.com'
    variables: {region: {default: us, enum: [us, de]}}
paths:
  /a:
    get:
      servers: [{url: 'https://{region}.example.com/{other}'}]
      responses: {'200': {description: ok}}
",
            Policy::Repair,
        );
        assert_eq!(
            doc["paths"]["/a"]["get"]["servers"][0]["variables"]["region"],
            json!({"default": "us", "enum": ["us", "de"]})
        );
        // `{other}` is declared nowhere: a variable with no default.
        assert_eq!(
            doc["paths"]["/a"]["get"]["servers"][0]["variables"]["other"],
            json!({"default": "{other}"})
        );
        assert_eq!(diags.len(), 2, "{diags:#?}");
        assert!(diags[1].contains("which no server declares"), "{diags:#?}");
    }

    #[test]
    fn a_variable_declared_nowhere_has_no_default() {
        let text = "\
servers:
  - url: 'https://{region}.example.com/{region}'
paths: {}
";
        let (doc, diags) = repaired(text, Policy::Repair);
        assert_eq!(
            doc["servers"][0]["variables"],
            json!({"region": {"default": "{region}"}})
        );
        assert_eq!(
            diags,
            ["Warning servers.0.url: the server URL `https://{region}.example.com/{region}` uses `{region}`, which no server declares under `variables`; repaired: read as a variable `region` with no default, which the caller sets (the client's `server_with`, or `base_url`) before `build`"]
        );
        let (doc, diags) = repaired(text, Policy::Strict);
        assert_eq!(doc["servers"][0].get("variables"), None);
        assert_eq!(diags.len(), 1, "{diags:#?}");
        assert!(diags[0].starts_with("Error servers.0.url:"), "{diags:#?}");
    }
}
