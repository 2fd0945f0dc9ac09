//! Doc comments from spec text: Markdown that rustdoc and clippy accept without warnings
//! and without running anything as a doctest.
//!
//! Spec descriptions are CommonMark (and HTML) written for web pages. Left alone,
//! rustdoc would compile their code blocks as doctests, warn on bare URLs, on HTML such
//! as `</br>` and on `[x]` read as a broken intra-doc link, and clippy would warn on tabs
//! and on list items continued lazily. This module rewrites just those parts:
//!
//! - every fenced code block is shown as `text`, and an indented code block is fenced;
//! - common inline HTML becomes Markdown (`<a href>`, `<b>`, `<code>`, `<br>`, lists);
//!   any other tag is escaped;
//! - bare URLs become autolinks; brackets that are not a link are escaped, and links to
//!   anything but an absolute URL keep only their text;
//! - tabs become spaces, and list continuation lines are indented under their item.
//!
//! It never fails: any text gives lines that are safe to put in `#[doc = ...]`. It only
//! rewrites text: which docs an item gets is the emitters' business, and how the
//! attributes are formatted the renderer's (emit may keep the blocks beside the code as
//! data, a placeholder standing for each: [`with_doc_blocks`]).

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "..."]` attributes for `text`, one per line; nothing for `None` or blank text.
///
/// Inside [`with_doc_blocks`], a block that prettyplease prints as `///` lines is one
/// placeholder attribute instead, and the block goes into the list that call returns.
pub fn doc_attrs(text: Option<&str>) -> TokenStream {
    let values = doc_values(text);
    if values.is_empty() {
        return TokenStream::new();
    }
    let values = match stand_in(values) {
        Ok(placeholder) => return quote!(#[doc = #placeholder]),
        Err(values) => values,
    };
    let attrs = values.iter().map(|line| quote!(#[doc = #line]));
    quote!(#(#attrs)*)
}

/// The values of the `#[doc]` attributes [`doc_attrs`] makes for `text` (each line after a
/// space, a blank line empty); none for `None` or blank text. Emit's text items write
/// them as `///` lines.
pub fn doc_values(text: Option<&str>) -> Vec<String> {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Vec::new();
    };
    let lines = sanitize(text);
    if lines.iter().all(|l| l.trim().is_empty()) {
        return Vec::new();
    }
    lines
        .iter()
        .map(|line| {
            if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            }
        })
        .collect()
}

/// Starts a doc block's placeholder, `<marker>N` (block `N` of the list
/// [`with_doc_blocks`] returns): a private-use character no sanitized doc line begins
/// with (they begin with a space).
pub const DOC_PLACEHOLDER: char = '\u{E000}';

thread_local! {
    /// The doc blocks placeholders stand for, while [`with_doc_blocks`] runs.
    static BLOCKS: std::cell::RefCell<Option<Vec<Vec<String>>>> =
        const { std::cell::RefCell::new(None) };
}

/// Runs `f` (which emits code) with each doc block [`doc_attrs`] makes standing as one
/// placeholder attribute, and returns the blocks, in placeholder order, with `f`'s result.
///
/// Spec descriptions are most of the text of large APIs, and quoting each line as a
/// string literal for syn to parse back and prettyplease to print was a large share of
/// formatting time: emit puts the blocks beside its code as data, and the renderer puts
/// their lines in place of the placeholders once the code is formatted.
pub fn with_doc_blocks<T>(f: impl FnOnce() -> T) -> (T, Vec<Vec<String>>) {
    let outer = BLOCKS.with(|blocks| blocks.replace(Some(Vec::new())));
    let out = f();
    let blocks = BLOCKS.with(|blocks| blocks.replace(outer));
    (out, blocks.unwrap_or_default())
}

/// The placeholder for a doc block while [`with_doc_blocks`] runs, or the block back:
/// outside it, and when prettyplease would not print the block as `///` lines (it prints a
/// value as `///` and the value without trailing spaces, but keeps the attribute for a
/// line break or a leading `/`).
fn stand_in(values: Vec<String>) -> Result<String, Vec<String>> {
    if values
        .iter()
        .any(|v| v.contains('\n') || v.starts_with('/'))
    {
        return Err(values);
    }
    BLOCKS.with(|blocks| match &mut *blocks.borrow_mut() {
        Some(blocks) => {
            blocks.push(values);
            Ok(format!("{DOC_PLACEHOLDER}{}", blocks.len() - 1))
        }
        None => Err(values),
    })
}

/// `text` as an inline code span (with the backticks), safe for any text: the empty
/// string shows as `""`, and backticks inside get a longer fence.
pub fn code_span(text: &str) -> String {
    let text = text.replace(['\r', '\n', '\t'], " ");
    if text.is_empty() {
        return "`\"\"`".to_string();
    }
    let longest = longest_run(&text, '`');
    if longest == 0 {
        return format!("`{text}`");
    }
    let fence = "`".repeat(longest + 1);
    format!("{fence} {text} {fence}")
}

fn longest_run(text: &str, c: char) -> usize {
    let mut longest = 0;
    let mut run = 0;
    for ch in text.chars() {
        if ch == c {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    longest
}

/// Rewrites Markdown so rustdoc renders it as written, tests none of it and warns about
/// none of it.
pub fn sanitize(text: &str) -> Vec<String> {
    let text = text
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\t', "    ");
    // Pass 1: code blocks (kept verbatim, fenced as `text`) and inline Markdown.
    let mut blocks: Vec<Line> = Vec::new();
    let mut in_fence: Option<String> = None;
    let mut in_indented = false;
    let mut previous_blank = true;
    let mut in_list = false;
    for raw in text.lines() {
        let raw = raw.trim_end();
        let trimmed = raw.trim_start();
        if let Some(fence) = &in_fence {
            if trimmed.starts_with(fence.as_str())
                && trimmed.trim_start_matches(['`', '~']).is_empty()
            {
                blocks.push(Line::Code(fence.clone()));
                in_fence = None;
            } else {
                blocks.push(Line::Code(raw.to_string()));
            }
            continue;
        }
        let indent = raw.len() - trimmed.len();
        if in_indented {
            if trimmed.is_empty() || indent >= 4 {
                blocks.push(Line::Code(raw.get(4..).unwrap_or("").to_string()));
                continue;
            }
            close_indented(&mut blocks);
            in_indented = false;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            let fence: String = trimmed
                .chars()
                .take_while(|c| *c == '`' || *c == '~')
                .collect();
            // Whatever the language, the block is shown, never compiled.
            blocks.push(Line::Code(format!("{fence}text")));
            in_fence = Some(fence);
            previous_blank = false;
            continue;
        }
        if trimmed.is_empty() {
            blocks.push(Line::Text(String::new()));
            previous_blank = true;
            continue;
        }
        // An indented code block starts after a blank line, outside a list.
        if indent >= 4 && previous_blank && !in_list {
            blocks.push(Line::Code("```text".to_string()));
            blocks.push(Line::Code(raw.get(4..).unwrap_or("").to_string()));
            in_indented = true;
            continue;
        }
        if list_marker(trimmed).is_some() {
            in_list = true;
        } else if previous_blank && indent == 0 {
            in_list = false;
        }
        previous_blank = false;
        blocks.push(Line::Raw(raw.to_string()));
    }
    if in_indented {
        close_indented(&mut blocks);
    }
    if let Some(fence) = in_fence {
        blocks.push(Line::Code(fence));
    }
    let blocks = convert_paragraphs(blocks);
    // Pass 2: list items continued on the next line are indented under the item, which
    // is what Markdown means by a lazy continuation, written out; a paragraph after a
    // blank line that is indented at least as far as the item's text continues the item,
    // and is indented exactly that far (clippy's `doc_overindented_list_items`).
    let mut out = Vec::with_capacity(blocks.len());
    // A line continuing a block quote lazily gets the quote's `>` (clippy's
    // `doc_lazy_continuation`); `quote` is the indentation of the quote's last line.
    let mut item_indent: Option<usize> = None;
    let mut after_blank = false;
    let mut quote: Option<String> = None;
    for line in blocks {
        match line {
            Line::Code(text) => {
                item_indent = None;
                after_blank = false;
                quote = None;
                out.push(text);
            }
            Line::Text(text) | Line::Raw(text) => {
                let trimmed = text.trim_start();
                let indent = text.len() - trimmed.len();
                if trimmed.is_empty() {
                    after_blank = true;
                    quote = None;
                    out.push(String::new());
                    continue;
                }
                if let Some(prefix) = &quote {
                    if !trimmed.starts_with('>') && list_marker(trimmed).is_none() {
                        out.push(format!("{prefix}> {trimmed}"));
                        continue;
                    }
                }
                if after_blank && item_indent.is_some_and(|want| indent < want) {
                    item_indent = None;
                }
                after_blank = false;
                let quoted = trimmed.starts_with('>');
                let pushed = if let Some(marker) = list_marker(trimmed) {
                    item_indent = Some(indent + marker);
                    text
                } else if let Some(want) = item_indent {
                    format!("{}{trimmed}", " ".repeat(want))
                } else {
                    text
                };
                quote = quoted.then(|| {
                    let rest = pushed.trim_start();
                    pushed[..pushed.len() - rest.len()].to_string()
                });
                out.push(pushed);
            }
        }
    }
    // No leading or trailing blank lines.
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    let first = out.iter().position(|l| !l.is_empty()).unwrap_or(out.len());
    out.drain(..first);
    out
}

enum Line {
    /// Inside a code block: kept verbatim.
    Code(String),
    /// Markdown as the spec wrote it.
    Raw(String),
    /// Markdown, already escaped.
    Text(String),
}

/// Escapes each run of Markdown lines as one text, so links, code spans and tags that
/// span lines are seen whole. HTML paragraphs and line breaks become lines of their own;
/// the blank ones they leave between tags are dropped.
fn convert_paragraphs(blocks: Vec<Line>) -> Vec<Line> {
    let mut out = Vec::with_capacity(blocks.len());
    let mut run: Vec<String> = Vec::new();
    let flush = |run: &mut Vec<String>, out: &mut Vec<Line>| {
        if run.is_empty() {
            return;
        }
        let converted = inline(&run.join("\n"));
        run.clear();
        for source_line in converted.split('\n') {
            let paragraphs: Vec<Vec<&str>> = source_line
                .split(PARAGRAPH)
                .map(|p| {
                    p.split(LINE)
                        .map(str::trim_end)
                        .filter(|l| !l.trim().is_empty())
                        .collect::<Vec<_>>()
                })
                .filter(|p| !p.is_empty())
                .collect();
            let starts_with_text = source_line
                .chars()
                .next()
                .is_some_and(|c| c != LINE && c != PARAGRAPH);
            // A `<p>` at either end of the line separates it from its neighbours too.
            let last_is_text =
                |out: &Vec<Line>| matches!(out.last(), Some(Line::Text(t)) if !t.is_empty());
            if source_line.trim_start().starts_with(PARAGRAPH) && last_is_text(out) {
                out.push(Line::Text(String::new()));
            }
            for (k, lines) in paragraphs.iter().enumerate() {
                if k > 0 {
                    out.push(Line::Text(String::new()));
                }
                for (j, l) in lines.iter().enumerate() {
                    // Only the source line's own indentation is kept.
                    let l = if k == 0 && j == 0 && starts_with_text {
                        l
                    } else {
                        l.trim_start()
                    };
                    out.push(Line::Text(l.to_string()));
                }
            }
            if source_line.trim_end().ends_with(PARAGRAPH) && last_is_text(out) {
                out.push(Line::Text(String::new()));
            }
        }
    };
    for line in blocks {
        match line {
            Line::Raw(text) => run.push(text),
            other => {
                flush(&mut run, &mut out);
                out.push(other);
            }
        }
    }
    flush(&mut run, &mut out);
    out
}

fn close_indented(blocks: &mut Vec<Line>) {
    // Trailing blank lines belong after the block.
    let mut blanks = 0;
    while matches!(blocks.last(), Some(Line::Code(l)) if l.trim().is_empty()) {
        blocks.pop();
        blanks += 1;
    }
    blocks.push(Line::Code("```".to_string()));
    for _ in 0..blanks {
        blocks.push(Line::Text(String::new()));
    }
}

/// The width of a list marker and the space after it (`- `, `* `, `+ `, `1. `, `2) `)
/// at the start of `line`.
/// The width of a list marker and the spaces after it (`- `, `*   `, `1. `, `2) `) at
/// the start of `line`: the column the item's text starts at.
fn list_marker(line: &str) -> Option<usize> {
    let first = line.chars().next()?;
    let marker = if matches!(first, '-' | '*' | '+') {
        1
    } else {
        let digits = line.chars().take_while(char::is_ascii_digit).count();
        let rest = line.get(digits..)?;
        if !(1..=9).contains(&digits) || !(rest.starts_with('.') || rest.starts_with(')')) {
            return None;
        }
        digits + 1
    };
    let rest = line.get(marker..)?;
    let spaces = rest.chars().take_while(|c| *c == ' ').count();
    if spaces == 0 || spaces == rest.len() {
        return None;
    }
    // Five spaces or more start an indented code block inside the item.
    Some(marker + if spaces > 4 { 1 } else { spaces })
}

/// Where converted HTML starts a new paragraph.
const PARAGRAPH: char = '\u{1}';

/// Where converted HTML starts a new line.
const LINE: char = '\u{2}';

/// HTML tags converted to Markdown: (tag, opening replacement, closing replacement).
const HTML_TAGS: &[(&str, &str, &str)] = &[
    ("b", "**", "**"),
    ("strong", "**", "**"),
    ("i", "*", "*"),
    ("em", "*", "*"),
    ("p", "\u{1}", "\u{1}"),
    ("br", "\u{2}", "\u{2}"),
    ("ul", "\u{1}", "\u{1}"),
    ("ol", "\u{1}", "\u{1}"),
    ("li", "\u{2}- ", ""),
    ("div", "\u{1}", "\u{1}"),
    ("span", "", ""),
    ("small", "", ""),
    ("u", "", ""),
    ("sup", "^", ""),
    ("sub", "", ""),
];

/// Escapes the inline constructs rustdoc would warn about, outside code spans, and
/// converts common HTML. May return several lines (`<br>`, `<li>`).
fn inline(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len() + 8);
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        // A block quote marker at the start of a line stays a block quote.
        if i == 0 || chars.get(i - 1) == Some(&'\n') {
            let lead = chars.iter().skip(i).take_while(|c| **c == ' ').count();
            if chars.get(i + lead) == Some(&'>') {
                out.extend(chars.get(i..=i + lead).into_iter().flatten());
                i += lead + 1;
                continue;
            }
        }
        match c {
            '`' => {
                let run = chars.iter().skip(i).take_while(|c| **c == '`').count();
                match closing_backticks(&chars, i + run, run) {
                    Some(end) => {
                        out.extend(chars.get(i..end + run).into_iter().flatten());
                        i = end + run;
                    }
                    None => {
                        // Not a code span: the backticks are text.
                        for _ in 0..run {
                            out.push_str("\\`");
                        }
                        i += run;
                    }
                }
                continue;
            }
            '<' => {
                if let Some((text, next)) = html(&chars, i) {
                    out.push_str(&text);
                    i = next;
                    continue;
                }
                out.push_str("&lt;");
            }
            '>' => out.push_str("&gt;"),
            '[' => {
                if let Some((text, next)) = link(&chars, i) {
                    out.push_str(&text);
                    i = next;
                    continue;
                }
                out.push_str("\\[");
            }
            ']' => out.push_str("\\]"),
            'h' if starts_url(&chars, i) => {
                let end = url_end(&chars, i);
                let url: String = chars.get(i..end).into_iter().flatten().collect();
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

/// The index of the run of exactly `run` backticks that closes a code span opened
/// before `from`.
fn closing_backticks(chars: &[char], from: usize, run: usize) -> Option<usize> {
    let mut i = from;
    while i < chars.len() {
        if chars.get(i) == Some(&'`') {
            let n = chars.iter().skip(i).take_while(|c| **c == '`').count();
            if n == run {
                return Some(i);
            }
            i += n;
        } else {
            i += 1;
        }
    }
    None
}

/// An HTML construct at `start` (a `<`): an autolink kept as it is, a known tag as
/// Markdown, or `None` to escape the `<`.
fn html(chars: &[char], start: usize) -> Option<(String, usize)> {
    let close = (start + 1..chars.len()).find(|&k| chars.get(k) == Some(&'>'))?;
    let inner: String = chars.get(start + 1..close)?.iter().collect();
    // `<https://example.com>`: an autolink already.
    if (inner.starts_with("http://") || inner.starts_with("https://"))
        && !inner.contains(char::is_whitespace)
        && !inner.contains('<')
    {
        return Some((format!("<{inner}>"), close + 1));
    }
    let (closing, body) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, inner.as_str()),
    };
    let body = body.trim_end_matches('/').trim();
    let name: String = body
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    if name.is_empty() {
        return None;
    }
    if name == "a" && !closing {
        // `<a href="url">text</a>`: a Markdown link when the URL is absolute.
        let href = attribute(body, "href");
        let rest: String = chars.get(close + 1..)?.iter().collect();
        let end = rest.to_ascii_lowercase().find("</a>")?;
        let text = rest.get(..end)?;
        let text = inline(text).replace(['\n', PARAGRAPH, LINE], " ");
        let after = close + 1 + rest.get(..end + 4)?.chars().count();
        return Some(match href.filter(|h| is_absolute_url(h)) {
            Some(h) if !text.trim().is_empty() => (format!("[{}]({h})", text.trim()), after),
            Some(h) => (format!("<{h}>"), after),
            None => (text, after),
        });
    }
    if name == "code" {
        // `<code>x</code>`: a code span.
        if closing {
            return None;
        }
        let rest: String = chars.get(close + 1..)?.iter().collect();
        let end = rest.to_ascii_lowercase().find("</code>")?;
        let text = rest.get(..end)?;
        let after = close + 1 + rest.get(..end + 7)?.chars().count();
        return Some((code_span(&unescape_entities(text)), after));
    }
    let (_, open, shut) = HTML_TAGS.iter().find(|(tag, _, _)| *tag == name)?;
    Some((
        if closing {
            (*shut).to_string()
        } else {
            (*open).to_string()
        },
        close + 1,
    ))
}

fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let lower = tag.to_ascii_lowercase();
    let at = lower.find(&format!("{name}="))?;
    let rest = tag.get(at + name.len() + 1..)?;
    let quote = rest.chars().next()?;
    if quote == '"' || quote == '\'' {
        let rest = rest.get(1..)?;
        rest.find(quote).and_then(|end| rest.get(..end))
    } else {
        rest.split_whitespace().next()
    }
}

fn unescape_entities(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

fn is_absolute_url(target: &str) -> bool {
    target.starts_with("http://") || target.starts_with("https://") || target.starts_with("mailto:")
}

/// A Markdown inline link at `start` (a `[`): `[text](url)`. Kept when the URL is
/// absolute; otherwise only its text, since rustdoc would read the target as a path.
fn link(chars: &[char], start: usize) -> Option<(String, usize)> {
    let mut depth = 0;
    let mut close = None;
    for (k, c) in chars.iter().enumerate().skip(start) {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    close = Some(k);
                    break;
                }
            }
            _ => {}
        }
    }
    let close = close?;
    if chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let end = (close + 2..chars.len()).find(|&k| chars.get(k) == Some(&')'))?;
    let target: String = chars.get(close + 2..end)?.iter().collect();
    let target = target.trim();
    let url = target.split_whitespace().next().unwrap_or("");
    let text: String = chars.get(start + 1..close)?.iter().collect();
    let text = inline(&text).replace(['\n', PARAGRAPH, LINE], " ");
    if is_absolute_url(url) && !url.contains(['<', '>']) {
        Some((format!("[{text}]({target})"), end + 1))
    } else {
        Some((text, end + 1))
    }
}

fn starts_url(chars: &[char], i: usize) -> bool {
    let rest: String = chars.iter().skip(i).take(8).collect();
    (rest.starts_with("http://") || rest.starts_with("https://"))
        && (i == 0 || chars.get(i - 1).is_some_and(|c| !c.is_alphanumeric()))
}

fn url_end(chars: &[char], start: usize) -> usize {
    let mut end = start;
    while let Some(c) = chars.get(end) {
        if c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | ')' | ']' | '[' | '(') {
            break;
        }
        end += 1;
    }
    // Trailing punctuation belongs to the sentence.
    while end > start
        && chars
            .get(end - 1)
            .is_some_and(|c| matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '*' | '_'))
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
        let lines = sanitize("Example:\n```\nlet x = 1;\n```\n\n    indented code\n\nafter");
        assert_eq!(
            lines,
            [
                "Example:",
                "```text",
                "let x = 1;",
                "```",
                "",
                "```text",
                "indented code",
                "```",
                "",
                "after"
            ]
        );
        let lines = sanitize("```json\n{}\n```");
        assert_eq!(lines, ["```text", "{}", "```"]);
        let lines = sanitize("```\nunterminated");
        assert_eq!(lines, ["```text", "unterminated", "```"]);
    }

    #[test]
    fn html_brackets_and_urls_are_escaped() {
        assert_eq!(inline("a <unknown> b"), "a &lt;unknown&gt; b");
        assert_eq!(
            inline("see [the docs](https://x.io/a)"),
            "see [the docs](https://x.io/a)"
        );
        assert_eq!(inline("see [the docs](/relative)"), "see the docs");
        assert_eq!(inline("array[0] and [x]"), "array\\[0\\] and \\[x\\]");
        assert_eq!(inline("go to https://x.io/a."), "go to <https://x.io/a>.");
        assert_eq!(inline("`<T>` [kept]"), "`<T>` \\[kept\\]");
        assert_eq!(inline("an <https://x.io> link"), "an <https://x.io> link");
        assert_eq!(inline("one ` tick <a>"), "one \\` tick &lt;a&gt;");
    }

    #[test]
    fn common_html_becomes_markdown() {
        assert_eq!(
            inline(r#"the <a href="https://x.io/y">docs</a>."#),
            "the [docs](https://x.io/y)."
        );
        assert_eq!(inline("<b>bold</b> <code>a<b</code>"), "**bold** `a<b`");
        assert_eq!(sanitize("a<br>b</br>c <br/> <br> d"), ["a", "b", "c", "d"]);
        assert_eq!(sanitize("<p>one</p><p>two</p>"), ["one", "", "two"]);
        assert_eq!(
            sanitize("text\n<p>para</p>\nmore"),
            ["text", "", "para", "", "more"]
        );
        assert_eq!(
            sanitize("<ul><li>one</li><li>two</li></ul>"),
            ["- one", "- two"]
        );
    }

    #[test]
    fn lists_and_tabs_are_tidied() {
        assert_eq!(
            sanitize("- item\ncontinued\n- next\n        far"),
            ["- item", "  continued", "- next", "  far"]
        );
        assert_eq!(sanitize("a\n\tb"), ["a", "    b"]);
        assert_eq!(
            sanitize("*   wide item\nlazy [a\nlink](https://x.io)"),
            ["*   wide item", "    lazy [a link](https://x.io)"]
        );
    }

    /// PagerDuty's notes: a block quote continued on the next line without `>`.
    #[test]
    fn block_quotes_continued_lazily_get_their_marker() {
        assert_eq!(
            sanitize("> **Note:** data may be late.\nScoped OAuth requires: `read`\n\nafter"),
            [
                "> **Note:** data may be late.",
                "> Scoped OAuth requires: `read`",
                "",
                "after"
            ]
        );
        assert_eq!(
            sanitize("- item\n  > quoted\n  more\n- next"),
            ["- item", "  > quoted", "  > more", "- next"]
        );
    }

    /// Sentry's HTML tables with lists in their cells: a paragraph after a blank line
    /// indented past the item's text continues the item, at its text's column; one less
    /// indented ends the list.
    #[test]
    fn paragraphs_after_an_item_are_indented_as_its_text() {
        assert_eq!(
            sanitize("- **one**\n\n    </td>\n    </tr>\n</table>\n\nafter"),
            [
                "- **one**",
                "",
                "  &lt;/td&gt;",
                "  &lt;/tr&gt;",
                "  &lt;/table&gt;",
                "",
                "after"
            ]
        );
        assert_eq!(
            sanitize("1. one\n   - two\n\n       more of two\n\n   more of one"),
            [
                "1. one",
                "   - two",
                "",
                "     more of two",
                "",
                "   more of one"
            ]
        );
    }

    #[test]
    fn code_spans_hold_any_text() {
        assert_eq!(code_span("a"), "`a`");
        assert_eq!(code_span(""), "`\"\"`");
        assert_eq!(code_span("a`b"), "`` a`b ``");
    }
}
