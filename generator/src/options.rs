//! What a user may choose per spec: choices the spec itself cannot express.

/// Generation options for one spec. [`Options::default`] is what `cargo xtask codegen`
/// uses for `specs/`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// How string `format`s become Rust types.
    pub formats: Formats,
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
