import Foundation

/// Finds a program on `PATH` once, so it can be started by its full path: `/usr/bin/env name` searches `PATH`
/// again on every start (one failed `execve` per folder before the right one).
public enum ExecutableLookup {
    /// The full path of `name` in the folders of `path` (the process's own `PATH` by default); `name` itself
    /// when it already contains a `/`; nil when it is nowhere.
    public static func path(of name: String, in path: String? = ProcessInfo.processInfo.environment["PATH"]) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        for folder in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") where !folder.isEmpty {
            let candidate = folder + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
