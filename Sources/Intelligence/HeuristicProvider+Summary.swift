import Foundation

extension HeuristicProvider {
    /// Sums up a team's replies to one question in a short paragraph.
    ///
    /// It gives the mean progress of the replies that have one, then each agent's message with its progress,
    /// blockers and dependencies, then the agents that did not answer (whose last report was used instead).
    /// For example: "Work is 60% complete on average across 2 agents. developer: Login form done (70%);
    /// tester: Writing tests (50%), blocked by missing fixtures."
    public func summarize(responses: [AgentReply]) -> String {
        guard !responses.isEmpty else { return "No agent replies to summarise." }
        var sentences: [String] = []
        let progressValues = responses.compactMap(\.progress).map { min(max($0, 0), 1) }
        if progressValues.isEmpty {
            sentences.append("No agent reported progress.")
        } else {
            let average = Self.fractionText(progressValues.reduce(0, +) / Double(progressValues.count))
            if progressValues.count == responses.count {
                sentences.append("Work is \(average) complete on average across \(Self.counted(responses.count, "agent", "agents")).")
            } else {
                sentences.append(
                    "Work is \(average) complete on average across the \(progressValues.count) of \(responses.count) agents that reported progress.")
            }
        }
        let details = responses.map(Self.replyDetail)
        sentences.append(details.joined(separator: "; ") + ".")
        let blocked = responses.filter { !$0.blockers.isEmpty }.map(\.agent)
        if !blocked.isEmpty {
            sentences.append("Blocked: \(Self.listText(blocked)).")
        }
        let silent = responses.filter { !$0.answered }.map(\.agent)
        if !silent.isEmpty {
            let verb = silent.count == 1 ? "its" : "their"
            sentences.append("\(Self.listText(silent)) did not answer; \(verb) last report was used.")
        }
        return sentences.joined(separator: " ")
    }

    /// "tester: Writing tests (50%), blocked by missing fixtures, depends on developer".
    static func replyDetail(_ reply: AgentReply) -> String {
        let edges = CharacterSet.whitespacesAndNewlines.union(CharacterSet(charactersIn: ".;"))
        var parts: [String] = []
        var message = oneLine(reply.message, limit: 100).trimmingCharacters(in: edges)
        if let progress = reply.progress { message += (message.isEmpty ? "" : " ") + "(\(fractionText(min(max(progress, 0), 1))))" }
        if !message.isEmpty { parts.append(message) }
        let blockers = reply.blockers.map { oneLine($0, limit: 60) }.filter { !$0.isEmpty }
        if !blockers.isEmpty { parts.append("blocked by " + listText(blockers)) }
        let dependencies = reply.dependencies.map { oneLine($0, limit: 60) }.filter { !$0.isEmpty }
        if !dependencies.isEmpty { parts.append("depends on " + listText(dependencies)) }
        return "\(reply.agent): " + (parts.isEmpty ? "no details" : parts.joined(separator: ", "))
    }
}
