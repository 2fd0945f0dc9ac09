//! Doc-block placeholders: while a chunk is formatted, each doc block is one placeholder
//! attribute, and its lines replace the placeholder in the formatted text.
//!
//! Spec descriptions are most of the text of large APIs, and quoting each line as a
//! string literal for syn to parse back and prettyplease to print was a large share of
//! formatting time. The result is byte for byte what prettyplease prints for the
//! attributes themselves (tested). This is formatting state only: it never changes what a
//! doc says, which is [`crate::docs`]'s business.

/// Starts a placeholder: a private-use character no sanitized doc line begins with (they
/// begin with a space).
const DOC_MARKER: char = '\u{E000}';

thread_local! {
    /// The doc blocks placeholders stand for, while [`with_doc_table`] runs.
    static DOC_TABLE: std::cell::RefCell<Vec<Vec<String>>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Runs `f` (which emits and formats code) with a placeholder standing in for each doc
/// block, then puts the doc lines in their place: the same text as without placeholders.
pub(crate) fn with_doc_table<E>(f: impl FnOnce() -> Result<String, E>) -> Result<String, E> {
    let outer = DOC_TABLE.with(|table| std::mem::take(&mut *table.borrow_mut()));
    let text = crate::docs::with_doc_stand_in(placeholder, f);
    let blocks = DOC_TABLE.with(|table| std::mem::replace(&mut *table.borrow_mut(), outer));
    let text = text?;
    Ok(expand_doc_placeholders(&text, &blocks))
}

/// The placeholder for a doc block, `<marker>N`, or the block back when prettyplease would
/// not print it as `///` lines: it prints such a value as `///` and the value without
/// trailing spaces, but keeps the attribute for a line break or a leading `/`.
fn placeholder(values: Vec<String>) -> Result<String, Vec<String>> {
    if values
        .iter()
        .any(|v| v.contains('\n') || v.starts_with('/'))
    {
        return Err(values);
    }
    DOC_TABLE.with(|table| {
        let mut blocks = table.borrow_mut();
        blocks.push(values);
        Ok(format!("{DOC_MARKER}{}", blocks.len() - 1))
    })
}

/// Replaces each line `///<marker>N` of formatted code with block `N`'s lines at the same
/// indentation, as prettyplease prints doc attributes: `///`, then the value without
/// trailing spaces.
fn expand_doc_placeholders(text: &str, blocks: &[Vec<String>]) -> String {
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
        let mut raw = String::new();
        let placeheld = with_doc_table(|| {
            raw = format(item(&docs));
            Ok::<_, String>(raw.clone())
        })
        .expect("formats");
        // Every block went through a placeholder (a value starts with a space, so never
        // with `/`).
        assert_eq!(raw.matches("///\u{E000}").count(), 5, "{raw}");
        assert_eq!(placeheld, plain);
    }
}
