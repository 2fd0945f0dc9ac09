//! References to other documents: `common.yaml#/components/schemas/Error`,
//! `./models/pet.yaml`, `https://example.com/spec.yaml#/...`.
//!
//! Parsed here, like local references; `load` follows the ones to files (bundling them
//! into the document) and refuses the ones to URLs.

use super::unescape;

/// What a `$ref` that does not start with `#` names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum External {
    /// A URL (`https://...`, `//host/...`, `urn:...`): never fetched.
    Url,
    /// A file, relative to the referring document, and a place in it.
    File {
        /// The file's path as written, percent-escapes undone (`my%20api.yaml`).
        path: String,
        /// The place in the file.
        fragment: Fragment,
    },
}

/// The part of an external reference after `#`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fragment {
    /// A JSON pointer (none, or `#`, is the whole document), as unescaped segments.
    Pointer(Vec<String>),
    /// Something that is not a JSON pointer (`#Pet`, a JSON Schema anchor).
    NotAPointer(String),
}

/// Parses a reference to another document. A local reference (`#...`) is not one: `None`.
pub fn external(reference: &str) -> Option<External> {
    if reference.starts_with('#') {
        return None;
    }
    let (file, fragment) = match reference.split_once('#') {
        Some((file, fragment)) => (file, Some(fragment)),
        None => (reference, None),
    };
    if is_url(file) {
        return Some(External::Url);
    }
    let fragment = match fragment {
        None | Some("") => Fragment::Pointer(Vec::new()),
        Some(pointer) => match pointer.strip_prefix('/') {
            Some(rest) => Fragment::Pointer(
                rest.split('/')
                    .map(|s| unescape(&percent_decode(s)))
                    .collect(),
            ),
            None => Fragment::NotAPointer(pointer.to_string()),
        },
    };
    Some(External::File {
        path: percent_decode(file),
        fragment,
    })
}

/// Whether a reference (or a discriminator `mapping` value) names a place in another
/// document: it is not local and has a `#`, a `/` or a YAML or JSON file extension. A bare
/// word (`Pet`) is not read as a file: it is far more often a mistaken local reference,
/// or (in a mapping) a schema's name.
pub fn names_other_document(value: &str) -> bool {
    !value.starts_with('#')
        && (value.contains('#') || value.contains('/') || has_document_extension(value))
}

/// Whether a path names a YAML or JSON document.
fn has_document_extension(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    [".yaml", ".yml", ".json"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// `scheme:...` (RFC 3986: a letter, then letters, digits, `+`, `-` or `.`) or a
/// network-path reference (`//host/...`). A Windows drive (`C:\`) is a one-letter scheme,
/// read as a path.
fn is_url(file: &str) -> bool {
    if file.starts_with("//") {
        return true;
    }
    let Some((scheme, _)) = file.split_once(':') else {
        return false;
    };
    scheme.len() > 1
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Undoes `%XX` escapes; an escape that is not two hex digits, or bytes that are not
/// UTF-8, stay as written.
pub(crate) fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(hi), Some(lo)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((hi * 16 + lo) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, pointer: &[&str]) -> Option<External> {
        Some(External::File {
            path: path.to_string(),
            fragment: Fragment::Pointer(pointer.iter().map(|s| s.to_string()).collect()),
        })
    }

    #[test]
    fn files_and_pointers() {
        assert_eq!(external("#/components/schemas/A"), None);
        assert_eq!(
            external("common.yaml#/components/schemas/Error"),
            file("common.yaml", &["components", "schemas", "Error"])
        );
        assert_eq!(
            external("./models/pet.yaml"),
            file("./models/pet.yaml", &[])
        );
        assert_eq!(external("pet.yaml#"), file("pet.yaml", &[]));
        assert_eq!(
            external("a.json#/paths/~1pets~0x/get"),
            file("a.json", &["paths", "/pets~x", "get"])
        );
        assert_eq!(
            external("my%20api.yaml#/a%20b"),
            file("my api.yaml", &["a b"])
        );
        assert_eq!(external("bad%zz.yaml"), file("bad%zz.yaml", &[]));
        assert_eq!(external("end%2"), file("end%2", &[]));
        assert_eq!(
            external("pet.yaml#Pet"),
            Some(External::File {
                path: "pet.yaml".into(),
                fragment: Fragment::NotAPointer("Pet".into()),
            })
        );
    }

    #[test]
    fn urls() {
        for url in [
            "https://example.com/spec.yaml#/components/schemas/A",
            "http://x/y.json",
            "//cdn.example.com/a.yaml",
            "urn:uuid:1234",
            "file:///etc/spec.yaml",
        ] {
            assert_eq!(external(url), Some(External::Url), "{url}");
        }
        assert_eq!(external("C:/specs/a.yaml"), file("C:/specs/a.yaml", &[]));
    }

    #[test]
    fn other_documents() {
        assert!(!names_other_document("#/components/schemas/Dog"));
        assert!(names_other_document("dog.yaml"));
        assert!(names_other_document("Dog.JSON"));
        assert!(names_other_document("./models/Dog"));
        assert!(names_other_document("common#/Dog"));
        assert!(names_other_document("https://example.com/a"));
        assert!(!names_other_document("Dog"));
        assert!(!names_other_document("urn:dog"));
    }
}
