//! Parameters: path-item and operation parameters merged (the operation's override by
//! name and location), resolved through `$ref`s, and lowered into method arguments (path
//! parameters) and the fields of the operation's parameters struct (the others).

use std::collections::BTreeMap;

use openapiv3::{
    Operation, Parameter, ParameterSchemaOrContent, PathItem, QueryStyle, ReferenceOr,
};

use super::{pascal, Lowerer};
use crate::diag::DocPath;
use crate::ir::{self, TypeRef};
use crate::naming::{self, reserved, Namespace};

impl<'a> Lowerer<'a> {
    /// The path parameters (in the order the template names them) and the query, header
    /// and cookie parameters (sorted by name and location) of an operation.
    pub(super) fn parameters(
        &mut self,
        path: &str,
        item: &PathItem,
        op: &Operation,
        doc_path: &DocPath,
        type_base: &str,
    ) -> (Vec<ir::Param>, Vec<ir::Param>) {
        // Parameters: path-level first, operation-level overrides by (name, in).
        let mut merged: BTreeMap<(String, u8), (Parameter, DocPath, bool)> = BTreeMap::new();
        let sources = [
            (
                &item.parameters,
                DocPath::from_segments(["paths", path, "parameters"]),
            ),
            (&op.parameters, doc_path.push("parameters")),
        ];
        for (params, base) in sources {
            for (i, p) in params.iter().enumerate() {
                let p_path = base.push(i);
                // Parameters from `components.parameters` keep their own name as type
                // name, so every operation that references them shares the type.
                let shared_ref = matches!(p, ReferenceOr::Reference { .. });
                if let Some(param) = self.resolve_parameter(p, &p_path) {
                    let loc = match &param {
                        Parameter::Path { .. } => 0,
                        Parameter::Query { .. } => 1,
                        Parameter::Header { .. } => 2,
                        Parameter::Cookie { .. } => 3,
                    };
                    merged.insert(
                        (param.parameter_data_ref().name.clone(), loc),
                        (param, p_path, shared_ref),
                    );
                }
            }
        }
        let mut path_params = Vec::new();
        let mut params = Vec::new();
        // Every parameter is a field of the operation's request value, and an argument
        // or a setter beside the value's own names (`naming::reserved`).
        let mut names = Namespace::with_reserved(reserved::REQUEST_NAMES);
        for ((_, _), (param, p_path, shared_ref)) in &merged {
            let data = param.parameter_data_ref();
            let (location, style) = match param {
                Parameter::Path { .. } => (
                    ir::ParamLocation::Path,
                    ir::QueryStyle::Form { explode: false },
                ),
                Parameter::Query { style, .. } => (
                    ir::ParamLocation::Query,
                    match style {
                        QueryStyle::Form => ir::QueryStyle::Form {
                            explode: data.explode.unwrap_or(true),
                        },
                        QueryStyle::SpaceDelimited => ir::QueryStyle::SpaceDelimited,
                        QueryStyle::PipeDelimited => ir::QueryStyle::PipeDelimited,
                        QueryStyle::DeepObject => ir::QueryStyle::DeepObject,
                    },
                ),
                Parameter::Header { .. } => (
                    ir::ParamLocation::Header,
                    ir::QueryStyle::Form { explode: false },
                ),
                Parameter::Cookie { .. } => (
                    ir::ParamLocation::Cookie,
                    ir::QueryStyle::Form { explode: false },
                ),
            };
            // Parameters shared by a whole path item are named after the parameter
            // alone, so every operation of the path uses the same type.
            let shared = *shared_ref || p_path.segments().get(2).is_some_and(|s| s == "parameters");
            let hint = if shared {
                pascal(&data.name)
            } else {
                format!("{type_base}{}", pascal(&data.name))
            };
            let ty = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => {
                    self.schema(schema, &p_path.push("schema"), &hint)
                }
                ParameterSchemaOrContent::Content(content) => {
                    match content.iter().next().and_then(|(_, m)| m.schema.as_ref()) {
                        Some(schema) => {
                            self.diags.warning(
                                &p_path.push("content"),
                                "a parameter with `content` is sent as its plain value, not serialized as the media type says",
                            );
                            self.schema(schema, &p_path.push("content"), &hint)
                        }
                        None => TypeRef::String,
                    }
                }
            };
            let ty = match ty {
                TypeRef::Nullable(inner) => *inner,
                ty => ty,
            };
            let required = data.required || location == ir::ParamLocation::Path;
            let p = ir::Param {
                name: ir::Name::new(
                    names.claim(&naming::field_name(&data.name)),
                    data.name.as_str(),
                ),
                location,
                ty,
                required,
                style,
                docs: super::doc_facts::parameter_docs(data),
                deprecated: data.deprecated == Some(true),
            };
            if location == ir::ParamLocation::Path {
                path_params.push(p);
            } else {
                params.push(p);
            }
        }
        // Path parameters in the order the template names them.
        path_params.sort_by_key(|p| {
            path.find(&format!("{{{}}}", p.name.wire))
                .unwrap_or(usize::MAX)
        });
        (path_params, params)
    }

    /// The parameter `p` is or refers to; `None`, with a warning, when its `$ref` cannot be
    /// followed.
    fn resolve_parameter(
        &mut self,
        p: &ReferenceOr<Parameter>,
        path: &DocPath,
    ) -> Option<Parameter> {
        let found = self.refs.resolve(p).cloned();
        if found.is_none() {
            self.diags.warning(
                path,
                "this parameter's `$ref` could not be resolved; it is left out",
            );
        }
        found
    }
}
