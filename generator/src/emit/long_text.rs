//! Long string literals laid over several lines: a text that does not fit the line it is
//! printed on becomes `concat!("piece", "piece", ...)`, which prettyplease prints one
//! piece a line. Each piece is a whole literal (escaped on its own, so an escape is never
//! split) and the pieces concatenate to the exact text. Used by the `mock` module for the
//! embedded JSON Schema document, default reply bodies and schema places.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::layout::Node;

/// `text` as one literal when it fits in `line` columns (quotes and a comma included),
/// else as `concat!` of pieces of at most `piece` columns each. A text with quotes and no
/// control characters (JSON) is written raw (`r#"{"a":1}"#`), so it reads as it is. A
/// piece ends, where it can, after a `,`, `/`, `:`, `{` or newline, so JSON breaks between
/// members and a JSON pointer between its tokens.
pub(crate) fn literal(text: &str, line: usize, piece: usize) -> TokenStream {
    let (style, pieces) = pieces(text, line, piece);
    let lits: Vec<TokenStream> = pieces.into_iter().map(|p| style.tokens(p)).collect();
    match lits.as_slice() {
        [one] => one.clone(),
        many => quote!(concat!(#(#many),*)),
    }
}

/// [`literal`] as an expression to lay out as text: the literal, or `concat!` of its
/// pieces.
pub(super) fn node(text: &str, line: usize, piece: usize) -> Node {
    let (style, pieces) = pieces(text, line, piece);
    let mut lits: Vec<String> = pieces.into_iter().map(|p| style.text(p)).collect();
    if lits.len() == 1 {
        return Node::Word(lits.remove(0));
    }
    Node::concat(lits)
}

/// How [`literal`] writes `text`, and the pieces it cuts it into (one: not cut).
fn pieces(text: &str, line: usize, piece: usize) -> (Style, Vec<&str>) {
    let style = Style::of(text);
    if style.width(text) < line {
        return (style, vec![text]);
    }
    let max = piece.saturating_sub(style.overhead() + 1).max(8);
    let mut pieces = split(text, max, |c| style.char_width(c));
    if pieces.len() < 2 {
        // Too long for its line, not for one piece: two pieces (`concat!` of one literal
        // is clippy's `useless_concat`).
        let half = (style.width(text) - style.overhead()).div_ceil(2);
        pieces = split(text, half.max(1), |c| style.char_width(c));
    }
    if pieces.len() < 2 {
        return (style, vec![text]);
    }
    (style, pieces)
}

/// How a text is written: escaped (`"a\"b"`), or raw with this many `#`s.
#[derive(Clone, Copy)]
enum Style {
    Escaped,
    Raw(usize),
}

impl Style {
    fn of(text: &str) -> Style {
        if !text.contains('"') || text.chars().any(char::is_control) {
            return Style::Escaped;
        }
        // The fewest `#`s no `"` in the text is followed by.
        let mut hashes = 1;
        while text.contains(&format!("\"{}", "#".repeat(hashes))) {
            hashes += 1;
        }
        Style::Raw(hashes)
    }

    /// The columns of the quotes (and `r` and `#`s).
    fn overhead(self) -> usize {
        match self {
            Style::Escaped => 2,
            Style::Raw(hashes) => 3 + 2 * hashes,
        }
    }

    /// The columns a character takes (escaped, an upper bound: `'`, which a string
    /// literal may leave as it is, counts two).
    fn char_width(self, c: char) -> usize {
        match self {
            Style::Escaped => c.escape_debug().count(),
            Style::Raw(_) => 1,
        }
    }

    fn width(self, text: &str) -> usize {
        self.overhead() + text.chars().map(|c| self.char_width(c)).sum::<usize>()
    }

    fn tokens(self, text: &str) -> TokenStream {
        match self {
            Style::Escaped => {
                let lit = Literal::string(text);
                quote!(#lit)
            }
            Style::Raw(_) => {
                let lit: Literal = self
                    .text(text)
                    .parse()
                    .unwrap_or_else(|_| Literal::string(text));
                quote!(#lit)
            }
        }
    }

    /// The literal's text: `"a\"b"`, or `r#"a"b"#`.
    fn text(self, text: &str) -> String {
        match self {
            Style::Escaped => Literal::string(text).to_string(),
            Style::Raw(hashes) => {
                let hashes = "#".repeat(hashes);
                format!("r{hashes}\"{text}\"{hashes}")
            }
        }
    }
}

/// `text` cut into pieces of at most `max` columns (`width` of each character). A piece
/// ends, where one is in its second half, after a `,`, `/` or newline (between JSON
/// members, pointer tokens, lines), else after a `:` or `{`, else where it is full.
fn split(text: &str, max: usize, width_of: impl Fn(char) -> usize) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut width = 0;
    // Per strength, the byte index after the last cut of that strength in the current
    // piece and the width of the piece up to it.
    let mut cuts: [Option<(usize, usize)>; 2] = [None, None];
    for (i, c) in text.char_indices() {
        let w = width_of(c);
        if width + w > max && i > start {
            let (end, used) = cuts
                .iter()
                .flatten()
                .find(|(_, used)| used * 2 >= max)
                .copied()
                .unwrap_or((i, width));
            pieces.push(&text[start..end]);
            start = end;
            width -= used;
            // A cut past this one stays a cut of the next piece.
            for cut in &mut cuts {
                *cut = cut
                    .filter(|(at, _)| *at > end)
                    .map(|(at, w)| (at, w - used));
            }
        }
        width += w;
        let strength = match c {
            ',' | '/' | '\n' => Some(0),
            ':' | '{' => Some(1),
            _ => None,
        };
        if let Some(strength) = strength {
            cuts[strength] = Some((i + c.len_utf8(), width));
        }
    }
    if start < text.len() {
        pieces.push(&text[start..]);
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pieces of the tokens `literal` made, as the compiler reads them.
    fn pieces(tokens: &TokenStream) -> Vec<String> {
        if let Ok(lit) = syn::parse2::<syn::LitStr>(tokens.clone()) {
            return vec![lit.value()];
        }
        let mac: syn::Macro = syn::parse2(tokens.clone()).expect("concat!");
        assert!(mac.path.is_ident("concat"));
        let lits = mac
            .parse_body_with(
                syn::punctuated::Punctuated::<syn::LitStr, syn::Token![,]>::parse_terminated,
            )
            .expect("string literals");
        lits.iter().map(syn::LitStr::value).collect()
    }

    #[test]
    fn short_text_is_one_literal_raw_when_it_has_quotes() {
        assert_eq!(
            literal("{\"a\":1}", 100, 60).to_string(),
            "r#\"{\"a\":1}\"#"
        );
        assert_eq!(
            literal("{\"$ref\":\"#/a\"}", 100, 60).to_string(),
            "r##\"{\"$ref\":\"#/a\"}\"##"
        );
        assert_eq!(literal("a\n\"b", 100, 60).to_string(), "\"a\\n\\\"b\"");
        assert_eq!(literal("/a/b", 100, 60).to_string(), "\"/a/b\"");
    }

    #[test]
    fn a_text_too_long_for_its_line_but_not_for_a_piece_is_cut_in_two() {
        // `concat!` of one literal would be clippy's `useless_concat`.
        let tokens = literal("/a/b/c/d", 8, 40);
        assert_eq!(pieces(&tokens), ["/a/", "b/c/", "d"]);
        assert_eq!(literal("ab", 3, 40).to_string(), "concat ! (\"a\" , \"b\")");
        assert_eq!(literal("a", 2, 40).to_string(), "\"a\"");
    }

    #[test]
    fn long_text_decodes_to_the_same_bytes_in_pieces_that_fit() {
        let texts = [
            serde_json::json!({
                "components": {"schemas": {"Pet": {"properties": {"name": {"type": "string",
                "pattern": "^[a-z\\\\]+$"}, "note": {"enum": ["tab\there", "quote \" and 'single'",
                "line\nbreak", "ünïcödé ✓ 🦀", "back\\slash", "  spaces  "]}}}}}
            })
            .to_string(),
            "#/paths/~1repos~1%7Bowner%7D~1%7Brepo%7D~1actions~1runs~1%7Brun_id%7D~1attempts/post/requestBody/content/application~1json/schema".to_string(),
            "data: {\"id\":\"string\"}\n\n".repeat(9),
            "\\".repeat(200),
            "🦀".repeat(150),
            "x".repeat(500),
            "{\"a\":\"#\",\"b\":\"##\",\"c\":\"###\"}".repeat(8),
        ];
        for text in texts {
            for max in [20, 60, 84] {
                let tokens = literal(&text, max, max);
                let pieces = pieces(&tokens);
                assert!(pieces.len() > 1, "{text} in {max} columns is one piece");
                assert_eq!(pieces.concat(), text, "the pieces of {text}");
                let printed: Vec<String> = match syn::parse2::<syn::Macro>(tokens.clone()) {
                    Ok(mac) => mac
                        .tokens
                        .into_iter()
                        .map(|t| t.to_string())
                        .filter(|t| t != ",")
                        .collect(),
                    Err(_) => vec![tokens.to_string()],
                };
                for printed in printed {
                    assert!(
                        printed.chars().count() < max,
                        "{printed}, is over {max} columns"
                    );
                }
            }
        }
    }

    #[test]
    fn json_breaks_between_members_rather_than_before_a_value() {
        let text = r#"{"a":{"type":"string"},"bb":{"type":"string"},"ccc":{"type":"integer"}}"#;
        let tokens = literal(text, 30, 36);
        let pieces = pieces(&tokens);
        assert_eq!(pieces.concat(), text);
        assert!(
            pieces.iter().rev().skip(1).all(|p| p.ends_with(',')),
            "{pieces:?}"
        );
    }

    #[test]
    fn pieces_end_after_a_comma_or_slash_where_one_is_near() {
        let text = "#/components/parameters/organization-identifier/schema/properties/x";
        let tokens = literal(text, 30, 30);
        let pieces = pieces(&tokens);
        assert!(
            pieces.iter().rev().skip(1).all(|p| p.ends_with('/')),
            "{pieces:?}"
        );
    }
}
