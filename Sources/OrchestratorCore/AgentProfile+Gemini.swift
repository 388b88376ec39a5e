extension AgentProfile {
    /// Google Gemini CLI (`gemini`).
    ///
    /// Sources: google-gemini/gemini-cli `packages/cli/src/ui/components` (LoadingIndicator, ToolConfirmationMessage,
    /// FolderTrustDialog, LoopDetectionConfirmation and their snapshot tests) and its quota errors; see
    /// `Tests/Fixtures/screens/gemini/SOURCES.md`.
    /// - busy: a braille spinner with `(esc to cancel, 7s)` — unlike Claude, where no such timer means a question;
    ///   `⠏ Waiting for user confirmation...` and `Interactive shell awaiting input` are questions, not work;
    /// - waiting: `Allow execution of [Shell]?`, `Apply this change?`, `● 1. Allow once`, folder trust, loop
    ///   detection, `Enter to select` menus;
    /// - exhausted: `Quota exceeded`, `RESOURCE_EXHAUSTED`, daily quota, `high demand … Access resets at 3:15 PM PST`;
    /// - progress: an answer (`✦ …`) or a finished tool (`✓ …`) below a question makes it history.
    public static let gemini = AgentProfile(
        name: "gemini",
        command: "gemini",
        readyPatterns: ["Type your message"],
        busyPatterns: [
            #"(?m)^(?![^\n]*(?:awaiting input|Waiting for user confirmation))[^\n]*\(esc to cancel"#,
            #"(?m)^\s*[\x{2800}-\x{28FF}]\s+(?!Waiting for user confirmation|Interactive shell awaiting input)\S"#,
        ],
        waitingPatterns: [
            "Allow execution",
            #"(?m)^[\s│]*Apply this change\?"#,
            #"Do you want to (?:proceed|keep)"#,
            "Waiting for user confirmation",
            "awaiting input",
            #"Yes, allow (?:once|always)"#,
            #"(?m)^[\s│]*●\s*\d+\.\s+\S"#,
            "Enter to submit · Esc to cancel",
            "Enter to select",
            #"Do you trust"#,
        ],
        exhaustedPatterns: [
            "quota exceeded", "RESOURCE_EXHAUSTED", "reached your daily .*quota", "usage limit reached", "MODEL_CAPACITY_EXHAUSTED",
            #"experiencing high demand"#, #"exhausted your (?:daily )?quota"#, "exceeded your current quota",
        ],
        resetTimePattern: #"\b(?:retry|try again|resets?)(?:\s+(?:in|at|after))?\s+(\d+(?:[.:]\d+)*(?:h\d+m\d+(?:\.\d+)?s|ms|s|m|h)?(?:\s*[AP]M)?(?:\s+[A-Z]{2,4}\b)?)"#,
        progressPatterns: [#"(?m)^\s*✦\s"#, #"(?m)^[\s│╭]*[✓✔]\s"#]
    )
}
