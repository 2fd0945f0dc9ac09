//! YAML scalars resolved as serde_yaml (which `yaml` replaced) resolved them: plain
//! scalars by YAML 1.2's core schema (`~`, `true`, `0x1F`, `1e3`; `01` stays a string),
//! `!!bool`, `!!int`, `!!float` and `!!null` checked, other tags dropped. Integers beyond
//! 64 bits become the nearest `f64`; `.nan` and `.inf` become null, as JSON holds neither.
//!
//! Plain functions of one scalar's text; it must never panic on any text.

use serde_json::Value;
use yaml_rust2::parser::Tag;
use yaml_rust2::scanner::TScalarStyle;

const YAML_TAG: &str = "tag:yaml.org,2002:";

/// The value of a scalar, as serde_yaml resolved it; a message if its tag cannot hold it.
pub(super) fn scalar(
    text: String,
    style: TScalarStyle,
    tag: Option<&Tag>,
) -> Result<Value, String> {
    let Some(tag) = tag else {
        return Ok(if style == TScalarStyle::Plain {
            plain(text)
        } else {
            Value::String(text)
        });
    };
    // yaml-rust2 splits a tag into a handle and a suffix (`!!int`: the YAML prefix and
    // `int`; a verbatim `!<tag:yaml.org,2002:int>`: nothing and the whole tag).
    let full = format!("{}{}", tag.handle, tag.suffix);
    let invalid = |expected: &str| format!("invalid value: string {text:?}, expected {expected}");
    match full.strip_prefix(YAML_TAG) {
        Some("bool") => boolean(&text).map(Value::Bool).ok_or(invalid("a boolean")),
        Some("int") => integer(&text).ok_or(invalid("an integer")),
        Some("float") => float(&text).map(json_float).ok_or(invalid("a float")),
        Some("null") => null(&text).then_some(Value::Null).ok_or(invalid("null")),
        // Local tags (`!thing`) keep the plain value's meaning; other tags (`!!str`,
        // `%TAG` prefixes) make it a string.
        _ if full.starts_with('!') && style == TScalarStyle::Plain => Ok(plain(text)),
        _ => Ok(Value::String(text)),
    }
}

/// An untagged plain scalar: null, a boolean, a number or else a string.
fn plain(text: String) -> Value {
    // Most scalars are words: nothing but these can start a null, boolean or number.
    match text.bytes().next() {
        None => return Value::Null,
        Some(b'0'..=b'9' | b'+' | b'-' | b'.' | b'~' | b'n' | b'N' | b't' | b'T' | b'f' | b'F') => {
        }
        Some(_) => return Value::String(text),
    }
    if null(&text) {
        return Value::Null;
    }
    if let Some(b) = boolean(&text) {
        return Value::Bool(b);
    }
    if let Some(number) = integer(&text) {
        return number;
    }
    if !leading_zero(&text) {
        if let Some(f) = float(&text) {
            return json_float(f);
        }
    }
    Value::String(text)
}

fn null(text: &str) -> bool {
    matches!(text, "null" | "Null" | "NULL" | "~")
}

fn boolean(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// An integer (decimal, `0x`, `0o` or `0b`, signed): as `i64` or `u64` when it fits, and
/// otherwise as the nearest `f64` (serde_json reads such integers of JSON as floats too).
fn integer(text: &str) -> Option<Value> {
    if let Some(n) = unsigned(text, u64::from_str_radix) {
        return Some(Value::from(n));
    }
    if let Some(n) = negative(text, i64::from_str_radix) {
        return Some(Value::from(n));
    }
    // Beyond 64 bits: the nearest float (`as` rounds to nearest).
    let wide = unsigned(text, u128::from_str_radix)
        .map(|n| n as f64)
        .or_else(|| negative(text, i128::from_str_radix).map(|n| n as f64));
    wide.map(json_float)
}

/// A non-negative integer; `+` allowed, a leading `0` (`01`) not.
fn unsigned<T>(
    text: &str,
    from_radix: fn(&str, u32) -> Result<T, std::num::ParseIntError>,
) -> Option<T> {
    let digits = text.strip_prefix('+').unwrap_or(text);
    if let Some(n) = prefixed(digits, from_radix) {
        return Some(n);
    }
    if digits.starts_with(['+', '-']) || leading_zero(text) {
        return None;
    }
    from_radix(digits, 10).ok()
}

/// A negative integer.
fn negative<T>(
    text: &str,
    from_radix: fn(&str, u32) -> Result<T, std::num::ParseIntError>,
) -> Option<T> {
    let digits = text.strip_prefix('-')?;
    if let Some(radix) = radix_of(digits) {
        let rest = digits.get(2..)?;
        return from_radix(&format!("-{rest}"), radix).ok();
    }
    if leading_zero(text) {
        return None;
    }
    from_radix(text, 10).ok()
}

/// `0x1F`, `0o17` or `0b11` (no sign after the prefix).
fn prefixed<T>(
    digits: &str,
    from_radix: fn(&str, u32) -> Result<T, std::num::ParseIntError>,
) -> Option<T> {
    let radix = radix_of(digits)?;
    let rest = digits.get(2..)?;
    if rest.starts_with(['+', '-']) {
        return None;
    }
    from_radix(rest, radix).ok()
}

fn radix_of(digits: &str) -> Option<u32> {
    match digits.get(..2)? {
        "0x" => Some(16),
        "0o" => Some(8),
        "0b" => Some(2),
        _ => None,
    }
}

/// Leading zeros before other digits (`007`): a string in YAML 1.2.
fn leading_zero(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    digits.len() > 1 && digits.starts_with('0') && digits.bytes().all(|b| b.is_ascii_digit())
}

/// A float: decimal, or `.inf`, `-.inf`, `.nan` in their three spellings.
fn float(text: &str) -> Option<f64> {
    let unsigned = match text.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return None,
        Some(rest) => rest,
        None => text,
    };
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") {
        return Some(f64::INFINITY);
    }
    if matches!(text, "-.inf" | "-.Inf" | "-.INF") {
        return Some(f64::NEG_INFINITY);
    }
    if matches!(text, ".nan" | ".NaN" | ".NAN") {
        return Some(f64::NAN);
    }
    unsigned.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// A float as JSON holds it: null when it is not finite.
fn json_float(f: f64) -> Value {
    serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)
}
