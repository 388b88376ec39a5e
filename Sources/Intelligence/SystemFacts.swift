import Foundation

/// Machine and message-queue measurements taken when a ``FleetFacts`` snapshot is built.
public struct SystemFacts: Sendable, Codable, Equatable {
    /// CPU use in percent (0…100), when measured.
    public var cpuPercent: Double?
    /// Memory use in percent (0…100), when measured.
    public var memoryPercent: Double?
    /// Disk use in percent (0…100), when measured.
    public var diskPercent: Double?
    /// Messages waiting to be delivered to agents.
    public var messagesQueued: Int
    /// Messages whose delivery failed during the last hour.
    public var messagesFailedLastHour: Int

    /// Creates a measurement set; unknown percentages stay `nil`.
    public init(
        cpuPercent: Double? = nil,
        memoryPercent: Double? = nil,
        diskPercent: Double? = nil,
        messagesQueued: Int = 0,
        messagesFailedLastHour: Int = 0
    ) {
        self.cpuPercent = cpuPercent
        self.memoryPercent = memoryPercent
        self.diskPercent = diskPercent
        self.messagesQueued = messagesQueued
        self.messagesFailedLastHour = messagesFailedLastHour
    }

    /// Snake-case keys, as the HTTP API spells them.
    enum CodingKeys: String, CodingKey {
        case cpuPercent = "cpu_percent"
        case memoryPercent = "memory_percent"
        case diskPercent = "disk_percent"
        case messagesQueued = "messages_queued"
        case messagesFailedLastHour = "messages_failed_last_hour"
    }
}
