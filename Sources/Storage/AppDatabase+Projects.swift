import Foundation
import GRDB
import OrchestratorCore

extension AppDatabase {
    /// Stores a new project row.
    public func insertProject(_ project: ProjectRecord) throws {
        try writer.write { db in try project.insert(db) }
    }

    /// Projects for the overview, most recently changed first.
    /// - Parameters:
    ///   - status: only projects in this state.
    ///   - search: only projects whose name or description contains this text.
    public func projectSummaries(status: ProjectStatus? = nil, search: String? = nil) throws -> [ProjectSummary] {
        try projects(status: status?.rawValue, search: search, limit: 10_000).items.map(\.summary)
    }
}
