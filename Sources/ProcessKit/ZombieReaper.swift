import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reaps child processes left as zombies: Foundation reaps a child only while its `Process` object lives, and a
/// short-lived `tmux` client can end after that object is gone. A zombie seen on two passes in a row (so at least
/// one interval old) is one nobody else will reap; it is collected with `waitpid`.
public final class ZombieReaper: @unchecked Sendable {
    private var seen: Set<Int32> = []
    private let lock = NSLock()

    public init() {}

    /// One pass: collects the zombies seen last time that are still zombies, remembers the new ones.
    /// - Returns: how many were collected.
    @discardableResult
    public func reap() -> Int {
        let zombies = Set(Self.zombieChildren())
        lock.lock()
        defer { lock.unlock() }
        var collected = 0
        for pid in zombies.intersection(seen) {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid { collected += 1 }
        }
        seen = zombies.subtracting(zombies.intersection(seen))
        return collected
    }

    /// This process's children in state Z, from `/proc/self/task/*/children`.
    static func zombieChildren() -> [Int32] {
        #if os(Linux)
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        var children: [Int32] = []
        for task in tasks {
            guard let text = FileBytes.text("/proc/self/task/\(task)/children") else { continue }
            children += text.split(separator: " ").compactMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
        return children.filter { pid in
            guard let stat = FileBytes.text("/proc/\(pid)/stat"),
                let close = stat.lastIndex(of: ")")
            else { return false }
            return stat[stat.index(after: close)...].split(separator: " ").first == "Z"
        }
        #else
        return []
        #endif
    }
}
