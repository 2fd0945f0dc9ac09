//! The runtime's side of the wire against a hostile server: random, truncated and hostile
//! response bodies and headers (deeply nested JSON, huge numbers, invalid UTF-8, enormous
//! or repeated headers, bodies far larger than the buffering limit or without end),
//! written byte for byte by a raw TCP server on 127.0.0.1, decoded by the generated
//! clients of all three specs.
//!
//! Every case must end in `Ok` or a typed `Error`, never a panic, within the time limit;
//! a body over the limit must fail as soon as it passes it (memory stays bounded, an
//! endless body included); and no secret placed under a secret key (or in a cookie or a
//! `Location` query) may show in `Display` or `Debug`.
//!
//! `cargo test` runs [`DEFAULT_CASES`] cases; `cargo xtask fuzz` runs many more, in
//! release mode (through `FUZZ_CASES`).

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use openapi_clients::runtime::{Error, Response, Secret};
use openapi_clients::{commercelayer, nylas, thousandeyes};
use proptest::prelude::*;
use tests::stand_in::assert_redacted;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// Cases in `cargo test`.
const DEFAULT_CASES: u32 = 96;

/// The client's body limit in these tests.
const LIMIT: usize = 256 * 1024;

/// The secret every case hides under a secret key, a cookie or a `Location` query.
const SECRET: &str = "HOSTILE-SECRET-4Rt9";

/// A case taking longer than this is a hang.
const TIME_LIMIT: Duration = Duration::from_secs(20);

fn cases() -> u32 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_CASES)
}

fn seed() -> proptest::test_runner::RngSeed {
    proptest::test_runner::RngSeed::Fixed(
        std::env::var("FUZZ_SEED")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(20261202),
    )
}

#[derive(Debug, Clone, Copy)]
enum Api {
    CommerceLayer,
    Nylas,
    ThousandEyes,
}

impl Api {
    /// The JSON keys this API's spec marks secret.
    fn secret_keys(self) -> &'static [&'static str] {
        match self {
            Api::CommerceLayer => &["client_secret"],
            Api::Nylas => &["client_secret", "private_key", "credential_data"],
            Api::ThousandEyes => &["value"],
        }
    }
}

#[derive(Debug, Clone)]
enum HeaderCase {
    ContentType(&'static str),
    Repeated(usize),
    Huge(usize),
    Bytes(Vec<u8>),
    SecretCookie,
    SecretLocation,
}

#[derive(Debug, Clone)]
enum BodyCase {
    Bytes(Vec<u8>),
    Json(String),
    Truncated(String, prop::sample::Index),
    Deep(usize, bool, &'static str),
    Number(String),
    InvalidUtf8(Vec<u8>),
    Big(usize),
    Endless,
}

impl BodyCase {
    fn is_too_large(&self) -> bool {
        matches!(self, BodyCase::Big(_) | BodyCase::Endless)
    }
}

#[derive(Debug, Clone, Copy)]
enum Framing {
    Length,
    LengthTooLong,
    Chunked,
    Close,
}

#[derive(Debug, Clone)]
struct Case {
    api: Api,
    status: u16,
    headers: Vec<HeaderCase>,
    body: BodyCase,
    framing: Framing,
}

/// JSON in which [`SECRET`] appears only as the value of one of `keys`.
fn json(keys: &'static [&'static str]) -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        "[ -~&&[^\"\\\\]]{0,16}".prop_map(|s| format!("\"{s}\"")),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|n| if n.is_finite() {
            n.to_string()
        } else {
            "0".into()
        }),
        Just("null".to_owned()),
        Just("false".to_owned()),
        Just("1e999999".to_owned()),
        Just("-123456789012345678901234567890".to_owned()),
    ];
    let tree = leaf.prop_recursive(4, 48, 6, move |inner| {
        let key = prop_oneof![
            "[a-z_]{1,10}".boxed(),
            prop::sample::select(vec![
                "data",
                "attributes",
                "error",
                "request_id",
                "credentials",
                "name",
                "id",
                "expires_in",
                "type",
                "message",
            ])
            .prop_map(str::to_owned)
            .boxed(),
        ];
        let secret_field =
            prop::sample::select(keys).prop_map(|k| (k.to_owned(), format!("\"{SECRET}\"")));
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..5)
                .prop_map(|items| format!("[{}]", items.join(","))),
            (
                proptest::collection::vec((key, inner), 0..5),
                proptest::option::of(secret_field),
            )
                .prop_map(|(mut fields, secret)| {
                    fields.extend(secret);
                    let fields: Vec<String> =
                        fields.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
                    format!("{{{}}}", fields.join(","))
                }),
        ]
    });
    tree
}

fn case() -> impl Strategy<Value = Case> {
    let api = prop_oneof![
        Just(Api::CommerceLayer),
        Just(Api::Nylas),
        Just(Api::ThousandEyes)
    ];
    api.prop_flat_map(|api| {
        let status = prop::sample::select(vec![200u16, 201, 204, 301, 400, 401, 404, 418, 500]);
        let header = prop_oneof![
            prop::sample::select(vec![
                "application/json",
                "application/vnd.api+json",
                "text/html; charset=utf-8",
                "application/problem+json",
                "",
            ])
            .prop_map(HeaderCase::ContentType),
            (1usize..300).prop_map(HeaderCase::Repeated),
            (1usize..1_000_000).prop_map(HeaderCase::Huge),
            proptest::collection::vec(any::<u8>(), 0..32).prop_map(HeaderCase::Bytes),
            Just(HeaderCase::SecretCookie),
            Just(HeaderCase::SecretLocation),
        ];
        let keys = api.secret_keys();
        let body = prop_oneof![
            3 => json(keys).prop_map(BodyCase::Json),
            2 => (json(keys), any::<prop::sample::Index>())
                .prop_map(|(j, i)| BodyCase::Truncated(j, i)),
            1 => proptest::collection::vec(any::<u8>(), 0..2048).prop_map(BodyCase::Bytes),
            1 => (1usize..200_000, any::<bool>()).prop_map(move |(d, o)| BodyCase::Deep(d, o, keys[0])),
            1 => prop::sample::select(vec![
                "1e999999", "-1e999999", "123456789012345678901234567890",
                "{\"expires_in\": 1e400}", "{\"expires_in\": 99999999999999999999}",
                "{\"credential_id\": -0.0000000000000000000001e-999}",
            ])
            .prop_map(|n| BodyCase::Number(n.to_owned())),
            1 => proptest::collection::vec(any::<u8>(), 0..64).prop_map(BodyCase::InvalidUtf8),
            1 => (LIMIT + 1..4 * LIMIT * 4).prop_map(BodyCase::Big),
            1 => Just(BodyCase::Endless),
        ];
        let framing = prop_oneof![
            Just(Framing::Length),
            Just(Framing::LengthTooLong),
            Just(Framing::Chunked),
            Just(Framing::Close)
        ];
        (
            Just(api),
            status,
            proptest::collection::vec(header, 0..4),
            body,
            framing,
        )
            .prop_map(|(api, status, headers, body, framing)| Case {
                api,
                status,
                headers,
                body,
                framing,
            })
    })
}

/// What the raw server writes for a case: the head and body bytes, and whether an
/// endless body follows.
fn wire(case: &Case) -> (Vec<u8>, bool) {
    let body: Vec<u8> = match &case.body {
        BodyCase::Bytes(bytes) => bytes.clone(),
        BodyCase::Json(json) => json.clone().into_bytes(),
        BodyCase::Truncated(json, cut) => json.as_bytes()[..cut.index(json.len() + 1)].to_vec(),
        BodyCase::Deep(depth, object, key) => {
            let open = if *object {
                format!("{{\"{key}\":")
            } else {
                "[".to_owned()
            };
            let close = if *object { "}" } else { "]" };
            format!(
                "{}\"{SECRET}\"{}",
                open.repeat(*depth),
                close.repeat(*depth)
            )
            .into_bytes()
        }
        BodyCase::Number(n) => n.clone().into_bytes(),
        BodyCase::InvalidUtf8(bytes) => {
            let mut body = b"{\"name\": \"".to_vec();
            body.extend(bytes.iter().map(|b| b | 0x80));
            body.extend_from_slice(b"\"}");
            body
        }
        BodyCase::Big(size) => vec![b' '; *size],
        BodyCase::Endless => Vec::new(),
    };
    let endless = matches!(case.body, BodyCase::Endless);
    let mut head = format!("HTTP/1.1 {} Hostile\r\n", case.status).into_bytes();
    for header in &case.headers {
        match header {
            HeaderCase::ContentType(value) => {
                head.extend_from_slice(format!("content-type: {value}\r\n").as_bytes())
            }
            HeaderCase::Repeated(n) => {
                for i in 0..*n {
                    head.extend_from_slice(format!("x-repeated: {i}\r\n").as_bytes());
                }
            }
            HeaderCase::Huge(size) => {
                head.extend_from_slice(b"x-huge: ");
                head.extend(std::iter::repeat_n(b'h', *size));
                head.extend_from_slice(b"\r\n");
            }
            HeaderCase::Bytes(bytes) => {
                head.extend_from_slice(b"x-bytes: ");
                head.extend(bytes.iter().filter(|b| !matches!(b, b'\r' | b'\n')));
                head.extend_from_slice(b"\r\n");
            }
            HeaderCase::SecretCookie => {
                head.extend_from_slice(format!("set-cookie: session={SECRET}\r\n").as_bytes())
            }
            HeaderCase::SecretLocation => head.extend_from_slice(
                format!("location: https://u:{SECRET}@127.0.0.1/cb?code={SECRET}\r\n").as_bytes(),
            ),
        }
    }
    let mut out = head;
    match (case.framing, endless) {
        (Framing::Chunked, _) => {
            out.extend_from_slice(b"transfer-encoding: chunked\r\n\r\n");
            if !body.is_empty() {
                out.extend_from_slice(format!("{:x}\r\n", body.len()).as_bytes());
                out.extend_from_slice(&body);
                out.extend_from_slice(b"\r\n");
            }
            if !endless {
                out.extend_from_slice(b"0\r\n\r\n");
            }
        }
        (Framing::Close, _) | (_, true) => {
            out.extend_from_slice(b"connection: close\r\n\r\n");
            out.extend_from_slice(&body);
        }
        (Framing::Length, false) => {
            out.extend_from_slice(format!("content-length: {}\r\n\r\n", body.len()).as_bytes());
            out.extend_from_slice(&body);
        }
        (Framing::LengthTooLong, false) => {
            out.extend_from_slice(
                format!("content-length: {}\r\n\r\n", body.len() + 10).as_bytes(),
            );
            out.extend_from_slice(&body);
        }
    }
    (out, endless)
}

/// A raw HTTP/1.1 server on 127.0.0.1 that answers every request with the current script,
/// byte for byte, then closes the connection.
struct RawServer {
    base_url: String,
    script: Arc<Mutex<(Vec<u8>, bool, bool)>>,
}

impl RawServer {
    async fn start() -> RawServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let script = Arc::new(Mutex::new((Vec::new(), false, false)));
        let shared = script.clone();
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let shared = shared.clone();
                tokio::spawn(async move {
                    if read_request(&mut socket).await.is_none() {
                        return;
                    }
                    let (bytes, endless, chunked) = shared
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .clone();
                    if socket.write_all(&bytes).await.is_err() {
                        return;
                    }
                    // An endless body: written until the client hangs up (bounded, so a
                    // client that never stops reading fails the test instead of hanging).
                    let chunk = vec![b'['; 64 * 1024];
                    let mut written = 0usize;
                    while endless && written < 64 * LIMIT {
                        let result = if chunked {
                            let mut framed = format!("{:x}\r\n", chunk.len()).into_bytes();
                            framed.extend_from_slice(&chunk);
                            framed.extend_from_slice(b"\r\n");
                            socket.write_all(&framed).await
                        } else {
                            socket.write_all(&chunk).await
                        };
                        if result.is_err() {
                            return;
                        }
                        written += chunk.len();
                    }
                    let _ = socket.shutdown().await;
                });
            }
        });
        RawServer { base_url, script }
    }

    fn set(&self, case: &Case) {
        let (bytes, endless) = wire(case);
        let chunked = matches!(case.framing, Framing::Chunked);
        *self.script.lock().unwrap_or_else(PoisonError::into_inner) = (bytes, endless, chunked);
    }
}

/// Reads a request's head and its `Content-Length` body; `None` if the client went away.
async fn read_request(socket: &mut tokio::net::TcpStream) -> Option<()> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    while buf.len() < head_end + length {
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    Some(())
}

/// What a call ended in, as text for the leak check, and whether it failed on the limit.
fn outcome<T: std::fmt::Debug, E: std::fmt::Debug>(
    result: Result<Response<T>, Error<E>>,
) -> (String, bool) {
    match result {
        Ok(response) => (format!("{response:?}"), false),
        Err(err) => {
            let limit = matches!(&err, Error::Transport { message, .. } if message.contains("max_response_bytes"));
            (format!("{err} {err:?}"), limit)
        }
    }
}

async fn call(server: &RawServer, api: Api) -> (String, bool) {
    let base = server.base_url.as_str();
    match api {
        Api::CommerceLayer => {
            let client = commercelayer::Client::builder()
                .bearer_auth("cl-token")
                .base_url(base)
                .max_retries(0)
                .max_response_bytes(LIMIT)
                .timeout(Duration::from_secs(10))
                .build()
                .unwrap();
            let body: commercelayer::types::ApiCredentialCreateRequest =
                serde_json::from_value(tests::stand_in::commercelayer::request_example()).unwrap();
            outcome(client.create_api_credential(body).await)
        }
        Api::Nylas => {
            let client = nylas::Client::builder()
                .nylas_api_key("nyk-key")
                .base_url(base)
                .max_retries(0)
                .max_response_bytes(LIMIT)
                .timeout(Duration::from_secs(10))
                .build()
                .unwrap();
            let body: nylas::types::CreateCredentialRequest =
                serde_json::from_value(tests::stand_in::nylas::create_example("curl")).unwrap();
            outcome(
                client
                    .create_credential(&nylas::types::Provider::Google, body)
                    .await,
            )
        }
        Api::ThousandEyes => {
            let client = thousandeyes::Client::builder()
                .basic_auth("user", "token")
                .base_url(base)
                .max_retries(0)
                .max_response_bytes(LIMIT)
                .timeout(Duration::from_secs(10))
                .build()
                .unwrap();
            let body =
                thousandeyes::types::CreateCredentialRequest::new("n", Secret::new("v".to_owned()));
            outcome(client.create_credential(body).await)
        }
    }
}

#[test]
fn hostile_responses_end_in_typed_errors_without_leaks() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let server = runtime.block_on(RawServer::start());
    let config = ProptestConfig {
        cases: cases(),
        rng_seed: seed(),
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    let mut runner = proptest::test_runner::TestRunner::new(config);
    runner
        .run(&case(), |case| {
            server.set(&case);
            let (shown, over_limit) = runtime
                .block_on(async { tokio::time::timeout(TIME_LIMIT, call(&server, case.api)).await })
                .map_err(|_| TestCaseError::fail(format!("hang: {case:?}")))?;
            assert_redacted(&shown, &[SECRET]);
            let benign_head = case.headers.iter().all(|h| {
                !matches!(h, HeaderCase::Repeated(n) if *n > 50)
                    && !matches!(h, HeaderCase::Huge(n) if *n > 1000)
                    && !matches!(h, HeaderCase::Bytes(_))
            });
            if case.body.is_too_large() && benign_head && case.status != 204 {
                prop_assert!(over_limit, "a body over the limit was read: {}", shown);
            }
            Ok(())
        })
        .unwrap();
}
