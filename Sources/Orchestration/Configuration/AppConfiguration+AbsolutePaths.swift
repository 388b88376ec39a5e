import Foundation

extension AppConfiguration {
    /// A copy with every configured path made absolute, once, at start: the data directory, the workspace roots and
    /// the template and static-file folders. A relative path (the default `./.orchestrator` among them) is taken
    /// from `workingDirectory`, and `~/` from `HOME`. git, tmux and the agents' shells each resolve relative
    /// paths against a folder of their own, so nothing relative may reach them.
    /// - Parameters:
    ///   - workingDirectory: the folder relative paths are read from (the server's working directory at start).
    ///   - home: the user's home folder, for `~/`.
    public func withAbsolutePaths(
        workingDirectory: String = FileManager.default.currentDirectoryPath,
        home: String? = ProcessInfo.processInfo.environment["HOME"]
    ) -> AppConfiguration {
        var copy = self
        let absolute = { (path: String) in Self.absolutePath(path, from: workingDirectory, home: home) }
        copy.storage.dataDir = absolute(storage.dataDir)
        copy.workspace.roots = workspace.roots.map(absolute)
        copy.paths.templates = paths.templates.map(absolute)
        copy.paths.publicFiles = paths.publicFiles.map(absolute)
        copy.agents.sandboxReadOnly = agents.sandboxReadOnly.map(absolute)
        copy.agents.homeTemplate = agents.homeTemplate.map(absolute)
        copy.server.tlsCertFile = server.tlsCertFile.map(absolute)
        copy.server.tlsKeyFile = server.tlsKeyFile.map(absolute)
        copy.notifications.smtpCAFile = notifications.smtpCAFile.map(absolute)
        return copy
    }

    /// `path` as an absolute, standardised path (`.` and `..` removed, no trailing slash).
    /// - Parameters:
    ///   - path: an absolute or relative path, or one starting with `~/`.
    ///   - base: the folder a relative path is read from.
    ///   - home: the folder `~` stands for.
    public static func absolutePath(_ path: String, from base: String, home: String?) -> String {
        var expanded = path
        if let home, !home.isEmpty, path == "~" || path.hasPrefix("~/") {
            expanded = home + path.dropFirst()
        }
        let url = expanded.hasPrefix("/")
            ? URL(fileURLWithPath: expanded)
            : URL(fileURLWithPath: base, isDirectory: true).appendingPathComponent(expanded)
        let standard = url.standardizedFileURL.path
        return standard.count > 1 && standard.hasSuffix("/") ? String(standard.dropLast()) : standard
    }
}
