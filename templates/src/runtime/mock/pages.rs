//! The default answer of a paginated operation (one with `.items()`): a short run of
//! [`DEFAULT_PAGES`] linked pages of [`PAGE_ITEMS`] items, served the way the client
//! pages ([`Paging`], the same value the client's `.items()` hands to
//! [`Pages`](super::super::Pages)). The request says which page it wants (its cursor, page
//! number, offset, last item, or the page in the URL the mock linked to), and each page
//! but the last links to the next one as the style says; the last one ends the walk as the
//! style says (no cursor, no link, `has_more: false`, or an empty page after it).
//!
//! Every page is made from one page of the operation's ordinary default answer (the
//! spec's example, else the value made from the schema): its first item, told apart per
//! item by one leaf (its `id` if it can be, a number counted up, a string suffixed),
//! checked to still decode as the item type. Deterministic; nothing here panics on what
//! the spec or a request holds.

use serde_json::{Map, Value};

use super::super::pages::{at, cursor_text, Paging, PagingStyle};
use super::received::Received;
use super::spec::{BodyCheck, Location, OperationSpec};
use super::stub::Reply;

/// How many pages a paginated operation without a stub answers with.
pub const DEFAULT_PAGES: usize = 3;

/// How many items each of those pages holds.
pub const PAGE_ITEMS: usize = 2;

/// The query parameter of the URLs the mock links to (a `Link` header, a next URL in the
/// body) when the operation has no integer `page` query parameter of its own.
pub const PAGE_PARAM: &str = "mock_page";

/// What the mock knows of a paginated operation: how its client pages, and whether a
/// value decodes as one item.
#[derive(Debug)]
pub struct PagesSpec {
    /// How the operation's `.items()` pages.
    pub paging: Paging,
    /// Whether a JSON value decodes as one item.
    pub item: BodyCheck,
}

/// The page `request` asks for, made from `template` (the operation's default answer, a
/// first page) and the server's own `base_url`; `Err` with why the operation answers
/// one page instead.
pub(super) fn page(
    spec: &OperationSpec,
    pages: &PagesSpec,
    template: &Reply,
    request: &Received,
    base_url: &str,
) -> Result<Reply, String> {
    let paging = &pages.paging;
    let mut body: Value = serde_json::from_slice(&template.body)
        .map_err(|_| "its default answer is not JSON".to_string())?;
    let first = at(&body, paging.items)
        .and_then(Value::as_array)
        .and_then(|items| items.first())
        .ok_or_else(|| "its default answer has no item to make pages of".to_string())?;
    let all = items(first, paging, pages.item)?;
    let url_param = url_param(spec);
    let start = start(paging, request, &all, url_param).unwrap_or(all.len());
    let end = start.saturating_add(PAGE_ITEMS).min(all.len());
    let last = end >= all.len();
    let page_items = all.get(start..end).unwrap_or_default().to_vec();
    set(&mut body, paging.items, Value::Array(page_items));
    if let Some(has_more) = paging.has_more {
        set(&mut body, has_more, Value::Bool(!last));
    }
    // The number (from 1) of the page after this one.
    let next = end / PAGE_ITEMS + 1;
    let mut reply = template.clone();
    match paging.style {
        PagingStyle::Cursor { next: keys, .. } => {
            let value = if last {
                end_of(at(&body, keys))
            } else {
                Some(cursor(at(&body, keys), next))
            };
            set_or_remove(&mut body, keys, value);
        }
        PagingStyle::NextUrl { next: keys } => {
            let value = if last {
                end_of(at(&body, keys))
            } else {
                Some(Value::String(page_url(base_url, request, url_param, next)))
            };
            set_or_remove(&mut body, keys, value);
        }
        PagingStyle::LinkHeader if !last => {
            let url = page_url(base_url, request, url_param, next);
            reply = reply.with_header("link", &format!("<{url}>; rel=\"next\""));
        }
        PagingStyle::LinkHeader
        | PagingStyle::LastItem { .. }
        | PagingStyle::Page { .. }
        | PagingStyle::Offset { .. } => {}
    }
    reply.body = serde_json::to_vec(&body).map_err(|e| e.to_string())?;
    Ok(reply)
}

/// The [`DEFAULT_PAGES`] × [`PAGE_ITEMS`] items, each `first` with one leaf told apart
/// (for [`PagingStyle::LastItem`], its cursor field), all of which decode as the item.
fn items(first: &Value, paging: &Paging, decodes: BodyCheck) -> Result<Vec<Value>, String> {
    let count = DEFAULT_PAGES * PAGE_ITEMS;
    let places: Vec<Vec<String>> = match paging.style {
        PagingStyle::LastItem { field, .. } => vec![vec![field.to_string()]],
        _ => {
            // An `id` first: the items then read as different records.
            let mut places = Vec::new();
            if first.get("id").is_some() {
                places.push(vec!["id".to_string()]);
            }
            leaves(first, &mut Vec::new(), &mut places);
            places
        }
    };
    for place in &places {
        let keys: Vec<&str> = place.iter().map(String::as_str).collect();
        let Some(leaf) = at(first, &keys) else {
            continue;
        };
        for way in 0..WAYS {
            let made: Option<Vec<Value>> = (1..=count)
                .map(|n| {
                    let value = told_apart(leaf, way, n)?;
                    let mut item = first.clone();
                    set(&mut item, &keys, value);
                    let bytes = serde_json::to_vec(&item).ok()?;
                    decodes(&bytes).ok().map(|()| item)
                })
                .collect();
            if let Some(made) = made {
                return Ok(made);
            }
        }
    }
    Err(match paging.style {
        PagingStyle::LastItem { field, .. } => format!(
            "its items' `{field}` cannot be told apart (made different, they no longer decode)"
        ),
        _ => "its items cannot be told apart (no number or string of an item can change and \
              still decode)"
            .to_string(),
    })
}

/// How many ways [`told_apart`] has.
const WAYS: usize = 2;

/// The leaf `value` made the `n`th (from 1) of its kind, the `way`th way: a number plus
/// `n`; a UUID ending in `n`; a string with `-n` after it. `None`: not that way.
fn told_apart(value: &Value, way: usize, n: usize) -> Option<Value> {
    match (value, way) {
        (Value::Number(number), 0) => {
            let n = u32::try_from(n).ok()?;
            if let Some(i) = number.as_i64() {
                Some(Value::from(i.checked_add(i64::from(n))?))
            } else if let Some(u) = number.as_u64() {
                Some(Value::from(u.checked_add(u64::from(n))?))
            } else {
                serde_json::Number::from_f64(number.as_f64()? + f64::from(n)).map(Value::Number)
            }
        }
        (Value::String(text), 0) if is_uuid(text) => {
            let head = text.get(..24)?;
            Some(Value::String(format!("{head}{n:012x}")))
        }
        (Value::String(text), 1) => Some(Value::String(format!("{text}-{n}"))),
        _ => None,
    }
}

/// Whether `text` is written as a UUID (8-4-4-4-12 hexadecimal digits).
fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(group, len)| group.len() == len && group.chars().all(|c| c.is_ascii_hexdigit()))
}

/// The keys of every number and string in `value`, depth first (a bounded number).
fn leaves(value: &Value, keys: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    const MAX_LEAVES: usize = 64;
    if out.len() >= MAX_LEAVES {
        return;
    }
    match value {
        Value::Number(_) | Value::String(_) => out.push(keys.clone()),
        Value::Object(map) => {
            for (key, child) in map {
                keys.push(key.clone());
                leaves(child, keys, out);
                keys.pop();
            }
        }
        _ => {}
    }
}

/// The index of the first item of the page `request` asks for: `None` for a cursor,
/// number or URL the mock never gave (answered with an empty last page).
fn start(paging: &Paging, request: &Received, all: &[Value], url_param: &str) -> Option<usize> {
    let query = |param: &str| request.values(Location::Query, param).into_iter().next();
    let page_start = |page: i64| {
        let page = usize::try_from(page.checked_sub(1)?).ok()?;
        page.checked_mul(PAGE_ITEMS)
    };
    let number = |param: &str| query(param).map(|v| v.trim().parse::<i64>().ok());
    match paging.style {
        PagingStyle::Cursor { param, .. } => match query(param) {
            None => Some(0),
            Some(cursor) => {
                let digits = cursor.strip_prefix("page-").unwrap_or(&cursor);
                page_start(digits.parse().ok()?)
            }
        },
        PagingStyle::LastItem { param, field } => match query(param) {
            None => Some(0),
            Some(cursor) => all
                .iter()
                .position(|item| item.get(field).and_then(cursor_text).as_deref() == Some(&cursor))
                .map(|i| i + 1),
        },
        PagingStyle::Page { param, first } => match number(param) {
            None => Some(0),
            Some(page) => page_start(page?.checked_sub(first)?.checked_add(1)?),
        },
        PagingStyle::Offset { param } => match number(param) {
            None => Some(0),
            Some(offset) => usize::try_from(offset?).ok(),
        },
        PagingStyle::LinkHeader | PagingStyle::NextUrl { .. } => match number(url_param) {
            None => Some(0),
            Some(page) => page_start(page?),
        },
    }
}

/// The cursor of page `next` (from 1): a number when the page's cursor field holds one,
/// else `page-<next>`.
fn cursor(current: Option<&Value>, next: usize) -> Value {
    match current {
        Some(Value::Number(_)) => Value::from(next),
        _ => Value::String(format!("page-{next}")),
    }
}

/// What a cursor or next URL field holds on the last page: left out when the default
/// answer leaves it out, empty when it is a string, else `null`.
fn end_of(current: Option<&Value>) -> Option<Value> {
    match current {
        None => None,
        Some(Value::String(_)) => Some(Value::String(String::new())),
        Some(_) => Some(Value::Null),
    }
}

/// The query parameter of the page in the URLs the mock links to: the operation's own
/// `page`, when it is a query parameter that takes a number, else [`PAGE_PARAM`].
fn url_param(spec: &OperationSpec) -> &'static str {
    let own = spec.params.iter().any(|p| {
        p.name == "page" && p.location == Location::Query && (p.check)(&["2".to_string()]).is_ok()
    });
    if own {
        "page"
    } else {
        PAGE_PARAM
    }
}

/// The URL of page `page` (from 1): the request's own, on the server's base URL, with
/// `param` set to `page`.
fn page_url(base_url: &str, request: &Received, param: &str, page: usize) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in request.query.iter().filter(|(name, _)| name != param) {
        query.append_pair(name, value);
    }
    query.append_pair(param, &page.to_string());
    format!(
        "{}{}?{}",
        base_url.trim_end_matches('/'),
        request.path,
        query.finish()
    )
}

/// Puts `value` at `keys` in `body`, making the objects on the way; nothing when a value
/// on the way is not an object.
fn set(body: &mut Value, keys: &[&str], value: Value) {
    let Some((last, path)) = keys.split_last() else {
        *body = value;
        return;
    };
    let mut here = body;
    for key in path {
        let Some(map) = here.as_object_mut() else {
            return;
        };
        here = map
            .entry(key.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
    }
    if let Some(map) = here.as_object_mut() {
        map.insert(last.to_string(), value);
    }
}

/// [`set`], or the key at `keys` removed for `None`.
fn set_or_remove(body: &mut Value, keys: &[&str], value: Option<Value>) {
    match value {
        Some(value) => set(body, keys, value),
        None => {
            let Some((last, path)) = keys.split_last() else {
                return;
            };
            if let Some(map) = at_mut(body, path).and_then(Value::as_object_mut) {
                map.remove(*last);
            }
        }
    }
}

fn at_mut<'v>(value: &'v mut Value, keys: &[&str]) -> Option<&'v mut Value> {
    keys.iter().try_fold(value, |here, key| here.get_mut(*key))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn any(_: &[u8]) -> Result<(), String> {
        Ok(())
    }

    fn numbered(bytes: &[u8]) -> Result<(), String> {
        let value: Value = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
        match value.get("id") {
            Some(Value::Number(_)) => Ok(()),
            _ => Err("`id` is not a number".to_string()),
        }
    }

    fn paging(style: PagingStyle) -> Paging {
        Paging {
            style,
            items: &["data"],
            has_more: None,
            first_page_only: &[],
        }
    }

    #[test]
    fn items_are_told_apart_by_a_leaf_that_still_decodes() {
        let cursor = paging(PagingStyle::Offset { param: "offset" });
        let made = items(&json!({"id": 7, "name": "rex"}), &cursor, any).unwrap();
        assert_eq!(made.len(), DEFAULT_PAGES * PAGE_ITEMS);
        assert_eq!(made[0], json!({"id": 8, "name": "rex"}));
        assert_eq!(made[5], json!({"id": 13, "name": "rex"}));
        // A string where the decoder wants a number is not changed; the next leaf is.
        let made = items(&json!({"id": 1, "name": "a"}), &cursor, numbered).unwrap();
        assert_eq!(made[1]["id"], json!(3));
        let made = items(&json!({"id": "x", "name": "a"}), &cursor, any).unwrap();
        assert_eq!(made[2]["id"], json!("x-3"));
        // An `id` is told apart before the leaves that come first.
        let made = items(&json!({"active": "no", "id": 4}), &cursor, any).unwrap();
        assert_eq!(made[0], json!({"active": "no", "id": 5}));
        let uuid = json!("00000000-0000-4000-8000-000000000000");
        assert_eq!(
            items(&uuid, &cursor, any).unwrap()[5],
            json!("00000000-0000-4000-8000-000000000006")
        );
        assert!(items(&json!(true), &cursor, any).is_err());
        // Stripe's way: the last item's field is what changes, or nothing pages.
        let last = paging(PagingStyle::LastItem {
            param: "starting_after",
            field: "name",
        });
        let made = items(&json!({"id": 1, "name": "a"}), &last, any).unwrap();
        assert_eq!(made[0], json!({"id": 1, "name": "a-1"}));
        assert!(items(&json!({"id": 1}), &last, any).is_err());
    }

    #[test]
    fn cursors_and_ends_keep_the_field_kind() {
        assert_eq!(cursor(Some(&json!(0)), 2), json!(2));
        assert_eq!(cursor(Some(&json!("abc")), 3), json!("page-3"));
        assert_eq!(cursor(None, 3), json!("page-3"));
        assert_eq!(end_of(Some(&json!("abc"))), Some(json!("")));
        assert_eq!(end_of(Some(&json!(4))), Some(Value::Null));
        assert_eq!(end_of(None), None);
    }

    #[test]
    fn values_are_set_and_removed_on_a_path() {
        let mut body = json!({"meta": {"next": "x"}, "data": []});
        set(&mut body, &["links", "next"], json!("u"));
        set_or_remove(&mut body, &["meta", "next"], None);
        set(&mut body, &["data", "deeper"], json!(1));
        assert_eq!(
            body,
            json!({"meta": {}, "data": [], "links": {"next": "u"}})
        );
        let mut list = json!([1]);
        set(&mut list, &[], json!([2, 3]));
        assert_eq!(list, json!([2, 3]));
    }
}
