import Foundation

/// Keeps project folders under the configured workspace roots, symlinks resolved.
public struct WorkspacePolicy: Sendable {
    /// The roots, resolved.
    public let roots: [String]

    /// - Parameter roots: configured roots; empty means the working directory.
    public init(roots: [String]) {
        let chosen = roots.isEmpty ? [FileManager.default.currentDirectoryPath] : roots
        self.roots = chosen.map { Self.resolve(URL(fileURLWithPath: $0).standardizedFileURL.path) }
    }

    /// The resolved path when `path` lies strictly inside a root, else nil.
    public func resolve(projectPath path: String) -> String? {
        guard path.hasPrefix("/"), !path.contains("\0") else { return nil }
        let resolved = Self.resolve(URL(fileURLWithPath: path).standardizedFileURL.path)
        return roots.contains { resolved.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") } ? resolved : nil
    }

    /// Resolves symlinks of the longest existing prefix, keeping the not-yet-existing rest as given.
    package static func resolve(_ path: String) -> String {
        var existing = URL(fileURLWithPath: path)
        var rest: [String] = []
        while !FileManager.default.fileExists(atPath: existing.path), existing.path != "/" {
            rest.insert(existing.lastPathComponent, at: 0)
            existing.deleteLastPathComponent()
        }
        var result = existing.resolvingSymlinksInPath()
        for component in rest { result.appendPathComponent(component) }
        return result.path
    }
}
