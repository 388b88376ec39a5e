import Foundation

/// In which order a batch's specifications run, why, and when the batch should be done.
public struct BatchPlan: Sendable, Equatable {
    /// The specifications' names in processing order.
    public var order: [String]
    public var reasoning: String
    public var estimatedCompletion: Date

    /// A plan.
    public init(order: [String], reasoning: String, estimatedCompletion: Date) {
        self.order = order
        self.reasoning = reasoning
        self.estimatedCompletion = estimatedCompletion
    }
}
