//! Detection, one rule at a time: each convention and extension found exactly, near misses
//! making nothing (and no warning), extensions that cannot be followed warning, and config
//! entries deciding, and failing at their own place when they name what does not exist.

use std::path::PathBuf;

use openapiv3::OpenAPI;

use crate::diag::{Diagnostic, Diagnostics, Location, Severity};
use crate::ir::{self, PageSource, PageStyle};
use crate::lower::lower_with;
use crate::options::{ConfigPlace, Options, PaginationEntry, PagingStyle};

/// A `GET` operation `id` at `/<id>` with the query parameters `params` (name and schema
/// type), whose 200 body is `body` (a YAML schema), with `more` (YAML lines of the
/// operation, indented by six spaces) and a `Link` header when `link`.
fn op(id: &str, params: &[(&str, &str)], body: &str, link: bool, more: &str) -> String {
    let params: String = params
        .iter()
        .map(|(name, ty)| {
            format!("        - {{name: {name}, in: query, schema: {{type: {ty}}}}}\n")
        })
        .collect();
    let headers = if link {
        "          headers: {Link: {schema: {type: string}}}\n"
    } else {
        ""
    };
    format!(
        "  /{id}:\n    get:\n      operationId: {id}\n      parameters:\n{params}        - {{name: unrelated, in: header, schema: {{type: string}}}}\n      responses:\n        '200':\n          description: A page.\n{headers}          content:\n            application/json:\n              schema: {body}\n{more}"
    )
}

/// The API lowered from `paths` (and `root`, more top-level YAML), with `options`.
fn lowered(paths: &[String], root: &str, options: &Options) -> (ir::Api, Vec<Diagnostic>) {
    let text = format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\n{root}paths:\n{}",
        paths.concat()
    );
    let api: OpenAPI = match serde_yaml::from_str(&text) {
        Ok(api) => api,
        Err(e) => panic!("{e}\n{text}"),
    };
    let mut diags = Diagnostics::default();
    let ir = lower_with(&api, options, &mut diags);
    (ir, diags.items().to_vec())
}

fn twin<'a>(api: &'a ir::Api, id: &str) -> Option<&'a ir::Pagination> {
    let found = api
        .operations
        .iter()
        .find(|op| op.operation_id.as_deref() == Some(id));
    match found {
        Some(op) => op.pagination(),
        None => panic!("no operation `{id}`"),
    }
}

fn keys(keys: &[&str]) -> Vec<String> {
    keys.iter().map(|k| k.to_string()).collect()
}

const PAGE_OF_DATA: &str = "{type: object, properties: {data: {type: array, items: {type: string}}, next_cursor: {type: string, nullable: true}, has_more: {type: boolean}}}";

#[test]
fn each_convention_is_found_exactly() {
    let paths = [
        op("cursor", &[("cursor", "string")], PAGE_OF_DATA, false, ""),
        op("link", &[("page", "integer")], "{type: array, items: {type: integer}}", true, ""),
        op(
            "stripe",
            &[("starting_after", "string")],
            "{type: object, properties: {data: {type: array, items: {type: object, properties: {id: {type: string}}}}, has_more: {type: boolean}}}",
            false,
            "",
        ),
        op(
            "google",
            &[("pageToken", "string")],
            "{type: object, properties: {files: {type: array, items: {type: string}}, nextPageToken: {type: string}}}",
            false,
            "",
        ),
        op(
            "twitter",
            &[("pagination_token", "string")],
            "{type: object, properties: {data: {type: array, items: {type: string}}, errors: {type: array, items: {type: string}}, meta: {type: object, properties: {next_token: {type: string}}}}}",
            false,
            "",
        ),
        op(
            "numbered",
            &[("page", "integer")],
            "{type: object, properties: {results: {type: array, items: {type: string}}, next_page: {type: integer}}}",
            false,
            "",
        ),
    ];
    let (api, diags) = lowered(&paths, "", &Options::default());
    assert!(diags.is_empty(), "{diags:?}");

    let cursor = twin(&api, "cursor").expect("a cursor pair");
    assert_eq!(
        cursor.source,
        PageSource::Convention("cursor -> next_cursor".into())
    );
    assert_eq!(
        cursor.style,
        PageStyle::Cursor {
            param: "cursor".into(),
            next: keys(&["next_cursor"])
        }
    );
    assert_eq!(cursor.items, keys(&["data"]));
    assert_eq!(cursor.item, ir::TypeRef::String);
    assert_eq!(cursor.has_more, Some(keys(&["has_more"])));

    let link = twin(&api, "link").expect("a Link header on a list");
    assert_eq!(
        (&link.source, &link.style),
        (&PageSource::LinkHeader, &PageStyle::LinkHeader)
    );
    assert!(link.items.is_empty(), "the body is the list");

    let stripe = twin(&api, "stripe").expect("starting_after");
    assert_eq!(
        stripe.style,
        PageStyle::LastItem {
            param: "starting_after".into(),
            field: "id".into()
        }
    );
    assert_eq!(stripe.has_more, Some(keys(&["has_more"])));

    // The one list, whatever its name.
    assert_eq!(
        twin(&api, "google").expect("pageToken").items,
        keys(&["files"])
    );
    // Two lists, one of them `data`; the cursor nested in `meta`.
    let twitter = twin(&api, "twitter").expect("pagination_token");
    assert_eq!(twitter.items, keys(&["data"]));
    assert!(
        matches!(&twitter.style, PageStyle::Cursor { next, .. } if *next == keys(&["meta", "next_token"]))
    );
    // An integer parameter takes an integer field.
    assert!(twin(&api, "numbered").is_some());
}

#[test]
fn near_misses_make_nothing_and_say_nothing() {
    let object_list = "{type: object, properties: {total_count: {type: integer}, repositories: {type: array, items: {type: string}}}}";
    let two_lists = "{type: object, properties: {cats: {type: array, items: {type: string}}, dogs: {type: array, items: {type: string}}, next_cursor: {type: string}}}";
    let string_next_page = "{type: object, properties: {data: {type: array, items: {type: string}}, next_page: {type: string}}}";
    let paths = [
        // `next`, not `next_cursor`.
        op("other_field", &[("cursor", "string")], "{type: object, properties: {data: {type: array, items: {type: string}}, next: {type: string}}}", false, ""),
        // A Link header, but the list is inside an object.
        op("link_object", &[], object_list, true, ""),
        // A list, but no Link header.
        op("no_link", &[("page", "integer")], "{type: array, items: {type: string}}", false, ""),
        // Two lists, neither `data`, `items` nor `results`.
        op("two_lists", &[("cursor", "string")], two_lists, false, ""),
        // An integer parameter cannot take a string cursor.
        op("kinds", &[("page", "integer")], string_next_page, false, ""),
        // Two pairs fit: neither is taken.
        op(
            "two_pairs",
            &[("cursor", "string"), ("page_token", "string")],
            "{type: object, properties: {data: {type: array, items: {type: string}}, next_cursor: {type: string}, next_page_token: {type: string}}}",
            false,
            "",
        ),
        // Stripe's parameter without `has_more`.
        op("no_has_more", &[("starting_after", "string")], "{type: object, properties: {data: {type: array, items: {type: object, properties: {id: {type: string}}}}}}", false, ""),
        // The items' `id` is not a cursor.
        op("object_id", &[("starting_after", "string")], "{type: object, properties: {data: {type: array, items: {type: object, properties: {id: {type: object}}}}, has_more: {type: boolean}}}", false, ""),
    ];
    let mut paths = paths.to_vec();
    // A cursor pair on a `POST`.
    paths.push(
        op("posted", &[("cursor", "string")], PAGE_OF_DATA, false, "")
            .replace("    get:", "    post:"),
    );
    // Two JSON successes.
    paths.push(op("two_successes", &[("cursor", "string")], PAGE_OF_DATA, false, "").replace(
        "        '200':",
        "        '201':\n          description: Made.\n          content: {application/json: {schema: {type: string}}}\n        '200':",
    ));
    let (api, diags) = lowered(&paths, "", &Options::default());
    assert!(diags.is_empty(), "{diags:?}");
    for op in &api.operations {
        assert_eq!(op.pagination(), None, "{}", op.name);
    }
}

#[test]
fn extensions_are_followed_exactly() {
    let orders = "{type: object, properties: {data: {type: object, properties: {rows: {type: array, items: {type: object, properties: {created_at: {type: string}}}}}}}}";
    let paths = [
        op(
            "speakeasy_last",
            &[("since", "string")],
            orders,
            false,
            "      x-speakeasy-pagination:\n        type: cursor\n        inputs: [{name: since, in: parameters, type: cursor}]\n        outputs: {nextCursor: '$.data.rows[-1].created_at'}\n",
        ),
        op(
            "speakeasy_offset",
            &[("offset", "integer"), ("limit", "integer")],
            "{type: array, items: {type: string}}",
            false,
            "      x-speakeasy-pagination:\n        type: offsetLimit\n        inputs: [{name: offset, in: parameters, type: offset}, {name: limit, in: parameters, type: limit}]\n        outputs: {results: $}\n",
        ),
        op(
            "fern_inherited",
            &[("page", "integer")],
            "{type: object, properties: {results: {type: array, items: {type: string}}, more: {type: boolean}}}",
            false,
            "      x-fern-pagination: true\n",
        ),
        op(
            "dropshot",
            &[("page_token", "string"), ("limit", "integer"), ("sort_by", "string")],
            "{type: object, properties: {items: {type: array, items: {type: string}}, next_page: {type: string, nullable: true}}}",
            false,
            "      x-dropshot-pagination: {required: []}\n",
        ),
        // An extension wins over the conventions the operation also fits.
        op(
            "over_convention",
            &[("cursor", "string"), ("page", "integer")],
            PAGE_OF_DATA,
            false,
            "      x-fern-pagination: {offset: $request.page, results: $response.data}\n",
        ),
    ];
    let root = "x-fern-pagination: {offset: $request.page, results: $response.results, has-next-page: $response.more}\n";
    let (api, diags) = lowered(&paths, root, &Options::default());
    assert!(diags.is_empty(), "{diags:?}");

    let last = twin(&api, "speakeasy_last").expect("speakeasy cursor");
    assert_eq!(
        last.style,
        PageStyle::LastItem {
            param: "since".into(),
            field: "created_at".into()
        }
    );
    assert_eq!(last.items, keys(&["data", "rows"]));
    assert_eq!(
        last.source,
        PageSource::Extension("x-speakeasy-pagination".into())
    );

    let offset = twin(&api, "speakeasy_offset").expect("speakeasy offset");
    assert_eq!(
        offset.style,
        PageStyle::Offset {
            param: "offset".into()
        }
    );
    assert!(offset.items.is_empty());

    // `true` takes the document's own: a page number, without `step`.
    let fern = twin(&api, "fern_inherited").expect("fern, inherited");
    assert_eq!(
        fern.style,
        PageStyle::Page {
            param: "page".into(),
            first: 1
        }
    );
    assert_eq!(fern.has_more, Some(keys(&["more"])));

    let dropshot = twin(&api, "dropshot").expect("dropshot");
    assert_eq!(dropshot.first_page_only, keys(&["sort_by"]));
    assert_eq!(dropshot.items, keys(&["items"]));

    let over = twin(&api, "over_convention").expect("fern");
    assert!(matches!(over.style, PageStyle::Page { .. }), "{over:?}");
}

#[test]
fn extensions_that_cannot_be_followed_warn_where_they_are() {
    let paths = [
        op(
            "in_body",
            &[],
            PAGE_OF_DATA,
            false,
            "      x-speakeasy-pagination:\n        type: cursor\n        inputs: [{name: since, in: requestBody, type: cursor}]\n        outputs: {nextCursor: $.next_cursor}\n",
        ),
        op(
            "filter",
            &[("cursor", "string")],
            PAGE_OF_DATA,
            false,
            "      x-speakeasy-pagination:\n        type: cursor\n        inputs: [{name: cursor, in: parameters, type: cursor}]\n        outputs: {nextCursor: '$.data[?(@.x)]'}\n",
        ),
        op(
            "no_param",
            &[("cursor", "string")],
            PAGE_OF_DATA,
            false,
            "      x-fern-pagination: {cursor: $request.cursr, next_cursor: $response.next_cursor, results: $response.data}\n",
        ),
        op("unknown_type", &[], PAGE_OF_DATA, false, "      x-speakeasy-pagination: {type: custom}\n"),
        op("no_root", &[], PAGE_OF_DATA, false, "      x-fern-pagination: true\n"),
        op(
            "not_a_list",
            &[("cursor", "string")],
            PAGE_OF_DATA,
            false,
            "      x-fern-pagination: {cursor: $request.cursor, next_cursor: $response.next_cursor, results: $response.has_more}\n",
        ),
    ];
    let (api, diags) = lowered(&paths, "", &Options::default());
    for op in &api.operations {
        assert_eq!(op.pagination(), None, "{}", op.name);
    }
    let shown: Vec<(String, &str)> = diags
        .iter()
        .map(|d| {
            assert_eq!(d.severity, Severity::Warning);
            (
                d.path.as_ref().map(|p| p.to_string()).unwrap_or_default(),
                d.message.as_str(),
            )
        })
        .collect();
    let expected = [
        (
            "paths./in_body.get.x-speakeasy-pagination",
            "the input `since` is in the request body",
        ),
        (
            "paths./filter.get.x-speakeasy-pagination",
            "is not plain keys",
        ),
        (
            "paths./no_param.get.x-fern-pagination",
            "has no query parameter `cursr` (did you mean `cursor`?)",
        ),
        (
            "paths./unknown_type.get.x-speakeasy-pagination",
            "`custom` is not one of",
        ),
        (
            "paths./no_root.get.x-fern-pagination",
            "the document has no `x-fern-pagination`",
        ),
        (
            "paths./not_a_list.get.x-fern-pagination",
            "`has_more` is a boolean, not a list",
        ),
    ];
    assert_eq!(shown.len(), expected.len(), "{shown:?}");
    for (path, words) in expected {
        assert!(
            shown
                .iter()
                .any(|(p, m)| p == path && m.contains(words) && m.contains("gets no items method")),
            "no warning at {path} with {words:?}: {shown:?}"
        );
    }
}

/// A config entry for `operation`, at line 7 of `openapi-gen.toml`.
fn entry(operation: &str, style: PagingStyle) -> PaginationEntry {
    PaginationEntry {
        operation: operation.into(),
        style,
        param: None,
        next: None,
        last_item: None,
        items: None,
        has_more: None,
        place: ConfigPlace {
            file: PathBuf::from("openapi-gen.toml"),
            line: 7,
            column: 20,
            key: format!("specs.api.pagination.{operation}"),
        },
    }
}

fn with(entries: Vec<PaginationEntry>) -> Options {
    Options {
        pagination: entries,
        ..Options::default()
    }
}

#[test]
fn config_entries_decide() {
    let repos = "{type: object, properties: {total_count: {type: integer}, repositories: {type: array, items: {type: string}}}}";
    let paths = [
        op("repos", &[("page", "integer")], repos, true, ""),
        op("cursor", &[("cursor", "string")], PAGE_OF_DATA, false, ""),
        op("by_path", &[("after", "string")], "{type: object, properties: {rows: {type: array, items: {type: integer}}, meta: {type: object, properties: {end: {type: string}}}}}", false, ""),
    ];
    let entries = vec![
        PaginationEntry {
            items: Some("repositories".into()),
            ..entry("repos", PagingStyle::Link)
        },
        entry("cursor", PagingStyle::None),
        PaginationEntry {
            param: Some("after".into()),
            next: Some("meta.end".into()),
            items: Some("rows".into()),
            ..entry("GET /by_path", PagingStyle::Cursor)
        },
    ];
    let (api, diags) = lowered(&paths, "", &with(entries));
    assert!(diags.is_empty(), "{diags:?}");
    let repos = twin(&api, "repos").expect("the config's link style");
    assert_eq!(
        (&repos.source, &repos.style),
        (&PageSource::Config, &PageStyle::LinkHeader)
    );
    assert_eq!(repos.items, keys(&["repositories"]));
    assert_eq!(
        twin(&api, "cursor"),
        None,
        "`none` turns the convention off"
    );
    let by_path = twin(&api, "by_path").expect("named by method and path");
    assert_eq!(by_path.item, ir::TypeRef::Integer(ir::IntKind::I64));
}

#[test]
fn config_entries_naming_what_does_not_exist_are_errors_at_the_entry() {
    let paths = [
        op(
            "list",
            &[("cursor", "string"), ("page", "integer")],
            PAGE_OF_DATA,
            false,
            "",
        ),
        op(
            "second",
            &[],
            "{type: array, items: {type: string}}",
            false,
            "",
        ),
    ];
    let cases = [
        (entry("lst", PagingStyle::Link), "specs.api.pagination.lst`: the spec has no operation `lst`", "did you mean `list`?"),
        (
            PaginationEntry { param: Some("cursr".into()), next: Some("next_cursor".into()), items: Some("data".into()), ..entry("list", PagingStyle::Cursor) },
            "specs.api.pagination.list.param`: `list` has no query parameter `cursr`",
            "did you mean `cursor`?",
        ),
        (
            PaginationEntry { param: Some("cursor".into()), next: Some("next".into()), items: Some("data".into()), ..entry("list", PagingStyle::Cursor) },
            "specs.api.pagination.list.next`: the response has no field `next`",
            "the fields of the body: `data`, `has_more`, `next_cursor`",
        ),
        (
            PaginationEntry { param: Some("cursor".into()), items: Some("data".into()), ..entry("list", PagingStyle::Page) },
            "specs.api.pagination.list.param`: the query parameter `cursor` is a string, not an integer",
            "",
        ),
        (
            PaginationEntry { items: Some("has_more".into()), ..entry("list", PagingStyle::Link) },
            "specs.api.pagination.list.items`: `has_more` is a boolean, not a list",
            "`items = \"data\"`",
        ),
        (entry("list", PagingStyle::Link), "specs.api.pagination.list.items`: the response body is an object, not a list", "`items = \"data\"`"),
        (
            PaginationEntry { has_more: Some("data".into()), items: Some("data".into()), ..entry("GET /list", PagingStyle::Link) },
            "specs.api.pagination.GET /list.has_more`: `data` is a list, not a boolean",
            "",
        ),
    ];
    for (case, message, help) in cases {
        let (api, diags) = lowered(&paths, "", &with(vec![case.clone()]));
        if case.operation != "lst" {
            assert_eq!(twin(&api, "list"), None, "an entry in error makes nothing");
        }
        let [error] = diags.as_slice() else {
            panic!("one error for {case:?}: {diags:?}");
        };
        assert_eq!(error.severity, Severity::Error);
        assert_eq!(error.file, Some(PathBuf::from("openapi-gen.toml")));
        assert_eq!(
            error.location,
            Some(Location {
                line: 7,
                column: 20
            })
        );
        assert!(
            error.message.contains(message),
            "{:?} lacks {message:?}",
            error.message
        );
        assert!(
            error.message.starts_with("config key `"),
            "{}",
            error.message
        );
        assert!(
            error.help.as_deref().unwrap_or("").contains(help),
            "{error:?} lacks {help:?}"
        );
    }

    // Two entries for one operation: the second is the error.
    let twice = vec![
        entry("second", PagingStyle::Link),
        entry("GET /second", PagingStyle::None),
    ];
    let (api, diags) = lowered(&paths, "", &with(twice));
    assert!(twin(&api, "second").is_some(), "the first entry holds");
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert!(
        diags[0]
            .message
            .contains("`GET /second` names the same operation as `second`"),
        "{diags:?}"
    );
}
