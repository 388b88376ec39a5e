import Foundation
import Storage

/// Usage summed by agent, model, day or project, priced: what `GET …/usage` answers.
public struct UsageReport: Sendable, Equatable {
    /// One row: its key and figures.
    public struct Row: Sendable, Equatable {
        public var key: String
        public var figures: UsageFigures
    }

    public var total = UsageFigures()
    public var rows: [Row] = []

    /// Prices stored sums (``AppDatabase/usageSums(projectID:by:since:until:)``) into rows in key order.
    public init(sums: [UsageSum], prices: PriceTable) {
        var byKey: [String: UsageFigures] = [:]
        var order: [String] = []
        for sum in sums {
            if byKey[sum.key] == nil { order.append(sum.key) }
            byKey[sum.key, default: UsageFigures()].add(UsageSumPart(sum), prices: prices)
        }
        rows = order.sorted().map { Row(key: $0, figures: byKey[$0] ?? UsageFigures()) }
        for row in rows { total.merge(row.figures) }
    }

    /// An empty report.
    public init() {}

    /// A project's (or every project's) usage from the database.
    public static func read(
        _ database: AppDatabase, prices: PriceTable, projectID: String?, by grouping: UsageGrouping, since: Date? = nil, until: Date? = nil
    ) throws -> UsageReport {
        UsageReport(sums: try database.usageSums(projectID: projectID, by: grouping, since: since, until: until), prices: prices)
    }

    /// The start of the UTC day `date` falls in (usage days are UTC days).
    public static func startOfDay(_ date: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .gmt
        return calendar.startOfDay(for: date)
    }
}
