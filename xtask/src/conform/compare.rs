//! Whether a re-encoded value is the value that was received.
//!
//! Equal means equal as JSON with three normalisations, and no other:
//! - the order of an object's keys does not count;
//! - numbers are compared by value (`1`, `1.0` and `1e0` are one number; integers beyond
//!   2^53 are compared exactly);
//! - two strings that are both RFC 3339 date-times are equal when they name the same
//!   instant with the same UTC offset (`2024-01-02T03:04:05.000Z` and
//!   `2024-01-02T03:04:05+00:00`): a typed date-time keeps the instant and the offset,
//!   not the spelling.

use serde_json::Value;

/// The first place where `received` and `sent` differ, as a JSON pointer with what each
/// holds there; `None` when they are equal.
pub fn difference(received: &Value, sent: &Value) -> Option<String> {
    let mut at = String::new();
    diff(received, sent, &mut at)
}

fn diff(a: &Value, b: &Value, at: &mut String) -> Option<String> {
    let here = |what: String, at: &str| {
        let place = if at.is_empty() { "/" } else { at };
        Some(format!("at {place}: {what}"))
    };
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (key, value) in x {
                let len = at.len();
                at.push('/');
                at.push_str(&key.replace('~', "~0").replace('/', "~1"));
                let found = match y.get(key) {
                    Some(other) => diff(value, other, at),
                    None => here(format!("{} was dropped", short(value)), at),
                };
                at.truncate(len);
                if found.is_some() {
                    return found;
                }
            }
            let added: Vec<&String> = y.keys().filter(|k| !x.contains_key(*k)).collect();
            match added.first() {
                Some(key) => here(
                    format!("`{key}` was added ({})", short(&y[key.as_str()])),
                    at,
                ),
                None => None,
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            if x.len() != y.len() {
                return here(format!("{} items became {}", x.len(), y.len()), at);
            }
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                let len = at.len();
                at.push_str(&format!("/{i}"));
                let found = diff(p, q, at);
                at.truncate(len);
                if found.is_some() {
                    return found;
                }
            }
            None
        }
        (Value::Number(x), Value::Number(y)) => {
            let same = match (x.as_i64(), y.as_i64(), x.as_u64(), y.as_u64()) {
                (Some(p), Some(q), _, _) => p == q,
                (_, _, Some(p), Some(q)) => p == q,
                _ => x.as_f64() == y.as_f64(),
            };
            (!same).then(|| {
                format!(
                    "at {}: {x} became {y}",
                    if at.is_empty() { "/" } else { at }
                )
            })
        }
        (Value::String(x), Value::String(y)) => {
            if x == y || same_date_time(x, y) {
                None
            } else {
                here(format!("{} became {}", short(a), short(b)), at)
            }
        }
        _ if a == b => None,
        _ => here(format!("{} became {}", short(a), short(b)), at),
    }
}

/// Both RFC 3339 date-times, the same instant, the same offset.
fn same_date_time(a: &str, b: &str) -> bool {
    match (
        chrono::DateTime::parse_from_rfc3339(a),
        chrono::DateTime::parse_from_rfc3339(b),
    ) {
        (Ok(x), Ok(y)) => x == y && x.offset() == y.offset(),
        _ => false,
    }
}

/// A value in a few characters, for messages.
pub fn short(value: &Value) -> String {
    super::schema::truncate(&value.to_string(), 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn key_order_number_spelling_and_date_time_spelling_do_not_count() {
        let a: Value =
            serde_json::from_str(r#"{"b": 1.0, "a": [1, 2], "t": "2024-01-02T03:04:05.000Z"}"#)
                .unwrap();
        let b: Value =
            serde_json::from_str(r#"{"a": [1, 2], "t": "2024-01-02T03:04:05+00:00", "b": 1}"#)
                .unwrap();
        assert_eq!(difference(&a, &b), None);
        let big: Value = serde_json::from_str("18446744073709551615").unwrap();
        let less: Value = serde_json::from_str("18446744073709551614").unwrap();
        assert!(difference(&big, &less).is_some());
    }

    #[test]
    fn differences_are_placed() {
        let a = json!({"user": {"id": 1, "name": "x"}});
        let b = json!({"user": {"name": "x"}});
        assert_eq!(difference(&a, &b).unwrap(), "at /user/id: 1 was dropped");
        let c = json!({"t": "2024-01-02T03:04:05+02:00"});
        let d = json!({"t": "2024-01-02T01:04:05Z"});
        assert!(difference(&c, &d).unwrap().starts_with("at /t:"));
        assert_eq!(
            difference(&json!([1]), &json!({"a": 1})).unwrap(),
            "at /: [1] became {\"a\":1}"
        );
        assert_eq!(
            difference(&json!({}), &json!({"k": null})).unwrap(),
            "at /: `k` was added (null)"
        );
    }
}
