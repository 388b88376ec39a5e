extension AgentProfile {
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
