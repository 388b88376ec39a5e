import Foundation

/// One screen of the classifier's corpus: what an agent showed, the state a person would call it, and where the
/// fact came from.
///
/// The file format is a header of `key: value` lines, a `---` line, then the screen as plain text:
///
/// ```
/// state: waiting
/// source: kbwo/ccmanager src/services/stateDetector.test.ts
/// note: numbered permission menu
/// options: 1,2,3
/// still: 5
/// ---
/// Do you want to proceed?
/// ❯ 1. Yes
/// ```
public struct LabelledScreen: Sendable, Equatable {
    /// The agent's profile name (its folder), e.g. `claude`.
    public var agent: String
    /// The file's name, e.g. `waiting-trust-folder.txt`.
    public var name: String
    /// The true state.
    public var state: AgentState
    /// Where the fact comes from.
    public var source: String
    /// What the screen shows.
    public var note: String
    /// For a waiting screen that shows its answers: their keys, in screen order.
    public var options: [String]?
    /// For an exhausted screen that prints it: the reset or retry time.
    public var reset: String?
    /// Seconds since the screen last changed.
    public var still: Double
    /// The screen text.
    public var screen: String

    /// Why a file is not a labelled screen.
    public struct FormatError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Parses one file's text.
    /// - Parameters:
    ///   - text: the file's content.
    ///   - agent: the agent (folder) it belongs to.
    ///   - name: the file's name, for messages.
    public init(parsing text: String, agent: String, name: String) throws {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let separator = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "---" }) else {
            throw FormatError(description: "\(agent)/\(name): no --- line between the header and the screen")
        }
        var fields: [String: String] = [:]
        for line in lines[..<separator] where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let colon = line.firstIndex(of: ":") else { throw FormatError(description: "\(agent)/\(name): header line without a colon: \(line)") }
            fields[line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        guard let stateText = fields["state"], let state = AgentState(rawValue: stateText.lowercased()) else {
            throw FormatError(description: "\(agent)/\(name): state must be active, idle, waiting or exhausted")
        }
        guard let source = fields["source"], !source.isEmpty else { throw FormatError(description: "\(agent)/\(name): no source") }
        self.agent = agent
        self.name = name
        self.state = state
        self.source = source
        self.note = fields["note"] ?? ""
        self.options = fields["options"].map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
        self.reset = fields["reset"].flatMap { $0.isEmpty ? nil : $0 }
        self.still = fields["still"].flatMap(Double.init) ?? 5
        self.screen = lines[lines.index(after: separator)...].joined(separator: "\n")
    }

    /// What the classifier is shown: a live pane launched a minute ago, still for ``still`` seconds.
    public var observation: AgentObservation {
        AgentObservation(paneAlive: true, currentCommand: nil, secondsSinceStart: 60, secondsSinceLastOutput: still, screen: screen)
    }
}
