//! The request check: every request the mock receives is held against the spec (its
//! method and path template, its required parameters and their types, its content type,
//! its body), and each way it breaks the spec is a [`Violation`] naming the spec place.

use std::fmt;

use super::received::Received;
use super::schemas::Schemas;
use super::spec::{readings, Location, OperationSpec};

/// One way a request breaks the spec: where in the spec, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The request, as `METHOD /path`.
    pub request: String,
    /// The spec place (`paths./v3/creds.post.parameters.limit`).
    pub place: String,
    /// What is wrong.
    pub reason: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} breaks the spec at {}: {}",
            self.request, self.place, self.reason
        )
    }
}

/// The operation whose method and path template fit the request, with the path
/// parameters' values. A literal segment wins over a parameter (`/creds/new` before
/// `/creds/{id}`), as OpenAPI says.
pub(super) fn route(
    operations: &[&'static OperationSpec],
    method: &str,
    path: &str,
) -> Option<(&'static OperationSpec, Vec<(&'static str, String)>)> {
    operations
        .iter()
        .filter(|op| op.method.eq_ignore_ascii_case(method))
        .filter_map(|op| op.match_path(path).map(|params| (*op, params)))
        .min_by_key(|(op, params)| (params.len(), op.path))
}

/// Every way `request` breaks `spec`: its values are validated against the spec's
/// schemas (`schemas`), then decoded as the generated types.
pub(super) fn check(spec: &OperationSpec, request: &Received, schemas: &Schemas) -> Vec<Violation> {
    let place = spec.place();
    let mut out = Vec::new();
    let mut violation = |place: String, reason: String| {
        out.push(Violation {
            request: format!("{} {}", request.method, request.path),
            place,
            reason,
        });
    };
    for param in spec.params {
        let values = request.values(param.location, param.name);
        let at = format!("{place}.parameters.{}", param.name);
        if values.is_empty() {
            if param.required {
                violation(
                    at,
                    format!(
                        "the required {} parameter `{}` is missing",
                        param.location.word(),
                        param.name
                    ),
                );
            }
            continue;
        }
        // A header or cookie may hold a credential: neither its value nor a message that
        // could quote it is shown.
        let secret = matches!(param.location, Location::Header | Location::Cookie);
        let shown = if secret {
            "a value".to_string()
        } else {
            format!("`{}`", values.join(","))
        };
        let detail = |reason: String| {
            if secret {
                String::new()
            } else {
                format!(": {reason}")
            }
        };
        let what = format!(
            "the {} parameter `{}` is {shown}",
            param.location.word(),
            param.name
        );
        if let Some(schema) = param.schema {
            let results: Vec<Result<(), String>> = readings(&values)
                .iter()
                .map(|value| schemas.check(schema, value))
                .collect();
            if !results.iter().any(Result::is_ok) {
                // The reading that fits the type best says most: a bound, a pattern.
                let errors: Vec<String> = results.into_iter().filter_map(Result::err).collect();
                let reason = errors
                    .iter()
                    .find(|e| !e.contains("is not of type"))
                    .or(errors.first())
                    .cloned()
                    .unwrap_or_default();
                violation(
                    at,
                    format!("{what}, which its schema does not allow{}", detail(reason)),
                );
                continue;
            }
        }
        if let Err(reason) = (param.check)(&values) {
            violation(
                at,
                format!("{what}, which is not of its type{}", detail(reason)),
            );
        }
    }
    match &spec.body {
        None => {}
        Some(body) if request.body.is_empty() && body.required => {
            violation(
                format!("{place}.requestBody"),
                "the required body is missing".to_string(),
            );
        }
        Some(_) if request.body.is_empty() => {}
        Some(body) => {
            let sent = request.header("content-type").unwrap_or("");
            let essence = sent
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            let media = body.media.iter().find(|m| media_fits(m.media, &essence));
            match media {
                None => violation(
                    format!("{place}.requestBody.content"),
                    format!(
                        "the content type `{sent}` is not one the spec accepts ({})",
                        body.media
                            .iter()
                            .map(|m| format!("`{}`", m.media))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ),
                Some(media) => {
                    let at = format!("{place}.requestBody.content.{}.schema", media.media);
                    if let Some(schema) = media.schema {
                        let verdict = serde_json::from_slice::<serde_json::Value>(&request.body)
                            .map_err(|e| format!("the body is not JSON: {e}"))
                            .and_then(|value| {
                                schemas.check(schema, &value).map_err(|reason| {
                                    format!("the body does not fit the schema: {reason}")
                                })
                            });
                        if let Err(reason) = verdict {
                            violation(at, reason);
                            return out;
                        }
                    }
                    if let Err(reason) = (media.check)(&request.body) {
                        violation(
                            at,
                            format!("the body does not decode as the operation's type: {reason}"),
                        );
                    }
                }
            }
        }
    }
    out
}

/// Whether a sent media type (lower case, without parameters) is one the spec names,
/// or fits a range it names (`*/*`, `image/*`).
fn media_fits(spec: &str, sent: &str) -> bool {
    let spec = spec
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if spec == sent || spec == "*/*" {
        return true;
    }
    match spec.strip_suffix("/*") {
        Some(kind) => sent.split('/').next() == Some(kind),
        None => false,
    }
}
