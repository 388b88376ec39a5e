import Foundation

extension HeuristicProvider {
    /// "What did project X cost this week?": each project's dollars and tokens for the period the question names
    /// (today, this week = the last 7 days, or everything), its budget and how much of it is used. Figures come
    /// from the usage readers; a cost with unpriced models says so.
    static func costAnswer(_ scope: [ProjectFacts], question: String) -> (String, [String: String]) {
        let matcher = KeywordMatcher(question)
        let period: (name: String, dollars: KeyPath<SpendingFacts, Double?>, tokens: KeyPath<SpendingFacts, Int64>)
        if matcher.containsAny(["today", "so far today"]) {
            period = ("today", \.dollarsToday, \.tokensToday)
        } else if matcher.containsAny(["week", "7 days", "seven days", "weekly"]) {
            period = ("in the last 7 days", \.dollarsWeek, \.tokensWeek)
        } else {
            period = ("in all", \.dollarsTotal, \.tokensTotal)
        }
        var data: [String: String] = ["period": period.name]
        let counted = scope.filter { $0.spending != nil }
        guard !counted.isEmpty else {
            return ("No usage has been counted for " + (scope.count == 1 ? scope[0].id : "these projects") + " yet.", data)
        }
        var parts: [String] = []
        var totalDollars = 0.0
        var totalTokens: Int64 = 0
        for project in counted {
            guard let spending = project.spending else { continue }
            let dollars = spending[keyPath: period.dollars]
            let tokens = spending[keyPath: period.tokens]
            totalDollars += dollars ?? 0
            totalTokens += tokens
            var line = "\(project.id) cost " + (dollars.map { money($0) } ?? "an unknown amount") + " \(period.name) (\(tokenText(tokens)) tokens)"
            if !spending.unpricedModels.isEmpty { line += ", not counting \(spending.unpricedModels.joined(separator: ", ")) (no price known)" }
            if let budget = spending.budget, let used = spending.budgetUsed {
                line += "; budget \(budget), \(Int((used * 100).rounded())) % used" + (used >= 1 ? " (reached)" : "")
            }
            parts.append(line)
            data["cost_\(project.id)"] = dollars.map { String(format: "%.4f", $0) } ?? "unknown"
            data["tokens_\(project.id)"] = String(tokens)
        }
        var text = parts.joined(separator: ". ") + "."
        if counted.count > 1 { text += " Together: \(money(totalDollars)) and \(tokenText(totalTokens)) tokens \(period.name)." }
        data["cost_total"] = String(format: "%.4f", totalDollars)
        return (text, data)
    }

    static func money(_ dollars: Double) -> String { dollars >= 100 ? String(format: "$%.0f", dollars) : String(format: "$%.2f", dollars) }

    static func tokenText(_ count: Int64) -> String {
        switch count {
        case 1_000_000...: String(format: "%.1fM", Double(count) / 1_000_000)
        case 10_000...: "\(count / 1000)k"
        default: "\(count)"
        }
    }
}
