extension AgentProfile {
    /// Claude Code (`claude`).
    ///
    /// Sources (facts, not copied screens; see `Tests/Fixtures/screens/claude/SOURCES.md`): the state detectors of
    /// kbwo/ccmanager (`src/services/stateDetector/claude.ts`), asheshgoplani/agent-deck (`internal/tmux`), and
    /// anthropics/claude-code issues quoting screens.
    /// - busy: a spinner line with a live timer, `✶ Fixing the parser… (1m 16s · ↓ 938 tokens · esc to interrupt)`
    ///   (the `esc to interrupt` hint is not always there), braille spinners (`⠙ Processing request...`),
    ///   `Waiting for 2 background agents to finish`; a finished turn's `✻ Worked for 54s` has no timer: idle;
    /// - waiting: `Do you want to proceed?` / `make this edit` / `create`, a pointer on a numbered menu
    ///   (`❯ 1. Yes`, `❯ 1. Allow`, `> 1. Yes, I trust this folder`), `Do you trust the files in this folder?`,
    ///   `Enter to confirm`; the `/resume` picker and `⌕ Search…` are not questions;
    /// - exhausted: `usage limit reached`, `You've hit your session|weekly|usage limit · resets …`, `Credit balance
    ///   too low`, `out of extra usage`, API errors 429 / `rate_limit_error` / `Rate limit reached`;
    /// - progress: an answer or tool call (`⏺ …`, `● …`) below a limit or a question makes it history.
    public static let claude = AgentProfile(
        name: "claude",
        command: "claude",
        readyPatterns: [#"(?m)^\s*[>❯]\s*$"#, "│ >", #"\? for shortcuts"#, ##"Try ""##],
        busyPatterns: [
            #"(?m)esc to interrupt\)?\s*$"#,
            #"ctrl\+c to interrupt"#,
            #"(?m)^\s*[^\s\w│╭╰─"]\s*[^\n"]*…\s*\([^)\n]*\b(?:esc to interrupt|\d+s|tokens)\b"#,
            #"(?m)^\s*[\x{2800}-\x{28FF}]\s+\S"#,
            #"(?m)^\s*[✱✳✻✽✶✢·•⏺*]\s\S+ing(?:…|\.\.\.)\s*$"#,
            #"Waiting for \d+ background (?:agents?|tasks?)"#,
        ],
        waitingPatterns: [
            #"Do you want"#, #"Would you like to proceed"#, #"(?m)^[\s│]*[❯>]\s*1\.\s+\S"#, #"Do you trust"#, #"Enter to confirm"#,
            #"Enter to select"#,
        ],
        exhaustedPatterns: [
            "usage limit reached",
            "out of credits",
            #"Credit balance (?:is )?too low"#,
            #"You.ve hit your (?:\w+ )?limit"#,
            #"\blimit reached\b.*\breset"#,
            "out of extra usage",
            "rate_limit_error",
            #"Rate limit(?:ed| reached)"#,
            #"\(429\)|API Error:? 429"#,
            #"temporarily limiting requests"#,
            #"\b100% used\b"#,
        ],
        resetTimePattern: #"\b(?:resets(?:\s+at)?|reset at)\s+((?:[a-z]{3,9}\.?\s+\d{1,2},?\s+(?:at\s+)?)?\d{1,2}(?::\d{2})?\s*(?:[ap]m|[ap]\.m\.)?(?:\s*\([^)\n]+\))?)"#,
        progressPatterns: [#"(?m)^[⏺●]\s+(?!Teammate\b)\S"#],
        finishedPatterns: [#"(?m)^\s*✻\s+\S+ed for \d"#]
    )
}
