//! Doc comments laid out within 100 columns, as rustfmt's `wrap_comments` lays out a
//! person's: a `///` or `//!` line of prose over the width is broken at the last space
//! that fits, each continuation with the same `///` and the indentation a list item's
//! text needs. Markdown reads the same either way (a line break in a paragraph is a
//! space). What a break would change is left as it is: code blocks, tables, headings,
//! HTML, block quotes, indented code, link definitions, and a word longer than the line
//! (a URL); a line is never broken where its rest would start a block (a list item, a
//! heading, a quote, a fence) or where its first part would end in a hard break (`\`).
//!
//! One linear pass over the formatted text; nothing else of the text changes.

/// The widest a line may be, in characters.
pub(super) const WIDTH: usize = 100;

/// `text` with every doc comment line of prose over [`WIDTH`] broken to fit.
pub(super) fn doc_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 32);
    let mut in_fence = false;
    for line in text.split_inclusive('\n') {
        let (line, newline) = match line.strip_suffix('\n') {
            Some(line) => (line, "\n"),
            None => (line, ""),
        };
        let Some(doc) = DocLine::parse(line) else {
            in_fence = false;
            out.push_str(line);
            out.push_str(newline);
            continue;
        };
        let fence = is_fence(doc.body.trim_start());
        if fence || in_fence || line.chars().count() <= WIDTH || !is_prose(doc.body) {
            in_fence ^= fence;
            out.push_str(line);
            out.push_str(newline);
            continue;
        }
        doc.wrap(&mut out);
        out.push_str(newline);
    }
    out
}

/// A line of a doc comment: its indentation and `///` (or `//!`), and its text after the
/// one space that follows.
struct DocLine<'a> {
    /// The indentation and the marker, with the space after it (`    /// `).
    head: &'a str,
    /// The text.
    body: &'a str,
}

impl<'a> DocLine<'a> {
    fn parse(line: &'a str) -> Option<DocLine<'a>> {
        let indent = line.len() - line.trim_start().len();
        let rest = &line[indent..];
        if !(rest.starts_with("///") || rest.starts_with("//!")) || rest.starts_with("////") {
            return None;
        }
        let head_len = indent + 3 + usize::from(rest[3..].starts_with(' '));
        Some(DocLine {
            head: &line[..head_len],
            body: &line[head_len..],
        })
    }

    /// Writes the line broken to fit (without the last newline).
    fn wrap(&self, out: &mut String) {
        let lead = self.body.len() - self.body.trim_start().len();
        let marker = list_marker(&self.body[lead..]);
        // The text starts after the indentation and a list item's marker; continuations
        // are indented to it.
        let start = lead + marker;
        let continuation = " ".repeat(start);
        let mut first = true;
        let mut rest = self.body;
        loop {
            let (head, skip) = if first {
                (self.head.chars().count(), start)
            } else {
                (self.head.chars().count() + start, 0)
            };
            let prefix = if first { "" } else { continuation.as_str() };
            match break_at(rest, skip, WIDTH.saturating_sub(head)) {
                Some(at) => {
                    out.push_str(self.head);
                    out.push_str(prefix);
                    out.push_str(rest[..at].trim_end());
                    out.push('\n');
                    rest = rest[at..].trim_start();
                    first = false;
                }
                None => {
                    out.push_str(self.head);
                    out.push_str(prefix);
                    out.push_str(rest);
                    return;
                }
            }
        }
    }
}

/// Where to break `text` (whose first `skip` bytes are its indentation and marker) so
/// its first part fits in `room` characters: the last space that fits and may be broken
/// at, outside a code span if one fits (`` `GET /pets` `` stays whole), or else the first
/// one past the room (a long word then stands alone). `None` when `text` fits, or has no
/// space to break at.
fn break_at(text: &str, skip: usize, room: usize) -> Option<usize> {
    if text.chars().count() <= room {
        return None;
    }
    let (mut outside, mut inside) = (None, None);
    let mut columns = 0;
    let mut in_code = false;
    for (i, c) in text.char_indices() {
        columns += 1;
        in_code ^= c == '`';
        if c != ' ' || i < skip || !may_break(text, i) {
            continue;
        }
        let fitting = if in_code { &mut inside } else { &mut outside };
        if columns - 1 <= room {
            *fitting = Some(i);
        } else {
            return outside.or(inside).or(Some(i));
        }
    }
    outside.or(inside)
}

/// Whether the space at `at` may become a line break: text before it and after it, the
/// part before not ending in a hard break (`\`), the part after not starting a block.
fn may_break(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end();
    let after = text[at..].trim_start();
    let word = after.split(' ').next().unwrap_or("");
    !before.trim_start().is_empty()
        && !after.is_empty()
        && !before.ends_with('\\')
        && !starts_block(word)
}

/// Whether a line that starts with `word` starts a Markdown block (and so would end the
/// paragraph it continued): a list item, a heading, a quote, a fence, HTML, a table row,
/// a rule or a heading's underline.
fn starts_block(word: &str) -> bool {
    let digits = word.trim_start_matches(|c: char| c.is_ascii_digit());
    word.starts_with(['#', '>', '<', '|'])
        || is_fence(word)
        || (!word.is_empty()
            && word
                .chars()
                .all(|c| matches!(c, '-' | '*' | '_' | '=' | '+')))
        || (digits.len() < word.len() && matches!(digits, "." | ")"))
}

/// Whether a doc line's text is prose a break leaves as it reads: not a table row, a
/// heading, HTML, a quote, a link definition or indented code.
fn is_prose(body: &str) -> bool {
    let text = body.trim_start();
    let indent = body.len() - text.len();
    let link_definition = text.starts_with('[') && text.contains("]:");
    !(text.is_empty() || indent >= 4 || text.starts_with(['|', '#', '<', '>']) || link_definition)
}

/// A code fence's line (` ``` ` or `~~~`, with its info string).
fn is_fence(text: &str) -> bool {
    text.starts_with("```") || text.starts_with("~~~")
}

/// The width of a list item's marker and the spaces after it (`- `, `*   `, `1. `), or 0:
/// the column its text starts at, where CommonMark wants a continuation line. One to four
/// spaces belong to the marker; after five or more, the text is indented code and starts
/// one space after the marker.
fn list_marker(text: &str) -> usize {
    let bullet = usize::from(text.starts_with(['-', '*', '+']));
    let digits = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let marker = if bullet == 1 {
        1
    } else if (1..=9).contains(&digits) && text[digits..].starts_with(['.', ')']) {
        digits + 1
    } else {
        return 0;
    };
    let after = &text[marker..];
    let spaces = after.len() - after.trim_start_matches(' ').len();
    match spaces {
        0 => 0,
        1..=4 => marker + spaces,
        _ => marker + 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wrapped(text: &str) -> Vec<String> {
        doc_lines(text).lines().map(str::to_string).collect()
    }

    fn assert_fits(lines: &[String]) {
        for line in lines {
            assert!(line.chars().count() <= WIDTH, "{line:?} is over {WIDTH}");
        }
    }

    #[test]
    fn prose_is_broken_at_the_last_space_that_fits() {
        let words = "word ".repeat(40);
        let line = format!("    /// {}", words.trim_end());
        let lines = wrapped(&format!("{line}\n    pub fn f() {{}}\n"));
        assert_fits(&lines);
        assert!(lines.len() == 4, "{lines:#?}");
        assert!(lines[..3].iter().all(|l| l.starts_with("    /// word")));
        assert_eq!(lines[3], "    pub fn f() {}");
        // The same words, in the same order: Markdown reads it the same.
        let joined: Vec<&str> = lines[..3]
            .iter()
            .flat_map(|l| l.trim_start_matches("    /// ").split(' '))
            .collect();
        assert_eq!(joined.join(" "), words.trim_end());
        // Inner docs too, and what fits is left alone.
        let inner = format!("//! {}", "a ".repeat(60).trim_end());
        assert_fits(&wrapped(&inner));
        assert_eq!(wrapped("/// short\n"), ["/// short"]);
    }

    #[test]
    fn a_list_item_continues_indented_to_its_text() {
        let item = format!("/// - {}", "item ".repeat(30).trim_end());
        let lines = wrapped(&item);
        assert_fits(&lines);
        assert!(lines[1].starts_with("///   item"), "{lines:#?}");
        let numbered = format!("/// 12. {}", "item ".repeat(30).trim_end());
        assert!(wrapped(&numbered)[1].starts_with("///     item"));
        // GitHub writes `*   **Timeline**: ...`: the text starts four columns in, and a
        // continuation indented less is a lazy one (clippy's `doc_lazy_continuation`).
        let spaced = format!("/// *   {}", "item ".repeat(30).trim_end());
        assert!(wrapped(&spaced)[1].starts_with("///     item"));
        let spaced = format!("/// 1.  {}", "item ".repeat(30).trim_end());
        assert!(wrapped(&spaced)[1].starts_with("///     item"));
    }

    #[test]
    fn what_a_break_would_change_is_left_alone() {
        let long = "x ".repeat(60);
        let long = long.trim_end();
        let kept = [
            format!("/// ```\n/// {long}\n/// ```"),
            format!("/// | {long} |"),
            format!("/// # {long}"),
            format!("/// <p>{long}</p>"),
            format!("/// > {long}"),
            format!("///     {long}"),
            format!("/// [link]: https://example.com/{long}"),
            format!("// {long}"),
            format!("let s = \"{long}\";"),
        ];
        for text in kept {
            assert_eq!(doc_lines(&text), text);
        }
        // A code span is kept whole where a break before it fits.
        let span = format!("/// {} `GET /pets/{{id}}` after", "a ".repeat(44));
        let lines = wrapped(&span);
        assert_eq!(lines[1], "/// `GET /pets/{id}` after", "{lines:#?}");
        // A word longer than the line stands alone on its own line.
        let url = format!("https://example.com/{}", "a".repeat(120));
        let lines = wrapped(&format!("/// See {url} for more."));
        assert_eq!(lines, ["/// See", &format!("/// {url}"), "/// for more."]);
    }

    #[test]
    fn any_text_keeps_its_words_and_wraps_once() {
        let words = [
            "é",
            "ß",
            "日本語",
            "\t",
            "x",
            "``",
            "[a](b)",
            "-x",
            "1",
            "2.5",
            "—",
        ];
        let mut texts = vec![
            "///".to_string(),
            "//!x".to_string(),
            format!("///{}", "y".repeat(120)),
            format!("    ///    {}", "é ".repeat(80)),
            format!("/// -{}", " ".repeat(120)),
            format!("/// 1) {}", "日本 ".repeat(50)),
        ];
        for n in 0..40 {
            let line: Vec<&str> = (0..60).map(|i| words[(i * 7 + n) % words.len()]).collect();
            texts.push(format!("{}/// {}", " ".repeat(n % 9), line.join(" ")));
        }
        for text in texts {
            let once = doc_lines(&text);
            assert_eq!(doc_lines(&once), once, "wrapping {text:?} again changes it");
            let words = |t: &str| -> Vec<String> {
                t.lines()
                    .flat_map(|l| {
                        l.trim_start()
                            .trim_start_matches(['/', '!'])
                            .split_whitespace()
                    })
                    .map(str::to_string)
                    .collect()
            };
            assert_eq!(words(&once), words(&text), "{text:?}");
        }
    }

    #[test]
    fn no_break_starts_a_block_or_makes_a_hard_break() {
        let text = format!(
            "/// {} - 1. # > ``` === 2) {}",
            "a".repeat(88),
            "b ".repeat(20)
        );
        let lines = wrapped(&text);
        for line in &lines[1..] {
            let first = line
                .trim_start_matches("/// ")
                .split(' ')
                .next()
                .unwrap_or("");
            assert!(!starts_block(first), "{line:?} starts a block");
        }
        let slash = format!("/// {}\\ {}", "a".repeat(94), "b ".repeat(10));
        let lines = wrapped(&slash);
        assert!(lines.iter().all(|l| !l.ends_with('\\')), "{lines:#?}");
    }
}
