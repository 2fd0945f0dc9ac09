//! The request check: every request the mock receives is held against the spec (its
//! method and path template, its required parameters and their types, its content type,
//! its body), and each way it breaks the spec is a [`Violation`] naming the spec place.

use std::fmt;

use super::received::Received;
use super::spec::{Location, OperationSpec};

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

/// Every way `request` breaks `spec`.
pub(super) fn check(spec: &OperationSpec, request: &Received) -> Vec<Violation> {
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
        if let Err(reason) = (param.check)(&values) {
            let shown = if param.location == Location::Header || param.location == Location::Cookie
            {
                "a value".to_string()
            } else {
                format!("`{}`", values.join(","))
            };
            violation(
                at,
                format!(
                    "the {} parameter `{}` is {shown}, which is not of its type: {reason}",
                    param.location.word(),
                    param.name
                ),
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
            let media = body
                .media
                .iter()
                .find(|(media, _)| media_fits(media, &essence));
            match media {
                None => violation(
                    format!("{place}.requestBody.content"),
                    format!(
                        "the content type `{sent}` is not one the spec accepts ({})",
                        body.media
                            .iter()
                            .map(|(m, _)| format!("`{m}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ),
                Some((media, decodes)) => {
                    if let Err(reason) = decodes(&request.body) {
                        violation(
                            format!("{place}.requestBody.content.{media}.schema"),
                            format!("the body does not fit the schema: {reason}"),
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
