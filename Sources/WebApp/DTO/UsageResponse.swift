import Foundation
import Hummingbird
import Orchestration
import Storage

/// `GET …/usage`: `{"total": {…}, "rows": [{"key", …}], "by", "since", "until", "prices"}`. `cost_dollars` is null
/// where no price is known; `unpriced_models` names the models whose tokens the cost leaves out; `unmeasured` (a
/// project's report) names its agents whose usage the server cannot read, and why.
struct UsageResponse: ResponseEncodable {
    struct Figures: Encodable {
        var key: String?
        var figures: UsageFigures

        enum CodingKeys: String, CodingKey {
            case key, entries
            case inputTokens = "input_tokens"
            case outputTokens = "output_tokens"
            case cacheCreationInputTokens = "cache_creation_input_tokens"
            case cacheReadInputTokens = "cache_read_input_tokens"
            case totalTokens = "total_tokens"
            case costDollars = "cost_dollars"
            case unpricedModels = "unpriced_models"
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encodeIfPresent(key, forKey: .key)
            try c.encode(figures.tokens.input, forKey: .inputTokens)
            try c.encode(figures.tokens.output, forKey: .outputTokens)
            try c.encode(figures.tokens.cacheCreation, forKey: .cacheCreationInputTokens)
            try c.encode(figures.tokens.cacheRead, forKey: .cacheReadInputTokens)
            try c.encode(figures.tokens.total, forKey: .totalTokens)
            try c.encode(figures.cost.map { ($0 * 1_000_000).rounded() / 1_000_000 }, forKey: .costDollars)
            try c.encode(figures.unpricedModels.sorted(), forKey: .unpricedModels)
            try c.encode(figures.entries, forKey: .entries)
        }
    }

    struct Prices: Encodable {
        var source: String
        var version: String
        var date: String
    }

    /// An agent whose usage the server cannot read: its tokens are in no row, and the totals leave them out.
    struct Unmeasured: Encodable {
        var project: String
        var agent: String
        var program: String
        var reason: String
    }

    var by: String
    var since: Date?
    var until: Date?
    var total: Figures
    var rows: [Figures]
    var prices: Prices
    var unmeasured: [Unmeasured]

    init(_ report: UsageReport, by: UsageGrouping, since: Date?, until: Date?, prices: PriceTable, agents: [AgentRecord] = []) {
        self.by = by.rawValue
        self.since = since
        self.until = until
        total = Figures(key: nil, figures: report.total)
        rows = report.rows.map { Figures(key: $0.key, figures: $0.figures) }
        self.prices = Prices(source: prices.source, version: prices.version, date: prices.date)
        unmeasured = agents.compactMap { agent in
            UsageCoverage.unmeasuredReason(agent).map { Unmeasured(project: agent.projectId, agent: agent.id, program: agent.profile, reason: $0) }
        }
    }

    /// The same as CSV: a header, one line per row, then the total.
    var csv: String {
        var lines = ["key,input_tokens,output_tokens,cache_creation_input_tokens,cache_read_input_tokens,total_tokens,cost_dollars,unpriced_models"]
        func line(_ key: String, _ figures: UsageFigures) -> String {
            let tokens = figures.tokens
            let cost = figures.cost.map { String(format: "%.6f", $0) } ?? ""
            return [Self.csvField(key), "\(tokens.input)", "\(tokens.output)", "\(tokens.cacheCreation)", "\(tokens.cacheRead)", "\(tokens.total)", cost,
                Self.csvField(figures.unpricedModels.sorted().joined(separator: " "))].joined(separator: ",")
        }
        for row in rows { lines.append(line(row.key ?? "", row.figures)) }
        lines.append(line("total", total.figures))
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// A CSV field, quoted when needed; a leading `=`, `+`, `-` or `@` is defused so a spreadsheet does not run it.
    static func csvField(_ text: String) -> String {
        var value = text
        if let first = value.first, "=+-@".contains(first) { value = "'" + value }
        guard value.contains(where: { ",\"\r\n".contains($0) }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
