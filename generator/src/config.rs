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

use crate::options::{ConfigPlace, PaginationEntry, PagingStyle};
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
    /// Refuse the spec's defects instead of repairing them.
    #[serde(default)]
    strict: bool,
    /// OpenAPI Overlay files, relative to the config file, applied in order.
    #[serde(default)]
    overlays: Vec<Spanned<String>>,
    /// `[specs.<module>.pagination.<operation>]`: how lists page, by operation.
    #[serde(default)]
    pagination: BTreeMap<Spanned<String>, RawPagination>,
}

/// `[specs.<module>.pagination.<operation>]`, as written; [`pagination_entry`] checks
/// which keys each style takes.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPagination {
    style: Spanned<RawStyle>,
    param: Option<Spanned<String>>,
    next: Option<Spanned<String>>,
    last_item: Option<Spanned<String>>,
    items: Option<Spanned<String>>,
    has_more: Option<Spanned<String>>,
}

/// The `style` of a pagination entry, read from a string like [`RawFormats`].
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(try_from = "String")]
struct RawStyle(PagingStyle);

impl TryFrom<String> for RawStyle {
    type Error = String;

    fn try_from(value: String) -> Result<Self, String> {
        let style = match value.as_str() {
            "cursor" => PagingStyle::Cursor,
            "page" => PagingStyle::Page,
            "offset" => PagingStyle::Offset,
            "link" => PagingStyle::Link,
            "next-url" => PagingStyle::NextUrl,
            "none" => PagingStyle::None,
            other => {
                return Err(format!(
                    "unknown variant `{other}`, expected one of `cursor`, `page`, `offset`, `link`, `next-url`, `none`"
                ))
            }
        };
        Ok(RawStyle(style))
    }
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
        let at = |span: std::ops::Range<usize>, key: String, message: String, help: String| {
            located(file, text, span, key, message, help)
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
            let mut overlays = Vec::new();
            for overlay in &spec.overlays {
                let name = overlay.get_ref();
                if !root_of(file).join(name).is_file() {
                    return Err(at(
                        overlay.span(),
                        format!("{key}.overlays"),
                        format!("the overlay file `{name}` does not exist"),
                        "overlay paths are relative to the config's directory".to_string(),
                    ));
                }
                overlays.push(PathBuf::from(name.replace('\\', "/")));
            }
            let mut pagination = Vec::new();
            for (operation, entry) in &spec.pagination {
                let entry_key = format!("{key}.pagination.{}", toml_key(operation.get_ref()));
                pagination.push(pagination_entry(file, text, operation, &entry_key, entry)?);
            }
            specs.push(Spec {
                module: module_name.clone(),
                file: spec_file.replace('\\', "/"),
                options: Options {
                    formats: match spec.formats {
                        RawFormats::Typed => Formats::Typed,
                        RawFormats::Strings => Formats::Strings,
                    },
                    tag_features: TagFeatures::in_module(module_name, spec.tag_features),
                    pagination,
                    strict: spec.strict,
                    overlays,
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

/// A pagination entry checked for the keys its style takes (whether the operation,
/// parameter and fields exist is for lowering, which has the spec).
fn pagination_entry(
    file: &Path,
    text: &str,
    operation: &Spanned<String>,
    key: &str,
    raw: &RawPagination,
) -> Result<PaginationEntry, Error> {
    let at = |span: std::ops::Range<usize>, key: String, message: String, help: String| {
        located(file, text, span, key, message, help)
    };
    let style = raw.style.get_ref().0;
    let style_name = match style {
        PagingStyle::Cursor => "cursor",
        PagingStyle::Page => "page",
        PagingStyle::Offset => "offset",
        PagingStyle::Link => "link",
        PagingStyle::NextUrl => "next-url",
        PagingStyle::None => "none",
    };
    let fields = [
        ("param", &raw.param),
        ("next", &raw.next),
        ("last_item", &raw.last_item),
        ("items", &raw.items),
        ("has_more", &raw.has_more),
    ];
    // The keys each style takes; `items` and `has_more` go with every style that reads
    // a body.
    let takes = |name: &str| match (style, name) {
        (PagingStyle::None, _) => false,
        (PagingStyle::Link, "items") => true,
        (PagingStyle::Link, _) => false,
        (_, "items" | "has_more") => true,
        (PagingStyle::Cursor, "param" | "next" | "last_item") => true,
        (PagingStyle::Page | PagingStyle::Offset, "param") => true,
        (PagingStyle::NextUrl, "next") => true,
        _ => false,
    };
    for (name, value) in fields {
        let Some(value) = value else { continue };
        if !takes(name) {
            return Err(at(
                value.span(),
                format!("{key}.{name}"),
                format!("`{name}` does not apply to `style = \"{style_name}\"`"),
                format!("remove it; {}", style_help(style)),
            ));
        }
        let text_value = value.get_ref();
        if name != "param" && text_value.split('.').any(str::is_empty) {
            return Err(at(
                value.span(),
                format!("{key}.{name}"),
                format!("`{text_value}` is not a path of response fields"),
                "write the field names from the body's top level, joined with `.`: `meta.next_cursor`".into(),
            ));
        }
    }
    let missing = |name: &str, help: &str| {
        at(
            operation.span(),
            key.to_string(),
            format!("`style = \"{style_name}\"` needs `{name}`"),
            help.to_string(),
        )
    };
    match style {
        PagingStyle::Cursor | PagingStyle::Page | PagingStyle::Offset if raw.param.is_none() => {
            return Err(missing(
                "param",
                "name the query parameter that carries the cursor, page number or offset: `param = \"cursor\"`",
            ))
        }
        PagingStyle::Cursor if raw.next.is_none() == raw.last_item.is_none() => {
            return Err(missing(
                "next` or `last_item",
                "name where the next cursor is: `next = \"next_cursor\"` (a field of the body), or `last_item = \"id\"` (a field of the page's last item), not both",
            ))
        }
        PagingStyle::NextUrl if raw.next.is_none() => {
            return Err(missing(
                "next",
                "name the field of the body that holds the next page's URL: `next = \"links.next\"`",
            ))
        }
        _ => {}
    }
    let (line, column) = line_column(text, operation.span().start);
    let value = |v: &Option<Spanned<String>>| v.as_ref().map(|v| v.get_ref().clone());
    Ok(PaginationEntry {
        operation: operation.get_ref().clone(),
        style,
        param: value(&raw.param),
        next: value(&raw.next),
        last_item: value(&raw.last_item),
        items: value(&raw.items),
        has_more: value(&raw.has_more),
        place: ConfigPlace {
            file: file.to_path_buf(),
            line,
            column,
            key: key.to_string(),
        },
    })
}

/// What a pagination style does, for the hint of a key it does not take.
fn style_help(style: PagingStyle) -> &'static str {
    match style {
        PagingStyle::Cursor => {
            "`cursor` takes `param`, `next` or `last_item`, `items` and `has_more`"
        }
        PagingStyle::Page | PagingStyle::Offset => {
            "`page` and `offset` take `param`, `items` and `has_more`"
        }
        PagingStyle::Link => "`link` follows the `Link` header and takes only `items`",
        PagingStyle::NextUrl => "`next-url` takes `next`, `items` and `has_more`",
        PagingStyle::None => "`none` takes no other key",
    }
}

/// A table key as it is written in a dotted key: bare when it can be, quoted otherwise
/// (`"GET /pets"`).
fn toml_key(key: &str) -> String {
    let bare = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if bare {
        key.to_string()
    } else {
        format!("{key:?}")
    }
}

/// An error at `span` of the config `text`, read from `file`, about `key`.
fn located(
    file: &Path,
    text: &str,
    span: std::ops::Range<usize>,
    key: String,
    message: String,
    help: String,
) -> Error {
    Error {
        file: file.to_path_buf(),
        location: Some(line_column(text, span.start)),
        key: Some(key),
        message,
        help: Some(help),
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

    /// A config whose one spec is this crate's `Cargo.toml` (it only has to exist: the
    /// tests run in the crate's directory), with `more` after the spec's table.
    fn with_spec(more: &str) -> String {
        format!(
            "[crate]\nname = \"c\"\ndir = \"out\"\n\n[specs.pets]\nfile = \"Cargo.toml\"\n{more}"
        )
    }

    fn parse_error(more: &str) -> Error {
        match Config::parse(Path::new("openapi-gen.toml"), &with_spec(more)) {
            Ok(config) => panic!("accepted: {config:?}"),
            Err(error) => error,
        }
    }

    #[test]
    fn pagination_entries_are_read_per_operation() {
        let text = with_spec(
            "\n[specs.pets.pagination.listPets]\nstyle = \"cursor\"\nparam = \"cursor\"\nnext = \"meta.next\"\nitems = \"data\"\nhas_more = \"has_more\"\n\n[specs.pets.pagination.\"GET /tags\"]\nstyle = \"none\"\n",
        );
        let config = Config::parse(Path::new("openapi-gen.toml"), &text).expect("a valid config");
        let entries = &config.specs[0].options.pagination;
        assert_eq!(entries.len(), 2);
        let tags = &entries[0];
        assert_eq!(
            (tags.operation.as_str(), tags.style),
            ("GET /tags", PagingStyle::None)
        );
        assert_eq!(tags.place.key, "specs.pets.pagination.\"GET /tags\"");
        assert_eq!((tags.place.line, tags.place.column), (15, 24));
        let pets = &entries[1];
        assert_eq!(pets.style, PagingStyle::Cursor);
        assert_eq!(pets.param.as_deref(), Some("cursor"));
        assert_eq!(pets.next.as_deref(), Some("meta.next"));
        assert_eq!(pets.items.as_deref(), Some("data"));
        assert_eq!(pets.has_more.as_deref(), Some("has_more"));
        assert_eq!(pets.place.key, "specs.pets.pagination.listPets");
        assert_eq!(pets.place.line, 8);
    }

    #[test]
    fn pagination_entries_take_the_keys_of_their_style() {
        let table = "\n[specs.pets.pagination.listPets]\n";
        let unknown = parse_error(&format!("{table}style = \"cursor\"\ncursor = \"c\"\n"));
        assert_eq!(
            unknown.key.as_deref(),
            Some("specs.pets.pagination.listPets.cursor")
        );
        assert_eq!(unknown.location, Some((10, 1)));
        assert!(
            unknown.message.contains("unknown key `cursor`"),
            "{unknown}"
        );

        let style = parse_error(&format!("{table}style = \"cursors\"\n"));
        assert_eq!(style.message, "unknown value `cursors`");
        assert!(
            style
                .help
                .as_deref()
                .unwrap_or("")
                .contains("did you mean `cursor`?"),
            "{style}"
        );

        let missing = parse_error(&format!("{table}style = \"page\"\n"));
        assert_eq!(
            missing.key.as_deref(),
            Some("specs.pets.pagination.listPets")
        );
        assert_eq!(missing.message, "`style = \"page\"` needs `param`");
        assert_eq!(missing.location, Some((8, 24)));

        let both = parse_error(&format!(
            "{table}style = \"cursor\"\nparam = \"after\"\nnext = \"n\"\nlast_item = \"id\"\n"
        ));
        assert_eq!(
            both.message,
            "`style = \"cursor\"` needs `next` or `last_item`"
        );

        let extra = parse_error(&format!("{table}style = \"link\"\nparam = \"page\"\n"));
        assert_eq!(
            extra.key.as_deref(),
            Some("specs.pets.pagination.listPets.param")
        );
        assert_eq!(
            extra.message,
            "`param` does not apply to `style = \"link\"`"
        );
        assert_eq!(extra.location, Some((10, 9)));

        let none = parse_error(&format!("{table}style = \"none\"\nitems = \"data\"\n"));
        assert!(
            none.help
                .as_deref()
                .unwrap_or("")
                .contains("`none` takes no other key"),
            "{none}"
        );

        let path = parse_error(&format!(
            "{table}style = \"link\"\nitems = \"data..rows\"\n"
        ));
        assert_eq!(
            path.message,
            "`data..rows` is not a path of response fields"
        );
        assert_eq!(
            path.key.as_deref(),
            Some("specs.pets.pagination.listPets.items")
        );
    }

    #[test]
    fn package_names() {
        assert!(is_package_name("my-clients_2"));
        assert!(!is_package_name("2clients"));
        assert!(!is_package_name("my clients"));
        assert!(!is_package_name(""));
    }
}
