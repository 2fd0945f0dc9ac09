//! `Request`: one call as a generated method describes it, and the serialization of its
//! parameters (OpenAPI `style` and `explode`) and body.
//!
//! Plumbing generated code calls, hidden from rustdoc. Nothing here may fail loudly: a
//! value that cannot be serialized is recorded and reported as `Error::InvalidRequest`
//! when the request is executed, and no parameter value may change the structure of the
//! path or query (everything but RFC 3986 unreserved characters is percent-encoded).

use std::borrow::Cow;
use std::fmt;

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS, NON_ALPHANUMERIC};
use reqwest::header::{HeaderName, HeaderValue};
use reqwest::Method;
use serde::Serialize;
use serde_json::Value;

use super::headers::header_pair;
use super::multipart::Multipart;
use super::upload::{Upload, UploadInner};

/// Everything except RFC 3986 unreserved characters (`ALPHA DIGIT - . _ ~`).
const NOT_UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Bytes that may not appear in a cookie value (RFC 6265 `cookie-octet`), plus `%`.
pub(super) const COOKIE_VALUE: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b',')
    .add(b';')
    .add(b'\\')
    .add(b'%');

/// How a query parameter is serialized (OpenAPI `style` and `explode`).
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    /// `form`: arrays as `name=a&name=b` (explode) or `name=a,b`; objects as `k=v&k2=v2`
    /// (explode) or `name=k,v,k2,v2`.
    Form {
        /// Whether arrays and objects are split into separate parameters.
        explode: bool,
    },
    /// `spaceDelimited`: arrays as `name=a%20b`.
    SpaceDelimited,
    /// `pipeDelimited`: arrays as `name=a|b`.
    PipeDelimited,
    /// `deepObject`: objects as `name[k]=v`, nested ones as `name[k][k2]=v`.
    DeepObject,
}

impl QueryStyle {
    /// `form` with `explode: true`, the default for query parameters.
    pub const FORM: QueryStyle = QueryStyle::Form { explode: true };
}

/// One request as a generated method describes it: method, encoded path, parameters,
/// body and security requirements.
///
/// Parameter and body methods never fail; a value that cannot be serialized is recorded
/// and reported as [`Error::InvalidRequest`](super::Error::InvalidRequest) by
/// [`Core::execute`](super::Core::execute).
#[doc(hidden)]
pub struct Request {
    pub(super) method: Method,
    pub(super) path: String,
    pub(super) query: Vec<String>,
    pub(super) headers: Vec<(HeaderName, HeaderValue)>,
    pub(super) cookies: Vec<String>,
    pub(super) body: Option<(Cow<'static, str>, Upload)>,
    pub(super) accept: Option<&'static str>,
    pub(super) security: &'static [&'static [&'static str]],
    pub(super) errors: Vec<String>,
    /// The operation's id and path template, for hooks and tracing.
    pub(super) operation: &'static str,
    pub(super) template: &'static str,
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<&str> = self.headers.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("Request")
            .field("operation", &self.operation)
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query_params", &self.query.len())
            .field("headers", &headers)
            .field("cookies", &self.cookies.len())
            .field("content_type", &self.body.as_ref().map(|(ct, _)| ct))
            .field("accept", &self.accept)
            .field("security", &self.security)
            .field("errors", &self.errors)
            .finish()
    }
}

impl Request {
    /// A request for `path`, which is already encoded (see [`path_param`]) and starts
    /// with `/`. It is appended to the base URL, keeping the base URL's own path.
    pub fn new(method: Method, path: String) -> Self {
        Request {
            method,
            path,
            query: Vec::new(),
            headers: Vec::new(),
            cookies: Vec::new(),
            body: None,
            accept: None,
            security: &[],
            errors: Vec::new(),
            operation: "",
            template: "",
        }
    }

    /// A request of the operation `operation` (its `operationId`, or the method name) at
    /// `template`, the path template as the spec writes it: what generated methods call.
    /// Hooks and tracing name the call by these, never by the path's values.
    pub fn for_operation(
        method: Method,
        path: String,
        operation: &'static str,
        template: &'static str,
    ) -> Self {
        Request {
            operation,
            template,
            ..Request::new(method, path)
        }
    }

    /// Adds a query parameter. `null` (so `None`) and empty arrays or objects are
    /// omitted; strings are sent as they are, numbers and booleans as text; arrays and
    /// objects per `style`. A value nested inside an array element is sent as JSON text.
    pub fn query<T: Serialize + ?Sized>(&mut self, name: &str, value: &T, style: QueryStyle) {
        let value = match super::ser::to_sent_value(value) {
            Ok(value) => value,
            Err(e) => {
                self.errors.push(format!(
                    "query parameter `{name}` could not be serialized: {e}"
                ));
                return;
            }
        };
        let encoded_name = encode_unreserved(name);
        let joined = |items: Vec<String>, delimiter: &str| -> Option<String> {
            (!items.is_empty()).then(|| format!("{encoded_name}={}", items.join(delimiter)))
        };
        let pairs: Vec<String> = match (&value, style) {
            (Value::Null, _) => Vec::new(),
            (Value::Array(_) | Value::Object(_), QueryStyle::DeepObject) => {
                let mut flat = Vec::new();
                flatten_brackets(name.to_owned(), &value, &mut flat);
                flat.iter()
                    .map(|(k, v)| format!("{}={}", encode_unreserved(k), encode_unreserved(v)))
                    .collect()
            }
            (Value::Array(items), QueryStyle::Form { explode: true }) => items
                .iter()
                .filter(|item| !item.is_null())
                .map(|item| format!("{encoded_name}={}", encode_unreserved(&scalar_text(item))))
                .collect(),
            (Value::Object(map), QueryStyle::Form { explode: true }) => map
                .iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| {
                    format!(
                        "{}={}",
                        encode_unreserved(k),
                        encode_unreserved(&scalar_text(v))
                    )
                })
                .collect(),
            (Value::Array(_) | Value::Object(_), _) => {
                let delimiter = match style {
                    QueryStyle::SpaceDelimited => "%20",
                    QueryStyle::PipeDelimited => "|",
                    _ => ",",
                };
                let items = delimited_items(&value)
                    .iter()
                    .map(|s| encode_unreserved(s))
                    .collect();
                joined(items, delimiter).into_iter().collect()
            }
            (scalar, _) => vec![format!(
                "{encoded_name}={}",
                encode_unreserved(&scalar_text(scalar))
            )],
        };
        self.query.extend(pairs);
    }

    /// Adds a header parameter. `null` (so `None`) is omitted; arrays are comma-joined,
    /// objects sent as `k,v,k2,v2`.
    pub fn header<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        let Some(text) = self.simple_text("header", name, value) else {
            return;
        };
        match header_pair(name, text.as_bytes(), "header parameter") {
            Ok(pair) => self.headers.push(pair),
            Err(message) => self.errors.push(message),
        }
    }

    /// Adds a cookie parameter, with the same rules as [`Request::header`]; characters a
    /// cookie value cannot hold are percent-encoded.
    pub fn cookie<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        if !is_cookie_name(name) {
            self.errors
                .push(format!("invalid cookie name `{}`", name.escape_debug()));
            return;
        }
        let Ok(value) = super::ser::to_sent_value(value) else {
            self.errors
                .push(format!("cookie parameter `{name}` could not be serialized"));
            return;
        };
        let items = delimited_items(&value);
        if value.is_null() || ((value.is_array() || value.is_object()) && items.is_empty()) {
            return;
        }
        let encoded: Vec<String> = items
            .iter()
            .map(|item| utf8_percent_encode(item, COOKIE_VALUE).to_string())
            .collect();
        self.cookies.push(format!("{name}={}", encoded.join(",")));
    }

    /// Sets a JSON body, serialized now, sent with `content_type`.
    pub fn json_body<T: Serialize + ?Sized>(&mut self, content_type: &'static str, body: &T) {
        match super::ser::to_sent_vec(body) {
            Ok(bytes) => self.body = Some((Cow::Borrowed(content_type), Upload::from(bytes))),
            Err(e) => self
                .errors
                .push(format!("the request body could not be serialized: {e}")),
        }
    }

    /// Sets an `application/x-www-form-urlencoded` body. The value must serialize to an
    /// object; `null` fields are omitted. Each property is written per its style in
    /// `styles` (the spec's `encoding`), by default: arrays repeated (`a=x&a=y`, `form`
    /// with `explode`), objects with brackets (`a[b]=c`, as `deepObject`), which is how
    /// servers read nested form fields.
    pub fn form_body<T: Serialize + ?Sized>(&mut self, body: &T, styles: &[(&str, QueryStyle)]) {
        let value = match super::ser::to_sent_value(body) {
            Ok(Value::Object(map)) => map,
            Ok(_) => {
                self.errors
                    .push("a form body must serialize to an object".to_owned());
                return;
            }
            Err(e) => {
                self.errors
                    .push(format!("the request body could not be serialized: {e}"));
                return;
            }
        };
        let mut pairs: Vec<String> = Vec::new();
        for (key, field) in &value {
            let style = styles.iter().find(|(name, _)| name == key).map(|(_, s)| *s);
            form_pairs(key, field, style, &mut pairs);
        }
        self.body = Some((
            Cow::Borrowed("application/x-www-form-urlencoded"),
            Upload::from(pairs.join("&")),
        ));
    }

    /// Sets a `multipart/form-data` body from its parts; a part that failed is reported
    /// when the request is executed.
    pub fn multipart_body(&mut self, mut form: Multipart) {
        self.errors.append(&mut form.errors);
        match form.into_body() {
            Ok((content_type, body)) => self.body = Some((Cow::Owned(content_type), body)),
            Err(message) => self.errors.push(message),
        }
    }

    /// Sets a binary body, in memory or streamed.
    ///
    /// The content type may be computed (a multipart boundary, say): anything that turns
    /// into a `Cow<'static, str>` works, a `&'static str` or a `String`.
    pub fn bytes_body(
        &mut self,
        content_type: impl Into<Cow<'static, str>>,
        body: impl Into<Upload>,
    ) {
        self.body = Some((content_type.into(), body.into()));
    }

    /// Sets a text body.
    pub fn text_body(
        &mut self,
        content_type: impl Into<Cow<'static, str>>,
        body: impl Into<String>,
    ) {
        self.body = Some((content_type.into(), Upload::from(body.into())));
    }

    /// Sets the `Accept` header (a single media type or a comma-joined list).
    pub fn accept(&mut self, media: &'static str) {
        self.accept = Some(media);
    }

    /// The operation's security requirements: alternatives, each a set of scheme names
    /// that must all have a credential. The first non-empty alternative the client has
    /// every credential for is applied. When none is satisfied, or an empty alternative
    /// says authentication is optional, the request is sent without credentials.
    pub fn security(&mut self, requirements: &'static [&'static [&'static str]]) {
        self.security = requirements;
    }

    /// A copy of this request, for another page of a paginated list; `None` when its body
    /// is a stream, which can be sent only once.
    pub(super) fn replay(&self) -> Option<Request> {
        let body = match &self.body {
            None => None,
            Some((content_type, upload)) => match &upload.inner {
                UploadInner::Bytes(bytes) => Some((
                    content_type.clone(),
                    Upload {
                        inner: UploadInner::Bytes(bytes.clone()),
                    },
                )),
                UploadInner::Stream(_) => return None,
            },
        };
        Some(Request {
            method: self.method.clone(),
            path: self.path.clone(),
            query: self.query.clone(),
            headers: self.headers.clone(),
            cookies: self.cookies.clone(),
            body,
            accept: self.accept,
            security: self.security,
            errors: self.errors.clone(),
            operation: self.operation,
            template: self.template,
        })
    }

    /// The value of the query parameter `name` as it will be sent (percent-decoded), the
    /// first when it repeats.
    pub(super) fn query_value(&self, name: &str) -> Option<String> {
        let encoded = encode_unreserved(name);
        self.query.iter().find_map(|pair| {
            let (pair_name, value) = pair.split_once('=')?;
            (pair_name == encoded).then(|| {
                percent_encoding::percent_decode_str(value)
                    .decode_utf8_lossy()
                    .into_owned()
            })
        })
    }

    /// Sends the query parameter `name` as `value` (text), in place of what it had.
    pub(super) fn set_query(&mut self, name: &str, value: &str) {
        self.remove_query(name);
        self.query.push(format!(
            "{}={}",
            encode_unreserved(name),
            encode_unreserved(value)
        ));
    }

    /// Leaves out the query parameter `name`.
    pub(super) fn remove_query(&mut self, name: &str) {
        let encoded = encode_unreserved(name);
        self.query
            .retain(|pair| pair.split_once('=').map_or(pair.as_str(), |(n, _)| n) != encoded);
    }

    /// Sends the request to `path` (below the base URL, already encoded) with the query
    /// pairs `query` (already encoded), in place of its own: a next page's URL.
    pub(super) fn set_target(&mut self, path: String, query: Vec<String>) {
        self.path = path;
        self.query = query;
    }

    /// The value of a header or cookie parameter as `simple` style text, or `None` when
    /// it is omitted or failed (the failure is recorded).
    fn simple_text<T: Serialize + ?Sized>(
        &mut self,
        what: &str,
        name: &str,
        value: &T,
    ) -> Option<String> {
        let value = match super::ser::to_sent_value(value) {
            Ok(value) => value,
            Err(e) => {
                self.errors.push(format!(
                    "{what} parameter `{name}` could not be serialized: {e}"
                ));
                return None;
            }
        };
        match &value {
            Value::Null => None,
            Value::Array(_) | Value::Object(_) => {
                let items = delimited_items(&value);
                (!items.is_empty()).then(|| items.join(","))
            }
            scalar => Some(scalar_text(scalar)),
        }
    }
}

/// Encodes a value for a path segment: scalars as text, arrays as comma-separated items,
/// objects as `k,v,k2,v2`. Each item is percent-encoded except for RFC 3986 unreserved
/// characters (a comma inside an item becomes `%2C`), so no value can change the path's
/// structure. The values `.` and `..` become `%2E` and `%2E%2E`; since URL parsers still
/// read those as dot segments, [`Core::execute`](super::Core::execute) rejects such a path
/// with [`Error::InvalidRequest`](super::Error::InvalidRequest) rather than send the
/// request to another path.
///
/// A value that encodes as nothing (`None`, `""`, an empty array or object) or cannot be
/// serialized (a custom `Serialize` impl that fails, a map whose keys are not strings)
/// would leave an empty segment, which changes the path's shape (`/creds//x`, `/creds/`):
/// it becomes [`EMPTY_PATH_PARAM`], which `Core::execute` rejects with
/// `Error::InvalidRequest` before anything is sent.
#[doc(hidden)]
pub fn path_param<T: Serialize + ?Sized>(value: &T) -> String {
    let items = super::ser::to_sent_value(value)
        .map(|value| delimited_items(&value))
        .unwrap_or_default();
    if items.iter().all(String::is_empty) {
        return EMPTY_PATH_PARAM.to_owned();
    }
    let encoded: Vec<String> = items
        .iter()
        .map(|item| match item.as_str() {
            "." => "%2E".to_owned(),
            ".." => "%2E%2E".to_owned(),
            _ => encode_unreserved(item),
        })
        .collect();
    encoded.join(",")
}

/// What [`path_param`] returns for a value that would be an empty segment. It cannot come
/// from a value (braces are always percent-encoded) nor from a path template (lowering
/// turns every `{name}` into a parameter), so finding it in a path means exactly that.
pub(super) const EMPTY_PATH_PARAM: &str = "{empty}";

/// Percent-encodes everything but RFC 3986 unreserved characters.
pub(super) fn encode_unreserved(text: &str) -> String {
    utf8_percent_encode(text, NOT_UNRESERVED).to_string()
}

/// A JSON value as parameter text: strings as they are, other scalars in JSON notation,
/// arrays and objects as compact JSON.
fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The items of a non-exploded array (`a`, `b`) or object (`k`, `v`, `k2`, `v2`), nulls
/// left out; a scalar is its own single item.
fn delimited_items(value: &Value) -> Vec<String> {
    match value {
        Value::Array(items) => items
            .iter()
            .filter(|v| !v.is_null())
            .map(scalar_text)
            .collect(),
        Value::Object(map) => map
            .iter()
            .filter(|(_, v)| !v.is_null())
            .flat_map(|(k, v)| [k.clone(), scalar_text(v)])
            .collect(),
        Value::Null => Vec::new(),
        scalar => vec![scalar_text(scalar)],
    }
}

/// Flattens a value into `prefix[key][0]=value` pairs; nulls are left out.
fn flatten_brackets(prefix: String, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::Object(map) => {
            for (key, field) in map {
                flatten_brackets(format!("{prefix}[{key}]"), field, out);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                flatten_brackets(format!("{prefix}[{index}]"), item, out);
            }
        }
        scalar => out.push((prefix, scalar_text(scalar))),
    }
}

/// One property of a form body as encoded `key=value` pairs, per its style (`None`: not
/// in the spec's `encoding`).
fn form_pairs(key: &str, value: &Value, style: Option<QueryStyle>, out: &mut Vec<String>) {
    let encode =
        |text: &str| url::form_urlencoded::byte_serialize(text.as_bytes()).collect::<String>();
    let pair = |k: &str, v: &str| format!("{}={}", encode(k), encode(v));
    match (value, style) {
        (Value::Null, _) => {}
        (Value::Array(_) | Value::Object(_), Some(QueryStyle::DeepObject))
        | (Value::Object(_), None) => brackets(key, value, out),
        // Objects in an array have no `form` spelling: brackets, as servers read them.
        (Value::Array(items), None) if items.iter().any(|i| i.is_array() || i.is_object()) => {
            brackets(key, value, out)
        }
        (Value::Array(items), None | Some(QueryStyle::Form { explode: true })) => out.extend(
            items
                .iter()
                .filter(|item| !item.is_null())
                .map(|item| pair(key, &scalar_text(item))),
        ),
        (Value::Object(map), Some(QueryStyle::Form { explode: true })) => out.extend(
            map.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| pair(k, &scalar_text(v))),
        ),
        (Value::Array(_) | Value::Object(_), Some(style)) => {
            let delimiter = match style {
                QueryStyle::SpaceDelimited => "%20",
                QueryStyle::PipeDelimited => "|",
                _ => ",",
            };
            let items: Vec<String> = delimited_items(value).iter().map(|s| encode(s)).collect();
            if !items.is_empty() {
                out.push(format!("{}={}", encode(key), items.join(delimiter)));
            }
        }
        (scalar, _) => out.push(pair(key, &scalar_text(scalar))),
    }
}

/// A value as `key[k][0]=v` form pairs.
fn brackets(key: &str, value: &Value, out: &mut Vec<String>) {
    let mut flat = Vec::new();
    flatten_brackets(key.to_owned(), value, &mut flat);
    let encode =
        |text: &str| url::form_urlencoded::byte_serialize(text.as_bytes()).collect::<String>();
    out.extend(
        flat.iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v))),
    );
}

/// RFC 6265 cookie names are HTTP tokens.
pub(super) fn is_cookie_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_graphic() && !b"()<>@,;:\\\"/[]?={}".contains(&b))
}
