//! Rust types and items of the generated crate as short text for reports: `Option<i32>`,
//! `Vec<Associate>`, `operations::chat_topic::SessionsParams`.

use proc_macro2::TokenStream;

/// Path prefixes the generated code writes out in full and a reader does not need, and what
/// they become: operation types keep `operations::<group>::`, since each group has its own.
const PREFIXES: &[(&str, &str)] = &[
    ("::std::option::", ""),
    ("::std::vec::", ""),
    ("::std::string::", ""),
    ("::std::boxed::", ""),
    ("crate::models::", ""),
    ("crate::runtime::", ""),
    ("crate::operations::", "operations::"),
    ("::indexmap::", ""),
    ("::serde_json::", ""),
];

/// `::std::option::Option<crate::models::Foo>` → `Option<Foo>`;
/// `crate::operations::pets::GetPetParams` → `operations::pets::GetPetParams`.
pub fn short(tokens: TokenStream) -> String {
    let mut text: String = tokens
        .to_string()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    for (prefix, replacement) in PREFIXES {
        text = text.replace(prefix, replacement);
    }
    text.replace(',', ", ")
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;

    #[test]
    fn shortens_generated_paths() {
        assert_eq!(
            short(quote!(::std::option::Option<crate::models::Foo>)),
            "Option<Foo>"
        );
        assert_eq!(
            short(quote!(::indexmap::IndexMap<::std::string::String, ::serde_json::Value>)),
            "IndexMap<String, Value>"
        );
        assert_eq!(
            short(quote!(
                crate::runtime::Nullable<crate::runtime::FlagSet<crate::models::E>>
            )),
            "Nullable<FlagSet<E>>"
        );
        assert_eq!(short(quote!(())), "()");
        assert_eq!(
            short(quote!(crate::operations::pets::PutPetBody)),
            "operations::pets::PutPetBody"
        );
    }
}
