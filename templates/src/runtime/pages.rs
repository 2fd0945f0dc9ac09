//! [`Pages`]: every item of a paginated list, page after page, as a
//! `futures_core::Stream`; and the `Paging` description of how a list pages, which the
//! generated `<method>_items` methods pass (plumbing, hidden from rustdoc).
//!
//! User surface. Each page is one call through `Core::call`, so credentials, hooks,
//! retries, timeouts and spans are those of any call. A page is asked for only when the
//! stream is read past the items already received. The stream must never ask forever
//! (a cursor or URL the server gave before, or the same page twice, ends it with
//! [`Error::Pagination`]) and never send the credentials elsewhere (a next URL off the
//! client's base URL is refused the same way); an error that is not about one item ends
//! it. Nothing here panics on what a server sends.

use std::collections::{HashSet, VecDeque};
use std::fmt;
use std::future::{poll_fn, Future};
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use reqwest::header::{HeaderMap, LINK};
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::core::Core;
use super::error::Error;
use super::options::RequestOptions;
use super::redact::{decode_message, snippet};
use super::request::Request;
use super::response::{RawResponse, Response};

/// How a list pages, as the generated method describes it.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct Paging {
    /// How the request for the next page is made.
    pub style: PagingStyle,
    /// The keys of the items in a page's body; none: the body is the list.
    pub items: &'static [&'static str],
    /// The keys of a boolean in the body that is `false` on the last page.
    pub has_more: Option<&'static [&'static str]>,
    /// Query parameters sent with the first page only.
    pub first_page_only: &'static [&'static str],
}

/// How the request for the next page is made.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub enum PagingStyle {
    /// The query parameter `param` takes the value at `next` in the last page's body.
    Cursor {
        /// The query parameter.
        param: &'static str,
        /// The keys of the cursor in the body.
        next: &'static [&'static str],
    },
    /// The query parameter `param` takes the field `field` of the last item.
    LastItem {
        /// The query parameter.
        param: &'static str,
        /// The item's field.
        field: &'static str,
    },
    /// The query parameter `param` is a page number, one higher each page (`first` when
    /// the first request has none).
    Page {
        /// The query parameter.
        param: &'static str,
        /// The number of the first page.
        first: i64,
    },
    /// The query parameter `param` is an offset, advanced by the items received.
    Offset {
        /// The query parameter.
        param: &'static str,
    },
    /// The URL of the `Link` header's `rel="next"`.
    LinkHeader,
    /// The URL at `next` in the last page's body.
    NextUrl {
        /// The keys of the URL in the body.
        next: &'static [&'static str],
    },
}

type Decode<E> = fn(RawResponse) -> Result<Response<Value>, Error<E>>;
type PageFuture<E> = Pin<Box<dyn Future<Output = Result<Response<Value>, Error<E>>> + Send>>;

/// Every item of a paginated list, page after page: a `futures_core::Stream` of
/// `Result<T, Error<E>>` (use `futures::StreamExt`, or the inherent [`Pages::next`], or
/// [`Pages::try_collect`] for all of them), `Send` and `Unpin`.
///
/// The next page is asked for once the items of the last one are read. An item that does
/// not decode is an [`Error::Decode`] of that item, and the stream goes on; any other
/// error (a failed call, [`Error::Pagination`]) is the last item. `Debug` shows how far
/// it got, never a cursor or a URL.
pub struct Pages<T, E> {
    core: Core,
    options: RequestOptions,
    paging: Paging,
    decode: Decode<E>,
    /// The request of the page last asked for, from which the next one is made.
    current: Option<Request>,
    /// The request of the next page, until it is asked for; `None` after the last.
    next: Option<Request>,
    /// The page being fetched.
    fetching: Option<PageFuture<E>>,
    /// The items of the last page not yet given out, with its status, headers and
    /// attempts (for an item that does not decode).
    items: VecDeque<Value>,
    page: Option<(StatusCode, HeaderMap, u32)>,
    /// The error to give after the items of the last page.
    failure: Option<Error<E>>,
    /// The cursors and URLs asked for so far.
    seen: HashSet<String>,
    /// The items of the last page, to tell when the server sends the same page again.
    previous: Vec<Value>,
    /// The page number or offset of the page last asked for.
    position: i64,
    /// How many pages arrived.
    pages: u32,
    _item: PhantomData<fn() -> T>,
}

// Nothing of a `Pages` is pinned in place: the page being fetched is boxed, and the
// error type is only ever moved.
impl<T, E> Unpin for Pages<T, E> {}

impl<T, E> fmt::Debug for Pages<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages")
            .field("pages", &self.pages)
            .field("buffered_items", &self.items.len())
            .field("fetching", &self.fetching.is_some())
            .field("done", &(self.next.is_none() && self.fetching.is_none()))
            .finish()
    }
}

impl<T: DeserializeOwned, E: Send + 'static> Pages<T, E> {
    /// The pages of the list `request` asks for the first page of: `paging` says how the
    /// next ones are asked for, `decode` reads each response (documented errors become
    /// [`Error::Api`]).
    #[doc(hidden)]
    pub fn new(
        core: Core,
        options: RequestOptions,
        request: Request,
        paging: Paging,
        decode: Decode<E>,
    ) -> Self {
        let mut seen = HashSet::new();
        let position = match paging.style {
            PagingStyle::Page { param, first } => number(&request, param).unwrap_or(first),
            PagingStyle::Offset { param } => number(&request, param).unwrap_or(0),
            PagingStyle::Cursor { param, .. } | PagingStyle::LastItem { param, .. } => {
                // A server that sends the caller's own cursor back would loop.
                seen.extend(request.query_value(param));
                0
            }
            PagingStyle::LinkHeader | PagingStyle::NextUrl { .. } => {
                seen.insert(target(&request));
                0
            }
        };
        Pages {
            core,
            options,
            paging,
            decode,
            current: None,
            next: Some(request),
            fetching: None,
            items: VecDeque::new(),
            page: None,
            failure: None,
            seen,
            previous: Vec::new(),
            position,
            pages: 0,
            _item: PhantomData,
        }
    }

    /// The next item, `None` after the last: the same as `StreamExt::next`, without the
    /// import.
    pub async fn next(&mut self) -> Option<Result<T, Error<E>>> {
        poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Every item of every page, or the first error.
    pub async fn try_collect(mut self) -> Result<Vec<T>, Error<E>> {
        let mut all = Vec::new();
        while let Some(item) = self.next().await {
            all.push(item?);
        }
        Ok(all)
    }

    /// Starts fetching `request`, keeping a copy to make the next page's from.
    fn fetch(&mut self, request: Request) -> PageFuture<E> {
        self.current = request.replay();
        let core = self.core.clone();
        let options = self.options.clone();
        let decode = self.decode;
        Box::pin(async move { core.call(request, options, decode).await })
    }

    /// Takes in a page: its items, and the request of the next one (or why there is none).
    fn turn(&mut self, page: Response<Value>) {
        self.pages = self.pages.saturating_add(1);
        let (status, headers, body, attempts) = page.into_parts();
        let items = match at(&body, self.paging.items) {
            Some(Value::Array(items)) => items.clone(),
            None | Some(Value::Null) => Vec::new(),
            Some(_) => {
                let shown = match self.paging.items {
                    [] => "the body".to_owned(),
                    keys => format!("`{}`", keys.join(".")),
                };
                self.failure = Some(Error::Decode {
                    snippet: snippet(
                        &serde_json::to_vec(&body).unwrap_or_default(),
                        self.core.inner.secret_fields,
                    ),
                    status,
                    headers,
                    message: format!("the items of page {} ({shown}) are not a list", self.pages),
                    attempts,
                });
                return;
            }
        };
        let more = !items.is_empty()
            && self
                .paging
                .has_more
                .is_none_or(|keys| at(&body, keys) == Some(&Value::Bool(true)));
        if !items.is_empty() && items == self.previous {
            // Given again, its items are not: the stream ends as it would have.
            self.stop(format!(
                "page {} has the same items as the page before it; the server does not seem to read what asks for the next page",
                self.pages
            ));
            return;
        }
        if more {
            self.next_request(&body, &headers, &items);
        }
        self.previous.clone_from(&items);
        self.items = items.into();
        self.page = Some((status, headers, attempts));
    }

    /// Makes the request of the page after the one just received.
    fn next_request(&mut self, body: &Value, headers: &HeaderMap, items: &[Value]) {
        match self.paging.style {
            PagingStyle::Cursor { param, next } => {
                if let Some(cursor) = at(body, next).and_then(cursor_text) {
                    self.with_cursor(param, cursor);
                }
            }
            PagingStyle::LastItem { param, field } => {
                let last = items.last().and_then(|item| item.get(field));
                if let Some(cursor) = last.and_then(cursor_text) {
                    self.with_cursor(param, cursor);
                }
            }
            PagingStyle::Page { param, .. } => {
                let position = self.position.saturating_add(1);
                self.with_number(param, position);
            }
            PagingStyle::Offset { param } => {
                let received = i64::try_from(items.len()).unwrap_or(i64::MAX);
                let position = self.position.saturating_add(received);
                self.with_number(param, position);
            }
            PagingStyle::LinkHeader => {
                if let Some(url) = next_link(headers) {
                    self.with_url(&url);
                }
            }
            PagingStyle::NextUrl { next } => {
                if let Some(url) = at(body, next).and_then(Value::as_str) {
                    if !url.trim().is_empty() {
                        self.with_url(url.trim());
                    }
                }
            }
        }
    }

    /// The next page asks for `cursor` in `param`, unless it was asked for before.
    fn with_cursor(&mut self, param: &str, cursor: String) {
        if !self.seen.insert(cursor.clone()) {
            self.stop(format!(
                "page {} gives a `{param}` cursor that an earlier page gave, so the pages would never end",
                self.pages
            ));
            return;
        }
        let Some(mut request) = self.current.as_ref().and_then(Request::replay) else {
            return;
        };
        request.set_query(param, &cursor);
        for name in self.paging.first_page_only {
            request.remove_query(name);
        }
        self.next = Some(request);
    }

    /// The next page asks for the number `position` in `param`.
    fn with_number(&mut self, param: &str, position: i64) {
        let Some(mut request) = self.current.as_ref().and_then(Request::replay) else {
            return;
        };
        self.position = position;
        request.set_query(param, &position.to_string());
        self.next = Some(request);
    }

    /// The next page is at `link` (absolute, or relative to the page just received),
    /// which must be below the client's base URL.
    fn with_url(&mut self, link: &str) {
        let Some(mut request) = self.current.as_ref().and_then(Request::replay) else {
            return;
        };
        let base_text = self.core.base_url();
        let here = format!("{base_text}{}", target(&request));
        let (Ok(base), Ok(here)) = (reqwest::Url::parse(base_text), reqwest::Url::parse(&here))
        else {
            return;
        };
        let Ok(url) = here.join(link) else {
            self.stop(format!(
                "the next page's URL, given with page {}, is not a URL",
                self.pages
            ));
            return;
        };
        if url.origin() != base.origin() {
            self.stop(format!(
                "the next page's URL, given with page {}, is on {}, not on the client's base URL ({}); the credentials are sent nowhere else",
                self.pages,
                url.origin().ascii_serialization(),
                base.origin().ascii_serialization()
            ));
            return;
        }
        let prefix = base.path().trim_end_matches('/');
        let below = url
            .path()
            .strip_prefix(prefix)
            .filter(|rest| rest.is_empty() || rest.starts_with('/'));
        let Some(path) = below else {
            self.stop(format!(
                "the next page's URL, given with page {}, is outside the client's base URL path `{prefix}`",
                self.pages
            ));
            return;
        };
        let query = url
            .query()
            .map(|q| {
                q.split('&')
                    .filter(|pair| !pair.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        request.set_target(path.to_owned(), query);
        if !self.seen.insert(target(&request)) {
            self.stop(format!(
                "page {} links to a page asked for before, so the pages would never end",
                self.pages
            ));
            return;
        }
        self.next = Some(request);
    }

    /// Ends the pages after the items received, with [`Error::Pagination`].
    fn stop(&mut self, message: String) {
        self.next = None;
        self.failure = Some(Error::Pagination { message });
    }

    /// An item of the last page, decoded.
    // `Error` is large for the status, headers and snippet it keeps (see `response.rs`).
    #[allow(clippy::result_large_err)]
    fn item(&self, value: Value) -> Result<T, Error<E>> {
        match serde_json::from_value::<T>(value.clone()) {
            Ok(item) => Ok(item),
            Err(e) => {
                let (status, headers, attempts) = match &self.page {
                    Some((status, headers, attempts)) => (*status, headers.clone(), *attempts),
                    None => (StatusCode::OK, HeaderMap::new(), 0),
                };
                Err(Error::Decode {
                    status,
                    headers,
                    snippet: snippet(
                        &serde_json::to_vec(&value).unwrap_or_default(),
                        self.core.inner.secret_fields,
                    ),
                    message: format!(
                        "an item of page {}: {}",
                        self.pages,
                        decode_message(&e.to_string())
                    ),
                    attempts,
                })
            }
        }
    }
}

impl<T: DeserializeOwned, E: Send + 'static> Stream for Pages<T, E> {
    type Item = Result<T, Error<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if let Some(value) = this.items.pop_front() {
                return Poll::Ready(Some(this.item(value)));
            }
            if let Some(failure) = this.failure.take() {
                this.next = None;
                return Poll::Ready(Some(Err(failure)));
            }
            if this.fetching.is_none() {
                let Some(request) = this.next.take() else {
                    return Poll::Ready(None);
                };
                this.fetching = Some(this.fetch(request));
            }
            let Some(fetching) = this.fetching.as_mut() else {
                return Poll::Ready(None);
            };
            let Poll::Ready(result) = fetching.as_mut().poll(cx) else {
                return Poll::Pending;
            };
            this.fetching = None;
            match result {
                Ok(page) => this.turn(page),
                Err(err) => {
                    this.next = None;
                    return Poll::Ready(Some(Err(err)));
                }
            }
        }
    }
}

/// The value at `keys` in `value`.
pub(super) fn at<'v>(value: &'v Value, keys: &[&str]) -> Option<&'v Value> {
    keys.iter().try_fold(value, |here, key| here.get(key))
}

/// A cursor as sent: a string as it is, a number as its digits; nothing for an empty
/// string, `null` or anything else.
pub(super) fn cursor_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) if !text.is_empty() => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// The number in the query parameter `param` of `request`.
fn number(request: &Request, param: &str) -> Option<i64> {
    request.query_value(param)?.trim().parse().ok()
}

/// Where `request` goes below the base URL: its path and query.
fn target(request: &Request) -> String {
    let path = if request.path.starts_with('/') || request.path.is_empty() {
        request.path.clone()
    } else {
        format!("/{}", request.path)
    };
    match request.query.as_slice() {
        [] => path,
        query => format!("{path}?{}", query.join("&")),
    }
}

/// The target of the first `rel="next"` link of the `Link` headers (RFC 8288).
fn next_link(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(LINK)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find_map(|value| links(value).find(|(_, next)| *next).map(|(url, _)| url))
}

/// The links of one `Link` header value: each target, and whether its `rel` includes
/// `next`. Stops at the first thing that is not a link.
fn links(value: &str) -> impl Iterator<Item = (String, bool)> + '_ {
    let mut rest = value;
    std::iter::from_fn(move || {
        rest = rest.trim_start_matches(|c: char| c == ',' || c.is_ascii_whitespace());
        let after = rest.strip_prefix('<')?;
        let (url, params) = after.split_once('>')?;
        let url = url.trim().to_owned();
        rest = params;
        let mut next = false;
        loop {
            rest = rest.trim_start();
            let Some(param) = rest.strip_prefix(';') else {
                break;
            };
            let param = param.trim_start();
            let name_end = param.find(['=', ';', ',']).unwrap_or(param.len());
            let (name, after_name) = param.split_at(name_end);
            let (value, after_value) = match after_name.strip_prefix('=') {
                Some(value) => param_value(value.trim_start()),
                None => (String::new(), after_name),
            };
            if name.trim().eq_ignore_ascii_case("rel")
                && value
                    .split_ascii_whitespace()
                    .any(|rel| rel.eq_ignore_ascii_case("next"))
            {
                next = true;
            }
            rest = after_value;
        }
        Some((url, next))
    })
}

/// A link parameter's value (a token, or a quoted string with `\` escapes) and the text
/// after it.
fn param_value(text: &str) -> (String, &str) {
    let Some(quoted) = text.strip_prefix('"') else {
        let end = text.find([';', ',']).unwrap_or(text.len());
        let (value, after) = text.split_at(end);
        return (value.trim().to_owned(), after);
    };
    let mut value = String::new();
    let mut escaped = false;
    for (i, c) in quoted.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return (value, quoted.get(i + 1..).unwrap_or_default()),
            _ => {
                escaped = false;
                value.push(c);
            }
        }
    }
    (value, "")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(value: &str) -> Vec<(String, bool)> {
        links(value).collect()
    }

    #[test]
    fn link_headers_are_read_as_rfc_8288_writes_them() {
        let github = "<https://api.github.com/repositories/1/issues?page=2>; rel=\"next\", <https://api.github.com/repositories/1/issues?page=5>; rel=\"last\"";
        assert_eq!(
            parsed(github),
            vec![
                (
                    "https://api.github.com/repositories/1/issues?page=2".into(),
                    true
                ),
                (
                    "https://api.github.com/repositories/1/issues?page=5".into(),
                    false
                ),
            ]
        );
        // Several relations, an unquoted one, other parameters, commas inside the URL.
        assert_eq!(
            parsed("</a?x=1,2>; title=\"a, b; c\"; rel=\"prev first\", </b>;rel=NEXT"),
            vec![("/a?x=1,2".into(), false), ("/b".into(), true)]
        );
        assert_eq!(
            parsed("</c>; rel=\"x \\\"next\\\"\""),
            vec![("/c".into(), false)]
        );
        // What is not a link ends the reading.
        assert!(parsed("garbage <x>; rel=next").is_empty());
        assert!(parsed("<unclosed; rel=next").is_empty());
        assert!(parsed("").is_empty());
    }

    #[test]
    fn the_first_next_link_of_every_header_counts() {
        let mut headers = HeaderMap::new();
        headers.append(LINK, "</one>; rel=prev".parse().expect("a header value"));
        headers.append(
            LINK,
            "</two>; rel=next, </three>; rel=next"
                .parse()
                .expect("a header value"),
        );
        assert_eq!(next_link(&headers).as_deref(), Some("/two"));
        assert_eq!(next_link(&HeaderMap::new()), None);
    }

    #[test]
    fn cursors_are_strings_or_numbers() {
        assert_eq!(
            cursor_text(&serde_json::json!("abc")).as_deref(),
            Some("abc")
        );
        assert_eq!(cursor_text(&serde_json::json!(42)).as_deref(), Some("42"));
        for none in [
            serde_json::json!(""),
            serde_json::json!(null),
            serde_json::json!({"a": 1}),
        ] {
            assert_eq!(cursor_text(&none), None, "{none}");
        }
        let body = serde_json::json!({"meta": {"next": "n"}});
        assert_eq!(at(&body, &["meta", "next"]), Some(&serde_json::json!("n")));
        assert_eq!(at(&body, &[]), Some(&body));
        assert_eq!(at(&body, &["meta", "missing"]), None);
    }
}
