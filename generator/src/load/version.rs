//! The top level and the `openapi` version: a mapping, OpenAPI 3.0.x or 3.1.x, and not
//! Swagger 2.0 nor another version (each refused with a message saying what to do).
//!
//! Runs before anything else looks at the document; it must never accept a document it
//! cannot vouch for, since everything after it assumes the dialect it names.

use serde_json::Value;

use super::dialect::Dialect;
use crate::diag::words::describe;
use crate::diag::{Diagnostics, DocPath};

/// Checks the top level and the `openapi` version: the dialect, when loading may go on.
pub(super) fn check_version(raw: &Value, diags: &mut Diagnostics) -> Option<Dialect> {
    let root = DocPath::root();
    let Value::Object(map) = raw else {
        diags.error(
            &root,
            format!(
                "not an OpenAPI document: expected a mapping at the top level, found {}",
                describe(raw)
            ),
        );
        return None;
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
        return None;
    }
    let path = root.push("openapi");
    match map.get("openapi") {
        None => {
            diags
                .error(&root, "missing the `openapi` version field")
                .help("add `openapi: \"3.0.3\"` at the top of the document");
            None
        }
        Some(Value::String(version)) => {
            let version = version.trim();
            if version == "3.0" || version.starts_with("3.0.") {
                Some(Dialect::V30)
            } else if version == "3.1" || version.starts_with("3.1.") {
                Some(Dialect::V31)
            } else {
                diags
                    .error(&path, format!("unsupported OpenAPI version `{version}`"))
                    .help("OpenAPI 3.0.x and 3.1.x documents are supported");
                None
            }
        }
        Some(Value::Number(number)) => {
            diags
                .error(
                    &path,
                    format!("the `openapi` version must be a string, found the number {number}"),
                )
                .help("quote it, for example `openapi: \"3.0.3\"`");
            None
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
            None
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
        // A minimal 3.1 document loads: it needs neither `paths` nor anything else.
        assert_eq!(
            errors("openapi: 3.1.0\ninfo: {title: t, version: '1'}\n"),
            Vec::<String>::new()
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
