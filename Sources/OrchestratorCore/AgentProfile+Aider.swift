extension AgentProfile {
    /// Aider (`aider`).
    ///
    /// Sources: Aider-AI/aider `aider/io.py` (`confirm_ask`: `(Y)es/(N)o[/(A)ll/(S)kip all][/(D)on't ask again]
    /// [Yes]: `), `aider/waiting.py` (the `░█` spinner with `Waiting for <model>`), `aider/exceptions.py` and
    /// `aider/coders/base_coder.py` (rate limits: `The API provider has rate limited you…`, `Retrying in N seconds...`,
    /// `Insufficient credits with the API provider`); see `Tests/Fixtures/screens/aider/SOURCES.md`.
    /// - a question counts only while it is the last line: once answered (`[Yes]: y`, or Enter on the default)
    ///   aider prints on below it;
    /// - ready: the `>` prompt, or `ask>`, `architect>`, `context>`, `multi>`.
    public static let aider = AgentProfile(
        name: "aider",
        command: "aider",
        readyPatterns: [#"(?m)^(?:\w+ )?(?:\w+)?>\s*$"#],
        busyPatterns: [
            #"(?m)^[\s░█▉▊▋▌▍▎▏=#\x{2800}-\x{28FF}]*(?:Thinking|Waiting for \S|Updating repo map|Generating commit message|Running \S)"#,
        ],
        waitingPatterns: [#"\(Y\)es/\(N\)o[^\n]*\]:[ \t]*\z"#],
        exhaustedPatterns: [
            "exceeded your current quota", "insufficient_quota", "credit balance is too low", "out of credits", "rate limited you",
            "RateLimitError", "Rate limit reached", "Insufficient credits", "RESOURCE_EXHAUSTED", #"Retry(?:ing)? in [\d.]+ seconds"#,
        ]
    )
}
