import Foundation

/// The classifier measured over a corpus of labelled screens (`Tests/Fixtures/screens/<agent>/*.txt`): accuracy
/// overall, per state and per agent, a confusion matrix per agent, and the misses with their reasons.
public struct ScreenCorpus: Sendable {
    /// One screen's verdict.
    public struct Result: Sendable {
        public var screen: LabelledScreen
        public var verdict: AgentStatusClassification
        /// The answers the prompt parser read, for waiting screens.
        public var parsedOptions: [String]?
        public var correct: Bool { verdict.state == screen.state }
        /// Whether the options read match the labelled ones (true when none are labelled).
        public var optionsCorrect: Bool { screen.options.map { $0 == parsedOptions } ?? true }
    }

    /// The states a screen can show (starting, failed and stopped come from the process, not the screen).
    public static let screenStates: [AgentState] = [.active, .idle, .waiting, .exhausted]

    public let results: [Result]

    /// Loads every `*.txt` under `folder/<agent>/` and classifies it with that agent's profile.
    /// - Parameters:
    ///   - folder: the corpus root.
    ///   - profiles: extra profiles by name (else the built-in one named after the folder, else the generic one).
    public init(folder: String, profiles: [AgentProfile] = []) throws {
        let manager = FileManager.default
        var results: [Result] = []
        for agent in try manager.contentsOfDirectory(atPath: folder).sorted() {
            var isFolder: ObjCBool = false
            guard manager.fileExists(atPath: folder + "/" + agent, isDirectory: &isFolder), isFolder.boolValue else { continue }
            let profile = profiles.last { $0.name == agent } ?? AgentProfile.named(agent) ?? AgentProfile.generic(command: agent)
            for name in try manager.contentsOfDirectory(atPath: folder + "/" + agent).sorted() where name.hasSuffix(".txt") {
                let text = try String(contentsOfFile: folder + "/" + agent + "/" + name, encoding: .utf8)
                let screen = try LabelledScreen(parsing: text, agent: agent, name: name)
                let verdict = AgentStatusClassifier.classify(screen.observation, profile: profile)
                let options = screen.state == .waiting ? PromptParser.parse(ScreenText.plain(screen.screen))?.options.map(\.key) : nil
                results.append(Result(screen: screen, verdict: verdict, parsedOptions: options))
            }
        }
        self.results = results
    }

    /// The share of `results` classified right (1 when empty).
    public static func accuracy(_ results: [Result]) -> Double {
        results.isEmpty ? 1 : Double(results.filter(\.correct).count) / Double(results.count)
    }

    /// Accuracy over every screen.
    public var accuracy: Double { Self.accuracy(results) }

    /// Accuracy over the screens whose true state is `state` (its recall).
    public func accuracy(of state: AgentState, agents: Set<String>? = nil) -> Double {
        Self.accuracy(results.filter { $0.screen.state == state && (agents?.contains($0.screen.agent) ?? true) })
    }

    /// The agents in the corpus.
    public var agents: [String] { Array(Set(results.map(\.screen.agent))).sorted() }

    /// Counts of (true state, classified state) for one agent, or all agents.
    public func confusion(agent: String? = nil) -> [AgentState: [AgentState: Int]] {
        var table: [AgentState: [AgentState: Int]] = [:]
        for result in results where agent == nil || result.screen.agent == agent {
            table[result.screen.state, default: [:]][result.verdict.state, default: 0] += 1
        }
        return table
    }

    /// A Markdown report: one row per agent (screens, accuracy, each state's recall), then each agent's confusion
    /// matrix, then every miss with the classifier's reason.
    public func report() -> String {
        func percent(_ value: Double) -> String { String(format: "%.1f %%", value * 100) }
        var lines = ["| agent | screens | right | " + Self.screenStates.map(\.rawValue).joined(separator: " | ") + " |",
                     "| --- | --- | --- | " + Self.screenStates.map { _ in "---" }.joined(separator: " | ") + " |"]
        for agent in agents + ["all"] {
            let own = agent == "all" ? results : results.filter { $0.screen.agent == agent }
            let states = Self.screenStates.map { state -> String in
                let ofState = own.filter { $0.screen.state == state }
                return ofState.isEmpty ? "–" : "\(percent(Self.accuracy(ofState))) (\(ofState.count))"
            }
            lines.append("| \(agent) | \(own.count) | \(percent(Self.accuracy(own))) | " + states.joined(separator: " | ") + " |")
        }
        let columns = AgentState.allCases.filter { state in results.contains { $0.verdict.state == state || $0.screen.state == state } }
        for agent in agents {
            let table = confusion(agent: agent)
            lines += ["", "\(agent): true state ↓, classified →", "",
                      "| | " + columns.map(\.rawValue).joined(separator: " | ") + " |", "| --- | " + columns.map { _ in "---" }.joined(separator: " | ") + " |"]
            for state in Self.screenStates where table[state] != nil {
                lines.append("| \(state.rawValue) | " + columns.map { String(table[state]?[$0] ?? 0) }.joined(separator: " | ") + " |")
            }
        }
        let misses = results.filter { !$0.correct }
        if !misses.isEmpty {
            lines += ["", "Misses:"]
            lines += misses.map { "- \($0.screen.agent)/\($0.screen.name): \($0.screen.state.rawValue) read as \($0.verdict.state.rawValue) (\($0.verdict.reason))" }
        }
        let wrongOptions = results.filter { !$0.optionsCorrect }
        if !wrongOptions.isEmpty {
            lines += ["", "Answers read wrong:"]
            lines += wrongOptions.map { "- \($0.screen.agent)/\($0.screen.name): \($0.screen.options ?? []) read as \($0.parsedOptions ?? [])" }
        }
        return lines.joined(separator: "\n")
    }
}
