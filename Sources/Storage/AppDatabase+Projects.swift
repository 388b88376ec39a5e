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
        try reader.read { db in
            var request = ProjectRecord.all()
            if let status { request = request.filter(ProjectRecord.Columns.status == status.rawValue) }
            if let search, !search.isEmpty {
                let escaped = search.replacingOccurrences(of: "\\", with: "\\\\")
                    .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
                let pattern = "%\(escaped)%"
                request = request.filter(
                    ProjectRecord.Columns.name.like(pattern, escape: "\\") || ProjectRecord.Columns.description.like(pattern, escape: "\\"))
            }
            return try request.order(ProjectRecord.Columns.updatedAt.desc).fetchAll(db).map(\.summary)
        }
    }
}
