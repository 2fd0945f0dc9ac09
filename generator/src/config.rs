//! `openapi-gen.toml`: which specs become which crate, with which options.
//!
//! The file is read with serde into plain structs that refuse unknown keys, so a setting
//! that is misspelled or misplaced is an error, never silently ignored; every error names
//! the file, the line and column, the key (`specs.petstore.formats`) and, for a key or
//! value that is not known, the closest one that is. Reading never panics.
//!
//! Only the commands ([`crate::codegen`], the `openapi-gen` binary) read a config; the
//! phases (load, validate, lower, emit, render) never do: what reaches them is
//! [`Options`].

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::{Formats, Options, TagFeatures};

/// The name of the config file, looked up in the current directory and its parents.
pub const FILE_NAME: &str = "openapi-gen.toml";

/// The command named in generated headers when the config names none.
pub const DEFAULT_COMMAND: &str = "openapi-gen";

/// A config file, read and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The config file, as it was given.
    pub file: PathBuf,
    /// The directory of the config file: spec files and the crate directory are relative
    /// to it.
    pub root: PathBuf,
    /// The generated crate.
    pub output: Crate,
    /// One entry per spec, sorted by module name.
    pub specs: Vec<Spec>,
}

/// `[crate]`: the one crate every spec of the config is generated into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Crate {
    /// The package name (`my-clients`).
    pub name: String,
    /// Its directory, relative to the config file's directory.
    pub dir: PathBuf,
    /// Whether the crate gets a `[workspace]` table of its own (for a repository whose
    /// workspace does not list it as a member).
    pub standalone: bool,
    /// The command named in the `@generated` header of each file and in `--check`'s
    /// message.
    pub command: String,
}

/// `[specs.<module>]`: one spec, generated into the module (and cargo feature) `module`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spec {
    /// The module name, the key of the entry.
    pub module: String,
    /// The spec file, relative to the config file's directory, with `/` separators; the
    /// generated headers name it so.
    pub file: String,
    /// The generation options of this spec.
    pub options: Options,
}

/// Why a config could not be read. Displayed like the generator's diagnostics:
/// `error: ...`, then `--> file:line:column`, the key, and a hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// The config file.
    pub file: PathBuf,
    /// Line and column (1-based) of the problem, when it is in the file's text.
    pub location: Option<(usize, usize)>,
    /// The dotted key the problem is at (`specs.petstore.formats`).
    pub key: Option<String>,
    /// What is wrong.
    pub message: String,
    /// What to do instead (`did you mean `formats`?`).
    pub help: Option<String>,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error: {}", self.message)?;
        match self.location {
            Some((line, column)) => writeln!(f, "  --> {}:{line}:{column}", self.file.display())?,
            None => writeln!(f, "  --> {}", self.file.display())?,
        }
        if let Some(key) = &self.key {
            writeln!(f, "   = key: {key}")?;
        }
        if let Some(help) = &self.help {
            writeln!(f, "   = help: {help}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// The file as written. Each table refuses keys it does not know; new options are new
/// optional fields here (a `[specs.<module>.pagination]` table, a `tags` key), so older
/// files stay valid.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(rename = "crate")]
    output: RawCrate,
    specs: BTreeMap<Spanned<String>, RawSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCrate {
    name: Spanned<String>,
    dir: Spanned<String>,
    #[serde(default)]
    standalone: bool,
    command: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSpec {
    file: Spanned<String>,
    #[serde(default)]
    formats: RawFormats,
    #[serde(default)]
    tag_features: bool,
}

/// Read from a string, so that a value of another type is "expected a string" rather
/// than toml's "wanted string or table" for an enum.
#[derive(Debug, Default, Clone, Copy, Deserialize)]
#[serde(try_from = "String")]
enum RawFormats {
    #[default]
    Typed,
    Strings,
}

impl TryFrom<String> for RawFormats {
    type Error = String;

    fn try_from(value: String) -> Result<Self, String> {
        match value.as_str() {
            "typed" => Ok(RawFormats::Typed),
            "strings" => Ok(RawFormats::Strings),
            // serde's own wording, which `reword` turns into a hint.
            other => Err(format!(
                "unknown variant `{other}`, expected `typed` or `strings`"
            )),
        }
    }
}

impl Config {
    /// The config file in `dir` or the nearest of its parents that has one.
    pub fn find(dir: &Path) -> Option<PathBuf> {
        dir.ancestors()
            .map(|d| d.join(FILE_NAME))
            .find(|file| file.is_file())
    }

    /// Reads and checks the config file at `file`.
    pub fn load(file: &Path) -> Result<Config, Error> {
        let text = std::fs::read_to_string(file).map_err(|e| Error {
            file: file.to_path_buf(),
            location: None,
            key: None,
            message: format!("cannot read the config: {e}"),
            help: None,
        })?;
        Config::parse(file, &text)
    }

    /// Checks the config text `text`, read from `file` (which names it in errors and
    /// whose directory the paths in it are relative to).
    pub fn parse(file: &Path, text: &str) -> Result<Config, Error> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| from_toml(file, text, &e))?;
        let at = |span: std::ops::Range<usize>, key: String, message: String, help: String| Error {
            file: file.to_path_buf(),
            location: Some(line_column(text, span.start)),
            key: Some(key),
            message,
            help: Some(help),
        };
        let name = raw.output.name.get_ref();
        if !is_package_name(name) {
            return Err(at(
                raw.output.name.span(),
                "crate.name".into(),
                format!("`{name}` is not a package name"),
                "use ASCII letters, digits, `-` and `_`, starting with a letter".into(),
            ));
        }
        let dir = raw.output.dir.get_ref();
        let normal = Path::new(dir)
            .components()
            .any(|c| matches!(c, std::path::Component::Normal(_)));
        if !normal || Path::new(dir).is_absolute() {
            return Err(at(
                raw.output.dir.span(),
                "crate.dir".into(),
                format!("`{dir}` cannot hold the generated crate"),
                "name a directory below this file's, such as `clients`".into(),
            ));
        }
        if raw.specs.is_empty() {
            return Err(Error {
                file: file.to_path_buf(),
                location: None,
                key: Some("specs".into()),
                message: "no spec is listed".into(),
                help: Some(
                    "add a table `[specs.<module>]` with `file = \"path/to/openapi.yaml\"`".into(),
                ),
            });
        }
        let mut specs = Vec::new();
        for (module, spec) in &raw.specs {
            let module_name = module.get_ref();
            let key = format!("specs.{module_name}");
            let wanted = crate::naming::module_name(module_name);
            if &wanted != module_name || matches!(wanted.as_str(), "runtime" | "types") {
                let help = if matches!(wanted.as_str(), "runtime" | "types") {
                    format!("`{wanted}` is taken by the generated crate itself; use `{wanted}_api`")
                } else {
                    format!("use `{wanted}`")
                };
                return Err(at(
                    module.span(),
                    key,
                    format!("`{module_name}` is not a module name"),
                    help,
                ));
            }
            let spec_file = spec.file.get_ref();
            if !root_of(file).join(spec_file).is_file() {
                return Err(at(
                    spec.file.span(),
                    format!("{key}.file"),
                    format!("the spec file `{spec_file}` does not exist"),
                    format!(
                        "the path is relative to {}",
                        match file.parent().map(Path::display) {
                            Some(dir) if !dir.to_string().is_empty() => format!("`{dir}`"),
                            _ => "the config's directory".to_string(),
                        }
                    ),
                ));
            }
            specs.push(Spec {
                module: module_name.clone(),
                file: spec_file.replace('\\', "/"),
                options: Options {
                    formats: match spec.formats {
                        RawFormats::Typed => Formats::Typed,
                        RawFormats::Strings => Formats::Strings,
                    },
                    // In a crate of several specs, a tag's feature is named after the
                    // module too (`github-repos`), so two specs' tags never meet.
                    tag_features: if spec.tag_features {
                        TagFeatures::On {
                            prefix: format!("{module_name}-"),
                        }
                    } else {
                        TagFeatures::Off
                    },
                },
            });
        }
        Ok(Config {
            file: file.to_path_buf(),
            root: root_of(file),
            output: Crate {
                name: name.clone(),
                dir: PathBuf::from(dir),
                standalone: raw.output.standalone,
                command: raw
                    .output
                    .command
                    .unwrap_or_else(|| DEFAULT_COMMAND.to_string()),
            },
            specs,
        })
    }
}

/// The directory the paths of `file` are relative to.
fn root_of(file: &Path) -> PathBuf {
    file.parent().map(Path::to_path_buf).unwrap_or_default()
}

/// A cargo package name: ASCII letters, digits, `-`, `_`, starting with a letter.
fn is_package_name(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// A toml or serde error, located, its key named, its wording made plain.
fn from_toml(file: &Path, text: &str, error: &toml::de::Error) -> Error {
    let span = error.span();
    let location = span.as_ref().map(|s| line_column(text, s.start));
    let key = span.as_ref().and_then(|s| key_at(text, s.start));
    let raw = error.message().trim_end().to_string();
    let (message, help) = reword(&raw, key.as_deref());
    Error {
        file: file.to_path_buf(),
        location,
        key,
        message,
        help,
    }
}

/// serde's messages in the words of a config file, with the closest valid name as a hint
/// where the message lists the valid ones.
fn reword(raw: &str, key: Option<&str>) -> (String, Option<String>) {
    let table = key
        .and_then(|k| k.rsplit_once('.').map(|(table, _)| table))
        .map(|t| format!(" in `[{t}]`"))
        .unwrap_or_default();
    for (prefix, noun) in [("unknown field `", "key"), ("unknown variant `", "value")] {
        let Some(rest) = raw.strip_prefix(prefix) else {
            continue;
        };
        let Some((name, expected)) = rest.split_once('`') else {
            continue;
        };
        let valid = backticked(expected);
        let listed = valid
            .iter()
            .map(|v| format!("`{v}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let message = if noun == "key" {
            format!("unknown key `{name}`{table}")
        } else {
            format!("unknown value `{name}`")
        };
        let help = match crate::diag::words::closest(name, &valid) {
            Some(close) => format!("did you mean `{close}`? (valid {noun}s: {listed})"),
            None if valid.is_empty() => format!("this table takes no {noun}s"),
            None => format!("valid {noun}s: {listed}"),
        };
        return (message, Some(help));
    }
    if let Some(rest) = raw.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or(rest);
        let within = key.map(|k| format!(" in `[{k}]`")).unwrap_or_default();
        return (format!("missing key `{name}`{within}"), None);
    }
    if let Some(rest) = raw.strip_prefix("invalid type: ") {
        if let Some(key) = key {
            let name = key.rsplit('.').next().unwrap_or(key);
            return (format!("invalid type for `{name}`: {rest}"), None);
        }
    }
    (raw.to_string(), None)
}

/// The words between backticks in `text`.
fn backticked(text: &str) -> Vec<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

/// 1-based line and column (in characters) of the byte `offset` of `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// The dotted key whose key or value holds the byte `offset` of `text`: the deepest one.
fn key_at(text: &str, offset: usize) -> Option<String> {
    let table = toml::de::DeTable::parse(text).ok()?;
    let mut path = Vec::new();
    find_in_table(table.get_ref(), offset, &mut path).then(|| path.join("."))
}

fn find_in_table(table: &toml::de::DeTable<'_>, offset: usize, path: &mut Vec<String>) -> bool {
    for (key, value) in table {
        path.push(key.get_ref().to_string());
        if key.span().contains(&offset) || find_in_value(value, offset, path) {
            return true;
        }
        path.pop();
    }
    false
}

fn find_in_value(
    value: &Spanned<toml::de::DeValue<'_>>,
    offset: usize,
    path: &mut Vec<String>,
) -> bool {
    match value.get_ref() {
        toml::de::DeValue::Table(table) => {
            find_in_table(table, offset, path) || value.span().contains(&offset)
        }
        toml::de::DeValue::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(i.to_string());
                if find_in_value(item, offset, path) {
                    return true;
                }
                path.pop();
            }
            value.span().contains(&offset)
        }
        _ => value.span().contains(&offset),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backticked_words() {
        assert_eq!(backticked("`file` or `formats`"), vec!["file", "formats"]);
        assert!(backticked("there are no fields").is_empty());
    }

    #[test]
    fn lines_and_columns() {
        assert_eq!(line_column("a = 1\nbb = 2\n", 0), (1, 1));
        assert_eq!(line_column("a = 1\nbb = 2\n", 11), (2, 6));
        assert_eq!(line_column("é\nx", 4), (2, 2));
    }

    #[test]
    fn package_names() {
        assert!(is_package_name("my-clients_2"));
        assert!(!is_package_name("2clients"));
        assert!(!is_package_name("my clients"));
        assert!(!is_package_name(""));
    }
}
