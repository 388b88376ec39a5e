import Foundation
import Hummingbird
import Orchestration
import Storage

/// `GET/PUT …/budget`: the limits (null when unset), what was spent, each limit's share and the state.
struct BudgetResponse: ResponseEncodable {
    struct Spent: Encodable {
        var todayDollars: Double?
        var totalDollars: Double?
        var todayTokens: Int64
        var totalTokens: Int64
        enum CodingKeys: String, CodingKey {
            case todayDollars = "today_dollars"
            case totalDollars = "total_dollars"
            case todayTokens = "today_tokens"
            case totalTokens = "total_tokens"
        }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(todayDollars, forKey: .todayDollars)
            try c.encode(totalDollars, forKey: .totalDollars)
            try c.encode(todayTokens, forKey: .todayTokens)
            try c.encode(totalTokens, forKey: .totalTokens)
        }
    }

    struct Limit: Encodable {
        var limit: String
        var allowed: Double
        var spent: Double
        var percent: Double
    }

    var projectId: String
    var dailyDollars: Double?
    var totalDollars: Double?
    var dailyTokens: Int64?
    var totalTokens: Int64?
    var onExceed: String?
    var updatedBy: String?
    var updatedAt: Date?
    var spent: Spent
    var limits: [Limit]
    var state: String

    enum CodingKeys: String, CodingKey {
        case projectId = "project_id"
        case dailyDollars = "daily_dollars"
        case totalDollars = "total_dollars"
        case dailyTokens = "daily_tokens"
        case totalTokens = "total_tokens"
        case onExceed = "on_exceed"
        case updatedBy = "updated_by"
        case updatedAt = "updated_at"
        case spent, limits, state
    }

    init(projectID: String, budget: BudgetRecord?, standing: BudgetStanding) {
        projectId = projectID
        dailyDollars = budget?.dailyDollars
        totalDollars = budget?.totalDollars
        dailyTokens = budget?.dailyTokens
        totalTokens = budget?.totalTokens
        onExceed = budget?.onExceed
        updatedBy = budget?.updatedBy
        updatedAt = budget?.updatedAt
        let round = { (value: Double) in (value * 1_000_000).rounded() / 1_000_000 }
        spent = Spent(
            todayDollars: standing.today.cost.map(round), totalDollars: standing.total.cost.map(round), todayTokens: standing.today.tokens.total,
            totalTokens: standing.total.tokens.total)
        limits = standing.limits.map {
            Limit(limit: $0.limit.rawValue, allowed: $0.allowed, spent: round($0.spent), percent: $0.fraction.isFinite ? (($0.fraction * 1000).rounded() / 10) : 100)
        }
        state = standing.state
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(projectId, forKey: .projectId)
        try c.encode(dailyDollars, forKey: .dailyDollars)
        try c.encode(totalDollars, forKey: .totalDollars)
        try c.encode(dailyTokens, forKey: .dailyTokens)
        try c.encode(totalTokens, forKey: .totalTokens)
        try c.encode(onExceed, forKey: .onExceed)
        try c.encode(updatedBy, forKey: .updatedBy)
        try c.encode(updatedAt, forKey: .updatedAt)
        try c.encode(spent, forKey: .spent)
        try c.encode(limits, forKey: .limits)
        try c.encode(state, forKey: .state)
    }
}
