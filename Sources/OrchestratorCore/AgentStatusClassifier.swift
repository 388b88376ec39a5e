import Foundation

/// Decides an agent's ``AgentState`` from an ``AgentObservation`` and its ``AgentProfile``.
///
/// Pure and cheap: no I/O, patterns compiled once per profile. Rules, first match wins:
/// 1. stopped on purpose → `stopped`;
/// 2. pane dead → `failed`; a shell in the foreground with no other program in the pane's process tree
///    after the startup grace → `failed` ("agent exited to the shell"); a wrapper script running its
///    program is not a failure;
/// 3. an exhausted pattern in the last ``recentLineCount`` non-empty lines → `exhausted`,
///    with the reset time when the profile's reset pattern finds one;
/// 4. a waiting pattern in those lines → `waiting`, quoting the line, unless the agent's ready prompt
///    stands alone on the last line below it (the question was answered);
/// 5. a busy pattern in the last ``busyLineCount`` lines → `active`
///    (a busy marker, or one of the profile's progress lines, below an exhausted or waiting line supersedes
///    it: the agent moved on);
/// 6. for a shell profile, a foreground program other than the shell → `active`;
/// 7. within the startup grace, the profile's ready prompt not on screen yet → `starting`;
/// 8. output within the profile's `idleAfterSeconds` → `active`;
/// 9. no output yet within the startup grace → `starting`; otherwise → `idle`.
public enum AgentStatusClassifier {
    /// Non-empty lines at the bottom of the screen that count for prompts and limits;
    /// older scrollback is ignored so an answered prompt cannot keep an agent `waiting`.
    public static let recentLineCount = 40
    /// Non-empty lines at the bottom of the screen searched for busy markers.
    public static let busyLineCount = 16
    /// Longest quoted line in a reason.
    static let quoteLimit = 120

    /// Classifies one observation.
    /// - Parameters:
    ///   - observation: what tmux and the clock say about the agent.
    ///   - profile: how to read this kind of agent's screen.
    public static func classify(_ observation: AgentObservation, profile: AgentProfile) -> AgentStatusClassification {
        classify(observation, patterns: PatternCache.shared.patterns(for: profile))
    }

    /// Classifies one observation with already compiled patterns.
    /// - Parameters:
    ///   - observation: what tmux and the clock say about the agent.
    ///   - patterns: the compiled patterns of the agent's profile.
    public static func classify(_ observation: AgentObservation, patterns: PatternSet) -> AgentStatusClassification {
        let profile = patterns.profile
        if observation.stopped {
            return AgentStatusClassification(state: .stopped, reason: "stopped by the orchestrator")
        }
        guard observation.paneAlive else {
            return AgentStatusClassification(state: .failed, reason: "process exited")
        }
        let inGrace = observation.secondsSinceStart < profile.startupGraceSeconds
        let foreground = observation.currentCommand?.trimmingCharacters(in: .whitespaces) ?? ""
        let shellInForeground = !foreground.isEmpty && ShellName.isShell(foreground)
        // tmux names a wrapper script's pane after its interpreter: a shell in the foreground means "gone" only
        // when no other program runs below the pane's process.
        if !patterns.isShellLike, shellInForeground, observation.programRunning != true,
            observation.secondsSinceStart > profile.startupGraceSeconds
        {
            return AgentStatusClassification(state: .failed, reason: "agent exited to the shell")
        }

        let window = ScreenWindow(screen: plainScreen(observation.screen), lineCount: recentLineCount)
        // An answer or a new tool call below a limit message, a question or a busy line: the agent moved on.
        let progress = latestHit(of: patterns.progress, in: window, fromLine: 0)
        let finished = latestHit(of: patterns.finished, in: window, fromLine: 0)
        let busy = latestHit(of: patterns.busy, in: window, fromLine: window.count - busyLineCount)
            .flatMap { supersedes(progress, $0) || supersedes(finished, $0) ? nil : $0 }

        // The lowest line any pattern matches: the newest message counts.
        // A spinner right under a limit message is the agent retrying it (aider's `Retrying in 8.0 seconds...`
        // then `Waiting for <model>`): still out of quota.
        if let hit = latestHit(of: patterns.exhausted, in: window, fromLine: 0), !supersedes(busy.flatMap { $0 > hit + 2 ? $0 : nil }, hit),
            !supersedes(progress, hit)
        {
            // Reset times wrap onto the next line in narrow panes: read them from the lines joined, frames removed.
            let joined = ScreenWindow(screen: Self.joinedLines(window.lines), lineCount: 1)
            let reset = patterns.resetTime?.lastMatch(in: joined, range: joined.fullRange)?.capture
                .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                .flatMap { $0.isEmpty ? nil : $0 }
            let line = firstHit(of: patterns.exhausted, in: window) ?? hit
            return AgentStatusClassification(state: .exhausted, resetTime: reset, reason: "limit: \(quote(line, in: window))")
        }
        // A fresh prompt on the very last line below the question means it was answered (aider's `[Yes]: y`
        // followed by its `>` prompt, a shell's `[y/N] y` followed by `$`).
        let promptBelow = latestHit(of: patterns.ready, in: window, fromLine: window.count - 1)
        if let hit = latestHit(of: patterns.waiting, in: window, fromLine: 0), !supersedes(busy, hit), !supersedes(promptBelow, hit),
            !supersedes(progress, hit)
        {
            // Quote the question (the profile's first pattern that matches) rather than the lowest option line.
            let line = firstHit(of: patterns.waiting, in: window) ?? hit
            return AgentStatusClassification(state: .waiting, reason: "prompt: \(quote(line, in: window))")
        }
        if let busy {
            return AgentStatusClassification(state: .active, reason: "busy: \(quote(busy, in: window))")
        }
        if patterns.isShellLike, !foreground.isEmpty, !shellInForeground {
            return AgentStatusClassification(state: .active, reason: "running \(foreground)")
        }
        if inGrace, !patterns.ready.isEmpty, firstHit(of: patterns.ready, in: window) == nil {
            return AgentStatusClassification(state: .starting, reason: "launching, no ready prompt yet")
        }
        guard let still = observation.secondsSinceLastOutput else {
            if inGrace {
                return AgentStatusClassification(state: .starting, reason: "launching, no output yet")
            }
            return AgentStatusClassification(
                state: .idle, reason: "no output since launch \(seconds(observation.secondsSinceStart)) ago")
        }
        if still < profile.idleAfterSeconds {
            return AgentStatusClassification(state: .active, reason: "output \(seconds(still)) ago")
        }
        return AgentStatusClassification(state: .idle, reason: "output still for \(seconds(still))")
    }

    /// Whether one of the profile's ready patterns is on the screen: the agent can take its first message.
    /// - Parameters:
    ///   - screen: the screen text.
    ///   - profile: the agent's profile; a profile without ready patterns is always ready.
    public static func isReady(screen: String, profile: AgentProfile) -> Bool {
        let patterns = PatternCache.shared.patterns(for: profile)
        guard !patterns.ready.isEmpty else { return true }
        let window = ScreenWindow(screen: plainScreen(screen), lineCount: recentLineCount)
        return firstHit(of: patterns.ready, in: window) != nil
    }

    /// Patterns of `profile` that are not valid regular expressions (they are matched as
    /// literal text instead) or are blank (ignored), for configuration validation to report.
    /// - Parameter profile: a user's profile.
    public static func invalidPatterns(in profile: AgentProfile) -> [String] {
        PatternSet(profile: profile).invalidPatterns
    }

    /// The lines as one line: each trimmed of spaces and box borders, joined with a space.
    static func joinedLines(_ lines: [Substring]) -> String {
        let frame = CharacterSet.whitespaces.union(CharacterSet(charactersIn: "│┃║|"))
        return lines.map { $0.trimmingCharacters(in: frame) }.filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// Where a pattern matched: the line index in the window.
    private typealias Hit = Int

    /// The screen without escape sequences; skips the work when there are none.
    private static func plainScreen(_ screen: String) -> String {
        screen.utf8.contains(where: { $0 == 0x1B || $0 == 0x0D || $0 == 0x07 }) ? ScreenText.plain(screen) : screen
    }

    /// The line of the last match of the first pattern (in profile order) that matches at all.
    private static func firstHit(of group: PatternGroup, in window: ScreenWindow) -> Hit? {
        guard group.mayMatch(in: window, range: window.fullRange) else { return nil }
        for pattern in group.patterns {
            if let match = pattern.lastMatch(in: window, range: window.fullRange) {
                return window.lineIndex(at: match.location)
            }
        }
        return nil
    }

    /// The lowest line, at or below `fromLine`, where any of the patterns matches.
    private static func latestHit(of group: PatternGroup, in window: ScreenWindow, fromLine: Int) -> Hit? {
        let range = window.range(fromLine: fromLine)
        guard group.mayMatch(in: window, range: range) else { return nil }
        return group.patterns.compactMap { $0.lastMatch(in: window, range: range) }
            .map { window.lineIndex(at: $0.location) }
            .max()
    }

    /// Whether a busy marker sits below `hit`: the prompt or limit message is history.
    private static func supersedes(_ busy: Hit?, _ hit: Hit) -> Bool {
        guard let busy else { return false }
        return busy > hit
    }

    /// The matched line, without surrounding spaces and box borders, shortened for a reason.
    private static func quote(_ hit: Hit, in window: ScreenWindow) -> String {
        let frame = CharacterSet.whitespaces.union(CharacterSet(charactersIn: "│┃║|╭╮╰╯─━═⎿"))
        let line = window.lines[hit].trimmingCharacters(in: frame)
        return line.count > quoteLimit ? String(line.prefix(quoteLimit - 1)) + "…" : line
    }

    /// Seconds as a person reads them: `1.6 s`, `12 s`.
    private static func seconds(_ value: Double) -> String {
        value < 10 ? String(format: "%.1f s", value) : "\(Int(value.rounded())) s"
    }
}
