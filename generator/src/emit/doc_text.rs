//! Doc comments of the items emit writes as text: the values of their `#[doc]`
//! attributes ([`crate::docs::doc_values`] and lines emit composes, each after a space)
//! printed as prettyplease prints the attributes, so that a text item's docs read as a
//! formatted item's.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// The values as `#[doc]` attributes, for an item that is still tokens.
pub(super) fn attrs(values: &[String]) -> TokenStream {
    let values = values.iter().map(|v| Literal::string(v));
    quote!(#(#[doc = #values])*)
}

/// Appends the values as doc lines at `indent`: `///`, then the value without trailing
/// spaces (what prettyplease prints for a value on one line that does not start with `/`;
/// any other value is printed by prettyplease itself).
pub(super) fn push(out: &mut String, indent: usize, values: &[String]) {
    for value in values {
        out.extend(std::iter::repeat_n(' ', indent));
        if value.contains('\n') || value.starts_with('/') {
            out.push_str(&by_prettyplease(value));
            continue;
        }
        out.push_str("///");
        out.push_str(value.trim_end_matches(' '));
        out.push('\n');
    }
}

/// The attribute of `value` as prettyplease prints it before an item, ending with a
/// line break.
fn by_prettyplease(value: &str) -> String {
    let item = quote!(#[doc = #value] fn f() {});
    match syn::parse2::<syn::File>(item) {
        Ok(file) => {
            let text = prettyplease::unparse(&file);
            match text.rfind("fn f()") {
                Some(end) => text[..end].to_string(),
                None => text,
            }
        }
        Err(_) => format!("#[doc = {}]\n", Literal::string(value)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Doc lines written as text are the lines prettyplease prints for the attributes,
    /// for plain lines, blank ones, trailing spaces, and a line starting with `/`.
    #[test]
    fn doc_lines_are_prettypleases() {
        let values: Vec<String> = [" One line.", "", " Trailing   ", "/ slash", " a\nb"]
            .iter()
            .map(|v| v.to_string())
            .collect();
        let attrs = attrs(&values);
        let file: syn::File = syn::parse2(quote!(mod m { #attrs fn f() {} })).expect("parses");
        let expected = prettyplease::unparse(&file);
        let mut ours = String::from("mod m {\n");
        push(&mut ours, 4, &values);
        ours.push_str("    fn f() {}\n}\n");
        assert_eq!(ours, expected);
    }
}
