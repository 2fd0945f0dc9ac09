//! The top level and the `openapi` version: a mapping, OpenAPI 3.0.x, and not Swagger 2.0
//! nor OpenAPI 3.1 (each refused with a message saying what to do).
//!
//! Runs before anything else looks at the document; it must never accept a document it
//! cannot vouch for, since everything after it assumes OpenAPI 3.0.

use serde_json::Value;

use crate::diag::words::describe;
use crate::diag::{Diagnostics, DocPath};

/// Checks the top level and the `openapi` version. Returns whether loading may go on.
pub(super) fn check_version(raw: &Value, diags: &mut Diagnostics) -> bool {
    let root = DocPath::root();
    let Value::Object(map) = raw else {
        diags.error(
            &root,
            format!(
                "not an OpenAPI document: expected a mapping at the top level, found {}",
                describe(raw)
            ),
        );
        return false;
    };
    if let Some(swagger) = map.get("swagger") {
        let version = match swagger {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        diags
            .error(
                &root.push("swagger"),
                format!("Swagger {version} documents are not supported"),
            )
            .help("convert it to OpenAPI 3.0 (for example with swagger2openapi) and run again");
        return false;
    }
    let path = root.push("openapi");
    match map.get("openapi") {
        None => {
            diags
                .error(&root, "missing the `openapi` version field")
                .help("add `openapi: \"3.0.3\"` at the top of the document");
            false
        }
        Some(Value::String(version)) => {
            let version = version.trim();
            if version == "3.0" || version.starts_with("3.0.") {
                true
            } else if version == "3.1" || version.starts_with("3.1.") {
                diags.error(&path, "OpenAPI 3.1 is not supported yet").help(
                    "only OpenAPI 3.0.x documents are supported; convert or downgrade \
                         the document to 3.0 and run again",
                );
                false
            } else {
                diags
                    .error(&path, format!("unsupported OpenAPI version `{version}`"))
                    .help("only OpenAPI 3.0.x documents are supported");
                false
            }
        }
        Some(Value::Number(number)) => {
            diags
                .error(
                    &path,
                    format!("the `openapi` version must be a string, found the number {number}"),
                )
                .help("quote it, for example `openapi: \"3.0.3\"`");
            false
        }
        Some(other) => {
            diags
                .error(
                    &path,
                    format!(
                        "the `openapi` version must be a string, found {}",
                        describe(other)
                    ),
                )
                .help("write for example `openapi: \"3.0.3\"`");
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::load::testing::errors;

    #[test]
    fn versions() {
        assert_eq!(
            errors("swagger: '2.0'\n"),
            [": Swagger 2.0 documents are not supported"].map(|s| format!("swagger{s}"))
        );
        assert_eq!(
            errors("openapi: 3.1.0\n"),
            ["openapi: OpenAPI 3.1 is not supported yet"]
        );
        assert_eq!(
            errors("openapi: 2.5.0\n"),
            ["openapi: unsupported OpenAPI version `2.5.0`"]
        );
        assert_eq!(
            errors("openapi: 3.0\n"),
            ["openapi: the `openapi` version must be a string, found the number 3.0"]
        );
        assert_eq!(
            errors("info: {}\n"),
            ["(document root): missing the `openapi` version field"]
        );
        assert_eq!(errors("- a\n"), ["(document root): not an OpenAPI document: expected a mapping at the top level, found a list"]);
    }
}
