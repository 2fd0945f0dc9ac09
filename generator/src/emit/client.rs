//! The client: the `Server` enum, `DEFAULT_BASE_URL`, `SECURITY_SCHEMES`, `Client` and
//! its `ClientBuilder` with one credential method per security scheme.
//!
//! The operation methods are not here (see [`super::requests`]): they follow this
//! module's methods in the `impl Client` block. Server, scheme and method names come from
//! the IR; this module never makes one.

use proc_macro2::TokenStream;
use quote::quote;

use super::paths::ident;
use crate::docs::doc_attrs;
use crate::ir::{self, Api};

/// The items before the client's `impl`: `Server`, `DEFAULT_BASE_URL`,
/// `SECURITY_SCHEMES` and the `Client` struct.
pub(super) fn client_head(api: &Api) -> TokenStream {
    let default_url = default_url(api);
    let schemes = api.security_schemes.iter().map(|s| {
        let name = &s.name;
        let kind = match &s.kind {
            ir::SchemeKind::Bearer => quote!(crate::runtime::SchemeKind::Bearer),
            ir::SchemeKind::Basic => quote!(crate::runtime::SchemeKind::Basic),
            ir::SchemeKind::ApiKeyHeader(p) => quote!(crate::runtime::SchemeKind::ApiKeyHeader(#p)),
            ir::SchemeKind::ApiKeyQuery(p) => quote!(crate::runtime::SchemeKind::ApiKeyQuery(#p)),
            ir::SchemeKind::ApiKeyCookie(p) => quote!(crate::runtime::SchemeKind::ApiKeyCookie(#p)),
        };
        quote!(crate::runtime::SecurityScheme { name: #name, kind: #kind },)
    });
    let servers = servers(api);
    let unset: Vec<&str> = api.servers.first().map_or(Vec::new(), |s| {
        s.variables
            .iter()
            .filter(|v| v.default.is_none())
            .map(|v| v.name.as_str())
            .collect()
    });
    let base_url_doc = base_url_doc(default_url, &unset);
    quote! {
        #servers

        #[doc = #base_url_doc]
        pub const DEFAULT_BASE_URL: &str = #default_url;

        /// The security schemes of the spec, for the runtime to apply credentials.
        #[doc(hidden)]
        pub const SECURITY_SCHEMES: &[crate::runtime::SecurityScheme] = &[#(#schemes)*];

        /// What a call returns: a [`Response`] (the decoded body, its status and headers),
        /// or an [`Error`] (a documented error of the operation, or a failure on the way).
        pub use crate::runtime::{Error, Response};

        /// The client: one method per operation, which returns the operation's request
        /// value (see [`requests`]).
        ///
        /// Cheap to clone; clones share the connection pool and configuration.
        #[derive(Debug, Clone)]
        pub struct Client {
            core: crate::runtime::Core,
            options: crate::runtime::RequestOptions,
        }
    }
}

/// The spec's first server's URL, or nothing.
fn default_url(api: &Api) -> &str {
    api.servers.first().map(|s| s.url.as_str()).unwrap_or("")
}

/// The client's own methods, first in its `impl` (the operations' follow).
pub(super) fn client_fns(api: &Api) -> TokenStream {
    let rate_limit = api
        .rate_limit_reset_headers
        .iter()
        .map(|h| quote!(.rate_limit_reset_header(#h)));
    let secret_fields = &api.secret_fields;
    let secret_fields =
        (!secret_fields.is_empty()).then(|| quote!(.secret_fields(&[#(#secret_fields),*])));
    quote! {
        /// Starts configuring a client: credentials, server, timeouts, retries.
        pub fn builder() -> ClientBuilder {
            crate::runtime::ClientBuilder::new(DEFAULT_BASE_URL, SECURITY_SCHEMES) #(#rate_limit)* #secret_fields
        }

        /// A client that applies `options` (timeout, retries, extra headers) to every
        /// call made through it, on top of this client's own.
        pub fn with_options(&self, options: crate::runtime::RequestOptions) -> Self {
            Client {
                core: self.core.clone(),
                options: self.options.merged_with(&options),
            }
        }

        /// The URL requests go to: the builder's `base_url` or server, without a
        /// trailing `/`.
        pub fn base_url(&self) -> &str {
            self.core.base_url()
        }

        /// The runtime engine behind this client.
        #[doc(hidden)]
        pub fn core(&self) -> &crate::runtime::Core {
            &self.core
        }
    }
}

/// The items after the client's `impl`: how the runtime makes a `Client`, and the
/// `ClientBuilder` with this API's credential and server methods.
pub(super) fn client_tail(api: &Api) -> TokenStream {
    let builder_methods = builder_methods(api);
    quote! {
        impl crate::runtime::FromCore for Client {
            fn from_core(core: crate::runtime::Core) -> Self {
                Client {
                    core,
                    options: crate::runtime::RequestOptions::new(),
                }
            }
        }

        /// Configures a [`Client`]: the credentials of this API's security schemes and its
        /// server, defined below, and the options every client shares (timeout, retries,
        /// headers, ...), defined by the runtime; [`build`](crate::runtime::ClientBuilder::build)
        /// checks everything at once.
        pub type ClientBuilder = crate::runtime::ClientBuilder<Client>;

        #builder_methods
    }
}

/// The builder's methods this API adds: its credentials and its servers.
fn builder_methods(api: &Api) -> TokenStream {
    let server_method = (!api.servers.is_empty()).then(|| {
        quote! {
            /// Sends requests to one of the servers the spec lists (the first is the
            /// default); [`base_url`](crate::runtime::ClientBuilder::base_url) sends them
            /// anywhere else.
            pub fn server(self, server: Server) -> Self {
                self.base_url(server.url())
            }
        }
    });
    let server_with_method = api
        .servers
        .iter()
        .any(|s| !s.variables.is_empty())
        .then(|| {
            quote! {
                /// Sends requests to one of the servers the spec lists, with its variables
                /// filled in: `server_with(Server::X, &[("region", "eu")])`. Variables left out
                /// keep their defaults (see [`Server::url_with`]).
                pub fn server_with(self, server: Server, values: &[(&str, &str)]) -> Self {
                    self.base_url(server.url_with(values))
                }
            }
        });
    let mut builder_methods: Vec<TokenStream> =
        api.security_schemes.iter().map(credential_method).collect();
    builder_methods.extend(api.security_schemes.iter().filter_map(provider_method));
    builder_methods.extend(
        api.security_schemes
            .iter()
            .filter_map(client_credentials_method),
    );
    builder_methods.extend(server_method);
    builder_methods.extend(server_with_method);
    builder_impl(builder_methods)
}

/// The docs of `DEFAULT_BASE_URL`, whose variables `unset` have no default.
fn base_url_doc(default_url: &str, unset: &[&str]) -> String {
    if !unset.is_empty() {
        let names: Vec<String> = unset.iter().map(|n| crate::docs::code_span(n)).collect();
        format!(
            " The spec's first server, {}, has variables with no default ({}): set them with [`ClientBuilder::server_with`] (or the whole URL with [`ClientBuilder::base_url`]) before [`ClientBuilder::build`].",
            crate::docs::code_span(default_url),
            names.join(", ")
        )
    } else if default_url.is_empty() {
        " The spec names no absolute server URL, so set one with [`ClientBuilder::base_url`] before [`ClientBuilder::build`].".to_string()
    } else if !default_url.contains("://") {
        format!(
            " The spec's first server, {}, is relative: set the full URL with [`ClientBuilder::base_url`] before [`ClientBuilder::build`].",
            crate::docs::code_span(default_url)
        )
    } else {
        format!(
            " The base URL requests go to unless the builder says otherwise: {}.",
            crate::docs::code_span(default_url)
        )
    }
}

/// The methods a module adds to the runtime's builder for its `Client`: one per security
/// scheme and the server choice; nothing when the spec has neither.
fn builder_impl(methods: Vec<TokenStream>) -> TokenStream {
    if methods.is_empty() {
        return TokenStream::new();
    }
    quote! {
        /// The credentials and servers of this API.
        impl crate::runtime::ClientBuilder<Client> {
            #(#methods)*
        }
    }
}

/// The `Server` enum of the servers the spec lists, and its `url` (and, when a server has
/// variables, `template`, `variables` and `url_with`).
fn servers(api: &Api) -> TokenStream {
    if api.servers.is_empty() {
        return TokenStream::new();
    }
    let variants = api
        .servers
        .iter()
        .enumerate()
        .map(|(i, s)| server_variant(i == 0, s));
    let arms = api.servers.iter().map(|s| {
        let name = ident(&s.name);
        let url = &s.url;
        quote!(Server::#name => #url,)
    });
    let with_variables = api
        .servers
        .iter()
        .any(|s| !s.variables.is_empty())
        .then(|| server_variable_fns(api));
    quote! {
        /// The servers the spec lists; the first is the default.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        #[non_exhaustive]
        pub enum Server {
            #(#variants)*
        }

        impl Server {
            /// The server's URL, with every server variable at its default.
            pub const fn url(self) -> &'static str {
                match self {
                    #(#arms)*
                }
            }

            #with_variables
        }
    }
}

/// A variant of `Server`: its description, URL and variables as docs.
fn server_variant(first: bool, s: &ir::Server) -> TokenStream {
    let name = ident(&s.name);
    let docs = doc_attrs(s.description.as_deref());
    let url_doc = format!(" {}", crate::docs::code_span(&s.url));
    let sep = s.description.is_some().then(|| quote!(#[doc = ""]));
    let default = first.then(|| quote!(#[default]));
    let variables = (!s.variables.is_empty()).then(|| {
        let items = s.variables.iter().map(|v| {
            let line = server_variable_doc(v);
            quote!(#[doc = #line])
        });
        let template = format!(
            " Variables of {} (fill them with [`Server::url_with`]):",
            crate::docs::code_span(&s.template)
        );
        quote! {
            #[doc = ""]
            #[doc = #template]
            #(#items)*
        }
    });
    quote! {
        #docs
        #sep
        #[doc = #url_doc]
        #variables
        #default
        #name,
    }
}

/// A server variable's line in its server's docs: its default, its values, its
/// description.
fn server_variable_doc(v: &ir::ServerVariable) -> String {
    let mut line = match &v.default {
        Some(default) => format!(
            " - {}: default {}",
            crate::docs::code_span(&v.name),
            crate::docs::code_span(default)
        ),
        None => format!(
            " - {}: no default, set it (the client cannot be built without it)",
            crate::docs::code_span(&v.name)
        ),
    };
    if !v.values.is_empty() {
        let values = v
            .values
            .iter()
            .map(|x| crate::docs::code_span(x))
            .collect::<Vec<_>>()
            .join(", ");
        line.push_str(&format!(", one of {values}"));
    }
    if let Some(d) = v
        .description
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        let d = crate::docs::sanitize(d).join(" ");
        line.push_str(&format!(". {d}"));
    }
    line
}

/// `Server::template`, `variables` and `url_with`, for a spec whose servers have
/// variables.
fn server_variable_fns(api: &Api) -> TokenStream {
    let templates = api.servers.iter().map(|s| {
        let name = ident(&s.name);
        let template = &s.template;
        quote!(Server::#name => #template,)
    });
    let defaults = api.servers.iter().map(|s| {
        let name = ident(&s.name);
        let pairs = s.variables.iter().map(|v| {
            let n = &v.name;
            let d = v.default.clone().unwrap_or_else(|| format!("{{{n}}}"));
            quote!((#n, #d))
        });
        quote!(Server::#name => &[#(#pairs),*],)
    });
    let unset = api
        .servers
        .iter()
        .any(|s| s.variables.iter().any(|v| v.default.is_none()))
        .then(|| {
            quote! {
                #[doc = ""]
                /// A variable the spec gives no default keeps its `{name}` placeholder
                /// here, which [`ClientBuilder::build`] refuses until it is set.
            }
        });
    quote! {
        /// The server's URL as the spec writes it, with `{variable}` placeholders.
        pub const fn template(self) -> &'static str {
            match self {
                #(#templates)*
            }
        }

        /// The server's variables and their defaults, in spec order.
        #unset
        pub const fn variables(self) -> &'static [(&'static str, &'static str)] {
            match self {
                #(#defaults)*
            }
        }

        /// The server's URL with the variables in `values` (name, value) filled in and
        /// the others at their defaults. Names the server does not have are ignored;
        /// values are used as given (they are not checked against the spec's `enum`).
        pub fn url_with(self, values: &[(&str, &str)]) -> ::std::string::String {
            let mut url = ::std::string::String::from(self.template());
            for (name, default) in self.variables() {
                let value = values
                    .iter()
                    .rev()
                    .find(|(n, _)| n == name)
                    .map_or(*default, |(_, v)| *v);
                url = url.replace(&::std::format!("{{{name}}}"), value);
            }
            url
        }
    }
}

/// `<scheme>_provider`: a token provider for a scheme that takes a token.
fn provider_method(s: &ir::SecurityScheme) -> Option<TokenStream> {
    let method = ident(s.provider_method.as_deref()?);
    let name = &s.name;
    let doc = format!(
        " Sets a provider of the `{}` scheme's token, asked before each attempt (and again after a 401, then the call is retried once): for tokens that expire.",
        s.name
    );
    Some(quote! {
        #[doc = #doc]
        pub fn #method(self, provider: impl crate::runtime::TokenProvider) -> Self {
            self.credential(#name, crate::runtime::Credential::provider(provider))
        }
    })
}

/// `<scheme>_client_credentials`: the OAuth 2 client credentials grant at the spec's
/// token URL.
fn client_credentials_method(s: &ir::SecurityScheme) -> Option<TokenStream> {
    let flow = s.client_credentials.as_ref()?;
    let method = ident(&flow.method);
    let name = &s.name;
    let token_url = &flow.token_url;
    let doc = format!(
        " Gets the `{name}` scheme's tokens with the OAuth 2 client credentials grant from {}, and keeps each until shortly before it expires.",
        crate::docs::code_span(token_url)
    );
    let more = match &s.provider_method {
        Some(provider) => format!(
            " For scopes or another token URL, give a [`ClientCredentials`](crate::runtime::ClientCredentials) to [`{provider}`](Self::{provider})."
        ),
        None => String::new(),
    };
    Some(quote! {
        #[doc = #doc]
        #[doc = ""]
        #[doc = #more]
        pub fn #method(
            self,
            client_id: impl Into<::std::string::String>,
            client_secret: impl Into<::std::string::String>,
        ) -> Self {
            self.credential(
                #name,
                crate::runtime::Credential::provider(crate::runtime::ClientCredentials::new(
                    #token_url,
                    client_id,
                    client_secret,
                )),
            )
        }
    })
}

fn credential_method(s: &ir::SecurityScheme) -> TokenStream {
    let method = ident(&s.method);
    let name = &s.name;
    let docs = doc_attrs(s.description.as_deref());
    let sep = s.description.is_some().then(|| quote!(#[doc = ""]));
    match &s.kind {
        ir::SchemeKind::Basic => {
            let doc =
                format!(" Sets the user name and password of the `{name}` scheme (HTTP basic).");
            quote! {
                #[doc = #doc]
                #sep
                #docs
                pub fn #method(
                    self,
                    username: impl Into<::std::string::String>,
                    password: impl Into<::std::string::String>,
                ) -> Self {
                    self.credential(
                        #name,
                        crate::runtime::Credential::Basic {
                            username: username.into(),
                            password: crate::runtime::Secret::new(password.into()),
                        },
                    )
                }
            }
        }
        kind => {
            let (doc, variant) = match kind {
                ir::SchemeKind::Bearer => (
                    format!(" Sets the token of the `{name}` scheme (sent as `Authorization: Bearer`)."),
                    quote!(Bearer),
                ),
                ir::SchemeKind::ApiKeyHeader(p) => (
                    format!(" Sets the API key of the `{name}` scheme (sent in the `{p}` header)."),
                    quote!(ApiKey),
                ),
                ir::SchemeKind::ApiKeyQuery(p) => (
                    format!(" Sets the API key of the `{name}` scheme (sent as the `{p}` query parameter)."),
                    quote!(ApiKey),
                ),
                _ => (
                    format!(" Sets the API key of the `{name}` scheme (sent as a cookie)."),
                    quote!(ApiKey),
                ),
            };
            quote! {
                #[doc = #doc]
                #sep
                #docs
                pub fn #method(self, secret: impl Into<::std::string::String>) -> Self {
                    self.credential(
                        #name,
                        crate::runtime::Credential::#variant(crate::runtime::Secret::new(secret.into())),
                    )
                }
            }
        }
    }
}
