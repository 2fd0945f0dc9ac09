//! Servers and security schemes: the `Server` enum's variants and the builder method that
//! sets each scheme's credential.

use openapiv3::{APIKeyLocation, SecurityScheme};

use super::{pascal, Lowerer};
use crate::diag::DocPath;
use crate::ir;
use crate::naming::{self, reserved, Namespace};

impl<'a> Lowerer<'a> {
    /// `components.securitySchemes`, sorted by name, each with its builder method.
    pub(super) fn security_schemes(&mut self) -> Vec<ir::SecurityScheme> {
        let Some(components) = &self.api.components else {
            return Vec::new();
        };
        // Scheme methods sit beside the builder's own; `naming::reserved` lists those.
        let mut methods = Namespace::with_reserved(reserved::BUILDER_METHODS);
        let mut out = Vec::new();
        let mut sorted: Vec<_> = components.security_schemes.iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(b.0));
        for (name, scheme) in sorted {
            let path = DocPath::from_segments(["components", "securitySchemes", name.as_str()]);
            let Some(scheme) = self.refs.resolve(scheme) else {
                self.diags.warning(
                    &path,
                    "this `$ref` security scheme could not be resolved; it is left out",
                );
                continue;
            };
            let mut token_url = None;
            let (kind, description) = match scheme {
                SecurityScheme::APIKey {
                    location,
                    name: param,
                    description,
                    ..
                } => (
                    match location {
                        APIKeyLocation::Header => ir::SchemeKind::ApiKeyHeader(param.clone()),
                        APIKeyLocation::Query => ir::SchemeKind::ApiKeyQuery(param.clone()),
                        APIKeyLocation::Cookie => ir::SchemeKind::ApiKeyCookie(param.clone()),
                    },
                    description,
                ),
                SecurityScheme::HTTP {
                    scheme,
                    description,
                    ..
                } => match scheme.to_ascii_lowercase().as_str() {
                    "basic" => (ir::SchemeKind::Basic, description),
                    "bearer" => (ir::SchemeKind::Bearer, description),
                    other => {
                        self.diags
                            .warning(
                                &path.push("scheme"),
                                format!("HTTP auth scheme `{other}` is not supported; the scheme is left out"),
                            )
                            .help("set the `Authorization` header with `RequestOptions::header` or a default header");
                        continue;
                    }
                },
                SecurityScheme::OAuth2 {
                    flows, description, ..
                } => {
                    if let Some(flow) = &flows.client_credentials {
                        let url = flow.token_url.trim();
                        if url.starts_with("https://") || url.starts_with("http://") {
                            token_url = Some(url.to_owned());
                        } else {
                            self.diags
                                .warning(
                                    &path.push("flows").push("clientCredentials").push("tokenUrl"),
                                    "the token URL is not an absolute http(s) URL; no client credentials method is generated",
                                )
                                .help("give a `ClientCredentials` with the full token URL to the scheme's `_provider` method");
                        }
                    }
                    (ir::SchemeKind::Bearer, description)
                }
                SecurityScheme::OpenIDConnect { description, .. } => {
                    (ir::SchemeKind::Bearer, description)
                }
            };
            let method = methods.claim(&naming::field_name(name));
            let provider_method = (kind != ir::SchemeKind::Basic)
                .then(|| methods.claim(&format!("{method}_provider")));
            let client_credentials = token_url.map(|token_url| ir::ClientCredentialsFlow {
                method: methods.claim(&format!("{method}_client_credentials")),
                token_url,
            });
            out.push(ir::SecurityScheme {
                name: name.clone(),
                method,
                kind,
                description: description.clone(),
                provider_method,
                client_credentials,
            });
        }
        out
    }

    /// `servers`, in document order, each with its variant name and default URL.
    pub(super) fn servers(&mut self) -> Vec<ir::Server> {
        let mut names = Namespace::default();
        let mut out = Vec::new();
        for (i, server) in self.api.servers.iter().enumerate() {
            let mut variables = Vec::new();
            let mut url = server.url.clone();
            if let Some(vars) = &server.variables {
                for (name, var) in vars {
                    // A default that is the variable's own placeholder is none (the
                    // repair of a variable declared nowhere writes it so).
                    let placeholder = format!("{{{name}}}");
                    let default = (var.default != placeholder).then(|| var.default.clone());
                    if let Some(default) = &default {
                        url = url.replace(&placeholder, default);
                    }
                    variables.push(ir::ServerVariable {
                        name: name.clone(),
                        default,
                        values: var.enumeration.clone(),
                        description: var.description.clone(),
                    });
                }
            }
            let wanted = match &server.description {
                Some(d) if d.len() <= 32 && !d.trim().is_empty() => pascal(d),
                _ if i == 0 => "Default".to_string(),
                _ => format!("Server{}", i + 1),
            };
            out.push(ir::Server {
                name: names.claim(&wanted),
                url,
                template: server.url.clone(),
                description: server.description.clone(),
                variables,
            });
        }
        out
    }
}
