import Foundation

/// How a provider understood a message sent to a project's team.
public struct IntentInterpretation: Sendable, Codable, Equatable {
    /// The intents a message can have.
    public static let knownIntents: [String] = ["request_status", "assign_task", "report_blocker", "request_review", "question"]

    /// One of ``knownIntents``.
    public var intent: String
    /// A short sentence restating what the message asks for.
    public var understoodIntent: String
    /// Ids of the project's agents the message is for.
    public var relevantAgents: [String]
    /// Whether a target context or a mention of an agent chose the recipients.
    public var contextApplied: Bool

    /// Creates an interpretation.
    public init(intent: String, understoodIntent: String, relevantAgents: [String], contextApplied: Bool) {
        self.intent = intent
        self.understoodIntent = understoodIntent
        self.relevantAgents = relevantAgents
        self.contextApplied = contextApplied
    }

    /// Snake-case keys, as the HTTP API spells them.
    enum CodingKeys: String, CodingKey {
        case intent
        case understoodIntent = "understood_intent"
        case relevantAgents = "relevant_agents"
        case contextApplied = "context_applied"
    }
}
