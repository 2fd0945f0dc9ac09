//! Pagination: whether an operation's list pages in a way that is certain, and then the
//! [`ir::Pagination`] of its request value's `.items()`, which streams every item of every page.
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
//! there with the right type (`Lowerer::page_twin`, reading the lowered types through
//! `shapes`). The config's entries are matched and their errors made in `entries`. The

mod conventions;
mod entries;
mod extensions;
mod shapes;
#[cfg(test)]
mod tests;

use openapiv3::{Operation, ParameterSchemaOrContent, PathItem, SchemaKind, Type};

use self::entries::{config_key, config_rule};
use self::shapes::{page_body, shown, JsonShape};
use super::Lowerer;
use crate::diag::{words, DocPath};
use crate::ir::{self, BodyEncoding, PageSource, PageStyle, ParamLocation};

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
                    let method = &op.name;
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
                let in_memory = body.content.media().iter().all(|media| {
                    matches!(
                        media.encoding,
                        BodyEncoding::Json | BodyEncoding::Form | BodyEncoding::Text
                    )
                });
                if !in_memory {
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
        let method = &op.name;
        let Some(param) = op
            .params
            .iter()
            .find(|p| p.name.wire == name && p.location == ParamLocation::Query)
        else {
            let query: Vec<&str> = op
                .params
                .iter()
                .filter(|p| p.location == ParamLocation::Query)
                .map(|p| p.name.wire.as_str())
                .collect();
            let help = if query.is_empty() {
                format!("`{method}` has no query parameters")
            } else {
                did_you_mean(name, &query, "its query parameters")
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
}

/// The hint for a name that is not among `candidates`: the closest one, or them all.
fn did_you_mean(name: &str, candidates: &[&str], them: &str) -> String {
    match words::closest(name, candidates) {
        Some(close) => format!("did you mean `{close}`?"),
        None => {
            let listed: Vec<String> = candidates.iter().map(|c| format!("`{c}`")).collect();
            format!("{them}: {}", listed.join(", "))
        }
    }
}
