import Foundation

/// The programs running in one process tree, read from `/proc` (Linux) without scanning every process.
public enum ProcessTree {
    /// The command names (`/proc/<pid>/comm`) of `root` and every process below it, root first; empty when
    /// `root` is not running. Uses each thread's `children` file, falling back to a scan of `/proc`.
    /// - Parameter root: the tree's top process, e.g. a tmux pane's process.
    public static func commands(under root: Int32) -> [String] {
        guard let rootName = name(of: root) else { return [] }
        var names = [rootName]
        var pending = children(of: root)
        var seen: Set<Int32> = [root]
        while let pid = pending.popLast() {
            guard seen.insert(pid).inserted, let name = name(of: pid) else { continue }
            names.append(name)
            pending += children(of: pid)
        }
        return names
    }

    static func name(of pid: Int32) -> String? {
        guard let data = FileBytes.read("/proc/\(pid)/comm").map({ Data($0) }) else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func children(of pid: Int32) -> [Int32] {
        let threads = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        var result: [Int32] = []
        var readable = false
        for thread in threads {
            guard let data = FileBytes.read("/proc/\(pid)/task/\(thread)/children").map({ Data($0) }) else { continue }
            readable = true
            result += String(decoding: data, as: UTF8.self).split(separator: " ").compactMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
        if readable || threads.isEmpty { return result }
        return ProcessTable().children(of: pid)
    }
}
