import Foundation

/// A provider's answer to a free-form question about the fleet.
public struct AIAnswer: Sendable, Codable, Equatable {
    /// The question as asked.
    public var question: String
    /// The answer, composed from the facts.
    public var answer: String
    /// The figures the answer used, as strings.
    public var supportingData: [String: String]
    /// Actions worth taking, from the fleet analysis.
    public var suggestedActions: [String]
    /// How sure the provider is, 0…1.
    public var confidence: Double

    /// Creates an answer.
    public init(question: String, answer: String, supportingData: [String: String], suggestedActions: [String], confidence: Double) {
        self.question = question
        self.answer = answer
        self.supportingData = supportingData
        self.suggestedActions = suggestedActions
        self.confidence = confidence
    }

    /// Snake-case keys, as the HTTP API spells them.
    enum CodingKeys: String, CodingKey {
        case question, answer, confidence
        case supportingData = "supporting_data"
        case suggestedActions = "suggested_actions"
    }
}
