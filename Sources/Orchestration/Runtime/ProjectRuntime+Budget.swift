import Foundation
import Logging
import OrchestratorCore
import Storage

extension ProjectRuntime {
    /// A project's usage report.
    public nonisolated func usageReport(projectID: String?, by grouping: UsageGrouping, since: Date? = nil, until: Date? = nil) throws -> UsageReport {
        try UsageReport.read(database, prices: prices, projectID: projectID, by: grouping, since: since, until: until)
    }

    /// Where a project stands against its budget (and what it spent, with or without one).
    public nonisolated func budgetStanding(projectID: String, now: Date = Date()) throws -> BudgetStanding {
        let total = try UsageReport.read(database, prices: prices, projectID: projectID, by: .project).total
        let today = try UsageReport.read(database, prices: prices, projectID: projectID, by: .project, since: UsageReport.startOfDay(now)).total
        return BudgetStanding(budget: try database.budget(projectID: projectID), today: today, total: total)
    }

    /// After new usage: tells once per period when a limit is 80 % used and when it is reached, and pauses the
    /// project's agents at 100 % when the budget says so (a manager raises the budget and resumes). A project resumed
    /// without raising a reached limit is paused again at its next usage.
    package func checkBudget(_ projectID: String, now: Date = Date()) async {
        guard let budget = try? database.budget(projectID: projectID), let standing = try? budgetStanding(projectID: projectID, now: now) else { return }
        var announced = (budget.announced.flatMap { try? JSONDecoder().decode([String: Int].self, from: Data($0.utf8)) }) ?? [:]
        let day = ISO8601DateFormatter.string(from: now, timeZone: .gmt, formatOptions: [.withFullDate])
        var pauseFor: BudgetStanding.Limit?
        var changed = false
        for limit in standing.limits {
            let level = limit.fraction >= 1 ? 100 : limit.fraction >= 0.8 ? 80 : 0
            let key = limit.limit.rawValue + (limit.limit.isDaily ? "@" + day : "")
            guard level > 0, level > announced[key, default: 0] else { continue }
            announced[key] = level
            changed = true
            let pausing = level == 100 && budget.onExceed == "pause"
            if pausing { pauseFor = limit }
            let amount = { (value: Double) in limit.limit.rawValue.hasSuffix("dollars") ? String(format: "$%.2f", value) : "\(Int64(value)) tokens" }
            let message = level == 100
                ? "Project \(projectID) reached its \(limit.limit.title) (\(amount(limit.spent)) of \(amount(limit.allowed)))" + (pausing ? "; its agents are paused." : ".")
                : "Project \(projectID) used 80 % of its \(limit.limit.title) (\(amount(limit.spent)) of \(amount(limit.allowed)))."
            events.log(
                "budget_alert", projectID: projectID,
                BudgetAlertEvent(
                    projectId: projectID, limit: limit.limit.rawValue, percent: level, spent: limit.spent, allowed: limit.allowed,
                    action: pausing ? "pause" : "alert", message: message))
            events.log("system_alert", projectID: projectID, SystemAlert(level: level == 100 ? "error" : "warning", message: message, projectId: projectID))
        }
        if changed, let text = try? JSONEncoder().encode(announced) {
            try? database.noteBudgetAnnounced(projectID: projectID, announced: String(decoding: text, as: UTF8.self), readAt: budget.updatedAt)
        }
        if pauseFor == nil, budget.onExceed == "pause" { pauseFor = standing.limits.first { $0.fraction >= 1 } }
        guard pauseFor != nil, let project = try? existing(projectID), project.status == .running else { return }
        let principal = Principal(userID: 0, username: "budget", role: .manager, credential: .session(sessionID: "budget-\(projectID)"))
        do {
            _ = try await pause(projectID, by: principal, reason: "budget reached")
        } catch {
            logger.error("budget: could not pause \(projectID): \(error)")
        }
    }
}
