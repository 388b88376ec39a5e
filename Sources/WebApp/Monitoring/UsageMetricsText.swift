import Foundation
import Orchestration
import Storage

/// `orchestrator_tokens_total{project,agent,model,kind}` and `orchestrator_cost_dollars_total{project,agent,model}`
/// (only where the model is priced or the agent stated its cost).
enum UsageMetricsText {
    static func render(_ sums: [UsageSum], prices: PriceTable) -> String {
        struct Key: Hashable {
            var project: String
            var agent: String
            var model: String
        }
        var figures: [Key: UsageFigures] = [:]
        var order: [Key] = []
        for sum in sums {
            let key = Key(project: sum.projectId, agent: sum.agentId ?? "", model: sum.model)
            if figures[key] == nil { order.append(key) }
            figures[key, default: UsageFigures()].merge(UsageReport(sums: [sum], prices: prices).total)
        }
        var out = PrometheusText()
        out.header("orchestrator_tokens_total", "Tokens agents used, by project, agent, model and kind (input, output, cache_creation, cache_read)", "counter")
        for key in order {
            let tokens = figures[key]?.tokens ?? TokenCounts()
            for (kind, value) in [("input", tokens.input), ("output", tokens.output), ("cache_creation", tokens.cacheCreation), ("cache_read", tokens.cacheRead)] {
                out.sample("orchestrator_tokens_total", [("project", key.project), ("agent", key.agent), ("model", key.model), ("kind", kind)], "\(value)")
            }
        }
        out.header("orchestrator_cost_dollars_total", "What agents' model use cost in US dollars, by project, agent and model (priced models only)", "counter")
        for key in order {
            guard let cost = figures[key]?.cost else { continue }
            out.sample("orchestrator_cost_dollars_total", [("project", key.project), ("agent", key.agent), ("model", key.model)], String(format: "%.6f", cost))
        }
        return out.text
    }
}
