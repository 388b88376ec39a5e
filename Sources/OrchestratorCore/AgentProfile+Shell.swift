extension AgentProfile {
    /// A plain shell: ready at a `$ `, `# ` or `% ` prompt, waiting when the last line asks
    /// `[y/N]`, `(yes/no)` or for a password, or the screen ends in any of ``universalQuestionPatterns``.
    /// A foreground program other than the shell counts as active.
    public static let shell = AgentProfile(
        name: "shell",
        command: "bash",
        readyPatterns: [#"[$#%]\s*$"#],
        waitingPatterns: [
            #"\[y/n\]\s*:?\s*$"#,
            #"\(yes/no[^)\n]*\)\??\s*$"#,
            #"\bpass(?:word|phrase)\b[^\n]*:\s*$"#,
        ] + universalQuestionPatterns
    )
}
