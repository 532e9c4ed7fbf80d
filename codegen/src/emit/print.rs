//! Token streams → formatted source text with the `@generated` header (prettyplease stays here).

use proc_macro2::TokenStream;
use syn::{File, Item};

/// Formats `tokens` as a Rust file and prepends the header comment.
///
/// Paths are shortened first (`paths`). prettyplease prints a macro invocation's tokens
/// unformatted, so an invocation that wraps one item (`runtime::object_struct! { … }`) is
/// printed as that item, indented inside the invocation's braces.
///
/// Fails only on a generator bug: tokens that are not a valid Rust file.
pub fn rust_file(tokens: TokenStream, header: &str) -> Result<String, String> {
    // Parsed without a copy of the tokens: this runs for every file and dominates the time.
    let mut file: File = syn::parse2(tokens).map_err(|error| {
        format!("internal error: the generator produced invalid Rust ({error}); please report it with the spec")
    })?;
    let mut wrapped = super::paths::shorten(&mut file).into_iter().peekable();
    let mut out = format!("// {header}\n");
    let mut plain = File {
        shebang: None,
        attrs: std::mem::take(&mut file.attrs),
        items: Vec::new(),
    };
    for (index, item) in file.items.into_iter().enumerate() {
        let inner = wrapped
            .next_if(|(at, _)| *at == index)
            .map(|(_, inner)| inner);
        match (item, inner) {
            (Item::Macro(invocation), Some(inner)) => {
                flush(&mut plain, &mut out);
                wrapping_macro(&invocation.mac.path, inner, &mut out);
            }
            (item, _) => plain.items.push(item),
        }
    }
    flush(&mut plain, &mut out);
    Ok(out)
}

/// Prints the items gathered so far (and the file's inner attributes, the first time).
fn flush(plain: &mut File, out: &mut String) {
    if plain.attrs.is_empty() && plain.items.is_empty() {
        return;
    }
    out.push_str(&prettyplease::unparse(plain));
    plain.attrs.clear();
    plain.items.clear();
}

/// `path! {` + `inner` as prettyplease prints it, indented + `}`.
fn wrapping_macro(path: &syn::Path, inner: Item, out: &mut String) {
    if path.leading_colon.is_some() {
        out.push_str("::");
    }
    let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
    out.push_str(&segments.join("::"));
    out.push_str("! {\n");
    let body = prettyplease::unparse(&File {
        shebang: None,
        attrs: Vec::new(),
        items: vec![inner],
    });
    for line in body.lines() {
        if !line.is_empty() {
            out.push_str("    ");
        }
        out.push_str(line);
        out.push('\n');
    }
    out.push_str("}\n");
}
