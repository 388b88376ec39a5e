import Foundation

extension HeuristicProvider {
    /// Orders a batch: priority first (urgent, high, medium, low); within a priority, with `minimize_time` among the
    /// goals the smaller specifications go first (more projects finish sooner), otherwise the order given. The
    /// estimate adds each specification's own estimate, divided among the projects that run at once.
    public func planBatch(_ specs: [BatchSpec], goals: [String], concurrency: Int, now: Date) -> BatchPlan {
        let quickFirst = goals.contains { $0.lowercased() == "minimize_time" }
        let ordered = specs.enumerated().sorted { left, right in
            if left.element.priorityRank != right.element.priorityRank { return left.element.priorityRank < right.element.priorityRank }
            if quickFirst, left.element.content.count != right.element.content.count { return left.element.content.count < right.element.content.count }
            return left.offset < right.offset
        }.map(\.element)
        var reasoning = "Ordered by priority (urgent, high, medium, low)"
        reasoning += quickFirst ? "; within a priority the smaller specifications first, so more projects finish sooner" : "; within a priority in the order given"
        reasoning += concurrency > 1 ? "; \(concurrency) projects run at once." : "; one project at a time."
        return BatchPlan(order: ordered.map(\.name), reasoning: reasoning, estimatedCompletion: estimate(ordered, concurrency: concurrency, now: now))
    }

    /// The batch's end: the sum of each specification's estimated days (the upper bound of its range), shared among
    /// the projects that run at once.
    func estimate(_ specs: [BatchSpec], concurrency: Int, now: Date) -> Date {
        let days = specs.map { spec -> Double in
            let plan = interpretProject(prompt: spec.content, context: [:])
            return Self.upperDays(plan.estimatedDuration)
        }.reduce(0, +)
        return now.addingTimeInterval(days / Double(max(1, concurrency)) * 86_400)
    }

    /// `3-5 days` → 5, `1-2 weeks` → 14.
    static func upperDays(_ duration: String) -> Double {
        let numbers = duration.split(whereSeparator: { !$0.isNumber }).compactMap { Double($0) }
        let upper = numbers.last ?? 1
        return duration.lowercased().contains("week") ? upper * 7 : upper
    }
}
