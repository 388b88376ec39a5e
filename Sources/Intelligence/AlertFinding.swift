import Foundation

/// One alert with the recommendation it leads to and the health points it costs.
struct AlertFinding: Sendable, Equatable {
    /// The alert.
    var alert: FleetAlert
    /// What to do about it, when something can be done.
    var recommendation: String?
    /// Health points subtracted for it.
    var penalty: Int

    /// Sort rank of a severity: critical, warning, info, then anything else.
    static func rank(_ severity: String) -> Int {
        switch severity {
        case "critical": 0
        case "warning": 1
        case "info": 2
        default: 3
        }
    }

    /// Report order: severity, then project id, then agent id (fleet-wide alerts last), then kind and message.
    static func precedes(_ lhs: AlertFinding, _ rhs: AlertFinding) -> Bool {
        let left = lhs.alert
        let right = rhs.alert
        if rank(left.severity) != rank(right.severity) { return rank(left.severity) < rank(right.severity) }
        if left.projectId != right.projectId { return before(left.projectId, right.projectId) }
        if left.agentId != right.agentId { return before(left.agentId, right.agentId) }
        if left.kind != right.kind { return left.kind < right.kind }
        return left.message < right.message
    }

    /// Orders optional ids with nil last.
    private static func before(_ lhs: String?, _ rhs: String?) -> Bool {
        switch (lhs, rhs) {
        case let (left?, right?): left < right
        case (.some, nil): true
        default: false
        }
    }
}
