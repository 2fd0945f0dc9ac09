//! What a user may choose per spec: choices the spec itself cannot express.

/// Generation options for one spec. [`Options::default`] is what `cargo xtask codegen`
/// uses for `specs/`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// How string `format`s become Rust types.
    pub formats: Formats,
    /// Whether operations are grouped into a cargo feature per tag.
    pub tag_features: TagFeatures,
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
