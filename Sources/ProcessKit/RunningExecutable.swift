import Foundation

/// Where the running program's own file is: `/proc/self/exe` (right however the program was started: by a full
/// path, through `PATH`, or through a symlink), then `argv[0]` made absolute (the same file, except under a
/// launcher that runs it through another program).
public enum RunningExecutable {
    /// The executable's absolute paths, symlinks resolved, best first and without repeats.
    public static var candidates: [URL] {
        var found: [URL] = []
        if let own = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            found.append(URL(fileURLWithPath: own))
        }
        let first = CommandLine.arguments.first ?? ""
        if !first.isEmpty {
            let path = first.contains("/") ? first : ExecutableLookup.path(of: first) ?? first
            let url = URL(fileURLWithPath: path).resolvingSymlinksInPath()
            if !found.contains(where: { $0.path == url.path }) { found.append(url) }
        }
        return found
    }
}
