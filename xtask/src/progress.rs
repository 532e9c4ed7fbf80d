//! Progress of long runs on standard error: one rewritten status line on a terminal, plain
//! stage lines otherwise (logs, CI), so that a run over hundreds of specs or a huge spec never
//! looks stuck and never floods a log.

use std::io::{IsTerminal as _, Write as _};

/// Where progress goes: a terminal gets a transient status line.
pub struct Progress {
    terminal: bool,
}

impl Progress {
    /// Progress on standard error, transient when it is a terminal.
    pub fn new() -> Self {
        Self {
            terminal: std::io::stderr().is_terminal(),
        }
    }

    /// Progress with stage lines only (tests).
    #[cfg(test)]
    pub fn plain() -> Self {
        Self { terminal: false }
    }

    /// Whether transient status lines are shown.
    pub fn is_terminal(&self) -> bool {
        self.terminal
    }

    /// A stage line, always shown.
    pub fn line(&self, text: &str) {
        self.finish();
        eprintln!("{text}");
    }

    /// A transient status, shown only on a terminal.
    pub fn update(&self, text: &str) {
        if self.terminal {
            let text: String = text.chars().take(100).collect();
            let mut stderr = std::io::stderr();
            let _ = write!(stderr, "\r\x1b[K{text}");
            let _ = stderr.flush();
        }
    }

    /// Clears the transient status.
    pub fn finish(&self) {
        if self.terminal {
            eprint!("\r\x1b[K");
        }
    }
}
