import Foundation
import OrchestratorCore
import Testing

/// The classifier over the whole labelled corpus in `Tests/Fixtures/screens/<agent>/` (`orchestrator screens`
/// prints the same figures with each agent's confusion matrix).
@Suite("Screen classifier measured on the labelled corpus", .timeLimit(.minutes(3)))
struct ScreenCorpusTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/screens").path

    @Test func rightOnAtLeast97PercentAndEachStateAtLeast95() throws {
        let corpus = try ScreenCorpus(folder: Self.folder)
        #expect(corpus.results.count >= 300, "the corpus holds \(corpus.results.count) screens")
        #expect(corpus.accuracy >= 0.97, "\(corpus.report())")
        for state in ScreenCorpus.screenStates {
            #expect(corpus.accuracy(of: state) >= 0.95, "\(state.rawValue): \(corpus.accuracy(of: state))")
        }
        // The agents people run most: a person waiting on them is found at least 95 % of the time.
        for agent in ["claude", "codex", "gemini", "aider"] {
            #expect(corpus.results.contains { $0.screen.agent == agent }, "\(agent) has screens")
            #expect(corpus.accuracy(of: .waiting, agents: [agent]) >= 0.95, "\(agent) waiting")
            #expect(ScreenCorpus.accuracy(corpus.results.filter { $0.screen.agent == agent }) >= 0.97, "\(agent) overall")
        }
    }

    @Test func waitingScreensGiveTheirAnswersAndLimitsTheirResetTime() throws {
        let corpus = try ScreenCorpus(folder: Self.folder)
        let withOptions = corpus.results.filter { $0.screen.options != nil }
        let readRight = withOptions.filter(\.optionsCorrect)
        #expect(Double(readRight.count) >= Double(withOptions.count) * 0.95, "\(corpus.report())")
        for result in corpus.results where result.screen.reset != nil && result.correct {
            #expect(result.verdict.resetTime == result.screen.reset, "\(result.screen.agent)/\(result.screen.name)")
        }
    }

    /// Screens written apart from the tuned corpus, by someone who saw neither it nor the profiles: how well the
    /// profiles generalise. Not tuned on; the bar is lower than the corpus's.
    @Test func heldOutScreensAreReadAsWell() throws {
        let heldOut = try ScreenCorpus(folder: Self.folder + "-holdout")
        let known = heldOut.results.filter { $0.screen.agent != "generic" }
        #expect(known.count >= 48)
        #expect(ScreenCorpus.accuracy(known) >= 0.9, "\(heldOut.report())")
    }

    /// The question dialogs of Claude Code, Codex, Gemini CLI and the Cursor CLI, current and older wordings, written
    /// from their source, changelogs and captured screens by someone who never saw the profiles, with look-alikes in
    /// answers and command output. Split before anything was measured: `-tuning` (the profiles were fitted to it)
    /// and `-holdout2` (measured once after the fitting: 31 of 31 questions seen for Claude, Codex and Gemini, 3 of 7
    /// for the Cursor CLI before the last change, so its figure is no longer blind). A question missed is typed into,
    /// and nobody is told: waiting must be found at least 97 % of the time on both.
    @Test func questionDialogsOfTheMainAgentsAreSeen() throws {
        for suffix in ["-tuning", "-holdout2"] {
            let corpus = try ScreenCorpus(folder: Self.folder + suffix)
            #expect(corpus.results.count >= 50, "\(suffix): \(corpus.results.count) screens")
            for agent in ["claude", "codex", "gemini", "cursor-agent"] {
                #expect(corpus.results.contains { $0.screen.agent == agent && $0.screen.state == .waiting }, "\(suffix) \(agent)")
            }
            #expect(corpus.accuracy(of: .waiting) >= 0.97, "\(suffix): \(corpus.report())")
            for state in [AgentState.active, .idle, .exhausted] {
                #expect(corpus.accuracy(of: state) >= 0.95, "\(suffix) \(state.rawValue): \(corpus.report())")
            }
        }
    }

    /// Programs no profile knows, on 50 screens of real programs written apart from the patterns and never tuned on
    /// (measured: 23 of 33 questions seen with a rule taking any last line ending in `?` for a question; 20 of 33
    /// once that rule was narrowed, because an agent echoing a question it was sent looked as if it asked it). The
    /// floor sits just under that: a question may go unseen, but a program that asks nothing must never be held as
    /// waiting (its messages would never go).
    @Test func heldOutProgramsNoProfileKnows() throws {
        let heldOut = try ScreenCorpus(folder: Self.folder + "-holdout")
        let generic = heldOut.results.filter { $0.screen.agent == "generic" }
        #expect(generic.count >= 50)
        let falseAlarms = generic.filter { $0.screen.state != .waiting && $0.verdict.state == .waiting }
        #expect(falseAlarms.isEmpty, "\(falseAlarms.map(\.screen.name))")
        #expect(heldOut.accuracy(of: .waiting, agents: ["generic"]) >= 0.6, "\(heldOut.report())")
    }

    @Test func everyScreenNamesItsSource() throws {
        let corpus = try ScreenCorpus(folder: Self.folder)
        for result in corpus.results {
            #expect(!result.screen.source.isEmpty && !result.screen.note.isEmpty, "\(result.screen.agent)/\(result.screen.name)")
        }
    }
}
