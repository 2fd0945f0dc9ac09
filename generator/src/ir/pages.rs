//! The IR of a paginated operation's `.items()`: how its list pages, and what said so.
//! Part of [`crate::ir`], plain data like the rest.

use serde::Serialize;

use super::{is_false, TypeRef};

/// How a list operation pages: its request value's `.items()` streams every item of every
/// page. Only what is certain becomes one (see `lower::pagination`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pagination {
    /// What said the operation pages this way.
    pub source: PageSource,
    /// How the request for the next page is made.
    pub style: PageStyle,
    /// The keys that lead from the success body to the list of items; empty when the
    /// body is the list.
    pub items: Vec<String>,
    /// The type of one item.
    pub item: TypeRef,
    /// The keys of a boolean in the success body that says whether another page
    /// follows (`has_more`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub has_more: Option<Vec<String>>,
    /// Query parameters (wire names) sent with the first page only: the cursor stands
    /// for them afterwards (Dropshot's rule).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub first_page_only: Vec<String>,
    /// Whether `.items()` sends the operation's request body (not a `GET`'s
    /// optional one, which it leaves out).
    #[serde(skip_serializing_if = "is_false")]
    pub body: bool,
}

/// What said how an operation's list pages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum PageSource {
    /// An entry of the config file (`[specs.<module>.pagination.<operation>]`).
    Config,
    /// A vendor extension of the operation (`x-speakeasy-pagination`, ...).
    Extension(String),
    /// The success response declares a `Link` header and its body is a list.
    LinkHeader,
    /// A query parameter and a response field of a known pair (`cursor` and
    /// `next_cursor`, ...), named here as `param -> field`.
    Convention(String),
}

/// How the request for the next page is made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum PageStyle {
    /// The query parameter `param` takes the value at `next` in the last page's body.
    Cursor {
        /// The query parameter (wire name).
        param: String,
        /// The keys of the next cursor in the body.
        next: Vec<String>,
    },
    /// The query parameter `param` takes the field `field` of the last item (Stripe's
    /// `starting_after`).
    LastItem {
        /// The query parameter (wire name).
        param: String,
        /// The item's field (wire name).
        field: String,
    },
    /// The query parameter `param` is a page number, one higher for each page.
    Page {
        /// The query parameter (wire name).
        param: String,
        /// The number of the first page when the caller gives none.
        first: i64,
    },
    /// The query parameter `param` is an offset, advanced by the items of each page.
    Offset {
        /// The query parameter (wire name).
        param: String,
    },
    /// The URL of the `Link` header's `rel="next"` (RFC 8288).
    LinkHeader,
    /// The URL at `next` in the last page's body.
    NextUrl {
        /// The keys of the URL in the body.
        next: Vec<String>,
    },
}
