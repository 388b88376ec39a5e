import Foundation
import Storage

/// One agent waiting for a person, as the overview's "Needs you" list shows it: who, where, the question with what
/// it is about, how long it has waited, and its answers.
struct WaitingItem: Sendable {
    var projectId: String
    var projectName: String
    var agentId: String
    var role: String
    var question: String
    var context: String?
    var tool: String?
    var choices: [PromptView.Choice]
    var hasChoices: Bool
    /// How long it has waited, as a person says it: `12 s`, `4 min`, `2 h 5 min`.
    var waited: String

    init(_ waiting: WaitingAgent, now: Date = Date()) {
        let prompt = PromptView(stored: waiting.agent.prompt)
        projectId = waiting.agent.projectId
        projectName = waiting.projectName
        agentId = waiting.agent.id
        role = waiting.agent.role
        question = prompt?.text ?? waiting.agent.statusReason ?? "Waiting for an answer"
        context = prompt?.context
        tool = prompt?.tool
        choices = prompt?.choices ?? []
        hasChoices = !choices.isEmpty
        waited = Self.duration(now.timeIntervalSince(waiting.since))
    }

    /// `12 s`, `4 min`, `2 h 5 min`, `3 d 4 h`.
    static func duration(_ seconds: TimeInterval) -> String {
        let whole = max(0, Int(seconds))
        switch whole {
        case ..<60: return "\(whole) s"
        case ..<3600: return "\(whole / 60) min"
        case ..<86_400: return whole % 3600 / 60 == 0 ? "\(whole / 3600) h" : "\(whole / 3600) h \(whole % 3600 / 60) min"
        default: return "\(whole / 86_400) d \(whole % 86_400 / 3600) h"
        }
    }
}
