extension AgentProfile {
    /// OpenAI Codex CLI (`codex`): `Working (… esc to interrupt)` while busy, an approval
    /// prompt (`Would you like to run the following command?`) when it needs a person.
    public static let codex = AgentProfile(
        name: "codex",
        command: "codex",
        readyPatterns: ["›", "▌", "To get started"],
        busyPatterns: [
            "esc to interrupt",
            #"(?m)^\s*(?:[•◦·]\s*|[\x{2800}-\x{28FF}]\s*)?Working\b"#,
            #"(?m)^\s*[\x{2800}-\x{28FF}]\s+\S+ing\b"#,
        ],
        waitingPatterns: [
            #"Would you like to (?:run|make|apply|allow)"#,
            #"Allow command\?"#,
            #"\b(?:approve|allow)\b[^\n]*\?"#,
            "Press enter to confirm",
            #"\(y/n\)"#,
        ],
        exhaustedPatterns: [
            #"You.ve hit your usage limit"#,
            "usage limit reached",
            "out of credits",
            "exceeded your current quota",
            "insufficient_quota",
        ],
        resetTimePattern: #"(?m)\b(?:try again|resets?)(?:\s+(?:at|in))?\s+(\d[^\n]*?)\.?\s*$"#
    )

    /// Google Gemini CLI (`gemini`): a braille spinner with `(esc to cancel, 7s)` while busy
    /// (unlike Claude, where `esc to cancel` means a prompt), `Allow execution?` when it needs a person.
    public static let gemini = AgentProfile(
        name: "gemini",
        command: "gemini",
        readyPatterns: ["Type your message"],
        busyPatterns: ["esc to cancel", #"(?m)^\s*[\x{2800}-\x{28FF}]\s+\S"#],
        waitingPatterns: [
            "Allow execution",
            #"Apply this change\?"#,
            #"Do you want to proceed\?"#,
            "Waiting for user confirmation",
            #"Yes, allow (?:once|always)"#,
        ],
        exhaustedPatterns: ["quota exceeded", "RESOURCE_EXHAUSTED", "reached your daily .*quota", "usage limit reached"],
        resetTimePattern: #"\b(?:retry|try again|resets?)(?:\s+(?:in|at|after))?\s+(\d+(?:[.:]\d+)*\s*(?:[a-z]+)?(?:\s*\([^)\n]+\))?)"#
    )

    /// Aider (`aider`): `(Y)es/(N)o` confirmations, a `Waiting for <model>` spinner while busy,
    /// a `>` (or `ask>`, `architect>`) prompt when ready.
    public static let aider = AgentProfile(
        name: "aider",
        command: "aider",
        readyPatterns: [#"(?m)^(?:\w+)?>\s*$"#],
        busyPatterns: [#"(?m)^[\s░█▉▊▋▌▍▎▏\x{2800}-\x{28FF}]*(?:Thinking|Waiting for \S|Updating repo map)"#],
        waitingPatterns: [#"\(Y\)es/\(N\)o"#],
        exhaustedPatterns: ["exceeded your current quota", "insufficient_quota", "credit balance is too low", "out of credits"]
    )

    /// A plain shell: ready at a `$ `, `# ` or `% ` prompt, waiting when the last line asks
    /// `[y/N]`, `(yes/no)` or for a password. A foreground program other than the shell counts as active.
    public static let shell = AgentProfile(
        name: "shell",
        command: "bash",
        readyPatterns: [#"[$#%]\s*$"#],
        waitingPatterns: [
            #"\[y/n\]\s*:?\s*$"#,
            #"\(yes/no[^)\n]*\)\??\s*$"#,
            #"\bpass(?:word|phrase)\b[^\n]*:\s*$"#,
        ]
    )
}
