//! What a user may choose per spec: choices the spec itself cannot express.

use std::path::PathBuf;

/// Generation options for one spec. [`Options::default`] is what `cargo xtask codegen`
/// uses for `specs/`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// How string `format`s become Rust types.
    pub formats: Formats,
    /// How lists page where the spec does not say it (or says it otherwise): the config
    /// file's `[specs.<module>.pagination.<operation>]` entries, in file order.
    pub pagination: Vec<PaginationEntry>,
    /// Whether operations are grouped into a cargo feature per tag.
    pub tag_features: TagFeatures,
    /// Refuse the document instead of repairing its defects (each repair becomes an
    /// error): for specs that are the user's own and must be clean.
    pub strict: bool,
    /// OpenAPI Overlay files applied to the document, in order, before anything else
    /// reads it (read through the run's `Files`, relative to its base).
    pub overlays: Vec<PathBuf>,
}

/// Cargo features per operation tag: a user of three tags of a large API compiles only
/// their operations and the types those reach.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum TagFeatures {
    /// Every operation is always compiled.
    #[default]
    Off,
    /// Each tag's operations, and the types only tagged operations reach, are compiled
    /// only with the tag's feature: `prefix` followed by the tag in kebab case
    /// (`repos`, or `github-repos` with the prefix `github-` in a crate of several
    /// specs). Operations without a tag, and types they or no operation reach, are
    /// always compiled.
    On {
        /// What every feature name starts with.
        prefix: String,
    },
}

impl TagFeatures {
    /// For a crate of one spec: features named after the bare tags (`repos`) when `on`.
    pub fn standalone(on: bool) -> Self {
        if on {
            TagFeatures::On {
                prefix: String::new(),
            }
        } else {
            TagFeatures::Off
        }
    }

    /// For the module `module` of a crate of several specs: features named
    /// `<module>-<tag>` (`github-repos`) when `on`, so two specs' tags never meet.
    pub fn in_module(module: &str, on: bool) -> Self {
        if on {
            TagFeatures::On {
                prefix: format!("{module}-"),
            }
        } else {
            TagFeatures::Off
        }
    }
}

/// One `[specs.<module>.pagination.<operation>]` entry of a config file: how an
/// operation's list pages. Lowering checks it against the spec; an entry that names an
/// operation, parameter or field the spec does not have is an error at [`ConfigPlace`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaginationEntry {
    /// The operation: its `operationId`, or its method and path (`GET /pets`).
    pub operation: String,
    /// How the next page is asked for.
    pub style: PagingStyle,
    /// The query parameter that carries the cursor, page number or offset.
    pub param: Option<String>,
    /// The dotted path of the next cursor (`cursor` style) or URL (`next-url` style) in
    /// the response body (`meta.next_cursor`).
    pub next: Option<String>,
    /// The field of the last item whose value is the next cursor (`cursor` style, for
    /// lists that page after an item's id, as Stripe's `starting_after`).
    pub last_item: Option<String>,
    /// The dotted path of the list of items in the response body; `None`: the body is
    /// the list.
    pub items: Option<String>,
    /// The dotted path of a boolean in the response body that is `false` on the last
    /// page.
    pub has_more: Option<String>,
    /// Where the entry is written.
    pub place: ConfigPlace,
}

/// How a configured list pages: the `style` key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PagingStyle {
    /// `"cursor"`: the parameter takes the cursor the last page gave.
    Cursor,
    /// `"page"`: the parameter is a page number, one higher each page.
    Page,
    /// `"offset"`: the parameter is an offset, advanced by the items received.
    Offset,
    /// `"link"`: the URL of the `Link` header's `rel="next"`.
    Link,
    /// `"next-url"`: the URL the last page's body gives.
    NextUrl,
    /// `"none"`: no items method, whatever the spec says.
    None,
}

/// Where a config entry is written, for the errors about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigPlace {
    /// The config file.
    pub file: PathBuf,
    /// 1-based line and column of the entry's key.
    pub line: usize,
    /// See `line`.
    pub column: usize,
    /// The dotted key of the entry (`specs.pets.pagination.listPets`).
    pub key: String,
}

/// How string `format`s (`date-time`, `date`, `uuid`, `byte`, `ipv4`, `ipv6`) become
/// Rust types.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Formats {
    /// Each gets its type (`chrono::DateTime<FixedOffset>`, `uuid::Uuid`, ...), which
    /// refuses a value that is not of the format.
    #[default]
    Typed,
    /// Every one stays a `String`: for servers that send values slightly off their
    /// format, which a typed field would fail to decode.
    Strings,
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    const SPEC: &str = r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Event:
      type: object
      required: [at, id]
      properties:
        at: {type: string, format: date-time}
        id: {type: string, format: uuid}
"#;

    fn code(options: &Options) -> String {
        crate::generate_with_options(Path::new("t.yaml"), SPEC, &crate::load::NoFiles, options)
            .expect("generates")
            .code
    }

    #[test]
    fn formats_are_typed_unless_kept_as_strings() {
        let typed = code(&Options::default());
        assert!(
            typed.contains("pub at: ::chrono::DateTime<::chrono::FixedOffset>"),
            "{typed}"
        );
        assert!(typed.contains("pub id: ::uuid::Uuid"), "{typed}");
        let strings = code(&Options {
            formats: Formats::Strings,
            ..Options::default()
        });
        assert!(
            strings.contains("pub at: ::std::string::String"),
            "{strings}"
        );
        assert!(
            strings.contains("pub id: ::std::string::String"),
            "{strings}"
        );
    }
}
