import Foundation
import OrchestratorCore
import Testing

/// `Tests/Fixtures/screens`, found from this file's path.
private let fixtureFolder = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()
    .deletingLastPathComponent()
    .appendingPathComponent("Fixtures/screens")

/// The text of one captured screen.
private func fixture(_ name: String) throws -> String {
    try String(contentsOf: fixtureFolder.appendingPathComponent(name), encoding: .utf8)
}

/// An observation of a live agent launched a minute ago whose output has been still for 5 s.
private func observation(
    _ screen: String,
    still: Double? = 5,
    started: Double = 60,
    command: String? = nil,
    alive: Bool = true,
    stopped: Bool = false
) -> AgentObservation {
    AgentObservation(
        paneAlive: alive, stopped: stopped, currentCommand: command,
        secondsSinceStart: started, secondsSinceLastOutput: still, screen: screen)
}

private func classify(_ observation: AgentObservation, _ profile: AgentProfile = .claude) -> AgentStatusClassification {
    AgentStatusClassifier.classify(observation, profile: profile)
}

@Suite("Agent status classifier", .timeLimit(.minutes(3)))
struct AgentStatusClassifierTests {
    // MARK: Captured screens

    @Test(arguments: [
        ("claude-busy.txt", AgentState.active),
        ("claude-idle.txt", .idle),
        ("claude-permission.txt", .waiting),
        ("claude-usage-limit.txt", .exhausted),
        ("claude-credit-low.txt", .exhausted),
        ("claude-scrollback-old-prompt.txt", .idle),
    ])
    func claudeScreens(_ file: String, _ expected: AgentState) throws {
        let status = classify(observation(try fixture(file), command: "claude"))
        #expect(status.state == expected, "\(file): \(status.reason)")
    }

    @Test(arguments: [
        ("codex", "codex-busy.txt", "node", AgentState.active),
        ("codex", "codex-approval.txt", "node", .waiting),
        ("gemini", "gemini-busy.txt", "node", .active),
        ("aider", "aider-confirm.txt", "python3", .waiting),
        ("shell", "shell-prompt.txt", "bash", .idle),
        ("shell", "shell-running.txt", "make", .active),
        ("shell", "shell-running.txt", "bash", .idle),
        ("claude", "codex-busy.txt", "claude", .active),
        ("codex", "claude-idle.txt", "codex", .idle),
    ])
    func otherProfiles(_ profileName: String, _ file: String, _ command: String, _ expected: AgentState) throws {
        let profile = try #require(AgentProfile.named(profileName))
        let status = classify(observation(try fixture(file), command: command), profile)
        #expect(status.state == expected, "\(profileName) on \(file): \(status.reason)")
    }

    @Test func codexConfirmationsAnOutsideCorpusNamedAreSeen() {
        let script = "• Running ./scripts/release.sh\n\nThis will tag v1.4.0 and push it.\nContinue? [y/n] "
        #expect(classify(observation(script), .codex).state == .waiting)
        let footer = "Run migration 0042 on the dev database?\n\n  Yes\n  No\n\nConfirm with Y Enter, or N to cancel"
        #expect(classify(observation(footer), .codex).state == .waiting)
        let told = "• The script asks \"Continue? [y/n]\" before it tags; I answered y.\n\n› "
        #expect(classify(observation(told), .codex).state != .waiting, "a quoted question above the prompt was asked earlier")
    }

    @Test func escToCancelMeansBusyForGeminiButNotAQuestionByItself() {
        let screen = "> Summarise the changelog\n\n⠙ Reading CHANGELOG.md (esc to cancel, 3s)\n"
        #expect(classify(observation(screen), .gemini).state == .active)
        // Claude's /resume picker says "Esc to cancel" too, and asks nothing.
        let picker = "   fix flaky login test\n   2 days ago · 12 messages · main\n ↑/↓ to select · Enter to resume · Esc to cancel\n"
        #expect(classify(observation(picker), .claude).state == .idle)
    }

    @Test func waitingReasonQuotesThePromptLine() throws {
        let claude = classify(observation(try fixture("claude-permission.txt")))
        #expect(claude.reason == "prompt: Do you want to proceed?")
        let codex = classify(observation(try fixture("codex-approval.txt")), .codex)
        #expect(codex.reason == "prompt: Would you like to run the following command?")
        let aider = classify(observation(try fixture("aider-confirm.txt")), .aider)
        #expect(aider.reason == "prompt: Add file to the chat? (Y)es/(N)o [Yes]:")
    }

    @Test(arguments: [
        ("Do you want to continue? [Y/n]", "sudo", AgentState.waiting),
        ("[sudo] password for dev:", "sudo", .waiting),
        ("Are you sure you want to continue connecting (yes/no/[fingerprint])?", "ssh", .waiting),
        ("Do you want to continue? [Y/n] y\nSetting up jq (1.7.1-3) ...", "apt", .active),
        ("Do you want to continue? [Y/n] y\nSetting up jq (1.7.1-3) ...\ndev@box:~$", "bash", .idle),
    ])
    func shellPromptsCountOnlyOnTheLastLine(_ tail: String, _ foreground: String, _ expected: AgentState) {
        let screen = "dev@box:~$ sudo apt install jq\n" + tail
        let status = classify(observation(screen, command: foreground), .shell)
        #expect(status.state == expected, "\(status.reason)")
    }

    @Test func precompiledPatternsGiveTheSameAnswer() throws {
        let patterns = PatternSet(profile: .codex)
        let seen = observation(try fixture("codex-approval.txt"))
        #expect(AgentStatusClassifier.classify(seen, patterns: patterns) == classify(seen, .codex))
        #expect(AgentStatusClassifier.classify(seen, patterns: patterns).state == .waiting)
    }

    // MARK: Limits

    @Test func usageLimitFixtureGivesTheResetTime() throws {
        let status = classify(observation(try fixture("claude-usage-limit.txt")))
        #expect(status.state == .exhausted)
        #expect(status.resetTime == "3pm (America/New_York)")
        #expect(status.reason.contains("Claude usage limit reached"))
    }

    @Test func creditMessageHasNoResetTime() throws {
        let status = classify(observation(try fixture("claude-credit-low.txt")))
        #expect(status.state == .exhausted)
        #expect(status.resetTime == nil)
    }

    @Test(arguments: [
        ("claude", "Claude usage limit reached. Your limit will reset at 3pm (Europe/Paris).", "3pm (Europe/Paris)"),
        ("claude", "5-hour limit reached ∙ resets 11:30pm", "11:30pm"),
        ("claude", "Weekly limit reached ∙ resets Oct 9 at 10am (Europe/Paris)", "Oct 9 at 10am (Europe/Paris)"),
        ("codex", "■ You've hit your usage limit. Upgrade to Pro (https://openai.com/chatgpt/pricing) or try again in 2 hours 14 minutes.", "2 hours 14 minutes"),
        ("gemini", "✕ Quota exceeded for quota metric 'Gemini 2.5 Pro Requests'. Please retry in 27.5s.", "27.5s"),
    ])
    func resetTimeExtraction(_ profileName: String, _ line: String, _ reset: String) throws {
        let profile = try #require(AgentProfile.named(profileName))
        let status = classify(observation("> keep going\n\n  ⎿  \(line)\n\n"), profile)
        #expect(status.state == .exhausted)
        #expect(status.resetTime == reset)
    }

    @Test func busyMarkerBelowAnOldLimitMessageMeansWorkingAgain() throws {
        let screen = try fixture("claude-usage-limit.txt")
            + "\n> continue\n\n✶ Reticulating… (3s · esc to interrupt)\n"
        #expect(classify(observation(screen)).state == .active)
    }

    // MARK: Timing

    @Test(arguments: [(1.4, AgentState.active), (1.6, .idle)])
    func idleNeedsOutputStillForOneAndAHalfSeconds(_ still: Double, _ expected: AgentState) throws {
        let status = classify(observation(try fixture("claude-idle.txt"), still: still))
        #expect(status.state == expected, "\(status.reason)")
    }

    @Test func idleThresholdComesFromTheProfile() throws {
        var slow = AgentProfile.claude
        slow.idleAfterSeconds = 5
        #expect(classify(observation(try fixture("claude-idle.txt"), still: 3), slow).state == .active)
        #expect(classify(observation(try fixture("claude-idle.txt"), still: 6), slow).state == .idle)
        #expect(classify(observation(try fixture("claude-idle.txt"), still: 12)).reason == "output still for 12 s")
    }

    @Test func busyMarkerCountsOnlyNearTheBottom() throws {
        var screen = "✻ Pondering… (4s · esc to interrupt)\n"
        for number in 1...(AgentStatusClassifier.busyLineCount + 4) { screen += "  line \(number) of the final answer\n" }
        #expect(classify(observation(screen)).state == .idle)
        #expect(classify(observation(screen + "\n✻ Pondering…\n")).state == .active)
    }

    @Test func startingUntilOutputOrReadyPrompt() throws {
        let banner = """
            ╭───────────────────────────────────────────────────╮
            │ ✻ Welcome to Claude Code!                         │
            ╰───────────────────────────────────────────────────╯
            """
        #expect(classify(observation("", still: nil, started: 3)).state == .starting)
        #expect(classify(observation("", still: nil, started: 30)).state == .idle)
        #expect(classify(observation(banner, still: 2, started: 4)).state == .starting)
        #expect(classify(observation(banner, still: 2, started: 30)).state == .idle)
        #expect(classify(observation(try fixture("claude-idle.txt"), still: 2, started: 4)).state == .idle)
        let plain = AgentProfile(name: "plain", command: "plain-agent")
        #expect(classify(observation("", still: nil, started: 3), plain).state == .starting)
        #expect(classify(observation("hello", still: 2, started: 3), plain).state == .idle)
    }

    @Test func readiness() throws {
        #expect(AgentStatusClassifier.isReady(screen: try fixture("claude-idle.txt"), profile: .claude))
        #expect(!AgentStatusClassifier.isReady(screen: "Loading…\n", profile: .claude))
        #expect(AgentStatusClassifier.isReady(screen: try fixture("shell-prompt.txt"), profile: .shell))
        #expect(!AgentStatusClassifier.isReady(screen: try fixture("shell-running.txt"), profile: .shell))
        #expect(AgentStatusClassifier.isReady(screen: try fixture("gemini-busy.txt"), profile: .gemini))
    }

    // MARK: Failed and stopped

    @Test func deadPaneFailed() throws {
        let status = classify(observation(try fixture("claude-busy.txt"), still: 0.1, alive: false))
        #expect(status == AgentStatusClassification(state: .failed, reason: "process exited"))
    }

    @Test(arguments: ["bash", "zsh", "-zsh", "/bin/sh", "fish", "dash"])
    func agentExitedToTheShellAfterGrace(_ shell: String) throws {
        let screen = try fixture("claude-idle.txt") + "\ndev@box:~/projects/invoice-service$"
        let late = classify(observation(screen, started: 30, command: shell))
        #expect(late == AgentStatusClassification(state: .failed, reason: "agent exited to the shell"))
        let early = classify(observation(screen, still: 0.5, started: 2, command: shell))
        #expect(early.state != .failed)
    }

    @Test func anAnsweredQuestionFollowedByAFreshPromptIsNotWaiting() throws {
        let answered = try fixture("aider-answered.txt")
        #expect(classify(observation(answered), .aider).state == .idle)
        let asking = answered.components(separatedBy: "\n").prefix(8).joined(separator: "\n").replacingOccurrences(of: "[Yes]: y", with: "[Yes]: ")
        #expect(classify(observation(asking), .aider).state == .waiting, "the same question, not answered yet, with nothing below it")
        #expect(classify(observation("Continue? [y/N] y\ndev@box:~$ "), .shell).state == .idle)
    }

    @Test func aWrapperScriptRunningItsProgramIsNotAFailure() throws {
        let screen = try fixture("claude-idle.txt")
        var wrapper = observation(screen, started: 30, command: "bash")
        wrapper.programRunning = true
        #expect(classify(wrapper).state == .idle, "bash is the wrapper; the real program runs below it")
        wrapper.programRunning = false
        #expect(classify(wrapper) == AgentStatusClassification(state: .failed, reason: "agent exited to the shell"))
    }

    @Test func shellInForegroundIsNormalForShellProfiles() throws {
        let screen = try fixture("shell-prompt.txt")
        #expect(classify(observation(screen, command: "bash"), .shell).state == .idle)
        let wrapped = AgentProfile(name: "wrapped", command: "bash -lc 'claude --resume'")
        #expect(classify(observation(screen, command: "bash"), wrapped).state == .idle)
        let withEnv = AgentProfile(name: "env", command: "CLAUDE_CONFIG_DIR=/tmp/c /usr/local/bin/claude")
        #expect(classify(observation(screen, command: "bash"), withEnv).state == .failed)
        #expect(classify(observation(screen, command: "node"), .claude).state == .idle)
    }

    @Test func stoppedWinsOverEverything() throws {
        for file in ["claude-busy.txt", "claude-permission.txt", "claude-usage-limit.txt"] {
            let status = classify(observation(try fixture(file), still: 0.1, command: "bash", alive: false, stopped: true))
            #expect(status.state == .stopped)
        }
    }

    // MARK: Screen text

    @Test func escapeSequencesAreStrippedBeforeMatching() {
        let raw = "> Fix the flaky test\r\n\r\n\u{1B}[38;2;215;119;87m✻\u{1B}[39m \u{1B}[1mPondering…\u{1B}[22m\r\n"
            + "\u{1B}[2m╭────╮\u{1B}[22m\r\n│ > │\r\n╰────╯\r\n"
        let status = classify(observation(raw))
        #expect(status.state == .active)
        #expect(status.reason == "busy: ✻ Pondering…")
    }

    @Test(arguments: [
        ("\u{1B}]0;claude: invoices\u{07}\u{1B}[?25l\u{1B}[2K\u{1B}[1G\u{1B}[32m✓\u{1B}[0m done\r\n", "✓ done\n"),
        ("\u{1B}(B\u{1B})0plain\u{1B}[m text", "plain text"),
        ("see \u{1B}]8;;https://example.com\u{1B}\\the docs\u{1B}]8;;\u{1B}\\ now", "see the docs now"),
        ("Downloading  10%\rDownloading  55%\rDownloading 100%\nnext", "Downloading 100%\nnext"),
        ("progress 40%\r", "progress 40%"),
        ("a\u{07}b\u{08}c\td", "abc\td"),
        ("\u{1B}]0;never ended\nkept", "\nkept"),
        ("\u{1B}7saved\u{1B}8 \u{1B}Pq#0;2;0;0;0\u{1B}\\sixel", "saved sixel"),
    ])
    func plainText(_ raw: String, _ expected: String) {
        #expect(ScreenText.plain(raw) == expected)
    }

    @Test func lastNonEmptyLines() {
        let text = "one\n\n   \ntwo  \r\nthree\n\n"
        #expect(ScreenText.lastNonEmptyLines(text, count: 2) == ["two", "three"])
        #expect(ScreenText.lastNonEmptyLines(text, count: 10) == ["one", "two", "three"])
        #expect(ScreenText.lastNonEmptyLines(text, count: 0).isEmpty)
    }

    @Test func promptFarUpInScrollbackIsNotWaiting() throws {
        let screen = try fixture("claude-scrollback-old-prompt.txt")
        let status = classify(observation(screen))
        #expect(status.state == .idle, "\(status.reason)")
        // The same screen without the long test log is idle too: the fresh input prompt at the bottom says the
        // question was answered. Without that prompt the question is recent and counts.
        let short = screen.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.contains("✓ test/") }
        #expect(classify(observation(short.joined(separator: "\n"))).state == .idle)
        #expect(classify(observation(short.prefix(16).joined(separator: "\n"))).state == .waiting, "up to the dialog's bottom border")
    }

    // MARK: Profiles

    @Test func invalidUserRegexIsMatchedLiterally() {
        let profile = AgentProfile(
            name: "custom", command: "custom-agent",
            waitingPatterns: ["Proceed? [y/n", "  ", #"Allow\?"#])
        #expect(AgentStatusClassifier.invalidPatterns(in: profile) == ["Proceed? [y/n", "  "])
        let asking = classify(observation("working…\nPROCEED? [Y/N\n"), profile)
        #expect(asking.state == .waiting)
        #expect(asking.reason == "prompt: PROCEED? [Y/N")
        #expect(classify(observation("Proceed? y\ndone\n"), profile).state == .idle)
        #expect(classify(observation("Allow?\n"), profile).state == .waiting)
    }

    @Test func builtInPatternsAreAllValid() {
        for profile in AgentProfile.builtIn {
            #expect(AgentStatusClassifier.invalidPatterns(in: profile).isEmpty, "\(profile.name)")
        }
    }

    @Test func builtInsByName() {
        #expect(AgentProfile.named(" Claude ") == .claude)
        #expect(AgentProfile.named("aider")?.command == "aider")
        #expect(AgentProfile.named("cursor") == nil)
        #expect(Set(AgentProfile.builtIn.map(\.name)) == [
            "claude", "codex", "gemini", "qwen-code", "aider", "opencode", "cursor-agent", "copilot", "amp", "goose", "kimi", "cline",
            "crush", "pi", "shell",
        ])
        #expect(AgentProfile.named("cursor-agent")?.command == "cursor-agent")
    }

    @Test func partialProfileDecodesWithDefaults() throws {
        let json = Data(#"{"name": "my-agent", "command": "my-agent --plain"}"#.utf8)
        let profile = try JSONDecoder().decode(AgentProfile.self, from: json)
        #expect(profile == AgentProfile(name: "my-agent", command: "my-agent --plain"))
        #expect(profile.idleAfterSeconds == 1.5)
        #expect(profile.startupGraceSeconds == 10)
        #expect(profile.waitingPatterns.isEmpty && profile.resetTimePattern == nil)
    }

    @Test func profileRoundTripsWithSnakeCaseKeys() throws {
        let encoded = try JSONEncoder().encode(AgentProfile.claude)
        let keys = try #require(try JSONSerialization.jsonObject(with: encoded) as? [String: Any]).keys
        #expect(Set(keys).isSuperset(of: ["busy_patterns", "reset_time_pattern", "idle_after_seconds", "startup_grace_seconds"]))
        #expect(try JSONDecoder().decode(AgentProfile.self, from: encoded) == .claude)
        let partial = Data(#"{"name": "x", "command": "x", "waiting_patterns": ["Go\\?"], "idle_after_seconds": 3}"#.utf8)
        let decoded = try JSONDecoder().decode(AgentProfile.self, from: partial)
        #expect(decoded.waitingPatterns == [#"Go\?"#] && decoded.idleAfterSeconds == 3)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(AgentProfile.self, from: Data(#"{"name": "x"}"#.utf8))
        }
    }
}
