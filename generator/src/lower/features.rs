//! Cargo features per operation tag: which operations and types each feature compiles.
//!
//! With [`crate::options::TagFeatures::On`], every tag becomes a feature (named by
//! [`naming::feature_name`]; tags whose names meet share one). An operation is compiled
//! with any feature of its tags; a type with any feature of the operations that reach it
//! (through fields, variants, aliases and containers), so that a user of one tag compiles
//! its operations and the types they need, and nothing else. What must always be there
//! stays ungated: operations without a tag, the types they reach, and the types no
//! operation reaches (components a user may build on their own) with everything those
//! reach. A type is therefore gated only by features whose operations all lead to it, and
//! a type it refers to is compiled whenever it is: the crate compiles with any set of
//! features.

use std::collections::{BTreeMap, BTreeSet};

use super::access::reach;
use crate::ir::{Feature, Operation, TypeDef, TypeKind, TypeRef};
use crate::naming;

/// Sets `features` on every operation and type, and returns the features, sorted.
pub(super) fn gate(
    prefix: &str,
    types: &mut [TypeDef],
    operations: &mut [Operation],
) -> Vec<Feature> {
    let mut features: BTreeMap<String, Feature> = BTreeMap::new();
    for op in operations.iter_mut() {
        let mut names: Vec<String> = op
            .tags
            .iter()
            .map(|tag| {
                let name = naming::feature_name(prefix, tag);
                let feature = features.entry(name.clone()).or_insert_with(|| Feature {
                    name: name.clone(),
                    tags: Vec::new(),
                    operations: 0,
                });
                if !feature.tags.contains(tag) {
                    feature.tags.push(tag.clone());
                }
                name
            })
            .collect();
        names.sort();
        names.dedup();
        for name in &names {
            if let Some(feature) = features.get_mut(name) {
                feature.operations += 1;
            }
        }
        op.features = names;
    }

    let kinds: BTreeMap<&str, &TypeKind> =
        types.iter().map(|t| (t.name.as_str(), &t.kind)).collect();
    // Type name -> the features that compile it; `None`: always compiled.
    let mut gates: BTreeMap<&str, Option<BTreeSet<&str>>> = BTreeMap::new();
    for op in operations.iter() {
        let mut reached = BTreeSet::new();
        for ty in type_refs(op) {
            reach(ty, &kinds, &mut reached);
        }
        for name in reached {
            let gate = gates.entry(name).or_insert_with(|| Some(BTreeSet::new()));
            match (gate, op.features.is_empty()) {
                (gate, true) => *gate = None,
                (Some(set), false) => set.extend(op.features.iter().map(String::as_str)),
                (None, false) => {}
            }
        }
    }
    // Components no operation uses, and what they reach, are always there.
    let unused: Vec<TypeRef> = kinds
        .keys()
        .filter(|name| !gates.contains_key(*name))
        .map(|name| TypeRef::Named(name.to_string()))
        .collect();
    let mut always = BTreeSet::new();
    for root in &unused {
        reach(root, &kinds, &mut always);
    }
    let gated: BTreeMap<String, Vec<String>> = gates
        .into_iter()
        .filter(|(name, _)| !always.contains(name))
        .filter_map(|(name, gate)| {
            let set = gate?;
            Some((
                name.to_string(),
                set.into_iter().map(str::to_string).collect(),
            ))
        })
        .collect();
    for def in types.iter_mut() {
        if let Some(features) = gated.get(&def.name) {
            def.features = features.clone();
        }
    }
    features.into_values().collect()
}

/// Every type an operation's methods name: parameters, body, responses (streamed ones too).
fn type_refs(op: &Operation) -> impl Iterator<Item = &TypeRef> {
    op.path_params
        .iter()
        .chain(&op.params)
        .map(|p| &p.ty)
        .chain(
            op.body
                .iter()
                .flat_map(|b| b.content.media().into_iter().map(|m| &m.ty)),
        )
        .chain(op.responses.iter().map(|r| &r.ty))
        .chain(
            op.stream()
                .into_iter()
                .flat_map(|s| s.responses.iter().map(|r| &r.ty)),
        )
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::ir::Api;
    use crate::options::{Options, TagFeatures};

    const SPEC: &str = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /repos:
    get:
      operationId: listRepos
      tags: [Repos]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: "#/components/schemas/Repo"}}
  /issues:
    get:
      operationId: listIssues
      tags: [Issues, Repos]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: "#/components/schemas/Issue"}}
  /meta:
    get:
      operationId: meta
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Meta"}
components:
  schemas:
    Repo:
      type: object
      properties:
        owner: {$ref: "#/components/schemas/User"}
    Issue:
      type: object
      properties:
        user: {$ref: "#/components/schemas/User"}
        repo: {$ref: "#/components/schemas/Repo"}
    User:
      type: object
      properties:
        login: {type: string}
    Meta:
      type: object
      properties:
        admin: {$ref: "#/components/schemas/Admin"}
    Admin:
      type: object
      properties:
        name: {type: string}
    Orphan:
      type: object
      properties:
        user: {$ref: "#/components/schemas/Lonely"}
    Lonely:
      type: object
      properties:
        name: {type: string}
"##;

    fn api(prefix: &str) -> Api {
        let options = Options {
            tag_features: TagFeatures::On {
                prefix: prefix.to_string(),
            },
            ..Options::default()
        };
        crate::generate_with_options(Path::new("t.yaml"), SPEC, &crate::load::NoFiles, &options)
            .expect("generates")
            .api
    }

    fn type_features<'a>(api: &'a Api, name: &str) -> &'a [String] {
        &api.types.iter().find(|t| t.name == name).unwrap().features
    }

    fn op_features<'a>(api: &'a Api, name: &str) -> &'a [String] {
        &api.operations
            .iter()
            .find(|o| o.name == name)
            .unwrap()
            .features
    }

    #[test]
    fn operations_take_their_tags_features_and_types_those_of_what_reaches_them() {
        let api = api("");
        let names: Vec<(&str, &[String], usize)> = api
            .features
            .iter()
            .map(|f| (f.name.as_str(), f.tags.as_slice(), f.operations))
            .collect();
        assert_eq!(
            names,
            [
                ("issues", &["Issues".to_string()][..], 1),
                ("repos", &["Repos".to_string()][..], 2),
            ]
        );
        assert_eq!(op_features(&api, "list_repos"), ["repos"]);
        assert_eq!(op_features(&api, "list_issues"), ["issues", "repos"]);
        assert!(op_features(&api, "meta").is_empty());
        assert_eq!(type_features(&api, "Repo"), ["issues", "repos"]);
        assert_eq!(type_features(&api, "Issue"), ["issues", "repos"]);
        assert_eq!(type_features(&api, "User"), ["issues", "repos"]);
        // Reached by an untagged operation, or by no operation: always compiled.
        assert!(type_features(&api, "Meta").is_empty());
        assert!(type_features(&api, "Admin").is_empty());
        assert!(type_features(&api, "Orphan").is_empty());
        assert!(type_features(&api, "Lonely").is_empty());
    }

    #[test]
    fn the_prefix_names_features_in_a_crate_of_several_specs() {
        let api = api("github-");
        assert_eq!(op_features(&api, "list_repos"), ["github-repos"]);
    }

    #[test]
    fn asking_for_features_of_a_spec_without_tags_is_a_warning() {
        let untagged = SPEC
            .replace("tags: [Repos]", "")
            .replace("tags: [Issues, Repos]", "");
        let options = Options {
            tag_features: TagFeatures::On {
                prefix: String::new(),
            },
            ..Options::default()
        };
        let generated = crate::generate_with_options(
            Path::new("t.yaml"),
            &untagged,
            &crate::load::NoFiles,
            &options,
        )
        .expect("generates");
        assert!(generated.api.features.is_empty());
        let warnings = generated.warnings.to_string();
        assert!(warnings.contains("no operation has a tag"), "{warnings}");
        assert!(warnings.contains("t.yaml:4:1"), "{warnings}");
    }

    #[test]
    fn without_the_option_nothing_is_gated() {
        let api = crate::generate(Path::new("t.yaml"), SPEC).unwrap().api;
        assert!(api.features.is_empty());
        assert!(api.operations.iter().all(|o| o.features.is_empty()));
        assert!(api.types.iter().all(|t| t.features.is_empty()));
    }
}
