import Foundation
import Orchestration

/// `/system`: health, readiness, metrics with sparklines, tmux and database facts.
struct SystemPageModel: Sendable {
    struct Health: Sendable {
        var status: String
        var version: String
        var uptime: String
    }

    struct Check: Sendable {
        var name: String
        var ok: Bool
        var detail: String
    }

    struct Metrics: Sendable {
        var activeProjects: Int
        var wsConnections: Int
        var eventsPerMinute: Int
        var databaseSize: String
        var tmuxMemory: String
        var cpuPercent: String
        var memory: String
    }

    struct Count: Sendable {
        var status: String
        var count: Int
    }

    struct Sparkline: Sendable {
        var title: String
        var points: String
        var latest: String
        var peak: String
        /// Fewer than two samples: nothing to draw yet, and the page says so.
        var note: String?
    }

    struct Tmux: Sendable {
        var socket: String
        var sessions: Int
        var panes: Int
    }

    struct Database: Sendable {
        var path: String
        var size: String
        var walSize: String
    }

    var chrome: PageChrome
    var health: Health
    var ready: Bool
    var checks: [Check]
    var metrics: Metrics
    var projectsByStatus: [Count]
    var agentsByStatus: [Count]
    var sparklines: [Sparkline]
    var tmux: Tmux
    var database: Database
    /// The Ask-AI box.
    var ask: AskBoxModel
    /// The intelligence layer's provider and state.
    var intelligence: String
    /// The backups, for admins.
    var backups: BackupsCardModel?

    init(chrome: PageChrome, system: SystemMetrics, checks: [String: ReadinessProbe.Check], databasePath: String, intelligence: String = "heuristic: healthy") {
        self.chrome = chrome
        self.ask = AskBoxModel(csrfToken: chrome.csrfToken)
        self.intelligence = intelligence
        health = Health(status: "ok", version: system.server.version, uptime: Self.duration(system.server.uptimeSeconds))
        self.checks = checks.keys.sorted().map { Check(name: $0, ok: checks[$0]?.ok ?? false, detail: checks[$0]?.detail ?? "") }
        ready = self.checks.allSatisfy(\.ok)
        metrics = Metrics(
            activeProjects: system.projects.active, wsConnections: system.websocketConnections, eventsPerMinute: system.events.lastMinute,
            databaseSize: Self.bytes(system.database.sizeBytes), tmuxMemory: system.tmux.memoryBytes.map(Self.bytes) ?? "not running",
            cpuPercent: String(format: "%.1f %%", system.server.cpuPercent), memory: Self.bytes(system.server.memoryBytes))
        projectsByStatus = system.projects.byStatus.keys.sorted().map { Count(status: $0, count: system.projects.byStatus[$0] ?? 0) }
        agentsByStatus = system.agents.byStatus.keys.sorted().map { Count(status: $0, count: system.agents.byStatus[$0] ?? 0) }
        sparklines = [
            Self.sparkline("Active agents (every \(system.history.intervalSeconds) s)", system.history.samples.map { Double($0.activeAgents) }, unit: "agents"),
            Self.sparkline("Messages per minute (30 min)", system.messages.perMinute.map(Double.init), unit: "/min"),
            Self.sparkline("Events per minute (30 min)", system.events.perMinute.map(Double.init), unit: "/min"),
            Self.sparkline("Server CPU (every \(system.history.intervalSeconds) s)", system.history.samples.map(\.cpuPercent), unit: "%"),
        ]
        tmux = Tmux(socket: system.tmux.socket, sessions: system.tmux.sessions, panes: system.tmux.panes)
        database = Database(path: databasePath, size: Self.bytes(system.database.sizeBytes), walSize: Self.bytes(system.database.walBytes))
    }

    /// A polyline in a 120×30 box: oldest value on the left, the largest touching the top.
    /// - Parameters:
    ///   - unit: written after the numbers (`%`, `agents`, `/min`).
    ///   - maximum: the value at the top of the box (a score out of 100); the largest value when nil.
    static func sparkline(_ title: String, _ values: [Double], unit: String = "", maximum: Double? = nil) -> Sparkline {
        let note = values.count < 2 ? "Collecting: \(values.count) sample\(values.count == 1 ? "" : "s") so far, a line needs two." : nil
        // A line needs two points: a single value (or none) is drawn flat across the box.
        let values = values.count < 2 ? [values.first ?? 0, values.first ?? 0] : values
        let peak = values.max() ?? 0
        let top = maximum ?? peak
        let step = 120 / Double(values.count - 1)
        let points = values.enumerated().map { index, value in
            let y: Double = top > 0 ? 29 - min(value, top) / top * 28 : 29
            return String(format: "%.1f,%.1f", Double(index) * step, y)
        }
        let withUnit = { (value: Double) in unit.isEmpty ? number(value) : unit.hasPrefix("/") ? number(value) + unit : number(value) + " " + unit }
        return Sparkline(title: title, points: points.joined(separator: " "), latest: withUnit(values.last ?? 0), peak: withUnit(peak), note: note)
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }

    static func bytes(_ count: Int64) -> String {
        ByteCountFormatter.string(fromByteCount: count, countStyle: .memory)
    }

    static func duration(_ seconds: Int) -> String {
        if seconds < 60 { return "\(seconds) s" }
        if seconds < 3600 { return "\(seconds / 60) min" }
        if seconds < 86_400 { return "\(seconds / 3600) h \(seconds % 3600 / 60) min" }
        return "\(seconds / 86_400) d \(seconds % 86_400 / 3600) h"
    }
}
