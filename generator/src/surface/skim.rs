//! A module's tokens without what its surface never reads: the bodies of functions and
//! the values of constants. syn builds a syntax tree of everything it parses, and in a
//! generated module most of the text is function bodies and the mock's tables; parsing
//! the signatures alone is several times faster and holds a fraction of the memory.
//!
//! Doc comments go first, line by line ([`without_doc_lines`]). Then it works on tokens,
//! not on syntax: `fn name ... { body }` becomes `fn name ... {}` and
//! `const NAME: T = value;` becomes `const NAME: T = 0;`, in every group, so nested
//! modules and `impl` blocks are skimmed too. A function pointer type (`fn(u8) -> u8`,
//! no name after `fn`) and a `const fn` are left as they are.

use proc_macro2::{Delimiter, Group, Literal, TokenStream, TokenTree};

/// `code` without its doc comment lines (`///` and `//!`, which the surface never reads):
/// a third of a generated module's text, which the lexer then need not read. Generated
/// code has no string literal that spans lines, so such a line is always a comment.
pub(super) fn without_doc_lines(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    for line in code.split_inclusive('\n') {
        let text = line.trim_start();
        if !(text.starts_with("///") || text.starts_with("//!")) {
            out.push_str(line);
        }
    }
    out
}

/// What is being skimmed after the tokens seen so far.
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    /// Nothing: tokens are kept (groups skimmed inside).
    Keep,
    /// After `fn name`: the signature is kept up to the body, or a `;`.
    Signature,
    /// After `const NAME`: the type is kept up to the `=`.
    ConstType,
    /// After a constant's `=`: its value is dropped up to the `;`.
    ConstValue,
}

/// `stream` with every function body empty and every constant's value `0`.
pub(super) fn signatures(stream: TokenStream) -> TokenStream {
    let mut out = Vec::new();
    let mut state = State::Keep;
    let mut tokens = stream.into_iter().peekable();
    while let Some(token) = tokens.next() {
        let next_is_name = matches!(tokens.peek(), Some(TokenTree::Ident(next)) if next != "fn");
        match (state, &token) {
            (State::Keep, TokenTree::Ident(word)) if word == "fn" && next_is_name => {
                state = State::Signature;
            }
            (State::Keep, TokenTree::Ident(word)) if word == "const" && next_is_name => {
                state = State::ConstType;
            }
            (State::Signature, TokenTree::Group(group))
                if group.delimiter() == Delimiter::Brace =>
            {
                let mut empty = Group::new(Delimiter::Brace, TokenStream::new());
                empty.set_span(group.span());
                out.push(TokenTree::Group(empty));
                state = State::Keep;
                continue;
            }
            (State::Signature, TokenTree::Punct(p)) if p.as_char() == ';' => state = State::Keep,
            (State::ConstType, TokenTree::Punct(p)) if p.as_char() == '=' => {
                out.push(token);
                out.push(TokenTree::Literal(Literal::u8_unsuffixed(0)));
                state = State::ConstValue;
                continue;
            }
            (State::ConstType, TokenTree::Punct(p)) if p.as_char() == ';' => state = State::Keep,
            (State::ConstValue, TokenTree::Punct(p)) if p.as_char() == ';' => state = State::Keep,
            (State::ConstValue, _) => continue,
            _ => {}
        }
        out.push(match token {
            TokenTree::Group(group) => {
                let mut skimmed = Group::new(group.delimiter(), signatures(group.stream()));
                skimmed.set_span(group.span());
                TokenTree::Group(skimmed)
            }
            other => other,
        });
    }
    out.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skim(code: &str) -> String {
        signatures(code.parse().unwrap()).to_string()
    }

    #[test]
    fn doc_lines_go() {
        let code = "//! Module.\n/// A.\n    /// B.\npub struct A;\nlet s = \"/// not a doc\";\n";
        assert_eq!(
            without_doc_lines(code),
            "pub struct A;\nlet s = \"/// not a doc\";\n"
        );
    }

    #[test]
    fn bodies_and_values_go_and_signatures_stay() {
        assert_eq!(
            skim("pub fn get(&self, id: u8) -> Option<u8> where u8: Copy { let x = { 1 }; x }"),
            "pub fn get (& self , id : u8) -> Option < u8 > where u8 : Copy { }"
        );
        assert_eq!(
            skim("impl X { const SPEC: &'static Spec = &Spec { a: 1 }; fn f(); }"),
            "impl X { const SPEC : &'static Spec = 0 ; fn f () ; }"
        );
        assert_eq!(
            skim("pub mod m { pub struct S { pub f: fn(u8) -> u8 } pub type F = fn(); }"),
            "pub mod m { pub struct S { pub f : fn (u8) -> u8 } pub type F = fn () ; }"
        );
        assert_eq!(
            skim("pub const fn f() -> u8 { 1 }"),
            "pub const fn f () -> u8 { }"
        );
    }
}
