//! Where in the spec each item of the surface comes from, read off the IR: the one place
//! this module knows the IR's shape.

use std::collections::BTreeMap;

use crate::ir::Api;

/// Item path (`types::Pet`, `Client::get_pet`) -> the spec place it came from
/// (`#/components/schemas/Pet`, `paths./pets/{id}.get`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origins(BTreeMap<String, String>);

impl Origins {
    /// The places of an API's named types (those lowered from a component or a place a
    /// `$ref` points into), of its operations' methods and of their request values.
    pub fn of(api: &Api) -> Origins {
        let mut places = BTreeMap::new();
        for ty in &api.types {
            if let Some(origin) = &ty.origin {
                places.insert(format!("types::{}", ty.name), origin.clone());
            }
        }
        for op in &api.operations {
            let place = format!("paths.{}.{}", op.path.template, op.method.key());
            places.insert(format!("requests::{}", op.request), place.clone());
            // The operation's outcome enums: its documented successes and its errors.
            for outcome in [&op.success, &op.error] {
                if let crate::ir::Outcome::Enum(name) = outcome {
                    places.insert(format!("types::{name}"), format!("{place}.responses"));
                }
            }
            // The `mock` module's request type and stub method (the `mock` feature).
            places.insert(format!("mock::{}", op.request), place.clone());
            places.insert(format!("mock::Server::{}", op.name), place.clone());
            // Every method the IR lists: the client's, and the request value's terminal
            // ones. The surface names methods as callers write them, without `r#`: as
            // the IR keeps them.
            for method in &op.methods {
                let owner = if method.kind.on_client() {
                    "Client".to_string()
                } else {
                    format!("requests::{}", op.request)
                };
                places.insert(format!("{owner}::{}", method.name), place.clone());
            }
        }
        Origins(places)
    }

    /// The place of an item, when known.
    pub fn get(&self, path: &str) -> Option<&String> {
        self.0.get(path)
    }

    /// Origins from pairs, for tests and callers that know them some other way.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Origins {
        Origins(
            pairs
                .into_iter()
                .map(|(path, place)| (path.to_owned(), place.to_owned()))
                .collect(),
        )
    }
}
