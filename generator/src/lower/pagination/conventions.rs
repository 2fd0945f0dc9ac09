//! The conventions of list operations that say how they page without an extension, each
//! a [`Rule`] to check: only a `GET` without a body is tried (the caller's test), and only
//! when exactly one rule fits does it become a twin.
//!
//! - **`Link` header**: a success response that declares a `Link` header (any case) with a
//!   body that is a list (GitHub). The URL of `rel="next"` is the next page; a list with
//!   an object around it is not taken (which field holds the items would be a guess).
//! - **A cursor pair**: a query parameter and a response field of [`CURSOR_PAIRS`], of
//!   the same kind (both strings, or both integers, or a string parameter taking an
//!   integer), the items being the body's one list.
//! - **After the last item** (Stripe): a query parameter `starting_after`, a boolean
//!   `has_more` and a list `data` of objects with an `id`.
//!
//! A top-level boolean `has_more` (or `hasMore`) beside a cursor pair ends the pages when
//! it is `false`.

use openapiv3::{Operation, StatusCode};

use super::shapes::{page_body, JsonShape};
use super::{Items, Lowerer, Rule, RuleStyle};
use crate::ir::{self, PageSource, ParamLocation};

/// Query parameters and the response field (keys from the body's top level) that gives
/// their next value, as APIs name them.
const CURSOR_PAIRS: &[(&str, &[&str])] = &[
    ("cursor", &["next_cursor"]),
    ("cursor", &["nextCursor"]),
    // Slack.
    ("cursor", &["response_metadata", "next_cursor"]),
    ("page_token", &["next_page_token"]),
    // Dropshot, without its extension.
    ("page_token", &["next_page"]),
    // Google.
    ("pageToken", &["nextPageToken"]),
    // X (Twitter) v2.
    ("pagination_token", &["meta", "next_token"]),
    // Stripe's search.
    ("page", &["next_page"]),
    // OpenAI.
    ("after", &["last_id"]),
];

impl<'a> Lowerer<'a> {
    /// The convention rules that may fit `op` (lowered from `spec`), to be checked.
    pub(super) fn conventions(&self, op: &ir::Operation, spec: &Operation) -> Vec<Rule> {
        let mut rules = Vec::new();
        let has_query = |name: &str| {
            op.params
                .iter()
                .any(|p| p.name.wire == name && p.location == ParamLocation::Query)
        };
        if self.declares_link_header(spec) {
            rules.push(Rule {
                source: PageSource::LinkHeader,
                style: RuleStyle::Link,
                items: Items::Body,
                has_more: None,
                first_page_only: Vec::new(),
            });
        }
        let body = page_body(op);
        let top_level = |names: &[&str]| -> Option<Vec<String>> {
            let JsonShape::Object(object) = self.json_shape(body?) else {
                return None;
            };
            names.iter().find_map(|name| {
                object
                    .fields
                    .iter()
                    .find(|f| f.name.wire == *name && self.json_shape(&f.ty) == JsonShape::Bool)
                    .map(|f| vec![f.name.wire.clone()])
            })
        };
        let has_more = top_level(&["has_more", "hasMore"]);
        for (param, next) in CURSOR_PAIRS {
            if has_query(param) {
                rules.push(Rule {
                    source: PageSource::Convention(format!("{param} -> {}", next.join("."))),
                    style: RuleStyle::Cursor {
                        param: param.to_string(),
                        next: next.iter().map(|k| k.to_string()).collect(),
                    },
                    items: Items::OnlyList,
                    has_more: has_more.clone(),
                    first_page_only: Vec::new(),
                });
            }
        }
        if has_query("starting_after") {
            if let Some(has_more) = top_level(&["has_more"]) {
                rules.push(Rule {
                    source: PageSource::Convention("starting_after -> data[-1].id".into()),
                    style: RuleStyle::LastItem {
                        param: "starting_after".into(),
                        field: "id".into(),
                    },
                    items: Items::At(vec!["data".into()]),
                    has_more: Some(has_more),
                    first_page_only: Vec::new(),
                });
            }
        }
        rules
    }

    /// Whether a 2XX response of `spec` declares a `Link` header.
    fn declares_link_header(&self, spec: &Operation) -> bool {
        spec.responses
            .responses
            .iter()
            .filter(|(status, _)| match status {
                StatusCode::Code(code) => (200..300).contains(code),
                StatusCode::Range(range) => *range == 2,
            })
            .filter_map(|(_, response)| self.refs.resolve(response))
            .any(|response| {
                response
                    .headers
                    .keys()
                    .any(|name| name.eq_ignore_ascii_case("link"))
            })
    }
}
