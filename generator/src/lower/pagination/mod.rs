//! Pagination: whether an operation's list pages in a way that is certain, and then the
//! [`ir::Pagination`] of its `<method>_items` twin, which streams every item of every page.
//!
//! What says how a list pages, the first found wins:
//! 1. the config file's entry for the operation (`[specs.<module>.pagination.<operation>]`,
//!    which reaches lowering in [`Options`](crate::Options)): an entry that names an
//!    operation, a parameter or a field the spec does not have is an error located in the
//!    config file, naming its key; `style = "none"` turns the twin off;
//! 2. a vendor extension of the operation (`extensions`): `x-speakeasy-pagination`,
//!    `x-fern-pagination`, `x-dropshot-pagination`; one that cannot be followed exactly is
//!    a warning at the extension, and no twin is made (the conventions are not tried: the
//!    spec said something else);
//! 3. the conventions (`conventions`), for a `GET` without a required body only: a `Link` header on
//!    a list response, a query parameter and a response field of a known pair, Stripe's
//!    `starting_after` with `has_more`. A near miss makes nothing, silently: the README
//!    states the rules, and the config names what they do not find.
//!
//! Nothing here guesses: a rule becomes a twin only when the parameter it names is a query
//! parameter of the right type, the success is one JSON body, and every field it names is
//! there with the right type ([`Lowerer::page_twin`]). The twin's name is claimed later,
//! with the other twins'.

mod conventions;
mod extensions;

use openapiv3::{Operation, ParameterSchemaOrContent, PathItem, SchemaKind, Type};

use super::{Lowerer, MAX_DEPTH};
use crate::diag::{words, DocPath, Location};
use crate::ir::{self, BodyEncoding, PageSource, PageStyle, ParamLocation, TypeKind, TypeRef};
use crate::options::{PaginationEntry, PagingStyle};

/// How a list pages, as a config entry, an extension or a convention says it, before it
/// is checked against the operation.
#[derive(Debug, Clone, PartialEq)]
struct Rule {
    source: PageSource,
    style: RuleStyle,
    items: Items,
    has_more: Option<Vec<String>>,
    first_page_only: Vec<String>,
}

/// How the next page is asked for, by wire names.
#[derive(Debug, Clone, PartialEq)]
enum RuleStyle {
    Cursor { param: String, next: Vec<String> },
    LastItem { param: String, field: String },
    Page { param: String },
    Offset { param: String },
    Link,
    NextUrl { next: Vec<String> },
}

/// Where the items of a page are.
#[derive(Debug, Clone, PartialEq)]
enum Items {
    /// The body is the list.
    Body,
    /// The list at these keys.
    At(Vec<String>),
    /// The body's one list (see [`Lowerer::only_list`]): what an extension that names no
    /// results and the conventions mean.
    OnlyList,
}

/// Why a rule does not fit the operation: the config key it is about (`param`, `next`,
/// ...; empty for the entry itself), what is wrong and how to fix it.
#[derive(Debug)]
struct Problem {
    key: &'static str,
    message: String,
    help: Option<String>,
}

impl Problem {
    fn new(key: &'static str, message: impl Into<String>) -> Self {
        Problem {
            key,
            message: message.into(),
            help: None,
        }
    }

    fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// What a JSON value of a type is, as far as paging cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum JsonShape<'t> {
    Text,
    Integer,
    Bool,
    List(&'t TypeRef),
    Object(&'t ir::Struct),
    Other,
}

impl JsonShape<'_> {
    fn noun(self) -> &'static str {
        match self {
            JsonShape::Text => "a string",
            JsonShape::Integer => "an integer",
            JsonShape::Bool => "a boolean",
            JsonShape::List(_) => "a list",
            JsonShape::Object(_) => "an object",
            JsonShape::Other => "neither a string, a number, a boolean, a list nor an object",
        }
    }
}

/// Keys joined for a message: `meta.next_cursor`, or `the body` for none.
fn shown(keys: &[String]) -> String {
    if keys.is_empty() {
        "the body".to_string()
    } else {
        format!("`{}`", keys.join("."))
    }
}

/// A dotted path of the config split into keys (config.rs refused empty ones).
fn keys(path: &str) -> Vec<String> {
    path.split('.').map(str::to_string).collect()
}

impl<'a> Lowerer<'a> {
    /// The items twin of `op` (lowered from `spec`, at `doc_path`, in the path item
    /// `item`), when the config, an extension or a convention says how its list pages.
    pub(super) fn pagination(
        &mut self,
        op: &ir::Operation,
        spec: &Operation,
        item: &PathItem,
        doc_path: &DocPath,
    ) -> Option<ir::Pagination> {
        if let Some(entry) = self.config_entry(op).cloned() {
            let rule = config_rule(&entry)?;
            return match self.page_twin(op, spec, item, rule) {
                Ok(twin) => Some(twin),
                Err(problem) => {
                    self.config_error(&entry, problem);
                    None
                }
            };
        }
        if let Some((name, value)) = extensions::find(spec) {
            let path = doc_path.push(name);
            let rule = self.extension_rule(name, value, op);
            let twin = rule.and_then(|rule| {
                self.page_twin(op, spec, item, rule)
                    .map_err(|problem| match problem.help {
                        Some(help) => format!("{} ({help})", problem.message),
                        None => problem.message,
                    })
            });
            return match twin {
                Ok(twin) => Some(twin),
                Err(reason) => {
                    let method = op.name.trim_start_matches("r#");
                    self.diags
                        .warning(
                            &path,
                            format!("`{name}` cannot be followed: {reason}; `{method}` gets no items method"),
                        )
                        .help(format!(
                            "say how it pages in the config: `[specs.<module>.pagination.{}]`",
                            config_key(op)
                        ));
                    None
                }
            };
        }
        if op.method != ir::HttpMethod::Get || op.body.as_ref().is_some_and(|b| b.required) {
            return None;
        }
        // Only when exactly one convention fits: two would be a guess between them.
        let mut fitting = self
            .conventions(op, spec)
            .into_iter()
            .filter_map(|rule| self.page_twin(op, spec, item, rule).ok());
        match (fitting.next(), fitting.next()) {
            (Some(twin), None) => Some(twin),
            _ => None,
        }
    }

    /// The config entry for `op`: by `operationId`, or by method and path.
    fn config_entry(&self, op: &ir::Operation) -> Option<&PaginationEntry> {
        self.options
            .pagination
            .iter()
            .find(|entry| names_operation(entry, op))
    }

    /// The errors of config entries that name no operation, or an operation another
    /// entry already names.
    pub(super) fn check_config_entries(&mut self, operations: &[ir::Operation]) {
        let entries = self.options.pagination.clone();
        for (i, entry) in entries.iter().enumerate() {
            let Some(op) = operations.iter().find(|op| names_operation(entry, op)) else {
                let mut ids: Vec<&str> = operations
                    .iter()
                    .filter_map(|op| op.operation_id.as_deref())
                    .collect();
                ids.sort_unstable();
                let help = match words::closest(&entry.operation, &ids) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => "the key is an `operationId`, or a method and a path: `\"GET /pets\"`"
                        .to_string(),
                };
                let problem = Problem::new(
                    "",
                    format!("the spec has no operation `{}`", entry.operation),
                )
                .help(help);
                self.config_error(entry, problem);
                continue;
            };
            if let Some(first) = entries.iter().take(i).find(|e| names_operation(e, op)) {
                let problem = Problem::new(
                    "",
                    format!(
                        "`{}` names the same operation as `{}`",
                        entry.operation, first.operation
                    ),
                )
                .help("keep one of the two entries");
                self.config_error(entry, problem);
            }
        }
    }

    /// An error about a config entry, located in the config file.
    fn config_error(&mut self, entry: &PaginationEntry, problem: Problem) {
        let place = &entry.place;
        let key = match problem.key {
            "" => place.key.clone(),
            field => format!("{}.{field}", place.key),
        };
        let location = Location {
            line: place.line,
            column: place.column,
        };
        let diagnostic = self.diags.error_in(
            &place.file,
            Some(location),
            None,
            format!("config key `{key}`: {}", problem.message),
        );
        if let Some(help) = problem.help {
            diagnostic.help(help);
        }
    }

    /// The twin `rule` makes of `op`, or why it does not fit.
    fn page_twin(
        &self,
        op: &ir::Operation,
        spec: &Operation,
        item: &PathItem,
        rule: Rule,
    ) -> Result<ir::Pagination, Problem> {
        // A `GET`'s optional body is left out (Stripe declares an empty one); another
        // body is sent with every page, so it must be in memory.
        let sends_body = match &op.body {
            None => false,
            Some(body) if op.method == ir::HttpMethod::Get && !body.required => false,
            Some(body) => {
                if !matches!(
                    body.encoding,
                    BodyEncoding::Json | BodyEncoding::Form | BodyEncoding::Text
                ) {
                    return Err(Problem::new(
                        "",
                        "its request body may be a stream, which can be sent only once, and each page sends it again",
                    ));
                }
                true
            }
        };
        let body = page_body(op).ok_or_else(|| {
            Problem::new(
                "",
                "its success is not one JSON body (a 2XX status), so its pages cannot be read",
            )
        })?;
        let page_item = match &rule.items {
            Items::Body => match self.json_shape(body) {
                JsonShape::List(item) => item,
                other => {
                    return Err(Problem::new(
                        "items",
                        format!("the response body is {}, not a list", other.noun()),
                    )
                    .help(self.lists_help(body)))
                }
            },
            Items::At(keys) => match self.json_shape(self.at_path(body, keys, "items")?) {
                JsonShape::List(item) => item,
                other => {
                    return Err(Problem::new(
                        "items",
                        format!("{} is {}, not a list", shown(keys), other.noun()),
                    )
                    .help(self.lists_help(body)))
                }
            },
            Items::OnlyList => {
                let (_, item) = self.only_list(body).ok_or_else(|| {
                    Problem::new("items", "the response has no one list that holds the items")
                })?;
                item
            }
        };
        let items = match &rule.items {
            Items::Body => Vec::new(),
            Items::At(keys) => keys.clone(),
            Items::OnlyList => self.only_list(body).map(|(k, _)| k).unwrap_or_default(),
        };
        if let Some(keys) = &rule.has_more {
            let found = self.json_shape(self.at_path(body, keys, "has_more")?);
            if found != JsonShape::Bool {
                return Err(Problem::new(
                    "has_more",
                    format!("{} is {}, not a boolean", shown(keys), found.noun()),
                ));
            }
        }
        let style = match rule.style {
            RuleStyle::Cursor { param, next } => {
                let param_shape =
                    self.query_param(op, &param, &[JsonShape::Text, JsonShape::Integer])?;
                let found = self.json_shape(self.at_path(body, &next, "next")?);
                let fits = match param_shape {
                    JsonShape::Text => matches!(found, JsonShape::Text | JsonShape::Integer),
                    _ => found == param_shape,
                };
                if !fits {
                    return Err(Problem::new(
                        "next",
                        format!(
                            "{} is {}, which the parameter `{param}` ({}) cannot take",
                            shown(&next),
                            found.noun(),
                            param_shape.noun()
                        ),
                    ));
                }
                PageStyle::Cursor { param, next }
            }
            RuleStyle::LastItem { param, field } => {
                self.query_param(op, &param, &[JsonShape::Text, JsonShape::Integer])?;
                match self.item_field(page_item, &field) {
                    Some(JsonShape::Text | JsonShape::Integer) => {}
                    Some(other) => {
                        return Err(Problem::new(
                            "last_item",
                            format!("the items' `{field}` is {}, not a cursor", other.noun()),
                        ))
                    }
                    None => {
                        return Err(Problem::new(
                            "last_item",
                            format!("the items have no field `{field}`"),
                        ))
                    }
                }
                PageStyle::LastItem { param, field }
            }
            RuleStyle::Page { param } => {
                self.query_param(op, &param, &[JsonShape::Integer])?;
                let first = self.first_page(spec, item, &param);
                PageStyle::Page { param, first }
            }
            RuleStyle::Offset { param } => {
                self.query_param(op, &param, &[JsonShape::Integer])?;
                PageStyle::Offset { param }
            }
            RuleStyle::Link => PageStyle::LinkHeader,
            RuleStyle::NextUrl { next } => {
                let found = self.json_shape(self.at_path(body, &next, "next")?);
                if found != JsonShape::Text {
                    return Err(Problem::new(
                        "next",
                        format!("{} is {}, not a URL", shown(&next), found.noun()),
                    ));
                }
                PageStyle::NextUrl { next }
            }
        };
        Ok(ir::Pagination {
            method: String::new(),
            source: rule.source,
            style,
            items,
            item: page_item.clone(),
            has_more: rule.has_more,
            first_page_only: rule.first_page_only,
            body: sends_body,
        })
    }

    /// The shape of the query parameter `name` of `op`, when it is one of `wanted`.
    fn query_param(
        &self,
        op: &ir::Operation,
        name: &str,
        wanted: &[JsonShape<'static>],
    ) -> Result<JsonShape<'static>, Problem> {
        let method = op.name.trim_start_matches("r#");
        let Some(param) = op
            .params
            .iter()
            .find(|p| p.wire_name == name && p.location == ParamLocation::Query)
        else {
            let query: Vec<&str> = op
                .params
                .iter()
                .filter(|p| p.location == ParamLocation::Query)
                .map(|p| p.wire_name.as_str())
                .collect();
            let help = match words::closest(name, &query) {
                Some(close) => format!("did you mean `{close}`?"),
                None if query.is_empty() => format!("`{method}` has no query parameters"),
                None => format!(
                    "its query parameters: {}",
                    query
                        .iter()
                        .map(|q| format!("`{q}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            return Err(Problem::new(
                "param",
                format!("`{method}` has no query parameter `{name}`"),
            )
            .help(help));
        };
        let found = match self.json_shape(&param.ty) {
            JsonShape::Text => JsonShape::Text,
            JsonShape::Integer => JsonShape::Integer,
            other => {
                return Err(Problem::new(
                    "param",
                    format!("the query parameter `{name}` is {}", other.noun()),
                ))
            }
        };
        if !wanted.contains(&found) {
            return Err(Problem::new(
                "param",
                format!(
                    "the query parameter `{name}` is {}, not {}",
                    found.noun(),
                    wanted.first().map_or("a cursor", |w| w.noun())
                ),
            ));
        }
        Ok(found)
    }

    /// The number of the first page when the caller gives none: the parameter's
    /// `default`, else its `minimum`, else 1.
    fn first_page(&self, spec: &Operation, item: &PathItem, name: &str) -> i64 {
        let schema = spec
            .parameters
            .iter()
            .chain(&item.parameters)
            .filter_map(|p| self.refs.resolve(p))
            .find(|p| {
                matches!(p, openapiv3::Parameter::Query { .. })
                    && p.parameter_data_ref().name == name
            })
            .and_then(|p| match &p.parameter_data_ref().format {
                ParameterSchemaOrContent::Schema(schema) => self.refs.resolve(schema),
                ParameterSchemaOrContent::Content(_) => None,
            });
        let Some(schema) = schema else { return 1 };
        if let Some(default) = schema.schema_data.default.as_ref().and_then(|d| d.as_i64()) {
            return default;
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::Integer(integer)) => integer.minimum.unwrap_or(1),
            _ => 1,
        }
    }

    /// What a JSON value of type `ty` is: aliases, newtypes, `Option`s and secrets seen
    /// through.
    fn json_shape<'t>(&'t self, ty: &'t TypeRef) -> JsonShape<'t> {
        let mut ty = ty;
        for _ in 0..MAX_DEPTH {
            ty = match ty {
                TypeRef::Nullable(inner) | TypeRef::Secret(inner) => inner,
                TypeRef::Named(name) => match self.types.get(name).map(|t| &t.kind) {
                    Some(TypeKind::Alias(target)) => target,
                    Some(TypeKind::Newtype(newtype)) => &newtype.ty,
                    Some(TypeKind::Struct(s)) => return JsonShape::Object(s),
                    _ => return JsonShape::Other,
                },
                TypeRef::String | TypeRef::Format(_) => return JsonShape::Text,
                TypeRef::Integer(_) => return JsonShape::Integer,
                TypeRef::Bool => return JsonShape::Bool,
                TypeRef::Vec(item) => return JsonShape::List(item),
                _ => return JsonShape::Other,
            };
        }
        JsonShape::Other
    }

    /// The shape of the field `field` of an item of type `item`: of the struct, or the
    /// same in every member of a union of structs (Stripe's lists of cards or bank
    /// accounts); `None` when some item has no such field.
    fn item_field<'t>(&'t self, item: &'t TypeRef, field: &str) -> Option<JsonShape<'t>> {
        let of_struct = |ty: &'t TypeRef| -> Option<JsonShape<'t>> {
            match self.json_shape(ty) {
                JsonShape::Object(s) => s
                    .fields
                    .iter()
                    .find(|f| f.wire_name == field)
                    .map(|f| self.json_shape(&f.ty)),
                _ => None,
            }
        };
        if let Some(found) = of_struct(item) {
            return Some(found);
        }
        let members: Vec<&TypeRef> = match item {
            TypeRef::Named(name) => match self.types.get(name).map(|t| &t.kind) {
                Some(TypeKind::Untagged(variants)) => variants.iter().map(|v| &v.ty).collect(),
                Some(TypeKind::Tagged(tagged)) => tagged.variants.iter().map(|v| &v.ty).collect(),
                _ => return None,
            },
            _ => return None,
        };
        let mut shapes = members.into_iter().map(of_struct);
        let first = shapes.next()??;
        shapes.all(|shape| shape == Some(first)).then_some(first)
    }

    /// The type at `keys` below `ty`, or why there is none (about the config key `key`).
    fn at_path<'t>(
        &'t self,
        ty: &'t TypeRef,
        keys: &[String],
        key: &'static str,
    ) -> Result<&'t TypeRef, Problem> {
        let mut here = ty;
        for (i, name) in keys.iter().enumerate() {
            let within = keys.get(..i).unwrap_or_default();
            let JsonShape::Object(object) = self.json_shape(here) else {
                return Err(Problem::new(
                    key,
                    format!(
                        "{} is {}, not an object",
                        shown(within),
                        self.json_shape(here).noun()
                    ),
                ));
            };
            match object.fields.iter().find(|f| f.wire_name == *name) {
                Some(field) => here = &field.ty,
                None => {
                    let names: Vec<&str> =
                        object.fields.iter().map(|f| f.wire_name.as_str()).collect();
                    let help = match words::closest(name, &names) {
                        Some(close) => format!("did you mean `{close}`?"),
                        None => format!(
                            "the fields of {}: {}",
                            shown(within),
                            names
                                .iter()
                                .map(|n| format!("`{n}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    };
                    return Err(Problem::new(
                        key,
                        format!(
                            "the response has no field {}",
                            shown(keys.get(..=i).unwrap_or(keys))
                        ),
                    )
                    .help(help));
                }
            }
        }
        Ok(here)
    }

    /// The one list of a response body, and its item type: the body itself, or the
    /// object's only list field, or, among several, the only one named `data`, `items`
    /// or `results`.
    fn only_list<'t>(&'t self, body: &'t TypeRef) -> Option<(Vec<String>, &'t TypeRef)> {
        match self.json_shape(body) {
            JsonShape::List(item) => Some((Vec::new(), item)),
            JsonShape::Object(object) => {
                let lists: Vec<(&str, &TypeRef)> = object
                    .fields
                    .iter()
                    .filter_map(|f| match self.json_shape(&f.ty) {
                        JsonShape::List(item) => Some((f.wire_name.as_str(), item)),
                        _ => None,
                    })
                    .collect();
                let pick = match lists.as_slice() {
                    [only] => Some(*only),
                    _ => {
                        let mut named = lists
                            .iter()
                            .filter(|(name, _)| matches!(*name, "data" | "items" | "results"));
                        match (named.next(), named.next()) {
                            (Some(one), None) => Some(*one),
                            _ => None,
                        }
                    }
                };
                pick.map(|(name, item)| (vec![name.to_string()], item))
            }
            _ => None,
        }
    }

    /// The hint for an `items` that is no list: the lists the body has.
    fn lists_help(&self, body: &TypeRef) -> String {
        let JsonShape::Object(object) = self.json_shape(body) else {
            return "the body is no object; `items` is left out when the body is the list"
                .to_string();
        };
        let lists: Vec<String> = object
            .fields
            .iter()
            .filter(|f| matches!(self.json_shape(&f.ty), JsonShape::List(_)))
            .map(|f| format!("`items = \"{}\"`", f.wire_name))
            .collect();
        if lists.is_empty() {
            "the body has no list at its top level; name a nested one with `.`".to_string()
        } else {
            format!("the body's lists: {}", lists.join(", "))
        }
    }
}

/// The type of a page: the body of the one 2XX success of `op` that is JSON, when its
/// other 2XX successes have no body (a 204: a page without items). 3XX successes (a
/// redirect not followed, a 304) end the pages as unexpected statuses.
fn page_body(op: &ir::Operation) -> Option<&TypeRef> {
    let two_hundreds = |r: &&ir::ResponseCase| {
        r.success
            && matches!(
                r.status,
                ir::StatusMatch::Code(200..=299) | ir::StatusMatch::Range(2)
            )
    };
    let mut json = op
        .responses
        .iter()
        .filter(two_hundreds)
        .filter(|r| r.encoding == BodyEncoding::Json);
    let (Some(page), None) = (json.next(), json.next()) else {
        return None;
    };
    op.responses
        .iter()
        .filter(two_hundreds)
        .all(|r| r == page || r.encoding == BodyEncoding::Empty)
        .then_some(&page.ty)
}

/// Whether a config entry names `op`: by `operationId`, or as `METHOD /path`.
fn names_operation(entry: &PaginationEntry, op: &ir::Operation) -> bool {
    op.operation_id.as_deref() == Some(entry.operation.as_str())
        || entry.operation == format!("{} {}", op.method.as_str(), op.path.template)
}

/// How the config names `op` in a key: its `operationId`, or `"METHOD /path"`.
fn config_key(op: &ir::Operation) -> String {
    match &op.operation_id {
        Some(id)
            if id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') =>
        {
            id.clone()
        }
        Some(id) => format!("{id:?}"),
        None => format!("\"{} {}\"", op.method.as_str(), op.path.template),
    }
}

/// The rule a config entry states; `None` for `style = "none"`.
fn config_rule(entry: &PaginationEntry) -> Option<Rule> {
    let param = entry.param.clone().unwrap_or_default();
    let style = match entry.style {
        PagingStyle::None => return None,
        PagingStyle::Cursor => match (&entry.next, &entry.last_item) {
            (_, Some(field)) => RuleStyle::LastItem {
                param,
                field: field.clone(),
            },
            (next, None) => RuleStyle::Cursor {
                param,
                next: keys(next.as_deref().unwrap_or_default()),
            },
        },
        PagingStyle::Page => RuleStyle::Page { param },
        PagingStyle::Offset => RuleStyle::Offset { param },
        PagingStyle::Link => RuleStyle::Link,
        PagingStyle::NextUrl => RuleStyle::NextUrl {
            next: keys(entry.next.as_deref().unwrap_or_default()),
        },
    };
    Some(Rule {
        source: PageSource::Config,
        style,
        items: entry
            .items
            .as_deref()
            .map_or(Items::Body, |i| Items::At(keys(i))),
        has_more: entry.has_more.as_deref().map(keys),
        first_page_only: Vec::new(),
    })
}
