extension AgentProfile {
    /// Qwen Code (`qwen`), a Gemini CLI fork: Gemini's screens plus its own loading line, selection marker and quota
    /// messages.
    ///
    /// Sources: QwenLM/qwen-code `packages/cli/src/ui/components` (LoadingIndicator `(14s · ↓ 1.2k tokens · esc to
    /// cancel)`, BaseSelectionList `›` marker, ToolConfirmationMessage), `packages/core/src/utils/retry.ts` (Qwen
    /// OAuth quota messages), issues #1742, #2723, #3296; see `Tests/Fixtures/screens/qwen-code/SOURCES.md`.
    public static let qwenCode: AgentProfile = {
        var profile = AgentProfile.gemini
        profile.name = "qwen-code"
        profile.command = "qwen"
        profile.busyPatterns += [#"·\s*esc to cancel\)"#]
        profile.waitingPatterns += [#"(?m)^[\s│]*›\s*1\.\s+\S"#]
        profile.exhaustedPatterns += ["free tier has been discontinued", "insufficient_quota", #"Free allocated quota"#]
        return profile
    }()
}
