import Foundation

/// The machine's load as seen by an analysis.
public struct ResourceUtilization: Sendable, Codable, Equatable {
    /// CPU use in percent, when measured.
    public var cpuPercent: Double?
    /// Memory use in percent, when measured.
    public var memoryPercent: Double?
    /// Disk use in percent, when measured.
    public var diskPercent: Double?
    /// Agents whose process is meant to be running (any status but `failed` and `stopped`).
    public var agentsRunning: Int
    /// `normal`, `high` or `critical`.
    public var assessment: String

    /// Creates a utilisation record.
    public init(cpuPercent: Double?, memoryPercent: Double?, diskPercent: Double?, agentsRunning: Int, assessment: String) {
        self.cpuPercent = cpuPercent
        self.memoryPercent = memoryPercent
        self.diskPercent = diskPercent
        self.agentsRunning = agentsRunning
        self.assessment = assessment
    }

    /// Snake-case keys, as the HTTP API spells them.
    enum CodingKeys: String, CodingKey {
        case assessment
        case cpuPercent = "cpu_percent"
        case memoryPercent = "memory_percent"
        case diskPercent = "disk_percent"
        case agentsRunning = "agents_running"
    }
}
