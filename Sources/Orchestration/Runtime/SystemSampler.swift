import Foundation
import ProcessKit
import Storage

/// Takes a sample of the server's state every ``interval`` and keeps the last ``capacity``, for the
/// sparklines on `/system` and the server's current CPU use.
package actor SystemSampler {
    /// One sample.
    package struct Sample: Sendable, Encodable {
        package var at: Date
        package var activeAgents: Int
        package var cpuPercent: Double
    }

    package let interval: TimeInterval
    package let capacity: Int
    private let database: AppDatabase
    private let startedAt = Date()
    package private(set) var samples: [Sample] = []
    private var lastCPU: (at: Date, seconds: Double)?

    package init(database: AppDatabase, interval: TimeInterval = 15, capacity: Int = 120) {
        self.database = database
        self.interval = interval
        self.capacity = capacity
    }

    /// Takes a sample when the last one is at least ``interval`` old.
    package func sampleIfDue(now: Date = Date()) {
        if let last = samples.last, now.timeIntervalSince(last.at) < interval { return }
        let active = (try? database.agentCountsByStatus())?["active"] ?? 0
        samples.append(Sample(at: now, activeAgents: active, cpuPercent: cpuPercent(now: now)))
        if samples.count > capacity { samples.removeFirst(samples.count - capacity) }
    }

    /// The server's CPU use (percent of one core) since the previous sample, or since start for the first.
    private func cpuPercent(now: Date) -> Double {
        guard let usage = ProcessTable.ownUsage() else { return 0 }
        let previous = lastCPU ?? (startedAt, 0)
        lastCPU = (now, usage.cpuSeconds)
        let elapsed = now.timeIntervalSince(previous.at)
        guard elapsed > 0 else { return 0 }
        return max(0, (usage.cpuSeconds - previous.seconds) / elapsed * 100)
    }

    /// The latest sampled CPU use, if any sample was taken.
    package var latestCPUPercent: Double? { samples.last?.cpuPercent }
}
