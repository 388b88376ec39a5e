import Foundation
import ProcessKit
extension GitRepository {
    /// The repository's shared git folder (`<main>/.git`) and this checkout's own (`<main>/.git/worktrees/<name>`
    /// for a linked worktree; the same folder for the main checkout), as absolute paths.
    public func gitFolders() async throws -> (common: String, own: String) {
        let lines = try await git(["rev-parse", "--path-format=absolute", "--git-common-dir", "--git-dir"])
            .split(separator: "\n").map(String.init)
        guard lines.count == 2 else { throw GitError.notARepository(path) }
        return (GitPaths.canonical(lines[0]), GitPaths.canonical(lines[1]))
    }

    /// A value of the user's global git configuration (`git config --global`), or nil when unset.
    public func globalConfig(_ key: String) async -> String? {
        guard let result = try? await gitResult(["config", "--global", "--get", key]), result.status == 0 else { return nil }
        let value = result.output.trimmingCharacters(in: .whitespacesAndNewlines)
        return value.isEmpty ? nil : value
    }
}
