//! Path, query, header, cookie and form encoding.

use reqwest::Method;
use serde::Serialize;
use serde_json::json;
use templates::runtime::{path_param, Error, QueryStyle, Request, RequestOptions};

use crate::server::{client, echo_server, echoed, hits as hits_of, scripted, Reply};

#[test]
fn path_param_encodes_everything_but_unreserved() {
    let cases: &[(&str, &str)] = &[
        ("../admin", "..%2Fadmin"),
        ("a/b?c#d", "a%2Fb%3Fc%23d"),
        ("a b", "a%20b"),
        ("100%", "100%25"),
        ("é☃", "%C3%A9%E2%98%83"),
        (".", "%2E"),
        ("..", "%2E%2E"),
        ("...", "..."),
        ("a.b-c_d~e", "a.b-c_d~e"),
        ("", "{empty}"),
        ("x;y=z&w+v", "x%3By%3Dz%26w%2Bv"),
    ];
    for (value, expected) in cases {
        assert_eq!(path_param(*value), *expected, "path_param({value:?})");
    }
}

#[test]
fn path_param_formats_scalars_and_arrays() {
    assert_eq!(path_param(&42), "42");
    assert_eq!(path_param(&-1.5), "-1.5");
    assert_eq!(path_param(&true), "true");
    assert_eq!(path_param(&vec!["a b", "c,d"]), "a%20b,c%2Cd");
    assert_eq!(
        path_param(&serde_json::json!({"role": "admin", "n": 2})),
        "role,admin,n,2"
    );
    // Nothing to send: a marker `Core::execute` refuses (see `redaction.rs`).
    assert_eq!(path_param(&None::<i32>), "{empty}");

    #[derive(Serialize)]
    enum Kind {
        #[serde(rename = "big/small")]
        BigSmall,
    }
    assert_eq!(path_param(&Kind::BigSmall), "big%2Fsmall");
}

#[tokio::test]
async fn encoded_path_reaches_the_server_unchanged() {
    let base = echo_server().await;
    let core = client(&base);
    let path = format!("/files/{}/raw", path_param("a/b?c#d é"));
    let seen = echoed(&core, Request::new(Method::GET, path)).await;
    assert_eq!(seen["path"], "/files/a%2Fb%3Fc%23d%20%C3%A9/raw");
    assert_eq!(seen["query"], json!(null));

    let path = format!("/files/{}", path_param("../admin"));
    let seen = echoed(&core, Request::new(Method::GET, path)).await;
    assert_eq!(seen["path"], "/files/..%2Fadmin");
}

#[tokio::test]
async fn dot_segment_path_params_are_rejected_not_sent() {
    let (base, hits) = scripted(vec![Reply::status(200)]).await;
    let core = client(&base);
    for value in [".", ".."] {
        let path = format!("/users/{}/delete", path_param(value));
        let err = core
            .execute::<()>(Request::new(Method::GET, path), &RequestOptions::new())
            .await
            .unwrap_err();
        assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
        assert!(err.to_string().contains("`.` or `..`"), "{err}");
        assert_eq!(err.attempts(), 0);
    }
    assert_eq!(hits_of(&hits), 0);
}

async fn query_of(configure: impl FnOnce(&mut Request)) -> String {
    let base = echo_server().await;
    let mut request = Request::new(Method::GET, "/q".to_owned());
    configure(&mut request);
    let seen = echoed(&client(&base), request).await;
    seen["query"].as_str().unwrap_or("").to_owned()
}

#[tokio::test]
async fn query_scalars_and_omitted_values() {
    let query = query_of(|r| {
        r.query("limit", &10, QueryStyle::Form { explode: true });
        r.query(
            "cursor",
            &None::<String>,
            QueryStyle::Form { explode: true },
        );
        r.query("name", &Some("a b&c=d"), QueryStyle::Form { explode: true });
        r.query("active", &true, QueryStyle::Form { explode: false });
        r.query("ratio", &0.5, QueryStyle::Form { explode: true });
        r.query(
            "empty",
            &Vec::<String>::new(),
            QueryStyle::Form { explode: true },
        );
        r.query("unicode", "é", QueryStyle::Form { explode: true });
    })
    .await;
    assert_eq!(
        query,
        "limit=10&name=a%20b%26c%3Dd&active=true&ratio=0.5&unicode=%C3%A9"
    );
}

#[tokio::test]
async fn query_array_styles() {
    let colors = vec!["blue", "black", "brown,red"];
    let query = query_of(|r| {
        r.query("a", &colors, QueryStyle::Form { explode: true });
        r.query("b", &colors, QueryStyle::Form { explode: false });
        r.query("c", &colors, QueryStyle::SpaceDelimited);
        r.query("d", &colors, QueryStyle::PipeDelimited);
        r.query(
            "e",
            &vec![Some(1), None, Some(3)],
            QueryStyle::Form { explode: false },
        );
    })
    .await;
    assert_eq!(
        query,
        "a=blue&a=black&a=brown%2Cred\
         &b=blue,black,brown%2Cred\
         &c=blue%20black%20brown%2Cred\
         &d=blue|black|brown%2Cred\
         &e=1,3"
    );
}

#[tokio::test]
async fn query_object_styles() {
    #[derive(Serialize)]
    struct Filter {
        role: &'static str,
        first_name: &'static str,
        nick: Option<&'static str>,
    }
    let filter = Filter {
        role: "admin",
        first_name: "Alex B",
        nick: None,
    };
    let query = query_of(|r| {
        r.query("ignored", &filter, QueryStyle::Form { explode: true });
        r.query("f", &filter, QueryStyle::Form { explode: false });
        r.query("filter", &filter, QueryStyle::DeepObject);
        r.query("deep", &json!({"a": {"b": [1, 2]}}), QueryStyle::DeepObject);
        r.query("plain", &7, QueryStyle::DeepObject);
    })
    .await;
    assert_eq!(
        query,
        "role=admin&first_name=Alex%20B\
         &f=role,admin,first_name,Alex%20B\
         &filter%5Brole%5D=admin&filter%5Bfirst_name%5D=Alex%20B\
         &deep%5Ba%5D%5Bb%5D%5B0%5D=1&deep%5Ba%5D%5Bb%5D%5B1%5D=2\
         &plain=7"
    );
}

#[tokio::test]
async fn header_and_cookie_params() {
    let base = echo_server().await;
    let mut request = Request::new(Method::GET, "/h".to_owned());
    request.header("X-Request-Id", "abc-123");
    request.header("X-Missing", &None::<String>);
    request.header("X-Ids", &vec![1, 2, 3]);
    request.header("X-Flag", &Some(false));
    request.cookie("theme", "dark mode;x");
    request.cookie("ids", &vec!["a", "b"]);
    request.cookie("absent", &None::<i32>);
    let seen = echoed(&client(&base), request).await;
    let headers = &seen["headers"];
    assert_eq!(headers["x-request-id"], "abc-123");
    assert_eq!(headers["x-missing"], json!(null));
    assert_eq!(headers["x-ids"], "1,2,3");
    assert_eq!(headers["x-flag"], "false");
    assert_eq!(headers["cookie"], "theme=dark%20mode%3Bx; ids=a,b");
}

#[tokio::test]
async fn invalid_header_and_cookie_params_fail_at_execute() {
    let (base, hits) = scripted(vec![Reply::status(200)]).await;
    let core = client(&base);
    let cases: [fn(&mut Request); 3] = [
        |r| r.header("X-Bad", "line\r\nInjected: yes"),
        |r| r.header("Bad Name", "v"),
        |r| r.cookie("bad;name", "v"),
    ];
    for configure in cases {
        let mut request = Request::new(Method::GET, "/".to_owned());
        configure(&mut request);
        let err = core
            .execute::<()>(request, &RequestOptions::new())
            .await
            .unwrap_err();
        assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
        assert!(!err.to_string().contains("Injected"), "{err}");
    }
    assert_eq!(hits_of(&hits), 0);
}

#[tokio::test]
async fn form_body_uses_bracket_notation() {
    #[derive(Serialize)]
    struct Item {
        price: &'static str,
        quantity: u32,
    }
    #[derive(Serialize)]
    struct Form {
        amount: u64,
        currency: &'static str,
        metadata: serde_json::Value,
        items: Vec<Item>,
        expand: Vec<&'static str>,
        description: Option<&'static str>,
        capture: bool,
    }
    let form = Form {
        amount: 2000,
        currency: "usd",
        metadata: json!({"order id": "6735", "note": "a&b=c"}),
        items: vec![Item {
            price: "price_1",
            quantity: 2,
        }],
        expand: vec!["customer", "invoice"],
        description: None,
        capture: false,
    };
    let base = echo_server().await;
    let mut request = Request::new(Method::POST, "/v1/charges".to_owned());
    request.form_body(&form, &[("expand", QueryStyle::DeepObject)]);
    let seen = echoed(&client(&base), request).await;
    assert_eq!(
        seen["headers"]["content-type"],
        "application/x-www-form-urlencoded"
    );
    assert_eq!(
        seen["body"],
        "amount=2000&currency=usd\
         &metadata%5Border+id%5D=6735&metadata%5Bnote%5D=a%26b%3Dc\
         &items%5B0%5D%5Bprice%5D=price_1&items%5B0%5D%5Bquantity%5D=2\
         &expand%5B0%5D=customer&expand%5B1%5D=invoice\
         &capture=false"
    );
}

#[tokio::test]
async fn form_body_arrays_follow_style_and_explode() {
    let form = json!({
        "a": ["x", "y"],
        "b": ["x", "y,z"],
        "c": [1, 2],
        "d": ["p q", "r"],
        "e": {"k": "v", "k2": "v2"},
        "f": {"k": "v"},
    });
    let base = echo_server().await;
    let mut request = Request::new(Method::POST, "/".to_owned());
    request.form_body(
        &form,
        &[
            ("b", QueryStyle::Form { explode: false }),
            ("d", QueryStyle::PipeDelimited),
            ("e", QueryStyle::Form { explode: true }),
        ],
    );
    let seen = echoed(&client(&base), request).await;
    assert_eq!(
        seen["body"],
        "a=x&a=y&b=x,y%2Cz&c=1&c=2&d=p+q|r&k=v&k2=v2&f%5Bk%5D=v"
    );
}

#[tokio::test]
async fn form_body_that_is_not_an_object_is_invalid() {
    let mut request = Request::new(Method::POST, "/".to_owned());
    request.form_body(&vec![1, 2], &[]);
    let (base, hits) = scripted(vec![Reply::status(200)]).await;
    let err = client(&base)
        .execute::<()>(request, &RequestOptions::new())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
    assert_eq!(hits_of(&hits), 0);
}

#[tokio::test]
async fn unserializable_values_fail_at_execute() {
    use std::collections::BTreeMap;
    // JSON object keys must be strings, so this map cannot be serialized.
    let bad: BTreeMap<Vec<u8>, u8> = BTreeMap::from([(vec![1], 1)]);
    let (base, hits) = scripted(vec![Reply::status(200)]).await;
    let core = client(&base);

    let mut request = Request::new(Method::POST, "/".to_owned());
    request.json_body("application/json", &bad);
    let err = core
        .execute::<()>(request, &RequestOptions::new())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");

    let mut request = Request::new(Method::GET, "/".to_owned());
    request.query("q", &bad, QueryStyle::Form { explode: true });
    let err = core
        .execute::<()>(request, &RequestOptions::new())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("query parameter `q`"), "{err}");

    // A path parameter cannot report an error itself: it encodes as the empty-parameter
    // marker, which execute refuses.
    assert_eq!(path_param(&bad), "{empty}");
    let request = Request::new(Method::GET, format!("/x/{}", path_param(&bad)));
    let err = core
        .execute::<()>(request, &RequestOptions::new())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("path parameter is empty"), "{err}");
    assert_eq!(hits_of(&hits), 0);
}
