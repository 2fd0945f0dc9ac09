//! Retries, backoff, server-requested waits and timeouts.

use std::time::{Duration, Instant, SystemTime};

use reqwest::Method;
use templates::runtime::{Core, Error, RawResponse, Request, RequestOptions, RetryPolicy};

use crate::server::{builder, client, fast_retries, hits, scripted, Reply};

async fn send(
    core: &Core,
    method: Method,
    options: &RequestOptions,
) -> Result<RawResponse, Error<()>> {
    core.execute::<()>(Request::new(method, "/r".to_owned()), options)
        .await
}

/// Sends `method` to a server replying `replies` in turn; returns the outcome and the
/// number of requests the server saw.
async fn run(method: Method, replies: Vec<Reply>) -> (Result<RawResponse, Error<()>>, usize) {
    let (base, counter) = scripted(replies).await;
    let result = send(&client(&base), method, &RequestOptions::new()).await;
    (result, hits(&counter))
}

#[tokio::test]
async fn too_many_requests_with_retry_after_zero_is_retried() {
    let (result, seen) = run(
        Method::GET,
        vec![
            Reply::status(429).header("retry-after", "0"),
            Reply::json(200, "{}"),
        ],
    )
    .await;
    let raw = result.unwrap();
    assert_eq!(raw.status(), 200);
    assert_eq!(raw.attempts(), 2);
    assert_eq!(seen, 2);
    assert_eq!(raw.json::<serde_json::Value, ()>().unwrap().attempts(), 2);
}

#[tokio::test]
async fn get_is_retried_on_503_until_success() {
    let (result, seen) = run(
        Method::GET,
        vec![Reply::status(503), Reply::status(503), Reply::status(200)],
    )
    .await;
    assert_eq!(result.unwrap().attempts(), 3);
    assert_eq!(seen, 3);
}

#[tokio::test]
async fn retries_stop_at_max_and_return_the_last_response() {
    let (result, seen) = run(Method::GET, vec![Reply::status(502).body("bad gateway")]).await;
    let raw = result.unwrap();
    assert_eq!(raw.status(), 502);
    assert_eq!(raw.attempts(), 3);
    assert_eq!(seen, 3);
    let err = raw.unexpected::<()>();
    assert_eq!(err.attempts(), 3);
    assert!(err.to_string().contains("(after 3 attempts)"), "{err}");
}

#[tokio::test]
async fn idempotent_methods_retry_on_gateway_errors() {
    for method in [Method::PUT, Method::DELETE, Method::HEAD] {
        let (result, seen) =
            run(method.clone(), vec![Reply::status(504), Reply::status(200)]).await;
        assert_eq!(result.unwrap().attempts(), 2, "{method}");
        assert_eq!(seen, 2, "{method}");
    }
}

#[tokio::test]
async fn server_errors_are_never_retried() {
    for method in [Method::GET, Method::POST] {
        let (result, seen) =
            run(method.clone(), vec![Reply::status(500), Reply::status(200)]).await;
        assert_eq!(result.unwrap().status(), 500, "{method}");
        assert_eq!(seen, 1, "{method}");
    }
}

#[tokio::test]
async fn post_is_not_retried_when_the_server_may_have_acted() {
    for status in [502, 503, 504] {
        let (result, seen) = run(
            Method::POST,
            vec![Reply::status(status), Reply::status(200)],
        )
        .await;
        let raw = result.unwrap();
        assert_eq!(raw.status(), status);
        assert_eq!(raw.attempts(), 1);
        assert_eq!(seen, 1, "{status}");
    }
}

#[tokio::test]
async fn post_is_retried_when_the_server_says_it_did_not_act() {
    let (result, seen) = run(
        Method::POST,
        vec![
            Reply::status(503).header("retry-after", "0"),
            Reply::status(201),
        ],
    )
    .await;
    assert_eq!(result.unwrap().attempts(), 2);
    assert_eq!(seen, 2);

    let (result, seen) = run(Method::PATCH, vec![Reply::status(429), Reply::status(200)]).await;
    assert_eq!(result.unwrap().attempts(), 2);
    assert_eq!(seen, 2);
}

#[tokio::test]
async fn retry_after_as_http_date() {
    let past = httpdate::fmt_http_date(SystemTime::now() - Duration::from_secs(30));
    let (result, seen) = run(
        Method::GET,
        vec![
            Reply::status(429).header("retry-after", past),
            Reply::status(200),
        ],
    )
    .await;
    assert_eq!(result.unwrap().attempts(), 2);
    assert_eq!(seen, 2);
}

#[tokio::test]
async fn too_long_a_server_wait_is_not_retried() {
    let (result, seen) = run(
        Method::GET,
        vec![
            Reply::status(429).header("retry-after", "1000"),
            Reply::status(200),
        ],
    )
    .await;
    let raw = result.unwrap();
    assert_eq!(raw.status(), 429);
    assert_eq!(raw.attempts(), 1);
    assert_eq!(seen, 1);
}

#[tokio::test]
async fn server_wait_is_honoured() {
    let (base, counter) = scripted(vec![
        Reply::status(429).header("retry-after", "1"),
        Reply::status(200),
    ])
    .await;
    // The cap is lowered so the test does not wait a whole second.
    let policy = RetryPolicy {
        max_server_wait: Duration::from_millis(500),
        ..fast_retries(2)
    };
    let core = builder(&base).retry_policy(policy).build().unwrap();
    let raw = send(&core, Method::GET, &RequestOptions::new())
        .await
        .unwrap();
    assert_eq!(raw.status(), 429, "a 1 s wait is over the 500 ms cap");
    assert_eq!(hits(&counter), 1);

    let (base, _) = scripted(vec![
        Reply::status(429).header("x-ratelimit-reset", "0.2"),
        Reply::status(200),
    ])
    .await;
    let core = builder(&base)
        .rate_limit_reset_header("x-ratelimit-reset")
        .build()
        .unwrap();
    let started = Instant::now();
    let raw = send(&core, Method::GET, &RequestOptions::new())
        .await
        .unwrap();
    assert_eq!(raw.attempts(), 2);
    assert!(
        started.elapsed() >= Duration::from_millis(200),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn rate_limit_reset_headers() {
    let epoch_past = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        - 5;
    let epoch_future = epoch_past + 3600;
    let (base, counter) = scripted(vec![
        Reply::status(429).header("x-ratelimit-reset", "0"),
        Reply::status(429).header("ratelimit-reset", epoch_past.to_string()),
        Reply::status(429).header("ratelimit-reset", epoch_future.to_string()),
        Reply::status(200),
    ])
    .await;
    let core = builder(&base)
        .max_retries(5)
        .rate_limit_reset_header("x-ratelimit-reset")
        .rate_limit_reset_header("ratelimit-reset")
        .build()
        .unwrap();
    let raw = send(&core, Method::GET, &RequestOptions::new())
        .await
        .unwrap();
    // The third answer asks to wait an hour, over the cap: it is returned as it is.
    assert_eq!(raw.status(), 429);
    assert_eq!(raw.attempts(), 3);
    assert_eq!(hits(&counter), 3);
}

#[tokio::test]
async fn replacing_the_policy_keeps_declared_rate_limit_reset_headers() {
    let in_an_hour = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        + 3600;
    let (base, counter) = scripted(vec![
        Reply::status(429).header("x-ratelimit-reset", in_an_hour.to_string()),
        Reply::status(200),
    ])
    .await;
    // A generated builder declares the API's header first; the caller then replaces the
    // policy. The header must still be consulted: the hour-long wait is over the cap, so
    // the 429 is returned instead of retried after a backoff that ignores the server.
    let core = templates::runtime::ClientBuilder::<templates::runtime::Core>::new(
        &base,
        crate::server::SCHEMES,
    )
    .rate_limit_reset_header("x-ratelimit-reset")
    .retry_policy(fast_retries(2))
    .build()
    .unwrap();
    assert!(
        format!("{core:?}").contains("x-ratelimit-reset"),
        "{core:?}"
    );
    let raw = send(&core, Method::GET, &RequestOptions::new())
        .await
        .unwrap();
    assert_eq!(raw.status(), 429);
    assert_eq!(raw.attempts(), 1);
    assert_eq!(hits(&counter), 1);
}

/// A base URL on 127.0.0.1 where nothing listens: bind a port, then free it.
fn refused_base() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{addr}")
}

#[tokio::test]
async fn refused_connections_are_retried_for_every_method() {
    let core = client(&refused_base());
    for method in [Method::GET, Method::POST] {
        let err = send(&core, method.clone(), &RequestOptions::new())
            .await
            .unwrap_err();
        let Error::Connect { message, attempts } = &err else {
            panic!("{err:?}")
        };
        assert_eq!(*attempts, 3, "{method}");
        assert!(!message.is_empty());
        assert!(err.to_string().starts_with("could not connect: "), "{err}");
    }
    let err = send(&core, Method::GET, &RequestOptions::new().max_retries(1))
        .await
        .unwrap_err();
    assert_eq!(err.attempts(), 2);
}

#[tokio::test]
async fn timeouts() {
    let slow = Reply::status(200).delay(Duration::from_millis(400));
    let (base, counter) = scripted(vec![slow]).await;
    let core = builder(&base)
        .timeout(Duration::from_millis(50))
        .build()
        .unwrap();

    // Idempotent: retried, then reported as a timeout.
    let err = send(&core, Method::GET, &RequestOptions::new().max_retries(1))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout { attempts: 2 }), "{err:?}");
    assert!(err.is_timeout());
    assert_eq!(hits(&counter), 2);

    // POST: the server may have acted, so never retried.
    let err = send(&core, Method::POST, &RequestOptions::new())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout { attempts: 1 }), "{err:?}");
    assert_eq!(hits(&counter), 3);
    assert_eq!(err.to_string(), "the request timed out");
}

#[tokio::test]
async fn per_call_options_override_client_defaults() {
    let (base, counter) = scripted(vec![
        Reply::status(200).delay(Duration::from_millis(400)),
        Reply::status(429),
        Reply::status(200),
    ])
    .await;
    let core = builder(&base)
        .timeout(Duration::from_secs(10))
        .max_retries(0)
        .build()
        .unwrap();

    // A shorter per-call timeout, and no retries.
    let options = RequestOptions::new().timeout(Duration::from_millis(50));
    let err = send(&core, Method::GET, &options).await.unwrap_err();
    assert!(matches!(err, Error::Timeout { attempts: 1 }), "{err:?}");
    assert_eq!(hits(&counter), 1);

    // The client never retries, but this call may.
    let raw = send(&core, Method::GET, &RequestOptions::new().max_retries(3))
        .await
        .unwrap();
    assert_eq!(raw.status(), 200);
    assert_eq!(raw.attempts(), 2);

    // And the reverse: a client that retries, a call that must not.
    let (base, counter) = scripted(vec![Reply::status(503), Reply::status(200)]).await;
    let raw = send(
        &client(&base),
        Method::GET,
        &RequestOptions::new().no_retries(),
    )
    .await
    .unwrap();
    assert_eq!(raw.status(), 503);
    assert_eq!(hits(&counter), 1);

    let core = builder(&base)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let raw = send(&core, Method::GET, &RequestOptions::new())
        .await
        .unwrap();
    assert_eq!(
        raw.status(),
        200,
        "the second reply; the first was used above"
    );
}

#[tokio::test]
async fn backoff_stays_within_the_policy() {
    let (base, _) = scripted(vec![Reply::status(503)]).await;
    let policy = RetryPolicy {
        max_retries: 4,
        initial_backoff: Duration::from_millis(2),
        max_backoff: Duration::from_millis(4),
        ..RetryPolicy::default()
    };
    let core = builder(&base).retry_policy(policy).build().unwrap();
    let started = Instant::now();
    let raw = send(&core, Method::GET, &RequestOptions::new())
        .await
        .unwrap();
    assert_eq!(raw.attempts(), 5);
    // Four waits of at most 2, 4, 4 and 4 ms, plus five local round trips.
    assert!(
        started.elapsed() < Duration::from_millis(500),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn default_policy() {
    let policy = RetryPolicy::default();
    assert_eq!(policy.max_retries, 2);
    assert_eq!(policy.initial_backoff, Duration::from_millis(500));
    assert_eq!(policy.max_backoff, Duration::from_secs(30));
    assert_eq!(policy.max_server_wait, Duration::from_secs(120));
    assert!(policy.rate_limit_reset_headers.is_empty());
    assert_eq!(RetryPolicy::none().max_retries, 0);
}
