import Foundation
import Storage

/// Decides a question by the rules: the built-in safeguards first (they always ask a person), then every matching
/// live rule — any `deny` wins, then any `ask`, then `allow`. Dry-run rules are reported, never applied.
package enum ApprovalMatcher {
    /// Whether `rule` covers `question`: its agent kinds, its tool (a rule naming a tool never covers a question drawn
    /// on screen) and its pattern over the whole subject.
    package static func matches(_ rule: ApprovalRule, _ question: ApprovalQuestion) -> Bool {
        if let kinds = rule.agentKinds.flatMap({ try? JSONDecoder().decode([String].self, from: Data($0.utf8)) }), !kinds.isEmpty,
            !kinds.contains(where: { $0.caseInsensitiveCompare(question.kind) == .orderedSame })
        {
            return false
        }
        if let tool = rule.tool, !tool.isEmpty {
            guard let asked = question.tool, asked.caseInsensitiveCompare(tool) == .orderedSame else { return false }
        }
        return GlobPattern(rule.pattern).matches(question.subject)
    }

    /// The decision for `question`, or nil when no rule covers it and no safeguard applies.
    package static func decide(_ question: ApprovalQuestion, rules: [ApprovalRule]) -> ApprovalDecision? {
        let matching = rules.filter { matches($0, question) }
        let dryRuns = matching.filter(\.dryRun)
        if let reason = NeverAutomatic.reason(for: question) {
            return ApprovalDecision(answer: "ask", rule: nil, reason: "always asks a person: \(reason)", dryRuns: dryRuns)
        }
        let live = matching.filter { !$0.dryRun }
        guard let winner = live.first(where: { $0.answer == "deny" }) ?? live.first(where: { $0.answer == "ask" }) ?? live.first(where: { $0.answer == "allow" })
        else {
            return dryRuns.isEmpty ? nil : ApprovalDecision(answer: "ask", rule: nil, reason: "no live rule matched", dryRuns: dryRuns)
        }
        return ApprovalDecision(answer: winner.answer, rule: winner, reason: "rule \(winner.id ?? 0): \(winner.answer) \(winner.pattern)", dryRuns: dryRuns)
    }
}
