//! Validate: checks a loaded document for problems lowering cannot recover from.

use crate::diag::Diagnostics;

/// Records every problem found in `api`.
pub fn validate(_api: &openapiv3::OpenAPI, _diags: &mut Diagnostics) {}
