//! Value parsers shared by the commands' arguments (clap reports their errors).

/// A count that must be at least 1 (`--runs`, `--jobs`).
pub fn at_least_one(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(0) => Err("needs at least 1".to_owned()),
        Ok(count) => Ok(count),
        Err(_) => Err("needs a whole number".to_owned()),
    }
}
