//! A request as the mock received it, kept in order for the test to read back, and the
//! helpers the generated `decode`s use to read it as the operation's own types.

use std::fmt;

use bytes::Bytes;
use reqwest::header::HeaderMap;

use super::super::headers::RedactedHeaders;
use super::spec::decode_param;

/// A request the mock received: its operation (when its method and path fit one), its
/// parts and its body. `Debug` hides credential-like headers.
#[derive(Clone)]
pub struct Received {
    /// The operation's request value name, when the request fits one.
    pub operation: Option<&'static str>,
    /// The method.
    pub method: String,
    /// The path, as sent (percent-encoded).
    pub path: String,
    /// The path parameters' values, decoded, when the request fits an operation.
    pub path_params: Vec<(&'static str, String)>,
    /// The query pairs, decoded, in order.
    pub query: Vec<(String, String)>,
    /// The headers.
    pub headers: HeaderMap,
    /// The body.
    pub body: Bytes,
}

impl fmt::Debug for Received {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Received")
            .field("operation", &self.operation)
            .field("method", &self.method)
            .field("path", &self.path)
            .field(
                "query_keys",
                &self.query.iter().map(|(k, _)| k).collect::<Vec<_>>(),
            )
            .field("headers", &RedactedHeaders(&self.headers))
            .field("body_bytes", &self.body.len())
            .finish()
    }
}

impl Received {
    /// Every value of the parameter `name` in `location` (`path`, `query`, `header`,
    /// `cookie`).
    pub fn values(&self, location: super::Location, name: &str) -> Vec<String> {
        use super::Location;
        match location {
            Location::Path => self
                .path_params
                .iter()
                .filter(|(n, _)| *n == name)
                .map(|(_, v)| v.clone())
                .collect(),
            Location::Query => self
                .query
                .iter()
                .filter(|(n, _)| n == name)
                .map(|(_, v)| v.clone())
                .collect(),
            Location::Header => self
                .headers
                .get_all(name)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .map(str::to_string)
                .collect(),
            Location::Cookie => self
                .headers
                .get_all("cookie")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(';'))
                .filter_map(|pair| pair.trim().split_once('='))
                .filter(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
                .collect(),
        }
    }

    /// A required parameter as `T`.
    pub fn param<T: serde::de::DeserializeOwned>(
        &self,
        location: super::Location,
        name: &str,
    ) -> Result<T, String> {
        let values = self.values(location, name);
        if values.is_empty() {
            return Err(format!(
                "the {} parameter `{name}` is missing",
                location.word()
            ));
        }
        decode_param(&values)
            .map_err(|e| format!("the {} parameter `{name}`: {e}", location.word()))
    }

    /// An optional parameter as `T`.
    pub fn optional_param<T: serde::de::DeserializeOwned>(
        &self,
        location: super::Location,
        name: &str,
    ) -> Result<Option<T>, String> {
        let values = self.values(location, name);
        if values.is_empty() {
            return Ok(None);
        }
        decode_param(&values)
            .map(Some)
            .map_err(|e| format!("the {} parameter `{name}`: {e}", location.word()))
    }

    /// The JSON body as `T`, or `None` when there is none.
    pub fn json_body<T: serde::de::DeserializeOwned>(&self) -> Result<Option<T>, String> {
        if self.body.is_empty() {
            return Ok(None);
        }
        serde_json::from_slice(&self.body)
            .map(Some)
            .map_err(|e| format!("the body: {e}"))
    }

    /// The value of header `name`, when it is text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}
