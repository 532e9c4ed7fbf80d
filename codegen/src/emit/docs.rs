//! Spec prose → `#[doc]` attributes that rustdoc renders cleanly and never runs or warns about.
//!
//! Descriptions are Markdown written for web pages: brackets would be read as intra-doc
//! links, `<tag>`s as HTML, bare URLs are linted, and indented or fenced code would become
//! doctests. Each is neutralised here, outside code spans.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc]` attributes for `paragraphs`, separated by blank doc lines; empty ones are skipped.
pub fn doc_attrs<'t>(paragraphs: impl IntoIterator<Item = &'t str>) -> TokenStream {
    let mut lines: Vec<String> = Vec::new();
    for paragraph in paragraphs {
        let sanitized = sanitize(paragraph);
        if sanitized.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(sanitized);
    }
    let lines = lines.iter().map(|line| {
        // A leading space makes prettyplease print `/// text`; clippy refuses tabs in docs.
        let text = if line.is_empty() {
            String::new()
        } else {
            format!(" {}", line.replace('\t', "    "))
        };
        quote!(#[doc = #text])
    });
    quote!(#(#lines)*)
}

/// `text` as an inline code span that rustdoc renders as written: control characters become
/// spaces, and a text holding backticks gets a longer fence (CommonMark), so names and paths
/// from a spec can never end the span early, open a link or break a doc line.
pub fn code(text: &str) -> String {
    let text: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let longest_run = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    if longest_run == 0 && !text.is_empty() {
        return format!("`{text}`");
    }
    let fence = "`".repeat(longest_run + 1);
    format!("{fence} {text} {fence}")
}

/// The lines of `text`, safe for rustdoc; trailing and leading blank lines dropped.
fn sanitize(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut block = Block::Prose;
    // A bare carriage return may not appear in a doc comment: one on its own ends a line.
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    // Inside a list item: the column its text starts at, so a wrapped line can be indented
    // under it (a line that is not would be a "lazy continuation", which clippy warns about).
    let mut item_indent = 0;
    for raw in text.lines() {
        let trimmed = raw.trim();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            // Every fence becomes a plain-text block so that rustdoc never compiles it.
            if block == Block::Indented {
                close_indented(&mut out);
            }
            let opening = block != Block::Fenced;
            out.push(if opening { "```text" } else { "```" }.to_owned());
            block = if opening { Block::Fenced } else { Block::Prose };
            continue;
        }
        let indented = raw.starts_with("    ") || raw.starts_with('\t');
        let after_blank = out.last().is_none_or(String::is_empty);
        match block {
            Block::Fenced => out.push(raw.trim_end().to_owned()),
            // An indented block would be a doctest: it becomes a plain-text fence instead.
            Block::Prose if indented && after_blank && !trimmed.is_empty() => {
                out.push("```text".to_owned());
                out.push(dedent(raw));
                block = Block::Indented;
            }
            Block::Indented if indented || trimmed.is_empty() => out.push(dedent(raw)),
            Block::Indented => {
                close_indented(&mut out);
                out.push(escape_line(trimmed));
                block = Block::Prose;
            }
            Block::Prose => {
                let line = escape_line(trimmed);
                if trimmed.is_empty() {
                    item_indent = 0;
                    out.push(line);
                } else if let Some(width) = list_marker_width(trimmed) {
                    item_indent = width;
                    out.push(line);
                } else {
                    out.push(format!("{}{line}", " ".repeat(item_indent)));
                }
            }
        }
    }
    match block {
        Block::Fenced => out.push("```".to_owned()),
        Block::Indented => close_indented(&mut out),
        Block::Prose => {}
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    let first = out.iter().position(|l| !l.is_empty()).unwrap_or(out.len());
    out.drain(..first);
    out
}

/// The width of the list marker `line` starts with (`- `, `+ `, `12. `, `3) `), if any.
/// (`* ` is escaped, so it starts no list.)
fn list_marker_width(line: &str) -> Option<usize> {
    if line.starts_with("- ") || line.starts_with("+ ") {
        return Some(2);
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let rest = &line[digits..];
    (digits > 0 && digits < 10 && (rest.starts_with(". ") || rest.starts_with(") ")))
        .then_some(digits + 2)
}

/// What kind of Markdown block the sanitizer is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Block {
    /// Ordinary text, escaped line by line.
    Prose,
    /// Inside a ``` or ~~~ fence (rewritten as `text`).
    Fenced,
    /// Inside an indented code block (rewritten as a `text` fence).
    Indented,
}

/// Removes one level (four columns) of code-block indentation.
fn dedent(line: &str) -> String {
    let line = line.trim_end();
    line.strip_prefix("    ")
        .or_else(|| line.strip_prefix('\t'))
        .unwrap_or(line)
        .to_owned()
}

/// Closes an indented block, keeping blank lines that followed it outside the fence.
fn close_indented(out: &mut Vec<String>) {
    let blanks = out.iter().rev().take_while(|l| l.is_empty()).count();
    out.truncate(out.len() - blanks);
    out.push("```".to_owned());
    out.extend(std::iter::repeat_n(String::new(), blanks));
}

/// Escapes link brackets and HTML outside code spans and wraps bare URLs in `<>`.
fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut in_code = false;
    let mut rest = line;
    while let Some(ch) = rest.chars().next() {
        if ch == '`' {
            in_code = !in_code;
            out.push(ch);
            rest = &rest[1..];
            continue;
        }
        if !in_code && (rest.starts_with("<http://") || rest.starts_with("<https://")) {
            // Already an autolink: keep it as written.
            if let Some(end) = rest.find(|c: char| c == '>' || c.is_whitespace()) {
                if rest[end..].starts_with('>') {
                    out.push_str(&rest[..=end]);
                    rest = &rest[end + 1..];
                    continue;
                }
            }
        }
        if !in_code && (rest.starts_with("http://") || rest.starts_with("https://")) {
            let end = rest
                .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | ')' | ']'))
                .unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':', '!', '?', '\'']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url.len()..];
            continue;
        }
        match ch {
            '[' | ']' | '\\' | '*' | '_' if !in_code => {
                out.push('\\');
                out.push(ch);
            }
            '<' if !in_code => out.push_str("&lt;"),
            '>' if !in_code => out.push_str("&gt;"),
            '&' if !in_code => out.push_str("&amp;"),
            _ => out.push(ch),
        }
        rest = &rest[ch.len_utf8()..];
    }
    if in_code {
        // An unpaired backtick would swallow the rest of the doc block.
        if let Some(at) = out.rfind('`') {
            out.replace_range(at..=at, "\\`");
        }
    }
    out
}

/// Turns outer `#[doc]` attributes into inner `#![doc]` ones.
pub fn inner_attrs(outer: TokenStream) -> TokenStream {
    let mut out = TokenStream::new();
    for token in outer {
        if let proc_macro2::TokenTree::Punct(p) = &token {
            if p.as_char() == '#' {
                out.extend(quote!(#!));
                continue;
            }
        }
        out.extend(std::iter::once(token));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_list_items_are_indented_under_their_text() {
        let lines = sanitize("Modes:\n- one\n  goes on\n10. ten\nstill ten\n\nafter");
        assert_eq!(
            lines,
            [
                "Modes:",
                "- one",
                "  goes on",
                "10. ten",
                "    still ten",
                "",
                "after"
            ]
        );
    }

    #[test]
    fn tabs_become_spaces() {
        // clippy's `tabs_in_doc_comments` refuses them (GitHub's spec has tables with tabs).
        let docs = doc_attrs(["| a\t| b |"]).to_string();
        assert!(docs.contains("| a    | b |"), "{docs}");
    }

    #[test]
    fn code_spans_survive_backticks_and_control_characters() {
        assert_eq!(code("getPet"), "`getPet`");
        assert_eq!(code("a`b"), "`` a`b ``");
        assert_eq!(code("x\r\ny"), "`x  y`");
        assert_eq!(code(""), "`  `");
    }

    #[test]
    fn neutralises_links_html_urls_and_code() {
        assert_eq!(
            sanitize("Reason [SR_MANDATORY_FIELD_1281] <b>bold</b> see https://x.org/a."),
            vec![
                "Reason \\[SR\\_MANDATORY\\_FIELD\\_1281\\] &lt;b&gt;bold&lt;/b&gt; see <https://x.org/a>."
            ]
        );
        assert_eq!(sanitize("`a[0] <b>` x"), vec!["`a[0] <b>` x"]);
        assert_eq!(
            sanitize("text\n\n    indented code\n      more\n\nafter\n```\nfn x() {}\n```"),
            vec![
                "text",
                "",
                "```text",
                "indented code",
                "  more",
                "```",
                "",
                "after",
                "```text",
                "fn x() {}",
                "```"
            ]
        );
        assert_eq!(
            sanitize("see <https://x.org/a>"),
            vec!["see <https://x.org/a>"]
        );
        assert_eq!(sanitize("unpaired ` tick"), vec!["unpaired \\` tick"]);
        assert_eq!(sanitize("a\r0\r\nb"), vec!["a", "0", "b"]);
        assert!(sanitize("  \n \n").is_empty());
    }
}
