import Foundation
import GRDB

extension AppDatabase {
    /// Rows of one project's rules, or (nil) of the global list.
    static func ruleScope(_ projectID: String?) -> SQLExpression {
        guard let projectID else { return SQL("project_id IS NULL").sqlExpression }
        return Column("project_id") == projectID
    }

    /// Most rules one project (or the global list) may hold.
    public static let maximumApprovalRules = 200

    /// Adds a rule; nil when its project (or the global list) already holds the most allowed.
    public func saveApprovalRule(_ rule: ApprovalRule) throws -> ApprovalRule? {
        try writer.write { db in
            let scope = Self.ruleScope(rule.projectId)
            guard try ApprovalRule.filter(scope).fetchCount(db) < Self.maximumApprovalRules else { return nil }
            var stored = rule
            try stored.insert(db)
            return stored
        }
    }

    /// A project's own rules (nil: the global ones), oldest first.
    public func approvalRules(projectID: String?) throws -> [ApprovalRule] {
        try reader.read { db in
            let scope = Self.ruleScope(projectID)
            return try ApprovalRule.filter(scope).order(Column("id")).fetchAll(db)
        }
    }

    /// The rules that apply in a project: its own and the global ones.
    public func applicableApprovalRules(projectID: String) throws -> [ApprovalRule] {
        try reader.read { db in
            try ApprovalRule.filter(Column("project_id") == projectID || Column("project_id") == nil).order(Column("id")).fetchAll(db)
        }
    }

    /// Deletes a rule of a project (nil: a global one); false when there is none with that id there.
    @discardableResult
    public func deleteApprovalRule(id: Int64, projectID: String?) throws -> Bool {
        try writer.write { db in
            let scope = Self.ruleScope(projectID)
            return try ApprovalRule.filter(Column("id") == id).filter(scope).deleteAll(db) > 0
        }
    }

    /// Counts a question a rule matched.
    public func noteApprovalRuleHit(id: Int64, at date: Date = Date()) throws {
        try writer.write { db in
            try db.execute(sql: "UPDATE approval_rule SET hits = hits + 1, last_hit_at = ? WHERE id = ?", arguments: [date, id])
        }
    }

    /// Changes a rule of a project (nil: a global one); nil when there is none with that id there.
    public func updateApprovalRule(id: Int64, projectID: String?, _ change: (inout ApprovalRule) -> Void) throws -> ApprovalRule? {
        try writer.write { db in
            let scope = Self.ruleScope(projectID)
            guard var rule = try ApprovalRule.filter(Column("id") == id).filter(scope).fetchOne(db) else { return nil }
            change(&rule)
            try rule.update(db)
            return rule
        }
    }
}
