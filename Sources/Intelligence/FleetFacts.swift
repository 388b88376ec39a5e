import Foundation

/// A snapshot of everything the server knows about its projects, agents and machine.
///
/// Providers answer only from these facts: nothing they say names a project or agent absent here.
public struct FleetFacts: Sendable, Codable, Equatable {
    /// All projects, in the order they should be reported.
    public var projects: [ProjectFacts]
    /// When the snapshot was taken; every age is measured from here.
    public var now: Date
    /// Machine and message-queue measurements.
    public var systemMetrics: SystemFacts

    /// Creates a snapshot.
    public init(projects: [ProjectFacts], now: Date, systemMetrics: SystemFacts = SystemFacts()) {
        self.projects = projects
        self.now = now
        self.systemMetrics = systemMetrics
    }

    /// Snake-case keys, as the HTTP API spells them.
    enum CodingKeys: String, CodingKey {
        case projects, now
        case systemMetrics = "system_metrics"
    }
}
