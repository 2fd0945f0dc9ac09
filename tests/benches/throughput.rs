//! Runtime overhead: calls per second of the generated client for one documented
//! operation (ThousandEyes `create_credential`) against an axum server on 127.0.0.1,
//! beside a hand-written reqwest + serde_json call that sends the same request and decodes
//! the same response, in one run.
//!
//! `cargo bench -p tests --bench throughput -- [--pairs N] [--calls N] [--warmup N]`
//! prints a summary on stderr and one JSON line on stdout (`cargo xtask bench` reads it):
//! `{"generated": [calls/s per round], "hand": [...], "identical": "yes"}`, where
//! `generated[i]` and `hand[i]` ran back to back, alternating which went first.

use std::time::{Duration, Instant};

fn main() {
    let mut pairs = 41;
    let mut calls = 500;
    let mut warmup = 300;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let slot = match arg.as_str() {
            "--pairs" => &mut pairs,
            "--calls" => &mut calls,
            "--warmup" => &mut warmup,
            // `cargo bench` passes `--bench`; anything else is not ours either.
            _ => continue,
        };
        match args.next().and_then(|v| v.parse().ok()) {
            Some(n) => *slot = n,
            None => {
                eprintln!("{arg} needs a number");
                std::process::exit(2);
            }
        }
    }
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cannot start tokio: {e}");
            std::process::exit(1);
        }
    };
    match runtime.block_on(measure_runtime(pairs, calls, warmup)) {
        Ok(m) => {
            let median = |v: &[f64]| {
                let mut v = v.to_vec();
                v.sort_by(f64::total_cmp);
                v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
            };
            eprintln!(
                "generated: median {:.0} calls/s; hand-written: median {:.0} calls/s; requests identical: {}",
                median(&m.generated),
                median(&m.hand),
                m.identical
            );
            let json = serde_json::json!({
                "generated": m.generated,
                "hand": m.hand,
                "identical": m.identical,
            });
            println!("{json}");
        }
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(1);
        }
    }
}

/// The server's answer to both clients: the example response of the ThousandEyes page.
const RESPONSE_BODY: &str = r#"{"credentials":[{"credentialId":405,"name":"Example credential","apiLinks":[{"rel":"self","href":"https://api.thousandeyes.com/v6/credentials/405"}]}]}"#;

/// The user agent the generated client sends, which the hand-written call sends too.
const USER_AGENT: &str = "openapi-clients/0.1.0";

mod hand {
    //! The hand-written equivalent of the generated types.

    #[derive(Debug, serde::Serialize)]
    pub struct CreateCredentialRequest<'a> {
        pub name: &'a str,
        pub value: &'a str,
    }

    #[derive(Debug, serde::Deserialize)]
    pub struct CreateCredentialResponse {
        #[serde(default)]
        pub credentials: Option<Vec<Credential>>,
    }

    #[derive(Debug, serde::Deserialize)]
    pub struct Credential {
        #[serde(rename = "apiLinks", default)]
        pub api_links: Option<Vec<ApiLink>>,
        #[serde(rename = "credentialId", default)]
        pub credential_id: Option<i64>,
        #[serde(default)]
        pub name: Option<String>,
    }

    #[derive(Debug, serde::Deserialize)]
    pub struct ApiLink {
        #[serde(default)]
        pub href: Option<String>,
        #[serde(default)]
        pub rel: Option<String>,
    }
}

/// A request as the server saw it.
#[derive(Debug, Clone, PartialEq)]
struct Seen {
    method: String,
    uri: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

#[derive(Default)]
struct Recorder {
    on: std::sync::atomic::AtomicBool,
    seen: std::sync::Mutex<Vec<Seen>>,
}

async fn credential_handler(
    axum::extract::State(recorder): axum::extract::State<std::sync::Arc<Recorder>>,
    method: axum::http::Method,
    uri: axum::http::Uri,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> impl axum::response::IntoResponse {
    if recorder.on.load(std::sync::atomic::Ordering::Relaxed) {
        let mut pairs: Vec<(String, String)> = headers
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_owned(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        pairs.sort();
        if let Ok(mut seen) = recorder.seen.lock() {
            seen.push(Seen {
                method: method.to_string(),
                uri: uri.to_string(),
                headers: pairs,
                body: body.to_vec(),
            });
        }
    }
    (
        axum::http::StatusCode::CREATED,
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        RESPONSE_BODY,
    )
}

/// A number that depends on every decoded field, so both clients read all of them and
/// the benchmark can check they decoded the same thing.
fn fingerprint<'a>(
    id: Option<i64>,
    name: Option<&str>,
    links: impl Iterator<Item = (Option<&'a str>, Option<&'a str>)>,
) -> usize {
    let id = id.map_or(0, |id| usize::try_from(id).unwrap_or(0));
    let links: usize = links
        .map(|(rel, href)| rel.map_or(0, str::len) + href.map_or(0, str::len))
        .sum();
    id + name.map_or(0, str::len) + links
}

/// [`fingerprint`] of [`RESPONSE_BODY`]: id 405, an 18-byte name, a 4-byte rel and a
/// 47-byte href.
const EXPECTED_FINGERPRINT: usize = 405 + 18 + 4 + 47;

/// Both clients, ready to call the local server.
struct Clients {
    generated: openapi_clients::thousandeyes::Client,
    hand: reqwest::Client,
    /// `http://127.0.0.1:PORT/v6`.
    base: String,
}

impl Clients {
    async fn generated_call(&self) -> Result<usize, String> {
        use openapi_clients::thousandeyes::types;
        let body = types::CreateCredentialRequest::new(
            "Example credential",
            openapi_clients::runtime::Secret::new("s3cr3t".to_owned()),
        );
        let response = self
            .generated
            .create_credential(body)
            .aid("1234")
            .await
            .map_err(|e| format!("generated client: {e}"))?;
        let credentials = response.into_body().credentials.unwrap_or_default();
        Ok(credentials
            .iter()
            .map(|c| {
                fingerprint(
                    c.credential_id,
                    c.name.as_deref(),
                    c.api_links
                        .iter()
                        .flatten()
                        .map(|l| (l.rel.as_deref(), l.href.as_deref())),
                )
            })
            .sum())
    }

    async fn hand_call(&self) -> Result<usize, String> {
        let name = "Example credential".to_owned();
        let value = "s3cr3t".to_owned();
        let body = hand::CreateCredentialRequest {
            name: &name,
            value: &value,
        };
        let response = self
            .hand
            .post(format!("{}/credentials/new.json", self.base))
            .query(&[("aid", "1234")])
            .header(reqwest::header::USER_AGENT, USER_AGENT)
            .header(reqwest::header::ACCEPT, "application/json")
            .basic_auth("user@example.com", Some("api-token"))
            .json(&body)
            .timeout(Duration::from_secs(60))
            .send()
            .await
            .map_err(|e| format!("hand-written call: {e}"))?;
        if response.status() != reqwest::StatusCode::CREATED {
            return Err(format!("hand-written call: status {}", response.status()));
        }
        let is_json = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json"));
        if !is_json {
            return Err("hand-written call: not JSON".into());
        }
        let bytes = response
            .bytes()
            .await
            .map_err(|e| format!("hand-written call: {e}"))?;
        let decoded: hand::CreateCredentialResponse =
            serde_json::from_slice(&bytes).map_err(|e| format!("hand-written call: {e}"))?;
        let credentials = decoded.credentials.unwrap_or_default();
        Ok(credentials
            .iter()
            .map(|c| {
                fingerprint(
                    c.credential_id,
                    c.name.as_deref(),
                    c.api_links
                        .iter()
                        .flatten()
                        .map(|l| (l.rel.as_deref(), l.href.as_deref())),
                )
            })
            .sum())
    }

    /// `calls` sequential calls of one client: calls per second.
    async fn round(&self, generated: bool, calls: usize) -> Result<f64, String> {
        let start = Instant::now();
        for _ in 0..calls {
            let n = if generated {
                self.generated_call().await?
            } else {
                self.hand_call().await?
            };
            if n != EXPECTED_FINGERPRINT {
                return Err(format!(
                    "decoded a different body (fingerprint {n}, expected {EXPECTED_FINGERPRINT})"
                ));
            }
        }
        Ok(calls as f64 / start.elapsed().as_secs_f64())
    }
}

/// Calls per second of each round; `generated[i]` and `hand[i]` ran back to back.
struct RuntimeMeasurement {
    generated: Vec<f64>,
    hand: Vec<f64>,
    identical: String,
}

async fn measure_runtime(
    rounds: usize,
    calls: usize,
    warmup: usize,
) -> Result<RuntimeMeasurement, String> {
    let recorder = std::sync::Arc::new(Recorder::default());
    let app = axum::Router::new()
        .route(
            "/v6/credentials/new.json",
            axum::routing::post(credential_handler),
        )
        .with_state(recorder.clone());
    let (listener, addr) = tests::loopback_listener().await?;
    let server = tokio::spawn(async move { axum::serve(listener, app).await });
    let base = format!("http://{addr}/v6");

    let generated = openapi_clients::thousandeyes::Client::builder()
        .base_url(base.clone())
        .basic_auth("user@example.com", "api-token")
        .build()
        .map_err(|e| format!("cannot build the generated client: {e}"))?;
    let hand = reqwest::Client::builder()
        .build()
        .map_err(|e| format!("cannot build the reqwest client: {e}"))?;
    let clients = Clients {
        generated,
        hand,
        base,
    };

    // One recorded call each: the two must send the same request.
    recorder
        .on
        .store(true, std::sync::atomic::Ordering::Relaxed);
    let checked = async {
        clients.generated_call().await?;
        clients.hand_call().await
    }
    .await;
    recorder
        .on
        .store(false, std::sync::atomic::Ordering::Relaxed);
    checked?;
    let seen = recorder
        .seen
        .lock()
        .map(|s| s.clone())
        .map_err(|_| "the recorder broke".to_owned())?;
    let identical = match seen.as_slice() {
        [a, b] if a == b => "yes".to_owned(),
        [a, b] => format!("**no**: generated {a:?}, hand-written {b:?}"),
        other => format!("**unknown** ({} requests recorded)", other.len()),
    };

    clients.round(true, warmup).await?;
    clients.round(false, warmup).await?;
    let mut measurement = RuntimeMeasurement {
        generated: Vec::with_capacity(rounds),
        hand: Vec::with_capacity(rounds),
        identical,
    };
    for round in 0..rounds {
        let order = if round % 2 == 0 {
            [true, false]
        } else {
            [false, true]
        };
        for generated in order {
            let rate = clients.round(generated, calls).await?;
            if generated {
                measurement.generated.push(rate);
            } else {
                measurement.hand.push(rate);
            }
        }
    }
    server.abort();
    Ok(measurement)
}
