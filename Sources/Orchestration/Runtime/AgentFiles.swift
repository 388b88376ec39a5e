import Foundation
import GitKit

/// The files the orchestrator keeps in an agent's worktree, in `.orchestrator/` (kept out of git through the
/// repository's `info/exclude`, so no tracked file changes): the briefing and the agents' hook settings.
package struct AgentFiles: Sendable {
    /// `<worktree>/.orchestrator`.
    package let folder: String
    /// `<worktree>/.orchestrator/BRIEFING.md`, named by `ORCHESTRATOR_BRIEFING` in the agent's environment.
    package let briefing: String

    package init(folder: String, briefing: String) {
        self.folder = folder
        self.briefing = briefing
    }

    /// The folder kept out of git.
    package static let folderName = ".orchestrator"

    /// Writes the briefing and keeps the folder out of git.
    package static func prepare(worktree: String, briefing text: String, git: GitCommandRunner) async throws -> AgentFiles {
        let folder = worktree + "/" + folderName
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try await GitRepository(path: worktree, runner: git).excludeLocally(folderName + "/")
        let files = AgentFiles(folder: folder, briefing: folder + "/BRIEFING.md")
        try text.write(toFile: files.briefing, atomically: true, encoding: .utf8)
        return files
    }

    /// Writes one more file into the folder and returns its path.
    package func write(_ name: String, _ text: String) throws -> String {
        let path = folder + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
