extension AgentProfile {
    /// OpenAI Codex CLI (`codex`).
    ///
    /// Sources: openai/codex `codex-rs/tui/src` (status indicator, approval overlay and their snapshot tests),
    /// asheshgoplani/agent-deck `internal/send/codex_approval_test.go`; see `Tests/Fixtures/screens/codex/SOURCES.md`.
    /// - busy: `• Working (18s • esc to interrupt)`, the older `Ctrl C to interrupt` and `Working [...]` boxes,
    ///   braille spinners with a task;
    /// - waiting: `Would you like to run the following command?` / `make the following edits?` with
    ///   `› 1. Yes, proceed (y)`, the older `Allow command?` with `▌ Yes   Always   No, provide feedback`, trust
    ///   and update dialogs (`Press enter to continue`), questions (`enter to submit answer`);
    /// - exhausted: `You've hit your usage limit … try again in …`, `Quota exceeded`, `429 Too Many Requests`,
    ///   `Rate limit is exceeded`, plan upgrade notices;
    /// - progress: an answer or tool line (`• Ran …`, `• Edited …`) or `─ Worked for 2m 03s ─` below a limit or a
    ///   question makes it history.
    public static let codex = AgentProfile(
        name: "codex",
        command: "codex",
        readyPatterns: [#"(?m)^\s*[›▌]\s*(?:Ask Codex|Describe a task|Use /|$)"#, "To get started", #"\? for shortcuts"#, "context left"],
        busyPatterns: [
            #"(?m)esc to interrupt\)?\s*$"#,
            #"Ctrl ?C to interrupt"#,
            #"\(\d[^)\n]*esc to interrupt\)"#,
            #"Working \[\.\.\.\]"#,
            #"Esc twice to interru"#,
            #"(?m)^[\s▌]*(?:[•◦·]\s*|[\x{2800}-\x{28FF}]\s*)?Working\b"#,
            #"(?m)^\s*[\x{2800}-\x{28FF}]\s+\S+ing\b"#,
        ],
        waitingPatterns: [
            #"Would you like to (?:run|make|apply|allow)"#,
            #"Allow command\?"#,
            #"Apply changes\?"#,
            #"\b(?:approve|allow)\b[^\n]*\?"#,
            "Press enter to (?:confirm|continue)",
            // Peers' detectors key on this footer of a yes/no confirmation (GitHub Copilot CLI draws it too).
            "Confirm with Y Enter",
            "enter to submit answer",
            #"(?m)^\s*[›❯>▶]\s*1\.\s+\S"#,
            #"Do you trust"#,
            #"\(y/n\)"#,
            // A bracketed yes/no ending the screen, as a script Codex runs asks it (`Continue? [y/n]`).
            #"\[[yY]/[nN]\][^\n]{0,3}\z"#,
        ],
        exhaustedPatterns: [
            #"You.ve hit your usage limit"#,
            "usage limit reached",
            "out of credits",
            "exceeded your current quota",
            "insufficient_quota",
            "Quota exceeded",
            #"(?m)^\s*■[^\n]*(?:Rate limit (?:is )?(?:exceeded|reached)|\b429\b)"#,
            #"upgrade to (?:Plus|Pro)\b"#,
        ],
        resetTimePattern: #"\b(?:try again|resets?)(?:\s+(?:at|in))?\s+((?:[A-Z][a-z]{2} \d{1,2}(?:st|nd|rd|th)?, \d{4} )?\d[^.\n]*?)(?:\.(?:\s|$)|$)"#,
        progressPatterns: [#"(?m)^•\s+(?!Working\b)\S"#, #"(?m)^─ Worked for"#]
    )
}
