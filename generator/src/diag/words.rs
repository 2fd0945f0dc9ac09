//! The words of messages: how a diagnostic names values, types and places, so that the
//! loader and the validator say the same thing the same way.
//!
//! Only wording lives here: nothing here decides what is an error, and nothing may panic
//! on any text (spec text is quoted through [`short`]).

use serde_json::Value;

use super::path::DocPath;

/// The schema types of OpenAPI 3.0.
pub const TYPES: [&str; 6] = ["string", "number", "integer", "boolean", "array", "object"];

/// `noun` with its indefinite article: `a schema`, `an example`.
pub fn with_article(noun: &str) -> String {
    let article = if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {noun}")
}

/// `text` cut to a length that fits in a message, on one line.
pub fn short(text: &str) -> String {
    cut(text, 60)
}

/// A `$ref` string as a message quotes it: whole up to a length that pointers into deep
/// places reach (cutting one would hide which place it names), on one line.
pub fn reference(text: &str) -> String {
    cut(text, 200)
}

/// `text` on one line, cut after `max` characters.
fn cut(text: &str, max: usize) -> String {
    let one_line = text.replace('\n', "\\n");
    if one_line.chars().count() <= max {
        return one_line;
    }
    let cut: String = one_line.chars().take(max).collect();
    format!("{cut}...")
}

/// A short description of a JSON value: `the string "x"`, `a list`, `nothing (null)`.
pub fn describe(value: &Value) -> String {
    match value {
        Value::Null => "nothing (null)".to_string(),
        Value::Bool(b) => format!("`{b}`"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the string \"{}\"", short(s)),
        Value::Array(_) => "a list".to_string(),
        Value::Object(_) => "a map".to_string(),
    }
}

/// How a message names the node at `path`: "`summary`", "item 2 of `tags`".
pub fn field_label(path: &DocPath) -> String {
    let segments = path.segments();
    match segments {
        [] => "the document".to_string(),
        [.., parent, last] if parent == "responses" => format!("response `{}`", short(last)),
        [.., parent, last] if last.parse::<usize>().is_ok() => {
            format!("item {last} of `{}`", short(parent))
        }
        [.., last] => format!("`{}`", short(last)),
    }
}

/// serde's "expected" words, in plain terms.
pub fn expected_words(expected: &str) -> String {
    let plain = match expected {
        "a sequence" | "sequence" => "a list",
        "a map" | "map" | "a map whose fields obey a predicate" => "a map",
        "usize" | "u64" | "u32" | "u16" | "u8" => "a whole number",
        "i64" | "i32" => "an integer",
        "f64" | "f32" => "a number",
        "a boolean" | "bool" => "`true` or `false`",
        "any valid JSON value" => "a value",
        other
            if other.starts_with("struct ")
                || other.starts_with("internally tagged enum ")
                || other.starts_with("map ") =>
        {
            "a map"
        }
        other => other,
    };
    plain.to_string()
}

/// serde's "invalid type" words for what it found, in plain terms (the words
/// [`describe`] uses for the same value).
pub fn found_words(found: &str) -> String {
    if let Some(s) = found.strip_prefix("string ") {
        return format!("the string {}", short(s));
    }
    for prefix in ["integer ", "floating point "] {
        if let Some(n) = found.strip_prefix(prefix) {
            return format!("the number {}", n.trim_matches('`'));
        }
    }
    if let Some(b) = found.strip_prefix("boolean ") {
        return b.to_string();
    }
    match found {
        "map" => "a map".to_string(),
        "sequence" => "a list".to_string(),
        "null" | "unit value" => "nothing (null)".to_string(),
        other => other.to_string(),
    }
}

/// The candidate closest to `name` (case-insensitive edit distance), if close enough to
/// be a likely typo: the `did you mean` of a message.
pub fn closest<'c>(name: &str, candidates: &[&'c str]) -> Option<&'c str> {
    let lower = name.to_lowercase();
    let limit = (name.chars().count() / 3).max(1);
    candidates
        .iter()
        .map(|c| (edit_distance(&lower, &c.to_lowercase()), *c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous.get(j).copied().unwrap_or(0) + usize::from(ca != *cb);
            let delete = previous.get(j + 1).copied().unwrap_or(0) + 1;
            let insert = current.get(j).copied().unwrap_or(0) + 1;
            current.push(substitute.min(delete).min(insert));
        }
        previous = current;
    }
    previous.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles_and_short_text() {
        assert_eq!(with_article("schema"), "a schema");
        assert_eq!(with_article("example"), "an example");
        assert_eq!(short("a\nb"), "a\\nb");
        assert_eq!(short(&"x".repeat(61)), format!("{}...", "x".repeat(60)));
    }

    #[test]
    fn suggestions() {
        assert_eq!(closest("strin", &TYPES), Some("string"));
        assert_eq!(closest("zzz", &TYPES), None);
    }

    #[test]
    fn values_and_serde_words_agree() {
        assert_eq!(describe(&Value::Null), found_words("null"));
        assert_eq!(describe(&Value::Bool(true)), found_words("boolean `true`"));
        assert_eq!(describe(&serde_json::json!(5)), found_words("integer `5`"));
        assert_eq!(describe(&serde_json::json!([])), found_words("sequence"));
        assert_eq!(describe(&serde_json::json!({})), found_words("map"));
    }
}
