//! Doc comments from spec text: Markdown that rustdoc accepts without warnings and
//! without running anything as a doctest.
//!
//! Spec descriptions are CommonMark written for web pages. Left alone, rustdoc would
//! compile their code blocks as doctests, warn on bare URLs and on HTML such as `</br>`,
//! and read `[x]` as a broken intra-doc link. This module rewrites just those parts.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "..."]` attributes for `text`, one per line; nothing for `None` or blank text.
pub fn doc_attrs(text: Option<&str>) -> TokenStream {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return TokenStream::new();
    };
    let lines = sanitize(text);
    let attrs = lines.iter().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #line])
    });
    quote!(#(#attrs)*)
}

/// Rewrites Markdown so rustdoc renders it as written and tests none of it.
pub fn sanitize(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = Vec::new();
    let mut in_fence: Option<String> = None;
    for raw in text.lines() {
        let trimmed = raw.trim_start();
        if let Some(fence) = &in_fence {
            if trimmed.starts_with(fence.as_str()) {
                out.push(fence.clone());
                in_fence = None;
            } else {
                out.push(raw.trim_end().to_string());
            }
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            let fence: String = trimmed
                .chars()
                .take_while(|c| *c == '`' || *c == '~')
                .collect();
            // Whatever the language, the block is shown, never compiled.
            out.push(format!("{fence}text"));
            in_fence = Some(fence);
            continue;
        }
        // Indented code blocks would be doctests too: drop the indentation.
        let line = if raw.starts_with("    ") || raw.starts_with('\t') {
            trimmed
        } else {
            raw
        };
        out.push(inline(line.trim_end()));
    }
    if let Some(fence) = in_fence {
        out.push(fence);
    }
    // No trailing blank lines.
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out
}

/// Escapes the inline constructs rustdoc would warn about, outside code spans.
fn inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut in_code = false;
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c == '`' {
            in_code = !in_code;
            out.push(c);
            i += 1;
            continue;
        }
        if in_code {
            out.push(c);
            i += 1;
            continue;
        }
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '[' | ']' => {
                // Keep Markdown links `[text](url)`; escape other brackets.
                if c == ']' && chars.get(i + 1) == Some(&'(') {
                    out.push(']');
                } else if c == '[' && closes_as_link(&chars, i) {
                    out.push('[');
                } else {
                    out.push('\\');
                    out.push(c);
                }
            }
            'h' if starts_url(&chars, i) && !preceded_by_link_paren(&chars, i) => {
                let end = url_end(&chars, i);
                let url: String = chars
                    .get(i..end)
                    .map(|s| s.iter().collect())
                    .unwrap_or_default();
                out.push('<');
                out.push_str(&url);
                out.push('>');
                i = end;
                continue;
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

fn closes_as_link(chars: &[char], open: usize) -> bool {
    let mut depth = 0;
    for (k, c) in chars.iter().enumerate().skip(open) {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    return chars.get(k + 1) == Some(&'(');
                }
            }
            _ => {}
        }
    }
    false
}

fn starts_url(chars: &[char], i: usize) -> bool {
    let rest: String = chars.iter().skip(i).take(8).collect();
    (rest.starts_with("http://") || rest.starts_with("https://"))
        && (i == 0 || chars.get(i - 1).is_some_and(|c| !c.is_alphanumeric()))
}

fn preceded_by_link_paren(chars: &[char], i: usize) -> bool {
    i >= 2 && chars.get(i - 1) == Some(&'(') && chars.get(i - 2) == Some(&']')
}

fn url_end(chars: &[char], start: usize) -> usize {
    let mut end = start;
    while let Some(c) = chars.get(end) {
        if c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | ')' | ']') {
            break;
        }
        end += 1;
    }
    // Trailing punctuation belongs to the sentence.
    while end > start
        && chars
            .get(end - 1)
            .is_some_and(|c| matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | '\''))
    {
        end -= 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_blocks_are_never_doctests() {
        let lines = sanitize("Example:\n```\nlet x = 1;\n```\n\n    indented code");
        assert_eq!(
            lines,
            [
                "Example:",
                "```text",
                "let x = 1;",
                "```",
                "",
                "indented code"
            ]
        );
        let lines = sanitize("```json\n{}\n```");
        assert_eq!(lines, ["```text", "{}", "```"]);
    }

    #[test]
    fn html_brackets_and_urls_are_escaped() {
        assert_eq!(inline("a </br> b"), "a &lt;/br&gt; b");
        assert_eq!(
            inline("see [the docs](https://x.io/a)"),
            "see [the docs](https://x.io/a)"
        );
        assert_eq!(inline("array[0] and [x]"), "array\\[0\\] and \\[x\\]");
        assert_eq!(inline("go to https://x.io/a."), "go to <https://x.io/a>.");
        assert_eq!(inline("`<T>` [kept]"), "`<T>` \\[kept\\]");
    }
}
