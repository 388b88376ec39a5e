import Foundation
import GRDB

/// A project's spending limits, and which thresholds have been announced.
public struct BudgetRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "budget"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var projectId: String
    public var dailyDollars: Double?
    public var totalDollars: Double?
    public var dailyTokens: Int64?
    public var totalTokens: Int64?
    /// `pause` (stop the agents at 100 %) or `alert` (only tell).
    public var onExceed: String
    /// Thresholds already announced, as JSON `{"<limit>@<period>": 80|100}`, so each is told once per period.
    public var announced: String?
    public var updatedBy: String
    public var updatedAt: Date

    /// A budget.
    public init(
        projectId: String, dailyDollars: Double?, totalDollars: Double?, dailyTokens: Int64?, totalTokens: Int64?, onExceed: String,
        announced: String? = nil, updatedBy: String, updatedAt: Date = Date()
    ) {
        self.projectId = projectId
        self.dailyDollars = dailyDollars
        self.totalDollars = totalDollars
        self.dailyTokens = dailyTokens
        self.totalTokens = totalTokens
        self.onExceed = onExceed
        self.announced = announced
        self.updatedBy = updatedBy
        self.updatedAt = updatedAt
    }
}
