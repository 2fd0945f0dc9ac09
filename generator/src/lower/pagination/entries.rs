//! The config file's pagination entries: which operation each names, the rule it states,
//! and the errors about it, located in the config file at the entry and naming its key.

use super::super::Lowerer;
use super::{Items, Problem, Rule, RuleStyle};
use crate::diag::{words, Location};
use crate::ir::{self, PageSource};
use crate::options::{PaginationEntry, PagingStyle};

impl<'a> Lowerer<'a> {
    /// The config entry for `op`: by `operationId`, or by method and path.
    pub(super) fn config_entry(&self, op: &ir::Operation) -> Option<&PaginationEntry> {
        self.options
            .pagination
            .iter()
            .find(|entry| names_operation(entry, op))
    }

    /// The errors of config entries that name no operation, or an operation another
    /// entry already names.
    pub(in crate::lower) fn check_config_entries(&mut self, operations: &[ir::Operation]) {
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
    pub(super) fn config_error(&mut self, entry: &PaginationEntry, problem: Problem) {
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
}

/// Whether a config entry names `op`: by `operationId`, or as `METHOD /path`.
pub(super) fn names_operation(entry: &PaginationEntry, op: &ir::Operation) -> bool {
    op.operation_id.as_deref() == Some(entry.operation.as_str())
        || entry.operation == format!("{} {}", op.method.as_str(), op.path.template)
}

/// How the config names `op` in a key: its `operationId`, or `"METHOD /path"`.
pub(super) fn config_key(op: &ir::Operation) -> String {
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
pub(super) fn config_rule(entry: &PaginationEntry) -> Option<Rule> {
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

/// A dotted path of the config split into keys (config.rs refused empty ones).
pub(super) fn keys(path: &str) -> Vec<String> {
    path.split('.').map(str::to_string).collect()
}
