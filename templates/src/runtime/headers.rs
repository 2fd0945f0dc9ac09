//! Header values as the runtime handles them: validated once, credential-like values
//! marked sensitive, and redacted wherever `Debug` shows a header map.
//!
//! Everything here is internal to the runtime. It must never put a header value in an
//! error message (a value may be a secret), and its `Debug` helpers must never show a
//! value that is marked sensitive or whose name looks like a credential, nor a URL
//! (`Location`) with its user info or query values.

use std::fmt;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use super::redact::display_url;
use super::secret::REDACTED;

/// A validated header, its value marked sensitive. Error messages name the header but
/// never show the value, which may be a secret.
pub(super) fn header_pair(
    name: &str,
    value: &[u8],
    what: &str,
) -> Result<(HeaderName, HeaderValue), String> {
    let header_name = HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| format!("invalid {what} name `{}`", name.escape_debug()))?;
    let mut header_value = HeaderValue::from_bytes(value).map_err(|_| {
        format!("invalid value for {what} `{header_name}` (control characters are not allowed)")
    })?;
    header_value.set_sensitive(true);
    Ok((header_name, header_value))
}

/// The value of header `name`, trimmed, if present and visible ASCII.
pub(super) fn header_str<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
}

/// Header names whose values `Debug` never shows.
fn is_sensitive_header(name: &HeaderName, value: &HeaderValue) -> bool {
    let name = name.as_str();
    value.is_sensitive()
        || [
            "auth",
            "cookie",
            "token",
            "secret",
            "key",
            "session",
            "password",
            "signature",
        ]
        .iter()
        .any(|word| name.contains(word))
}

/// Headers whose value is a URL, which `Debug` shows without user info and query values.
fn is_url_header(name: &HeaderName) -> bool {
    matches!(name.as_str(), "location" | "content-location" | "referer")
}

/// Headers for `Debug`: sensitive values redacted, URLs without user info and query
/// values.
pub(super) struct RedactedHeaders<'a>(pub(super) &'a HeaderMap);

impl fmt::Debug for RedactedHeaders<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (name, value) in self.0 {
            if is_sensitive_header(name, value) {
                map.entry(&name.as_str(), &REDACTED);
            } else if is_url_header(name) {
                let url = display_url(&String::from_utf8_lossy(value.as_bytes()));
                map.entry(&name.as_str(), &url);
            } else {
                map.entry(&name.as_str(), value);
            }
        }
        map.finish()
    }
}
