import Foundation

extension GitRepository {
    /// Keeps `pattern` out of git for this repository and all its worktrees, without touching any tracked file:
    /// the line goes into the repository's own `info/exclude` (added once).
    /// - Parameter pattern: a gitignore pattern, e.g. `.orchestrator/`.
    public func excludeLocally(_ pattern: String) async throws {
        var file = try await git(["rev-parse", "--git-path", "info/exclude"]).trimmingCharacters(in: .whitespacesAndNewlines)
        if !file.hasPrefix("/") { file = path + "/" + file }
        let existing = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
        guard !existing.split(separator: "\n").contains(where: { $0.trimmingCharacters(in: .whitespaces) == pattern }) else { return }
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let separator = existing.isEmpty || existing.hasSuffix("\n") ? "" : "\n"
        try (existing + separator + pattern + "\n").write(toFile: file, atomically: true, encoding: .utf8)
    }
}
