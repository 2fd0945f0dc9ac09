//! Locates a document path in JSON text by scanning it, without building an index.
//!
//! For JSON documents, where one linear scan per diagnostic is far cheaper than indexing a
//! large file with [`SourceMap`](super::source_map::SourceMap) (which it agrees with,
//! tested). It must never panic, whatever the text.

use super::path::{DocPath, Location};

/// Locates `path` in JSON `text`: the position of the deepest key (or array item) of `path`
/// that exists. `None` when the text is not a JSON object or array at the top.
pub fn locate_json(text: &str, path: &DocPath) -> Option<Location> {
    let bytes = text.as_bytes();
    let mut i = skip_ws(bytes, 0);
    if !matches!(bytes.get(i), Some(b'{' | b'[')) {
        return None;
    }
    let mut best = i;
    'segments: for segment in path.segments() {
        match bytes.get(i) {
            Some(b'{') => {
                i = skip_ws(bytes, i + 1);
                loop {
                    if bytes.get(i) != Some(&b'"') {
                        break 'segments;
                    }
                    let key_start = i;
                    let key_end = skip_string(bytes, i)?;
                    let key = text.get(key_start..key_end)?;
                    i = skip_ws(bytes, key_end);
                    if bytes.get(i) != Some(&b':') {
                        break 'segments;
                    }
                    i = skip_ws(bytes, i + 1);
                    if json_key_eq(key, segment) {
                        best = key_start;
                        continue 'segments;
                    }
                    i = skip_ws(bytes, skip_value(bytes, i)?);
                    match bytes.get(i) {
                        Some(b',') => i = skip_ws(bytes, i + 1),
                        _ => break 'segments,
                    }
                }
            }
            Some(b'[') => {
                let Ok(wanted) = segment.parse::<usize>() else {
                    break;
                };
                i = skip_ws(bytes, i + 1);
                for _ in 0..wanted {
                    i = skip_ws(bytes, skip_value(bytes, i)?);
                    match bytes.get(i) {
                        Some(b',') => i = skip_ws(bytes, i + 1),
                        _ => break 'segments,
                    }
                }
                if bytes.get(i) == Some(&b']') {
                    break;
                }
                best = i;
            }
            _ => break,
        }
    }
    Some(offset_location(text, best))
}

/// Whether the JSON string literal `raw` (with quotes) spells `key`.
fn json_key_eq(raw: &str, key: &str) -> bool {
    let inner = raw.get(1..raw.len().saturating_sub(1)).unwrap_or("");
    if inner.contains('\\') {
        serde_json::from_str::<String>(raw).is_ok_and(|k| k == key)
    } else {
        inner == key
    }
}

fn skip_ws(bytes: &[u8], mut i: usize) -> usize {
    while bytes.get(i).is_some_and(|b| b.is_ascii_whitespace()) {
        i += 1;
    }
    i
}

/// The index just past the string literal starting at `i`.
fn skip_string(bytes: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    loop {
        match bytes.get(j)? {
            b'"' => return Some(j + 1),
            b'\\' => j += 2,
            _ => j += 1,
        }
    }
}

/// The index just past the JSON value starting at `i`.
fn skip_value(bytes: &[u8], i: usize) -> Option<usize> {
    match bytes.get(i)? {
        b'"' => skip_string(bytes, i),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut j = i;
            loop {
                match bytes.get(j)? {
                    b'"' => {
                        j = skip_string(bytes, j)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            return Some(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
        }
        _ => {
            let mut j = i;
            while bytes
                .get(j)
                .is_some_and(|b| !matches!(b, b',' | b'}' | b']') && !b.is_ascii_whitespace())
            {
                j += 1;
            }
            Some(j)
        }
    }
}

/// The 1-based line and column (in characters) of byte `offset`.
fn offset_location(text: &str, offset: usize) -> Location {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.bytes().filter(|b| *b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |n| n + 1);
    let column = before.get(line_start..).map_or(0, |l| l.chars().count()) + 1;
    Location { line, column }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::source_map::SourceMap;

    #[test]
    fn locate_json_agrees_with_the_index() {
        let text = "{\n  \"paths\": {\n    \"/a/b\": {\"get\": {\"x\": [1, {\"y\": \"}\\\"\"}, 3]}},\n    \"/c\": {}\n  },\n  \"k\\/e\": 1\n}\n";
        let map = SourceMap::new(text);
        for path in [
            vec!["paths"],
            vec!["paths", "/a/b", "get", "x"],
            vec!["paths", "/a/b", "get", "x", "1", "y"],
            vec!["paths", "/a/b", "get", "x", "2"],
            vec!["paths", "/c"],
            vec!["paths", "/c", "missing"],
            vec!["k/e"],
            vec!["nothing", "here"],
        ] {
            let path = DocPath::from_segments(path);
            assert_eq!(locate_json(text, &path), map.locate(&path), "{path}");
        }
    }
}
