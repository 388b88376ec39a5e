/// The `approval_dry_run` event: a dry-run rule matched a question; it answered nothing.
package struct ApprovalDryRunEvent: Encodable, Sendable {
    package var agentId: String
    package var ruleId: Int64
    /// What the rule would have answered.
    package var wouldAnswer: String
    package var subject: String

    enum CodingKeys: String, CodingKey {
        case subject
        case agentId = "agent_id"
        case ruleId = "rule_id"
        case wouldAnswer = "would_answer"
    }
}
