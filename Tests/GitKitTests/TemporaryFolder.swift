import Foundation
import GitKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A unique folder under the system temporary directory (symbolic links resolved, so paths
/// compare equal to what git reports), plus a runner isolated from the user's git configuration.
struct TemporaryFolder {
    let path: String
    let home: String

    init() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("gitkit-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        guard let resolved = realpath(base.path, nil) else { throw CocoaError(.fileNoSuchFile) }
        defer { free(resolved) }
        let root = String(cString: resolved)
        path = root + "/work"
        home = root + "/home"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    }

    /// A runner that sees an empty HOME and no system or global git configuration,
    /// i.e. a machine with no git identity configured.
    func runner(timeout: Duration = .seconds(60), environment extra: [String: String] = [:]) -> GitCommandRunner {
        var environment = [
            "HOME": home,
            "XDG_CONFIG_HOME": home + "/.config",
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": "/dev/null",
            "EMAIL": "",
        ]
        environment.merge(extra) { _, new in new }
        return GitCommandRunner(gitPath: nil, timeout: timeout, environment: environment)
    }

    /// `path` + "/" + `relative`.
    func sub(_ relative: String) -> String {
        path + "/" + relative
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path)
    }
}
