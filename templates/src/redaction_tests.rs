//! Properties of `runtime::redact`: any bytes give a bounded snippet without panicking,
//! and the value of a secret field never shows, however the body is nested or cut.
//! `PROPTEST_CASES` raises the number of cases (`cargo xtask fuzz` does).

use proptest::prelude::*;

use crate::runtime::redact::{decode_message, display_url, snippet, SNIPPET_LIMIT};

const SECRET: &str = "SECRET-v4lue-9Qx";
const KEYS: &[&str] = &["client_secret", "private_key", "credential_data"];

/// A JSON value in which `SECRET` may appear anywhere, `depth` levels deep at most.
fn json_with_secret(depth: u32) -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just(format!("\"{SECRET}\"")),
        "[ -~&&[^\"\\\\]]{0,20}".prop_map(|s| format!("\"{s}\"")),
        any::<i64>().prop_map(|n| n.to_string()),
        Just("1e999999".to_owned()),
        Just("null".to_owned()),
        Just("true".to_owned()),
    ];
    leaf.prop_recursive(depth, 64, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6)
                .prop_map(|items| format!("[{}]", items.join(","))),
            proptest::collection::vec(("[a-z_]{1,12}", inner), 0..6).prop_map(|fields| {
                let fields: Vec<String> = fields
                    .iter()
                    .map(|(k, v)| format!("\"{k}\": {v}"))
                    .collect();
                format!("{{{}}}", fields.join(", "))
            }),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_bytes_give_a_bounded_snippet(
        body in proptest::collection::vec(any::<u8>(), 0..4096),
        keys in proptest::sample::subsequence(KEYS.to_vec(), 0..=3),
    ) {
        let text = snippet(&body, &keys);
        prop_assert!(text.len() <= SNIPPET_LIMIT + '…'.len_utf8());
        let _ = display_url(&String::from_utf8_lossy(&body));
        let _ = decode_message(&String::from_utf8_lossy(&body));
    }

    /// A secret field holding a string, array or object, among other fields, with the
    /// secret value also placed only under secret keys: whole, or cut anywhere.
    #[test]
    fn secret_values_never_show_however_the_body_is_cut(
        before in proptest::collection::vec(("[a-z_]{1,8}", "[ -~&&[^\"\\\\S]]{0,40}"), 0..8),
        after in proptest::collection::vec(("[a-z_]{1,8}", json_with_secret(0).prop_filter("no secret", |v| !v.contains("SECRET"))), 0..8),
        key in proptest::sample::select(KEYS),
        value in json_with_secret(4),
        space in "[ \t\r\n]{0,3}",
        upper in any::<bool>(),
        cut in any::<proptest::sample::Index>(),
    ) {
        let key = if upper { key.to_ascii_uppercase() } else { key.to_owned() };
        let mut fields: Vec<String> =
            before.iter().map(|(k, v)| format!("\"{k}\":{space}\"{v}\"")).collect();
        fields.push(format!("\"{key}\"{space}:{space}{value}"));
        fields.extend(after.iter().map(|(k, v)| format!("\"{k}\":{space}{v}")));
        let body = format!("{space}{{{}}}", fields.join(","));
        prop_assert!(!snippet(body.as_bytes(), KEYS).contains("SECRET-"));
        let end = cut.index(body.len() + 1);
        let text = snippet(&body.as_bytes()[..end], KEYS);
        prop_assert!(!text.contains("SECRET-"), "{}", text);
    }

    /// Nesting far deeper than any parser allows is scanned without recursion.
    #[test]
    fn deep_nesting_is_scanned_without_recursion(depth in 1usize..200_000, open in "[\\[{]") {
        let body = format!("{{\"client_secret\": {}\"{SECRET}\"", open.repeat(depth));
        prop_assert!(!snippet(body.as_bytes(), KEYS).contains("SECRET-"));
        let body = format!("{}{{\"private_key\": \"{SECRET}\"}}", "[".repeat(depth));
        prop_assert!(!snippet(body.as_bytes(), KEYS).contains("SECRET-"));
    }

    /// Serde's messages for a value of the wrong type never quote it.
    #[test]
    fn decode_messages_never_quote_values(value in "[ -~]{0,30}") {
        let secret = format!("{SECRET}{value}");
        let json = serde_json::to_string(&serde_json::json!({ "n": secret })).unwrap();
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct N { n: i64 }
        let err = serde_json::from_str::<N>(&json).unwrap_err();
        prop_assert!(!decode_message(&err.to_string()).contains("SECRET-"));
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        enum E { A }
        let err = serde_json::from_str::<E>(&serde_json::to_string(&secret).unwrap()).unwrap_err();
        prop_assert!(!decode_message(&err.to_string()).contains("SECRET-"));
    }

    /// URLs show neither user info nor query values, valid or not.
    #[test]
    fn urls_show_no_user_info_or_query_values(
        host in "[a-z0-9.:-]{0,20}",
        path in "(/[ -~&&[^?#@]]{0,10}){0,3}",
        names in proptest::collection::vec("[a-z_]{1,6}", 0..4),
    ) {
        let query: Vec<String> = names.iter().map(|n| format!("{n}=SECRET-q")).collect();
        let url = format!("https://u:SECRET-p@{host}{path}?{}#SECRET-f", query.join("&"));
        prop_assert!(!display_url(&url).contains("SECRET-"), "{}", display_url(&url));
    }
}

#[test]
fn masking_examples() {
    let keys = KEYS;
    let cases = [
        (
            r#"{"client_secret": "abc", "x": 1}"#,
            r#"{"client_secret": "[redacted]", "x": 1}"#,
        ),
        (
            r#"{"client_secret":null,"private_key":12345}"#,
            r#"{"client_secret":null,"private_key":"[redacted]"}"#,
        ),
        (
            r#"{"credential_data": {"a": [1, "}"], "b": "\"x"}, "y": 2}"#,
            r#"{"credential_data": "[redacted]", "y": 2}"#,
        ),
        (
            r#"{"client_secret": "abc"#,
            r#"{"client_secret": "[redacted]""#,
        ),
        (r#"["client_secret", "abc"]"#, r#"["client_secret", "abc"]"#),
        (
            r#"{"note": "client_secret"}"#,
            r#"{"note": "client_secret"}"#,
        ),
    ];
    for (body, shown) in cases {
        assert_eq!(snippet(body.as_bytes(), keys), shown, "{body}");
    }
    assert_eq!(
        display_url("https://user:pw@host:8080/v3/x?api_key=k&flag#frag"),
        "https://host:8080/v3/x?api_key=[redacted]&flag#[redacted]"
    );
    assert_eq!(
        decode_message("invalid type: string \"s\\\"x\", expected `a` or `b` at line 1 column 9"),
        "invalid type: string \"…\", expected `a` or `b` at line 1 column 9"
    );
    assert_eq!(
        decode_message("unknown variant `tok`, expected `A`"),
        "unknown variant `…`, expected `A`"
    );
    assert_eq!(
        decode_message("missing field `name`"),
        "missing field `name`"
    );
}
