//! What the mock knows of each operation: the data the generated `mock` module writes
//! down from the same IR as the client (method, path template, parameters, bodies, the
//! spec place), and the [`Operation`] trait its typed request values implement.

use super::pages::PagesSpec;
use super::received::Received;
use super::stub::Reply;

/// One operation of the spec, as the generated `mock` module describes it.
#[derive(Debug)]
pub struct OperationSpec {
    /// The request value's name (`CreateCredential`).
    pub name: &'static str,
    /// The HTTP method, upper case.
    pub method: &'static str,
    /// The path template as the spec writes it (`/v3/connectors/{provider}/creds`).
    pub path: &'static str,
    /// The parameters: path, query, header and cookie.
    pub params: &'static [ParamSpec],
    /// The request body, when the operation takes one.
    pub body: Option<BodySpec>,
    /// The status an operation without a stub answers with.
    pub success: u16,
    /// What an operation without a stub answers when it has no usable example: a value
    /// made from the schema of its success response.
    pub default_reply: fn() -> Reply,
    /// What an operation without a stub answers first: the spec's example of its success
    /// response, or `Err` with why it cannot be used (then the server notes it, see
    /// [`Server::notes`](super::Server::notes), and answers `default_reply`).
    pub example: Option<fn() -> Result<Reply, String>>,
    /// How the operation pages, when its request value has `.items()`: then the default
    /// answer is the page the request asks for of a few linked pages.
    pub pages: Option<PagesSpec>,
}

impl OperationSpec {
    /// The spec place of the operation (`paths./v3/creds.post`), as violations name it.
    pub fn place(&self) -> String {
        format!("paths.{}.{}", self.path, self.method.to_ascii_lowercase())
    }

    /// The path parameters' values when `path` fits the template (each segment
    /// percent-decoded), or `None`.
    pub fn match_path(&self, path: &str) -> Option<Vec<(&'static str, String)>> {
        let template: Vec<&'static str> = self.path.trim_matches('/').split('/').collect();
        let actual: Vec<&str> = path.trim_matches('/').split('/').collect();
        if template.len() != actual.len() {
            return None;
        }
        let mut values = Vec::new();
        for (t, a) in template.into_iter().zip(actual) {
            match t.strip_prefix('{').and_then(|t| t.strip_suffix('}')) {
                Some(name) => {
                    if a.is_empty() {
                        return None;
                    }
                    let value = percent_encoding::percent_decode_str(a)
                        .decode_utf8_lossy()
                        .into_owned();
                    values.push((name, value));
                }
                None if t == a => {}
                None => return None,
            }
        }
        Some(values)
    }
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// In the path.
    Path,
    /// In the query string.
    Query,
    /// In a header.
    Header,
    /// In the `Cookie` header.
    Cookie,
}

impl Location {
    /// The word OpenAPI's `in` uses.
    pub fn word(self) -> &'static str {
        match self {
            Location::Path => "path",
            Location::Query => "query",
            Location::Header => "header",
            Location::Cookie => "cookie",
        }
    }
}

/// A parameter of an operation.
#[derive(Debug)]
pub struct ParamSpec {
    /// The name on the wire.
    pub name: &'static str,
    /// Where it travels.
    pub location: Location,
    /// `required: true`.
    pub required: bool,
    /// Whether its values decode as the parameter's type: `Err` says why not.
    pub check: fn(&[String]) -> Result<(), String>,
    /// Its schema's place in the API's translated document (a URI fragment), which the
    /// values are validated against first.
    pub schema: Option<&'static str>,
}

/// A request body an operation accepts.
#[derive(Debug)]
pub struct BodySpec {
    /// `required: true`.
    pub required: bool,
    /// Each media type the spec accepts (ranges such as `*/*` included).
    pub media: &'static [BodyMedia],
}

/// A media type a request body may be sent in.
#[derive(Debug)]
pub struct BodyMedia {
    /// The media type as the spec writes it.
    pub media: &'static str,
    /// Whether a body sent in it decodes as the operation's type for it.
    pub check: BodyCheck,
    /// For a JSON body, its schema's place in the API's translated document (a URI
    /// fragment), which the body is validated against first.
    pub schema: Option<&'static str>,
}

/// Whether a body decodes as the schema of its media type: `Err` says why not.
pub type BodyCheck = fn(&[u8]) -> Result<(), String>;

/// An operation's request as its own types: implemented by each request value of the
/// generated `mock` module, so that stubs match on it and tests read it back.
pub trait Operation: Sized + Send + 'static {
    /// What the spec says of it.
    const SPEC: &'static OperationSpec;
    /// What a success answers with.
    type Success;
    /// What a documented error answers with.
    type Error;
    /// The request as typed values, or why it does not decode.
    fn decode(request: &Received) -> Result<Self, String>;
    /// A success answered with `body` and `status`.
    fn success_reply(status: u16, body: &Self::Success) -> Reply;
    /// A documented error answered with its status and its body.
    fn error_reply(error: &Self::Error) -> Reply;
}

/// Whether the values of a parameter decode as `T`: a value is tried as a JSON string,
/// then as the JSON it spells (a number, `true`), a list as several values or one value
/// split at commas.
pub fn param_decodes<T: serde::de::DeserializeOwned>(values: &[String]) -> Result<(), String> {
    decode_param::<T>(values).map(|_| ())
}

/// The values of a parameter as `T` (see [`param_decodes`]).
pub fn decode_param<T: serde::de::DeserializeOwned>(values: &[String]) -> Result<T, String> {
    let mut first_error = None;
    for value in readings(values) {
        match serde_json::from_value::<T>(value) {
            Ok(t) => return Ok(t),
            Err(e) => {
                first_error.get_or_insert(e.to_string());
            }
        }
    }
    Err(first_error.unwrap_or_else(|| "no value".to_string()))
}

/// The JSON values a parameter's text may stand for, in the order they are tried: one
/// value as a string, then as the number or boolean it spells; then a list (several
/// values, or one split at commas) of strings, then of what they spell.
pub(super) fn readings(values: &[String]) -> Vec<serde_json::Value> {
    use serde_json::Value;
    fn scalar(s: &str) -> Value {
        serde_json::from_str::<Value>(s)
            .ok()
            .filter(|v| v.is_number() || v.is_boolean())
            .unwrap_or_else(|| Value::String(s.to_string()))
    }
    let mut tries: Vec<Value> = Vec::new();
    if let [one] = values {
        tries.push(Value::String(one.clone()));
        tries.push(scalar(one));
    }
    let items: Vec<String> = match values {
        [one] if one.contains(',') => one.split(',').map(str::to_string).collect(),
        _ => values.to_vec(),
    };
    tries.push(Value::Array(
        items.iter().map(|s| Value::String(s.clone())).collect(),
    ));
    tries.push(Value::Array(items.iter().map(|s| scalar(s)).collect()));
    tries
}

/// Whether a JSON body decodes as `T`.
pub fn json_decodes<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<(), String> {
    serde_json::from_slice::<T>(body)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// Any body of a media type the mock does not read (text, bytes, forms, multipart).
pub fn any_body(_: &[u8]) -> Result<(), String> {
    Ok(())
}
