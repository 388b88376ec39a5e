import Foundation

/// A snapshot of the machine's processes read from `/proc` (Linux); empty elsewhere.
public struct ProcessTable: Sendable {
    struct Entry: Sendable {
        var parent: Int32
        var usage: ProcessUsage
        var startTicks: Double
    }

    private let entries: [Int32: Entry]
    /// Each process's children, built once so any number of trees can be summed cheaply.
    private let children: [Int32: [Int32]]

    /// Reads every process's parent, CPU time and resident memory.
    public init() {
        var entries: [Int32: Entry] = [:]
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for name in names {
            guard let pid = Int32(name), let entry = Self.read(pid: pid) else { continue }
            entries[pid] = entry
        }
        self.entries = entries
        var children: [Int32: [Int32]] = [:]
        for (pid, entry) in entries { children[entry.parent, default: []].append(pid) }
        self.children = children
    }

    /// One process's figures, without reading the whole table.
    public static func usage(of pid: Int32) -> ProcessUsage? { read(pid: pid)?.usage }

    /// When a process started, or nil when it is not running.
    public static func startTime(of pid: Int32) -> Date? {
        guard let entry = read(pid: pid), let boot = bootTime else { return nil }
        return boot.addingTimeInterval(entry.startTicks / ticksPerSecond)
    }

    /// When the machine booted (the `btime` line of `/proc/stat`).
    static let bootTime: Date? = {
        guard let data = FileBytes.read("/proc/stat").map({ Data($0) }) else { return nil }
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where line.hasPrefix("btime ") {
            return Double(line.dropFirst(6).trimmingCharacters(in: .whitespaces)).map(Date.init(timeIntervalSince1970:))
        }
        return nil
    }()

    /// This process's figures.
    public static func ownUsage() -> ProcessUsage? { usage(of: getpid()) }

    /// The figures of `root` and every process below it, or nil when `root` is not running.
    public func usage(ofTree root: Int32) -> ProcessUsage? {
        guard let rootEntry = entries[root] else { return nil }
        var total = rootEntry.usage
        var pending = children[root] ?? []
        var seen: Set<Int32> = [root]
        while let pid = pending.popLast() {
            guard seen.insert(pid).inserted, let entry = entries[pid] else { continue }
            total = total + entry.usage
            pending += children[pid] ?? []
        }
        return total
    }

    /// The direct children of a process.
    func children(of pid: Int32) -> [Int32] { children[pid] ?? [] }

    static let ticksPerSecond = Double(max(1, sysconf(Int32(_SC_CLK_TCK))))
    static let pageSize = Int64(max(1, sysconf(Int32(_SC_PAGESIZE))))

    /// Parses `/proc/<pid>/stat`: the command name may hold spaces and parentheses, so fields are counted
    /// from the last `)`.
    static func read(pid: Int32) -> Entry? {
        guard let data = FileBytes.read("/proc/\(pid)/stat").map({ Data($0) }) else { return nil }
        return parse(String(decoding: data, as: UTF8.self))
    }

    static func parse(_ stat: String) -> Entry? {
        guard let close = stat.lastIndex(of: ")") else { return nil }
        // After ")": state(3) ppid(4) … utime(14) stime(15) … starttime(22) … rss(24); index 0 here is field 3.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 21, let parent = Int32(fields[1]), let user = Double(fields[11]), let system = Double(fields[12]),
            let start = Double(fields[19]), let pages = Int64(fields[21])
        else { return nil }
        let usage = ProcessUsage(cpuSeconds: (user + system) / ticksPerSecond, residentBytes: pages * pageSize, processes: 1)
        return Entry(parent: parent, usage: usage, startTicks: start)
    }
}
