//! Load: source text (YAML or JSON) -> `openapiv3::OpenAPI`, with located errors.

use crate::diag::Diagnostics;

/// Parses an OpenAPI 3.0 document from YAML or JSON text.
pub fn load(text: &str) -> Result<openapiv3::OpenAPI, Diagnostics> {
    let trimmed = text.trim_start();
    let result = if trimmed.starts_with('{') {
        serde_json::from_str(text).map_err(|e| e.to_string())
    } else {
        serde_yaml::from_str(text).map_err(|e| e.to_string())
    };
    result.map_err(|message| {
        let mut diags = Diagnostics::default();
        diags.error_at(None, None, message);
        diags
    })
}
