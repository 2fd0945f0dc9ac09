//! Locates a document path in JSON text by scanning it, without building an index.
//!
//! For JSON documents, where one linear scan for all the diagnostics is far cheaper than
//! indexing a large file with [`SourceMap`](super::source_map::SourceMap) (which it agrees with,
//! tested). It must never panic, whatever the text.

use super::path::{DocPath, Location};

/// Locates `path` in JSON `text`: the position of the deepest key (or array item) of `path`
/// that exists. `None` when the text is not a JSON object or array at the top. The plain
/// one-path scan, kept as the reference [`locate_json_all`] is tested against.
#[cfg(test)]
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

/// [`locate_json`] for many paths in one scan of the text (a document with many
/// warnings would otherwise be scanned once for each).
pub fn locate_json_all(text: &str, paths: &[&DocPath]) -> Vec<Option<Location>> {
    let bytes = text.as_bytes();
    let start = skip_ws(bytes, 0);
    if !matches!(bytes.get(start), Some(b'{' | b'[')) {
        return vec![None; paths.len()];
    }
    let mut best = vec![start; paths.len()];
    let active: Vec<usize> = (0..paths.len()).collect();
    // A value that ends early (broken text) leaves the best places found so far.
    let _ = walk(text, start, 0, &active, paths, &mut best);
    let locations = offset_locations(text, &best);
    best.iter()
        .map(|offset| locations.get(offset).copied())
        .collect()
}

/// Walks the value at `i`, recording in `best` the places of the paths in `active` (which
/// match the path so far, `depth` segments); returns the index just past the value.
fn walk(
    text: &str,
    i: usize,
    depth: usize,
    active: &[usize],
    paths: &[&DocPath],
    best: &mut [usize],
) -> Option<usize> {
    let bytes = text.as_bytes();
    let deeper: Vec<usize> = active
        .iter()
        .copied()
        .filter(|&p| paths[p].segments().len() > depth)
        .collect();
    if deeper.is_empty() {
        return skip_value(bytes, i);
    }
    match bytes.get(i)? {
        b'{' => {
            let mut j = skip_ws(bytes, i + 1);
            loop {
                if bytes.get(j) != Some(&b'"') {
                    return Some(skip_ws(bytes, j) + usize::from(bytes.get(j) == Some(&b'}')));
                }
                let key_start = j;
                let key_end = skip_string(bytes, j)?;
                let key = text.get(key_start..key_end)?;
                j = skip_ws(bytes, key_end);
                if bytes.get(j) != Some(&b':') {
                    return None;
                }
                j = skip_ws(bytes, j + 1);
                let here: Vec<usize> = deeper
                    .iter()
                    .copied()
                    .filter(|&p| json_key_eq(key, &paths[p].segments()[depth]))
                    .collect();
                for &p in &here {
                    best[p] = key_start;
                }
                j = if here.is_empty() {
                    skip_value(bytes, j)?
                } else {
                    walk(text, j, depth + 1, &here, paths, best)?
                };
                j = skip_ws(bytes, j);
                match bytes.get(j) {
                    Some(b',') => j = skip_ws(bytes, j + 1),
                    Some(b'}') => return Some(j + 1),
                    _ => return None,
                }
            }
        }
        b'[' => {
            let mut j = skip_ws(bytes, i + 1);
            let mut index = 0usize;
            loop {
                if bytes.get(j) == Some(&b']') {
                    return Some(j + 1);
                }
                let here: Vec<usize> = deeper
                    .iter()
                    .copied()
                    .filter(|&p| paths[p].segments()[depth].parse::<usize>() == Ok(index))
                    .collect();
                for &p in &here {
                    best[p] = j;
                }
                j = if here.is_empty() {
                    skip_value(bytes, j)?
                } else {
                    walk(text, j, depth + 1, &here, paths, best)?
                };
                j = skip_ws(bytes, j);
                match bytes.get(j) {
                    Some(b',') => j = skip_ws(bytes, j + 1),
                    Some(b']') => return Some(j + 1),
                    _ => return None,
                }
                index += 1;
            }
        }
        _ => skip_value(bytes, i),
    }
}

/// The locations of several byte offsets, found in one pass over the text.
fn offset_locations(text: &str, offsets: &[usize]) -> std::collections::HashMap<usize, Location> {
    let mut sorted: Vec<usize> = offsets.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut out = std::collections::HashMap::new();
    let (mut line, mut line_start, mut at) = (1usize, 0usize, 0usize);
    for offset in sorted {
        let Some(between) = text.get(at..offset) else {
            continue;
        };
        for (k, b) in between.bytes().enumerate() {
            if b == b'\n' {
                line += 1;
                line_start = at + k + 1;
            }
        }
        at = offset;
        let column = text
            .get(line_start..offset)
            .map_or(0, |l| l.chars().count())
            + 1;
        out.insert(offset, Location { line, column });
    }
    out
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
#[cfg(test)]
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
    fn one_scan_finds_what_one_scan_per_path_finds() {
        let text = "{\n  \"paths\": {\n    \"/a/b\": {\"get\": {\"x\": [1, {\"y\": \"}\\\"\"}, 3]}},\n    \"/c\": {}\n  },\n  \"k\\/e\": 1,\n  \"é\": [[0, 1]]\n}\n";
        let paths: Vec<DocPath> = [
            vec!["paths"],
            vec!["paths", "/a/b", "get", "x"],
            vec!["paths", "/a/b", "get", "x", "1", "y"],
            vec!["paths", "/a/b", "get", "x", "2"],
            vec!["paths", "/a/b", "get", "x", "9"],
            vec!["paths", "/c"],
            vec!["paths", "/c", "missing"],
            vec!["k/e"],
            vec!["é", "0", "1"],
            vec![],
            vec!["nope", "deeper"],
        ]
        .into_iter()
        .map(DocPath::from_segments)
        .collect();
        let refs: Vec<&DocPath> = paths.iter().collect();
        let all = locate_json_all(text, &refs);
        for (path, found) in paths.iter().zip(all) {
            assert_eq!(found, locate_json(text, path), "{path}");
        }
        for broken in ["", "[", "{\"a\": [1, ", "{\"a\" 1}", "nul"] {
            let _ = locate_json_all(broken, &refs);
        }
    }

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
