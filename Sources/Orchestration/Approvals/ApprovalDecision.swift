import Storage

/// What the rules say of one question: the answer, the rule that gave it (none when a built-in safeguard sends it to
/// a person), why, and the dry-run rules that would have answered.
package struct ApprovalDecision: Sendable {
    /// `allow`, `deny` or `ask`.
    package var answer: String
    package var rule: ApprovalRule?
    package var reason: String
    /// Dry-run rules that matched, with what each would have answered.
    package var dryRuns: [ApprovalRule]
}
