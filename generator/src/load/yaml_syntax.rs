//! yaml-rust2's syntax errors in libyaml's words, at libyaml's positions: what the
//! diagnostics said while serde_yaml (libyaml) read YAML. libyaml names the problem first
//! and the place at the offending token (`did not find expected key` at the key that is
//! indented wrongly, `while parsing a block mapping at line 7 column 5`); yaml-rust2 names
//! the context first and often places the error after the token.
//!
//! Only the error path comes here, so it may scan the text; it must never panic. An error
//! yaml-rust2 words in a way not listed keeps its words, problem first.

use yaml_rust2::scanner::{Marker, ScanError};

use crate::diag::Location;

/// The innermost collection open when the error came.
#[derive(Debug, Clone, Copy)]
pub(super) struct Open {
    pub mapping: bool,
    /// Where it starts (a block mapping: its first key).
    pub start: Marker,
}

/// The error's position and message as libyaml gave them.
pub(super) fn libyaml_words(
    error: &ScanError,
    text: &str,
    open: Option<Open>,
) -> (Option<Location>, String) {
    let mark = *error.marker();
    let info = error.info();
    let at = location(mark);
    let words = match info {
        "while parsing a block mapping, did not find expected key"
        | "while parsing a block collection, did not find expected '-' indicator" => {
            expected(text, open, token_start(text, mark))
        }
        "while parsing a flow sequence, expected ',' or ']'"
        | "while parsing a flow mapping, did not find expected ',' or '}'"
        | "invalid trailing content after double-quoted scalar"
        | "illegal placement of ':' indicator" => expected(text, open, at),
        "did not find expected <document start>" => Some(Words {
            problem: "did not find expected <document start>",
            at: token_start(text, mark),
            context: None,
        }),
        "while parsing a node, did not find expected node content" => {
            let flow = open.is_some_and(|open| is_flow(text, open.start));
            Some(Words {
                problem: "did not find expected node content",
                at,
                context: Some((
                    if flow {
                        "while parsing a flow node"
                    } else {
                        "while parsing a block node"
                    },
                    at,
                )),
            })
        }
        "while parsing node, found unknown anchor" => Some(Words {
            problem: "unknown anchor",
            at,
            context: None,
        }),
        "tabs disallowed within this context (block indentation)" => {
            Some(cannot_start_token(first_tab(text, mark.line()).unwrap_or(at)))
        }
        "while scanning a quoted scalar, found unexpected end of stream" => Some(Words {
            problem: "found unexpected end of stream",
            at: end_of(text),
            context: Some(("while scanning a quoted scalar", at)),
        }),
        "while parsing a quoted scalar, found unknown escape character"
        | "while parsing a quoted scalar, did not find expected hexadecimal number"
        | "while parsing a quoted scalar, found invalid Unicode character escape code" => {
            bad_escape(text, mark).map(|(problem, place)| Words {
                problem,
                at: place,
                context: Some(("while parsing a quoted scalar", at)),
            })
        }
        "while scanning a block scalar, did not find expected comment or line break"
        | "while scanning a block scalar, found an indentation indicator equal to 0" => {
            let zero = info.ends_with("equal to 0");
            Some(Words {
                problem: if zero {
                    "found an indentation indicator equal to 0"
                } else {
                    "did not find expected comment or line break"
                },
                at: after_block_header(text, mark, zero),
                context: Some(("while scanning a block scalar", at)),
            })
        }
        "while scanning an anchor or alias, did not find expected alphabetic or numeric character" => {
            let alias = walk(text, mark).next().is_some_and(|(c, _)| c == '*');
            Some(Words {
                problem: "did not find expected alphabetic or numeric character",
                at: Location {
                    column: at.column + 1,
                    ..at
                },
                context: Some((
                    if alias {
                        "while scanning an alias"
                    } else {
                        "while scanning an anchor"
                    },
                    at,
                )),
            })
        }
        "while scanning a plain scalar, found a tab" => Some(Words {
            problem: "found a tab character that violates indentation",
            at: ((mark.line() + 1)..=text.split('\n').count())
                .find_map(|line| first_tab(text, line))
                .unwrap_or(at),
            context: Some(("while scanning a plain scalar", at)),
        }),
        "simple key expect ':'" => Some(Words {
            problem: "could not find expected ':'",
            at,
            context: last_content_line(text, mark.line())
                .map(|start| ("while scanning a simple key", start)),
        }),
        _ if info.starts_with("unexpected character: ") => Some(cannot_start_token(at)),
        _ => None,
    };
    match words {
        Some(words) => (Some(words.at), words.message()),
        // Problem first, as libyaml words it: `while scanning X, found Y` -> `found Y,
        // while scanning X`.
        None => match info.split_once(", ") {
            Some((context, problem)) if context.starts_with("while ") => {
                (Some(at), format!("{problem}, {context}"))
            }
            _ => (Some(at), info.to_string()),
        },
    }
}

struct Words {
    problem: &'static str,
    at: Location,
    /// What libyaml was reading, and where that starts.
    context: Option<(&'static str, Location)>,
}

impl Words {
    /// `problem, context at line L column C`, the context's place left out where it is
    /// the problem's or the very start of the text (as serde_yaml printed them).
    fn message(&self) -> String {
        let mut message = self.problem.to_string();
        if let Some((context, start)) = self.context {
            message.push_str(", ");
            message.push_str(context);
            if start != self.at && start != (Location { line: 1, column: 1 }) {
                message.push_str(&format!(" at line {} column {}", start.line, start.column));
            }
        }
        message
    }
}

/// What the innermost open collection expected next, at `at`.
fn expected(text: &str, open: Option<Open>, at: Location) -> Option<Words> {
    let open = open?;
    let flow = is_flow(text, open.start);
    let (problem, context) = match (open.mapping, flow) {
        (true, false) => ("did not find expected key", "while parsing a block mapping"),
        (false, false) => (
            "did not find expected '-' indicator",
            "while parsing a block collection",
        ),
        (false, true) => (
            "did not find expected ',' or ']'",
            "while parsing a flow sequence",
        ),
        (true, true) => (
            "did not find expected ',' or '}'",
            "while parsing a flow mapping",
        ),
    };
    // libyaml starts a block mapping at its first key's anchor or tag, if any.
    let start = if open.mapping && !flow {
        node_start(text, open.start)
    } else {
        location(open.start)
    };
    Some(Words {
        problem,
        at,
        context: Some((context, start)),
    })
}

fn cannot_start_token(at: Location) -> Words {
    Words {
        problem: "found character that cannot start any token",
        at,
        context: Some(("while scanning for the next token", at)),
    }
}

/// Whether the collection starting at `start` is a flow collection (`[` or `{`).
fn is_flow(text: &str, start: Marker) -> bool {
    matches!(text.chars().nth(start.index()), Some('[' | '{'))
}

/// The line `line` (1-based) without its line break.
fn line_of(text: &str, line: usize) -> &str {
    let found = text.split('\n').nth(line.saturating_sub(1)).unwrap_or("");
    found.strip_suffix('\r').unwrap_or(found)
}

/// Where a node starts, its anchor and tag included: yaml-rust2 marks a node after them.
pub(super) fn node_start(text: &str, mark: Marker) -> Location {
    let line: Vec<char> = line_of(text, mark.line()).chars().collect();
    let mut column = mark.col().min(line.len());
    loop {
        let before = line.get(..column).unwrap_or(&[]);
        let end = before
            .iter()
            .rposition(|c| !matches!(c, ' ' | '\t'))
            .map_or(0, |i| i + 1);
        let token = before
            .get(..end)
            .and_then(|b| b.iter().rposition(|c| matches!(c, ' ' | '\t')))
            .map_or(0, |i| i + 1);
        match before.get(token) {
            Some('!' | '&') if token < end => column = token,
            _ => break,
        }
    }
    Location {
        line: mark.line(),
        column: column + 1,
    }
}

/// Where libyaml found the token that does not fit: yaml-rust2 places a key that starts a
/// mapping at its `:`, and sometimes a sequence entry after its `-`; libyaml places both
/// at the first character of the line.
fn token_start(text: &str, mark: Marker) -> Location {
    let line: Vec<char> = line_of(text, mark.line()).chars().collect();
    let first = line.iter().take_while(|c| **c == ' ').count();
    let before = line.get(first..mark.col()).unwrap_or(&[]);
    let dashes_only = !before.is_empty() && before.iter().all(|c| matches!(c, '-' | ' '));
    if first < mark.col() && (line.get(mark.col()) == Some(&':') || dashes_only) {
        Location {
            line: mark.line(),
            column: first + 1,
        }
    } else {
        location(mark)
    }
}

/// The first tab of a line's indentation, where libyaml stops.
fn first_tab(text: &str, line: usize) -> Option<Location> {
    let column = line_of(text, line)
        .chars()
        .take_while(|c| matches!(c, ' ' | '\t'))
        .position(|c| c == '\t')?;
    Some(Location {
        line,
        column: column + 1,
    })
}

/// The characters of `text` from `mark` on, each with its position.
fn walk(text: &str, mark: Marker) -> impl Iterator<Item = (char, Location)> + '_ {
    let start = text
        .split_inclusive('\n')
        .take(mark.line().saturating_sub(1))
        .map(str::len)
        .sum::<usize>();
    let mut at = Location {
        line: mark.line(),
        column: 1,
    };
    text.get(start..)
        .unwrap_or("")
        .chars()
        .map(move |c| {
            let here = at;
            if c == '\n' {
                at = Location {
                    line: at.line + 1,
                    column: 1,
                };
            } else {
                at.column += 1;
            }
            (c, here)
        })
        .skip(mark.col())
}

/// The first escape in the double-quoted scalar starting at `mark` that libyaml refuses:
/// its problem, and where libyaml stopped (the `\`, or the first hexadecimal digit).
fn bad_escape(text: &str, mark: Marker) -> Option<(&'static str, Location)> {
    let mut chars = walk(text, mark).skip(1);
    while let Some((c, at)) = chars.next() {
        match c {
            '"' => return None,
            '\\' => {}
            _ => continue,
        }
        let (escape, digits_at) = chars.next()?;
        let length = match escape {
            'x' => 2,
            'u' => 4,
            'U' => 8,
            '0' | 'a' | 'b' | 't' | '\t' | 'n' | 'v' | 'f' | 'r' | 'e' | ' ' | '"' | '/' | '\\'
            | 'N' | '_' | 'L' | 'P' | '\r' | '\n' => continue,
            _ => return Some(("found unknown escape character", at)),
        };
        let digits: String = chars.by_ref().take(length).map(|(c, _)| c).collect();
        let digits_at = Location {
            column: digits_at.column + 1,
            ..digits_at
        };
        let Ok(code) = u32::from_str_radix(&digits, 16) else {
            return Some(("did not find expected hexadecimal number", digits_at));
        };
        if digits.len() < length || digits.starts_with(['+', '-']) {
            return Some(("did not find expected hexadecimal number", digits_at));
        }
        if char::from_u32(code).is_none() {
            return Some(("found invalid Unicode character escape code", digits_at));
        }
    }
    None
}

/// Where libyaml stopped in a block scalar's header (`|` or `>`, then a chomping and an
/// indentation indicator in either order, then blanks): at a `0` indentation indicator,
/// or after the header.
fn after_block_header(text: &str, mark: Marker, zero: bool) -> Location {
    let mut chars = walk(text, mark).skip(1).peekable();
    let indicator = |c: &char| matches!(c, '+' | '-' | '0'..='9');
    if let Some((c, at)) = chars.next_if(|(c, _)| indicator(c)) {
        if zero && c == '0' {
            return at;
        }
        // The other kind of indicator may follow.
        let other = |d: &char| indicator(d) && d.is_ascii_digit() != c.is_ascii_digit();
        if let Some((d, at)) = chars.next_if(|(d, _)| other(d)) {
            if zero && d == '0' {
                return at;
            }
        }
    }
    while chars.next_if(|(c, _)| matches!(c, ' ' | '\t')).is_some() {}
    chars.next().map_or_else(|| end_of(text), |(_, at)| at)
}

/// The start of the last line before `line` with something other than a comment: where
/// the simple key libyaml was reading starts.
fn last_content_line(text: &str, line: usize) -> Option<Location> {
    (1..line).rev().find_map(|l| {
        let content = line_of(text, l);
        let trimmed = content.trim_start_matches([' ', '\t']);
        (!trimmed.is_empty() && !trimmed.starts_with('#')).then(|| Location {
            line: l,
            column: content.chars().count() - trimmed.chars().count() + 1,
        })
    })
}

/// The position after the last character, where libyaml reports the end of the stream.
fn end_of(text: &str) -> Location {
    let (line, last) = match text.rfind('\n') {
        Some(i) => (
            text.matches('\n').count() + 1,
            text.get(i + 1..).unwrap_or(""),
        ),
        None => (1, text),
    };
    Location {
        line,
        column: last.chars().count() + 1,
    }
}

/// yaml-rust2 markers have a 1-based line and a 0-based column.
pub(super) fn location(mark: Marker) -> Location {
    Location {
        line: mark.line(),
        column: mark.col() + 1,
    }
}

#[cfg(test)]
mod tests {
    use crate::load::yaml::{parse, YamlError};

    /// Each text with libyaml's error for it (as serde_yaml reported it): `line:column
    /// message`.
    #[test]
    fn errors_in_libyaml_words_and_places() {
        let cases = [
            ("a: [1\n", "2:1 did not find expected ',' or ']', while parsing a flow sequence at line 1 column 4"),
            ("a: {b: 1\n", "2:1 did not find expected ',' or '}', while parsing a flow mapping at line 1 column 4"),
            ("a:\n  b:\n    c: 1\n   d: 2\n", "4:4 did not find expected key, while parsing a block mapping at line 2 column 3"),
            ("a:\n  b: 1\n c: 2\n", "3:2 did not find expected key, while parsing a block mapping"),
            ("k: v\nb: \"x\"y\n", "2:7 did not find expected key, while parsing a block mapping"),
            ("install:\n  - a\n- b\n", "3:1 did not find expected key, while parsing a block mapping"),
            ("a:\n  - 1\n  b: 2\n", "3:3 did not find expected '-' indicator, while parsing a block collection at line 2 column 3"),
            ("a:\n  - in: x\n    n: y\n   t: z\n", "4:4 did not find expected '-' indicator, while parsing a block collection at line 2 column 3"),
            ("- a\nb: 1\n", "2:1 did not find expected '-' indicator, while parsing a block collection"),
            ("a: [1, 2\nb: 3\n", "2:2 did not find expected ',' or ']', while parsing a flow sequence at line 1 column 4"),
            ("]\n", "1:1 did not find expected node content, while parsing a block node"),
            ("a: }\n", "1:4 did not find expected node content, while parsing a block node"),
            ("a: *nope\n", "1:4 unknown anchor"),
            ("a: @x\n", "1:4 found character that cannot start any token, while scanning for the next token"),
            ("a:\n\tb: 1\n", "2:1 found character that cannot start any token, while scanning for the next token"),
            ("a:\n\t\t- 1\n", "2:1 found character that cannot start any token, while scanning for the next token"),
            ("a: \"abc\n", "2:1 found unexpected end of stream, while scanning a quoted scalar at line 1 column 4"),
            ("a: \"x\\qy\"\n", "1:6 found unknown escape character, while parsing a quoted scalar at line 1 column 4"),
            ("a: \"one\n  two \\d+\"\n", "2:7 found unknown escape character, while parsing a quoted scalar at line 1 column 4"),
            ("a:\n  b: \"ab\\x4Gy\"\n", "2:11 did not find expected hexadecimal number, while parsing a quoted scalar at line 2 column 6"),
            ("a: \"\\uD800\"\n", "1:7 found invalid Unicode character escape code, while parsing a quoted scalar at line 1 column 4"),
            ("name: >first\n", "1:8 did not find expected comment or line break, while scanning a block scalar at line 1 column 7"),
            ("a: |0\n  x\n", "1:5 found an indentation indicator equal to 0, while scanning a block scalar at line 1 column 4"),
            ("a: & x\n", "1:5 did not find expected alphabetic or numeric character, while scanning an anchor at line 1 column 4"),
            ("b: * x\n", "1:5 did not find expected alphabetic or numeric character, while scanning an alias at line 1 column 4"),
            ("a: b\n\tc\n", "2:1 found a tab character that violates indentation, while scanning a plain scalar at line 1 column 4"),
            ("\"a\": 1\n\"b\":2\n", "3:1 could not find expected ':', while scanning a simple key at line 2 column 1"),
            ("a: b: c\n", "1:5 mapping values are not allowed in this context"),
            ("a: -\n", "1:4 block sequence entries are not allowed in this context"),
        ];
        for (text, expected) in cases {
            let found = match parse(text) {
                Err(YamlError::Syntax { location, message }) => {
                    let at =
                        location.map_or(String::new(), |l| format!("{}:{} ", l.line, l.column));
                    format!("{at}{message}")
                }
                other => format!("{other:?}"),
            };
            assert_eq!(found, expected, "{text:?}");
        }
    }

    #[test]
    fn never_panics_on_odd_text() {
        for text in [
            "{",
            "}",
            "]:",
            ": :",
            "- - -\n  :",
            "\t",
            "a: b: c",
            "? ? ?",
            "&a *a",
            "!",
            "!<",
            "%",
            "%YAML",
            "%TAG",
            "'",
            "\"\\",
            "\"\\x",
            "|",
            ">9",
            "a: |\n\t",
            "*",
            "&",
            "---\n...\n...",
            "a:\t",
            ":\t-",
            "\u{85}",
            "a: \"\\U0010FFFF\"",
            "a: 'x\n",
            "é: |\n  ü\n  \"\\q",
        ] {
            let _ = parse(text);
        }
    }
}
