//! Redaction of text the runtime shows: body snippets with the values of secret fields
//! masked, URLs without user info and query values, and decode messages without the
//! values serde quotes.
//!
//! Internal to the runtime (`pub(crate)` only for the property tests in
//! `templates/src/redaction_tests.rs`). Everything here must work on any bytes (truncated JSON,
//! invalid UTF-8, deeply nested or enormous bodies) in one pass, without recursion and
//! without panicking, and must err on the side of masking: a value after a secret key is
//! masked even when the text stops in the middle of it.

use super::secret::REDACTED;

/// How many bytes of a response body errors and `Debug` output show.
pub(crate) const SNIPPET_LIMIT: usize = 512;

/// The start of `body` for errors and `Debug`: the value after every key in
/// `secret_keys` (compared ignoring ASCII case) replaced by `"[redacted]"` (a whole
/// object or array too), then at most [`SNIPPET_LIMIT`] bytes as lossy UTF-8, cut on a
/// character boundary, with `…` when something was cut.
///
/// Masking comes first, so a value cut by the limit, or by the end of a truncated body,
/// is masked all the same. Only JSON syntax (`"key": value`) is recognized: a secret in
/// a body of another format is not found.
pub(crate) fn snippet(body: &[u8], secret_keys: &[&str]) -> String {
    // A few bytes more than the limit, so a character cut at the limit is not replaced.
    let want = SNIPPET_LIMIT + 4;
    let (head, more) = if secret_keys.is_empty() {
        let head = body.get(..want).unwrap_or(body);
        (head.to_vec(), head.len() < body.len())
    } else {
        mask_json(body, secret_keys, want)
    };
    let mut text = String::from_utf8_lossy(&head).into_owned();
    let cut = text
        .char_indices()
        .map(|(i, c)| i + c.len_utf8())
        .take_while(|end| *end <= SNIPPET_LIMIT)
        .last()
        .unwrap_or(0);
    let truncated = cut < text.len() || more;
    text.truncate(cut);
    if truncated {
        text.push('…');
    }
    text
}

/// `body` with secret values masked, at most `want` bytes of it (more only by the length
/// of one mask), and whether anything of the body is left out.
fn mask_json(body: &[u8], secret_keys: &[&str], want: usize) -> (Vec<u8>, bool) {
    let mut out = Vec::with_capacity(want.min(body.len()) + REDACTED.len() + 2);
    let mut i = 0;
    while i < body.len() {
        if out.len() >= want {
            return (out, true);
        }
        let byte = body[i];
        if byte != b'"' {
            out.push(byte);
            i += 1;
            continue;
        }
        let end = string_end(body, i);
        let token = &body[i..end];
        out.extend_from_slice(token);
        i = end;
        // A string followed by `:` is a key.
        let after_space = skip_space(body, i);
        if body.get(after_space) != Some(&b':') || !is_secret_key(token, secret_keys) {
            continue;
        }
        let value_start = skip_space(body, after_space + 1);
        out.extend_from_slice(&body[i..value_start]);
        let value_end = value_end(body, value_start);
        let value = &body[value_start..value_end];
        if value == b"null" || value.is_empty() {
            out.extend_from_slice(value);
        } else {
            out.push(b'"');
            out.extend_from_slice(REDACTED.as_bytes());
            out.push(b'"');
        }
        i = value_end;
    }
    (out, false)
}

/// The index just past the string starting at `start` (a `"`): after its closing quote,
/// or the end of `body` when it is not closed.
fn string_end(body: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < body.len() {
        match body[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    body.len()
}

fn skip_space(body: &[u8], mut i: usize) -> usize {
    while body.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    i
}

/// The index just past the JSON value starting at `start`: a string, an object or array
/// (nesting counted, strings skipped), or a scalar up to the next delimiter; the end of
/// `body` when the value is not finished.
fn value_end(body: &[u8], start: usize) -> usize {
    match body.get(start) {
        None => start,
        Some(b'"') => string_end(body, start),
        Some(b'{' | b'[') => {
            let mut depth = 0usize;
            let mut i = start;
            while i < body.len() {
                match body[i] {
                    b'"' => {
                        i = string_end(body, i);
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return i + 1;
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            body.len()
        }
        Some(_) => {
            let mut i = start;
            while i < body.len()
                && !matches!(body[i], b',' | b'}' | b']')
                && !body[i].is_ascii_whitespace()
            {
                i += 1;
            }
            i
        }
    }
}

/// Whether the key token (with its quotes, perhaps unterminated) names a secret field.
/// Escapes are compared as written; a key that spells a secret name with escapes is not
/// recognized, which only a server trying to leak on purpose would send.
fn is_secret_key(token: &[u8], secret_keys: &[&str]) -> bool {
    let inner = token
        .strip_prefix(b"\"")
        .map(|t| t.strip_suffix(b"\"").unwrap_or(t))
        .unwrap_or(token);
    secret_keys
        .iter()
        .any(|key| key.as_bytes().eq_ignore_ascii_case(inner))
}

/// `url` for display: user info left out, query values and the fragment replaced by
/// `[redacted]` (query names kept), control characters escaped. Works on text that is not
/// a valid URL too.
pub(crate) fn display_url(url: &str) -> String {
    let (before_fragment, fragment) = match url.split_once('#') {
        Some((before, _)) => (before, Some(REDACTED)),
        None => (url, None),
    };
    let (before_query, query) = match before_fragment.split_once('?') {
        Some((before, query)) => (before, Some(query)),
        None => (before_fragment, None),
    };
    let mut shown = String::with_capacity(url.len());
    // User info sits between `scheme://` and the last `@` of the authority.
    let (scheme, rest) = match before_query.split_once("://") {
        Some((scheme, rest)) => (Some(scheme), rest),
        None => (None, before_query),
    };
    if let Some(scheme) = scheme {
        shown.push_str(scheme);
        shown.push_str("://");
    }
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let (authority, path) = rest.split_at(authority_end);
    let host = match authority.rsplit_once('@') {
        Some((_, host)) => host,
        None if scheme.is_none() && authority.contains('@') => "",
        None => authority,
    };
    shown.push_str(host);
    shown.push_str(path);
    if let Some(query) = query {
        shown.push('?');
        let pairs: Vec<String> = query
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((name, _)) => format!("{name}={REDACTED}"),
                None => pair.to_owned(),
            })
            .collect();
        shown.push_str(&pairs.join("&"));
    }
    if let Some(fragment) = fragment {
        shown.push('#');
        shown.push_str(fragment);
    }
    shown.escape_debug().to_string()
}

/// A decode error message without the values serde quotes in it, which may be secrets:
/// serde writes `{unexpected}, expected {expected}`, and the unexpected part quotes the
/// value (`invalid type: string "…"`, `invalid value: integer `…``, `unknown variant
/// `…``). Every double-quoted string, and every back-quoted one before `expected` except a
/// field name (`missing field `x``, `unknown field `x``), becomes `…`; what is expected
/// (written by the types, not the server) and the position are kept.
pub(crate) fn decode_message(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(i) = rest.find(['"', '`']) {
        let (before, from) = rest.split_at(i);
        out.push_str(before);
        let quote = if from.starts_with('"') { '"' } else { '`' };
        let after = &from[1..];
        let close = if quote == '"' {
            // serde writes strings with `{:?}`: a `"` inside is escaped.
            let mut end = None;
            let mut escaped = false;
            for (j, c) in after.char_indices() {
                match c {
                    '\\' if !escaped => escaped = true,
                    '"' if !escaped => {
                        end = Some(j);
                        break;
                    }
                    _ => escaped = false,
                }
            }
            end
        } else {
            after.find('`')
        };
        let Some(close) = close else {
            // An unclosed quote: the rest may be a value.
            out.push(quote);
            out.push('…');
            return out;
        };
        let quoted = &after[..close];
        let keep = quote == '`' && (out.contains("expected") || out.ends_with("field "));
        out.push(quote);
        out.push_str(if keep { quoted } else { "…" });
        out.push(quote);
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}
