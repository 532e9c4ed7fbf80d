//! Token streams → formatted source text with the `@generated` header (prettyplease stays here).

use proc_macro2::TokenStream;

/// Formats `tokens` as a Rust file and prepends the header comment.
///
/// Fails only on a generator bug: tokens that are not a valid Rust file.
pub fn rust_file(tokens: TokenStream, header: &str) -> Result<String, String> {
    // Parsed without a copy of the tokens: this runs for every file and dominates the time.
    let mut file: syn::File = syn::parse2(tokens).map_err(|error| {
        format!("internal error: the generator produced invalid Rust ({error}); please report it with the spec")
    })?;
    super::paths::shorten(&mut file);
    let body = prettyplease::unparse(&file);
    Ok(format!("// {header}\n{body}"))
}
