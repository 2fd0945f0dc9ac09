//! All naming policy: spec names -> Rust identifiers.
//!
//! Every identifier the generator emits comes from here, so the rules live in one place
//! and one table of tests. Names are valid ASCII Rust identifiers for any input (empty,
//! non-ASCII, keywords, leading digits); uniqueness within a scope is the job of
//! [`Namespace`].
//!
//! A name is kept as the word a person reads (`type`, in the IR, in docs, in the names
//! made from it: `with_type`), and becomes a raw identifier (`r#type`) only when printed
//! as code, by [`ident`]: the one place that knows about `r#`.

use std::collections::BTreeSet;

use heck::{ToPascalCase, ToSnakeCase};

/// Names the generated code introduces itself, declared once. Lowering reserves them in
/// the scope they live in, so no name taken from a spec can collide with them, and the
/// emitter writes them from these constants.
pub mod reserved {
    /// Methods every generated `Client` has besides one per operation (`clone` from
    /// `#[derive(Clone)]`).
    pub const CLIENT_METHODS: &[&str] = &[
        "builder",
        "with_options",
        "base_url",
        "core",
        "options",
        "clone",
        "from_core",
    ];

    /// Methods of every `ClientBuilder` besides one per security scheme: the runtime's
    /// (`templates/src/runtime/builder.rs`, held to this list by a test) and the server
    /// choice a module adds when its spec lists servers.
    pub const BUILDER_METHODS: &[&str] = &[
        "new",
        "credential",
        "base_url",
        "server",
        "server_with",
        "timeout",
        "idle_timeout",
        "max_retries",
        "retry_policy",
        "user_agent",
        "default_header",
        "http_client",
        "build",
        "rate_limit_reset_header",
        "secret_fields",
        "max_response_bytes",
        "hook",
    ];

    /// The names of an operation's request value (`requests::<Operation>`) besides its
    /// parameters, which are its fields, setters and its method's arguments: its other
    /// fields, its methods (the per-call options, the terminal methods, the request
    /// every terminal sends) and its method's arguments.
    pub const REQUEST_NAMES: &[&str] = &[
        "self",
        "client",
        OPTIONS_FIELD,
        BODY_ARG,
        CONTENT_TYPE_ARG,
        RAW_BODY_FIELD,
        "new",
        "timeout",
        "retries",
        "header",
        ITEMS_METHOD,
        STREAM_METHOD,
        "into_future",
        REQUEST_FN,
    ];

    /// Names a request value's type cannot have: `Self`, what the `requests` module
    /// imports, the prelude's names its code uses, and what the `mock` module (where
    /// each operation's received request has the same name) declares and imports.
    pub const REQUEST_TYPES: &[&str] = &[
        "Self",
        "types",
        "Client",
        "Call",
        "Response",
        "Error",
        "Option",
        "Result",
        "String",
        "Into",
        "Server",
        "Operation",
        "OperationSpec",
        "ParamSpec",
        "BodySpec",
        "BodyMedia",
        "Location",
        "Received",
        "Reply",
        "Stub",
        "Violation",
    ];

    /// The module of the request values.
    pub const REQUESTS_MODULE: &str = "requests";

    /// The argument (and the setter of an optional one) that carries the request body.
    pub const BODY_ARG: &str = "body";

    /// A request value's per-call options.
    pub const OPTIONS_FIELD: &str = "options";

    /// A request value's body encoded by the caller, from the raw-body method.
    pub const RAW_BODY_FIELD: &str = "raw_body";

    /// The request value's method that builds the request every terminal method sends.
    pub const REQUEST_FN: &str = "request";

    /// The terminal method that streams the items of every page of a list, when the
    /// spec (or the config) says how the list pages.
    pub const ITEMS_METHOD: &str = "items";

    /// The terminal method that asks for a response as a stream, when the spec
    /// documents it both as JSON and as a stream.
    pub const STREAM_METHOD: &str = "stream";

    /// The argument that names the media type of a body the caller encoded.
    pub const CONTENT_TYPE_ARG: &str = "content_type";

    /// The suffix of the method that sends a body in a media type the caller picks.
    pub const RAW_BODY_SUFFIX: &str = "_with_body";

    /// The constructor of every struct: its required fields as arguments.
    pub const CONSTRUCTOR: &str = "new";

    /// The prefix of a struct's setters (`with_<field>`), one per optional field. No
    /// field name needs reserving: a setter's name is never `new`, and two fields never
    /// get the same setter.
    pub const SETTER_PREFIX: &str = "with_";

    /// The variant of an open enum that keeps values the spec does not list.
    pub const OTHER_VARIANT: &str = "Other";

    /// The field of a struct that keeps the properties the spec does not name.
    pub const ADDITIONAL_PROPERTIES: &str = "additional_properties";

    /// Names of Rust's prelude the `types` module writes unqualified (`Some(value.into())`)
    /// when no spec type takes one of them, and fully qualified otherwise.
    pub const PRELUDE: &[&str] = &["Some", "None", "Option", "Into"];

    /// The cargo features every generated crate declares, which tag features avoid.
    pub const FEATURES: &[&str] = &["default", "tracing"];
}

/// Words that cannot be raw identifiers (`r#self` is invalid) and get a `_` suffix.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Every reserved word of Rust 2021, strict and reserved.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Replaces everything that cannot be part of an identifier with a word break, and spells
/// out the signs that carry meaning in enum values (`+1` vs `-1`).
fn words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for (i, c) in raw.chars().enumerate() {
        match c {
            '+' => out.push_str(" plus "),
            '-' if i == 0 => out.push_str(" minus "),
            c if c.is_ascii_alphanumeric() => out.push(c),
            // Identifiers stay ASCII: rustc warns about look-alike and uncommon
            // characters, and readers cannot type them.
            c if c.is_alphanumeric() => match fold_latin(c) {
                Some(ascii) => out.push_str(ascii),
                None => out.push_str(&format!(" u{:x} ", c as u32)),
            },
            _ => out.push(' '),
        }
    }
    out
}

/// The ASCII letters of a Latin letter with diacritics (`é` -> `e`, `ß` -> `ss`).
fn fold_latin(c: char) -> Option<&'static str> {
    Some(match c {
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' | 'Ă' | 'Ą' => "A",
        'Æ' => "AE",
        'Ç' | 'Ć' | 'Ĉ' | 'Ċ' | 'Č' => "C",
        'Ð' | 'Ď' | 'Đ' => "D",
        'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ĕ' | 'Ė' | 'Ę' | 'Ě' => "E",
        'Ĝ' | 'Ğ' | 'Ġ' | 'Ģ' => "G",
        'Ĥ' | 'Ħ' => "H",
        'Ì' | 'Í' | 'Î' | 'Ï' | 'Ĩ' | 'Ī' | 'Ĭ' | 'Į' | 'İ' => "I",
        'Ĳ' => "IJ",
        'Ĵ' => "J",
        'Ķ' => "K",
        'Ĺ' | 'Ļ' | 'Ľ' | 'Ŀ' | 'Ł' => "L",
        'Ñ' | 'Ń' | 'Ņ' | 'Ň' | 'Ŋ' => "N",
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō' | 'Ŏ' | 'Ő' => "O",
        'Œ' => "OE",
        'Ŕ' | 'Ŗ' | 'Ř' => "R",
        'Ś' | 'Ŝ' | 'Ş' | 'Š' => "S",
        'Ţ' | 'Ť' | 'Ŧ' => "T",
        'Þ' => "Th",
        'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ũ' | 'Ū' | 'Ŭ' | 'Ů' | 'Ű' | 'Ų' => "U",
        'Ŵ' => "W",
        'Ý' | 'Ŷ' | 'Ÿ' => "Y",
        'Ź' | 'Ż' | 'Ž' => "Z",
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ð' | 'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĳ' => "ij",
        'ĵ' => "j",
        'ķ' | 'ĸ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' | 'ŉ' | 'ŋ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ſ' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

/// Keeps only ASCII letters, digits and `_` ([`words`] has already spelled out the rest).
fn xid_only(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect()
}

fn finish(mut ident: String, fallback: &str) -> String {
    if ident.is_empty() || ident.chars().all(|c| c == '_') {
        ident = fallback.to_string();
    }
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert(0, '_');
        // `_1st` is fine for fields; types and variants get a letter prefix by the caller.
    }
    ident
}

/// A type or variant name: `vault-id` -> `VaultId`, `1st` -> `T1st`, `self` -> `Self_`.
pub fn type_name(raw: &str) -> String {
    let mut ident = xid_only(&words(raw).to_pascal_case());
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert(0, 'T');
    }
    let ident = finish(ident, "Unnamed");
    escape_keyword(ident)
}

/// An enum variant name for a wire value: `+1` -> `Plus1`, `""` -> `Empty`.
pub fn variant_name(raw: &str) -> String {
    if raw.is_empty() {
        return "Empty".to_string();
    }
    let mut ident = xid_only(&words(raw).to_pascal_case());
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert(0, 'V');
    }
    let ident = finish(ident, "Value");
    escape_keyword(ident)
}

/// The variant of a request body enum for a media type, after what it names: the
/// well-known types by their kind (`application/json` -> `Json`,
/// `application/x-www-form-urlencoded` -> `Form`, `multipart/form-data` -> `Multipart`,
/// `text/plain` -> `Text`, `application/octet-stream` -> `Bytes`), other `application/`
/// types by their subtype without a `+json` suffix or an `x-` prefix
/// (`application/merge-patch+json` -> `MergePatch`, `application/apply-patch+yaml` ->
/// `ApplyPatchYaml`), the rest by type and subtype (`text/csv` -> `TextCsv`). Parameters
/// are left out; two media types that differ only in them get a suffix from the caller's
/// [`Namespace`].
pub fn media_variant_name(media: &str) -> String {
    let essence = media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let (kind, subtype) = essence.split_once('/').unwrap_or(("", essence.as_str()));
    let words = match (kind, subtype) {
        ("application", "x-www-form-urlencoded") => "form".to_string(),
        ("multipart", "form-data") => "multipart".to_string(),
        ("text", "plain") => "text".to_string(),
        ("application", "octet-stream") => "bytes".to_string(),
        ("application", subtype) => {
            let subtype = subtype.strip_suffix("+json").unwrap_or(subtype);
            subtype.strip_prefix("x-").unwrap_or(subtype).to_string()
        }
        (kind, subtype) => format!("{kind} {subtype}"),
    };
    // `+` joins a structured syntax suffix (`+yaml`): a word break, not the sign `plus`.
    variant_name(&words.replace('+', " "))
}

/// A field, parameter or method name: `credentialId` -> `credential_id`, `type` -> `type`
/// (printed `r#type`: [`ident`]), `1st` -> `_1st`; a name of digits alone gets an `n`
/// (`529` -> `n529`), since one of `_` and digits only is a name clippy refuses
/// (`just_underscores_and_digits`).
pub fn field_name(raw: &str) -> String {
    let ident = xid_only(&words(raw).to_snake_case());
    let digits_only = ident.chars().any(|c| c.is_ascii_digit())
        && ident.chars().all(|c| c.is_ascii_digit() || c == '_');
    let ident = if digits_only {
        format!("n{}", ident.trim_start_matches('_'))
    } else {
        finish(ident, "value")
    };
    escape_keyword(ident)
}

/// The setter of a struct field: [`reserved::SETTER_PREFIX`] and the field's name
/// (`type` -> `with_type`), without the `_` put before a leading digit (`_1st` ->
/// `with_1st`). Distinct fields get distinct setters, since a field name
/// starts with `_` only before a digit, and no setter is the constructor `new`.
pub fn setter_name(field: &str) -> String {
    let bare = field
        .strip_prefix('_')
        .filter(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
        .unwrap_or(field);
    format!("{}{bare}", reserved::SETTER_PREFIX)
}

/// A module name for a spec file stem: `commerce-layer` -> `commerce_layer`.
pub fn module_name(raw: &str) -> String {
    let ident = xid_only(&words(raw).to_snake_case());
    let ident = finish(ident, "api");
    if KEYWORDS.contains(&ident.as_str()) {
        format!("{ident}_api")
    } else {
        ident
    }
}

/// The cargo feature of an operation tag: `Credential Management` -> `credential-management`,
/// after `prefix` (`github-` in a crate of several specs). Names the generated crate
/// declares itself ([`reserved::FEATURES`]) get a `-tag` suffix.
pub fn feature_name(prefix: &str, tag: &str) -> String {
    let snake = xid_only(&words(tag).to_snake_case());
    let kebab = finish(snake, "tag").replace('_', "-");
    let kebab = kebab.trim_matches('-');
    let kebab = if kebab.is_empty() { "tag" } else { kebab };
    let name = format!("{prefix}{kebab}");
    if reserved::FEATURES.contains(&name.as_str()) {
        format!("{name}-tag")
    } else {
        name
    }
}

/// Makes a keyword usable: `self_` where a raw identifier is not allowed; any other
/// keyword stays as it is, printed raw by [`ident`].
fn escape_keyword(ident: String) -> String {
    if NOT_RAW.contains(&ident.as_str()) {
        format!("{ident}_")
    } else {
        ident
    }
}

/// The identifier a name is printed as in code: raw for a keyword (`type` -> `r#type`),
/// as it is otherwise. Names come from this module, so they are identifiers; an
/// [`crate::ir::Name`] prints its Rust word.
pub fn ident<N: AsRef<str> + ?Sized>(name: &N) -> proc_macro2::Ident {
    let name = name.as_ref();
    let span = proc_macro2::Span::call_site();
    if KEYWORDS.contains(&name) && !NOT_RAW.contains(&name) {
        proc_macro2::Ident::new_raw(name, span)
    } else {
        proc_macro2::Ident::new(name, span)
    }
}

/// [`ident`] as text, for code emit writes as text rather than as tokens.
pub fn ident_text<N: AsRef<str> + ?Sized>(name: &N) -> String {
    let name = name.as_ref();
    if KEYWORDS.contains(&name) && !NOT_RAW.contains(&name) {
        format!("r#{name}")
    } else {
        name.to_string()
    }
}

/// The name of a method for an operation without an `operationId`:
/// `GET /repos/{owner}/{repo}` -> `get_repos_owner_repo`.
pub fn operation_name(method: &str, path: &str) -> String {
    let mut raw = method.to_string();
    for segment in path.split('/') {
        let segment = segment.trim_start_matches('{').trim_end_matches('}');
        if !segment.is_empty() {
            raw.push(' ');
            raw.push_str(segment);
        }
    }
    field_name(&raw)
}

/// A readable name for an HTTP status, used for response variants:
/// `404` -> `NotFound`, `418` -> `Status418`.
pub fn status_name(code: u16) -> String {
    let name = match code {
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "NonAuthoritativeInformation",
        204 => "NoContent",
        205 => "ResetContent",
        206 => "PartialContent",
        300 => "MultipleChoices",
        301 => "MovedPermanently",
        302 => "Found",
        303 => "SeeOther",
        304 => "NotModified",
        307 => "TemporaryRedirect",
        308 => "PermanentRedirect",
        400 => "BadRequest",
        401 => "Unauthorized",
        402 => "PaymentRequired",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        408 => "RequestTimeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "LengthRequired",
        412 => "PreconditionFailed",
        413 => "PayloadTooLarge",
        414 => "UriTooLong",
        415 => "UnsupportedMediaType",
        416 => "RangeNotSatisfiable",
        422 => "UnprocessableEntity",
        423 => "Locked",
        424 => "FailedDependency",
        428 => "PreconditionRequired",
        429 => "TooManyRequests",
        451 => "UnavailableForLegalReasons",
        500 => "InternalServerError",
        501 => "NotImplemented",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        _ => return format!("Status{code}"),
    };
    name.to_string()
}

/// The names taken in one scope. Hands out a name as asked when it is free, else the
/// name with the smallest numeric suffix that is free, so the outcome depends only on
/// the order of requests (which callers keep sorted).
#[derive(Debug, Default, Clone)]
pub struct Namespace {
    taken: BTreeSet<String>,
}

impl Namespace {
    /// A namespace with `reserved` names already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Namespace {
            taken: reserved.iter().map(|s| s.to_lowercase()).collect(),
        }
    }

    /// Takes `wanted`, or `wanted2`, `wanted3`, ... Names that differ only by case count as
    /// taken, since they would collide in file systems and confuse readers.
    pub fn claim(&mut self, wanted: &str) -> String {
        let base = wanted;
        if self.taken.insert(base.to_lowercase()) {
            return wanted.to_string();
        }
        let base = base.trim_end_matches('_');
        for n in 2.. {
            let candidate = format!("{base}{n}");
            if self.taken.insert(candidate.to_lowercase()) {
                return candidate;
            }
        }
        // The loop above always returns; this keeps the function total without a panic.
        wanted.to_string()
    }

    /// Whether `name` is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(&name.to_lowercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feature_names() {
        for (prefix, tag, feature) in [
            ("", "repos", "repos"),
            ("", "Credential Management", "credential-management"),
            ("", "code-scanning", "code-scanning"),
            ("", "Café", "cafe"),
            ("", "2FA", "2fa"),
            ("", "!!", "tag"),
            ("", "tracing", "tracing-tag"),
            ("", "default", "default-tag"),
            ("github-", "repos", "github-repos"),
            ("github-", "tracing", "github-tracing"),
        ] {
            assert_eq!(feature_name(prefix, tag), feature, "{tag}");
        }
    }

    #[test]
    fn setter_names() {
        for (field, setter) in [
            ("name", "with_name"),
            ("type", "with_type"),
            ("self_", "with_self_"),
            ("_1st", "with_1st"),
            ("new", "with_new"),
            ("with_x", "with_with_x"),
        ] {
            assert_eq!(setter_name(field), setter, "{field}");
        }
        assert_eq!(setter_name(&field_name("1st")), "with_1st");
    }

    /// The names of the `pub fn`s in the inherent impls of `self_ty` in a runtime file.
    fn runtime_methods(file: &str, self_ty: &str) -> Vec<String> {
        let text = crate::output::RUNTIME
            .iter()
            .find(|(name, _)| *name == file)
            .map(|(_, text)| *text)
            .expect("the runtime has the file");
        let parsed = syn::parse_file(text).expect("the runtime parses");
        let mut out = Vec::new();
        for item in parsed.items {
            let syn::Item::Impl(imp) = item else { continue };
            let syn::Type::Path(ty) = &*imp.self_ty else {
                continue;
            };
            if imp.trait_.is_some() || !ty.path.segments.iter().any(|s| s.ident == self_ty) {
                continue;
            }
            for item in imp.items {
                if let syn::ImplItem::Fn(f) = item {
                    if matches!(f.vis, syn::Visibility::Public(_)) {
                        out.push(f.sig.ident.to_string());
                    }
                }
            }
        }
        out
    }

    #[test]
    fn reserved_names_cover_the_runtime_builder() {
        let methods = runtime_methods("builder.rs", "ClientBuilder");
        assert!(methods.len() >= 10, "found {methods:?}");
        for m in methods {
            assert!(
                reserved::BUILDER_METHODS.contains(&m.as_str()),
                "`ClientBuilder::{m}` is not in `reserved::BUILDER_METHODS`"
            );
        }
    }

    #[test]
    fn type_names() {
        let cases = [
            ("credential", "Credential"),
            ("vault-id", "VaultId"),
            ("secret.name", "SecretName"),
            ("1st_seen", "T1stSeen"),
            ("type", "Type"),
            ("self", "Self_"),
            ("Self", "Self_"),
            ("+1", "Plus1"),
            ("", "Unnamed"),
            ("données utilisateur", "DonneesUtilisateur"),
            ("Straße", "Strasse"),
            ("日本", "U65e5U672c"),
            ("Ѕtatus", "U405Tatus"),
            ("Result", "Result"),
            ("api_credentials", "ApiCredentials"),
            ("!!!", "Unnamed"),
        ];
        for (raw, want) in cases {
            assert_eq!(type_name(raw), want, "type_name({raw:?})");
        }
    }

    #[test]
    fn field_names() {
        let cases = [
            ("credentialId", "credential_id"),
            ("type", "type"),
            ("self", "self_"),
            ("Self", "self_"),
            ("crate", "crate_"),
            ("match", "match"),
            ("async", "async"),
            ("1st_seen", "_1st_seen"),
            ("vault-id", "vault_id"),
            ("secret.name", "secret_name"),
            ("+1", "plus_1"),
            ("-1", "minus_1"),
            ("", "value"),
            ("_", "value"),
            ("X-Request-ID", "x_request_id"),
            ("page[size]", "page_size"),
            // Plaid's `529` plan: `_529` is a name clippy refuses.
            ("529", "n529"),
            ("4_01", "n4_01"),
            ("_2", "n2"),
            ("401k", "_401k"),
        ];
        for (raw, want) in cases {
            assert_eq!(field_name(raw), want, "field_name({raw:?})");
        }
        // Printed as code, a keyword is raw where Rust allows it.
        let printed = |raw: &str| ident(&field_name(raw)).to_string();
        assert_eq!(printed("type"), "r#type");
        assert_eq!(printed("async"), "r#async");
        assert_eq!(printed("self"), "self_");
        assert_eq!(printed("credentialId"), "credential_id");
        assert_eq!(ident(&type_name("self")).to_string(), "Self_");
        // An IR name keeps its Rust word bare and its wire name apart; printed, the word.
        let name = crate::ir::Name::new(field_name("type"), "type");
        assert_eq!(
            (name.rust.as_str(), ident(&name).to_string()),
            ("type", "r#type".into())
        );
    }

    #[test]
    fn variant_names() {
        let cases = [
            ("+1", "Plus1"),
            ("-1", "Minus1"),
            ("", "Empty"),
            ("connector", "Connector"),
            ("1", "V1"),
            ("in-progress", "InProgress"),
            ("Self", "Self_"),
        ];
        for (raw, want) in cases {
            assert_eq!(variant_name(raw), want, "variant_name({raw:?})");
        }
    }

    #[test]
    fn media_variant_names() {
        let cases = [
            ("application/json", "Json"),
            ("application/json; charset=utf-8", "Json"),
            ("Application/JSON", "Json"),
            ("application/json-patch+json", "JsonPatch"),
            ("application/merge-patch+json", "MergePatch"),
            (
                "application/strategic-merge-patch+json",
                "StrategicMergePatch",
            ),
            ("application/apply-patch+yaml", "ApplyPatchYaml"),
            ("application/apply-patch+cbor", "ApplyPatchCbor"),
            ("application/vnd.api+json", "VndApi"),
            ("application/x-www-form-urlencoded", "Form"),
            ("multipart/form-data", "Multipart"),
            ("text/plain", "Text"),
            ("application/octet-stream", "Bytes"),
            ("application/x-yaml", "Yaml"),
            ("application/xml", "Xml"),
            ("text/csv", "TextCsv"),
            ("image/png", "ImagePng"),
            ("application/self", "Self_"),
            ("application/+json", "Empty"),
            ("", "Value"),
            ("*/*", "Value"),
        ];
        for (media, want) in cases {
            assert_eq!(
                media_variant_name(media),
                want,
                "media_variant_name({media:?})"
            );
        }
    }

    #[test]
    fn operation_names() {
        assert_eq!(
            operation_name("get", "/repos/{owner}/{repo}"),
            "get_repos_owner_repo"
        );
        assert_eq!(operation_name("post", "/"), "post");
    }

    #[test]
    fn namespace_resolves_collisions_deterministically() {
        let mut ns = Namespace::with_reserved(&["Client"]);
        assert_eq!(ns.claim("Client"), "Client2");
        assert_eq!(ns.claim("Foo"), "Foo");
        assert_eq!(ns.claim("foo"), "foo2");
        assert_eq!(ns.claim("Foo"), "Foo3");
        assert_eq!(ns.claim("type"), "type");
        assert_eq!(ns.claim("type"), "type2");
        assert!(ns.contains("FOO"));
    }
}
