import Foundation

/// How a host is: reachable, how fast it answers, its tmux and git, load, free memory and the agents running there.
public struct HostHealth: Sendable, Equatable, Codable {
    public var reachable: Bool
    /// Why not, when it is not.
    public var error: String?
    /// One command's round trip over the open connection, in milliseconds.
    public var roundTripMilliseconds: Double?
    public var tmuxVersion: String?
    public var gitVersion: String?
    /// The 1, 5 and 15 minute load averages.
    public var load: [Double]?
    public var cpus: Int?
    public var memoryAvailableBytes: Int64?
    /// Panes on the host's orchestrator tmux socket.
    public var agentsRunning: Int?
    public var checkedAt: Date

    enum CodingKeys: String, CodingKey {
        case reachable, error, load, cpus
        case roundTripMilliseconds = "round_trip_ms"
        case tmuxVersion = "tmux_version"
        case gitVersion = "git_version"
        case memoryAvailableBytes = "memory_available_bytes"
        case agentsRunning = "agents_running"
        case checkedAt = "checked_at"
    }

    /// An unreachable host's health.
    public static func down(_ reason: String, at date: Date = Date()) -> HostHealth {
        HostHealth(reachable: false, error: reason, checkedAt: date)
    }

    /// The script run on the host: one `key=value` line per fact.
    static func script(socket: String) -> String {
        """
        printf 'tmux=%s\\n' "$(tmux -V 2>/dev/null)"
        printf 'git=%s\\n' "$(git --version 2>/dev/null)"
        printf 'load=%s\\n' "$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
        printf 'cpus=%s\\n' "$(nproc 2>/dev/null)"
        printf 'mem=%s\\n' "$(awk '/^MemAvailable:/ {print $2}' /proc/meminfo 2>/dev/null)"
        printf 'agents=%s\\n' "$(tmux -L \(RemoteShell.quote(socket)) list-panes -a 2>/dev/null | wc -l)"
        """
    }

    /// Reads the script's output.
    static func parse(_ text: String, roundTrip: Double?, at date: Date = Date()) -> HostHealth {
        var facts: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            facts[String(line[..<equals])] = String(line[line.index(after: equals)...]).trimmingCharacters(in: .whitespaces)
        }
        let nonEmpty = { (key: String) in facts[key].flatMap { $0.isEmpty ? nil : $0 } }
        return HostHealth(
            reachable: true, error: nil, roundTripMilliseconds: roundTrip, tmuxVersion: nonEmpty("tmux"), gitVersion: nonEmpty("git"),
            load: nonEmpty("load").map { $0.split(separator: " ").compactMap { Double($0) } }, cpus: nonEmpty("cpus").flatMap { Int($0) },
            memoryAvailableBytes: nonEmpty("mem").flatMap { Int64($0) }.map { $0 * 1024 }, agentsRunning: nonEmpty("agents").flatMap { Int($0) },
            checkedAt: date)
    }
}
