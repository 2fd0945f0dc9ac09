//! Doc-block placeholders put back: emit stands one placeholder attribute in for each
//! doc block and keeps the blocks beside the code ([`crate::docs::with_doc_blocks`]);
//! once the code is formatted, each placeholder line becomes its block's lines.
//!
//! The result is byte for byte what prettyplease prints for the attributes themselves
//! (tested). This is formatting only: it never changes what a doc says, which is
//! [`crate::docs`]'s business.

use crate::docs::DOC_PLACEHOLDER as DOC_MARKER;

/// Replaces each line `///<marker>N` of formatted code with block `N`'s lines at the same
/// indentation, as prettyplease prints doc attributes: `///`, then the value without
/// trailing spaces.
pub(super) fn expand_doc_placeholders(text: &str, blocks: &[Vec<String>]) -> String {
    let prefix = format!("///{DOC_MARKER}");
    if blocks.is_empty() || !text.contains(&prefix) {
        return text.to_string();
    }
    let mut out = String::with_capacity(
        text.len() + blocks.iter().flatten().map(|l| l.len() + 12).sum::<usize>(),
    );
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let block = trimmed
            .strip_prefix(&prefix)
            .and_then(|rest| rest.trim_end().parse::<usize>().ok())
            .and_then(|index| blocks.get(index));
        match block {
            Some(block) => {
                let indent = &line[..line.len() - trimmed.len()];
                for value in block {
                    out.push_str(indent);
                    out.push_str("///");
                    out.push_str(value.trim_end_matches(' '));
                    out.push('\n');
                }
            }
            None => out.push_str(line),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use proc_macro2::TokenStream;
    use quote::quote;

    use super::*;
    use crate::docs::doc_attrs;

    /// Placeholders change nothing: the same docs formatted with and without them give
    /// the same text, at any indentation, for trailing spaces, blank lines, a line that
    /// starts with `/` and text that looks like a placeholder.
    #[test]
    fn doc_placeholders_expand_to_what_prettyplease_prints() {
        let docs = [
            "One line.",
            "Trailing spaces   \n\nafter a blank line",
            "/ starts with a slash",
            "\u{E000}0 looks like a placeholder",
            "Markdown: *a*, `b`, <https://example.com>\n\n- item\n- item",
        ];
        let item = |docs: &[&str]| {
            let attrs: Vec<TokenStream> = docs.iter().map(|d| doc_attrs(Some(d))).collect();
            let (a, b, c, d, e) = (&attrs[0], &attrs[1], &attrs[2], &attrs[3], &attrs[4]);
            quote! {
                #a
                pub mod m {
                    #b
                    pub struct S {
                        #c
                        pub f: u8,
                    }
                    #d
                    pub fn g() {}
                }
                #e
                pub struct T;
            }
        };
        let format = |tokens| crate::render::format(tokens).expect("formats");
        let plain = format(item(&docs));
        let (tokens, blocks) = crate::docs::with_doc_blocks(|| item(&docs));
        let raw = format(tokens);
        // Every block went through a placeholder (a value starts with a space, so never
        // with `/`).
        assert_eq!(raw.matches("///\u{E000}").count(), 5, "{raw}");
        let placeheld = expand_doc_placeholders(&raw, &blocks);
        assert_eq!(placeheld, plain);
    }
}
