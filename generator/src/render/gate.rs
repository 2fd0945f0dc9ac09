//! Feature gates: the `#[cfg]` attribute an item the emitter gated is printed with, as
//! tokens before an item to format and as a line before an item emit laid out as text.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[cfg(feature = "a")]` or `#[cfg(any(feature = "a", feature = "b"))]`: compiled with
/// any of `features`; nothing when there are none.
pub(super) fn cfg_attr(features: &[String]) -> TokenStream {
    match features {
        [] => TokenStream::new(),
        [one] => quote!(#[cfg(feature = #one)]),
        many => quote!(#[cfg(any(#(feature = #many),*))]),
    }
}

/// [`cfg_attr`]'s attribute as a line at `indent`, as prettyplease prints it; empty when
/// there are no features.
pub(super) fn cfg_line(features: &[String], indent: &str) -> String {
    let quoted: Vec<String> = features
        .iter()
        .map(|f| format!("feature = {f:?}"))
        .collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => format!("{indent}#[cfg({one})]\n"),
        many => format!("{indent}#[cfg(any({}))]\n", many.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The line is what prettyplease prints for the attribute.
    #[test]
    fn a_gate_line_is_the_formatted_attribute() {
        for features in [
            vec!["repos".to_string()],
            vec!["a".to_string(), "b-c".to_string()],
        ] {
            let attr = cfg_attr(&features);
            let formatted = crate::render::format(quote!(#attr pub struct S;)).expect("formats");
            let line = cfg_line(&features, "");
            assert_eq!(formatted, format!("{line}pub struct S;\n"));
        }
        assert_eq!(cfg_line(&[], "    "), "");
    }
}
