import Foundation
import GitKit

/// The files the orchestrator keeps in an agent's worktree, in `.orchestrator/` (kept out of git through the
/// repository's `info/exclude`, so no tracked file changes): the briefing and the agents' hook settings.
struct AgentFiles: Sendable {
    /// `<worktree>/.orchestrator`.
    let folder: String
    /// `<worktree>/.orchestrator/BRIEFING.md`, named by `ORCHESTRATOR_BRIEFING` in the agent's environment.
    let briefing: String

    /// The folder kept out of git.
    static let folderName = ".orchestrator"

    /// Writes the briefing and keeps the folder out of git.
    static func prepare(worktree: String, briefing text: String, git: GitCommandRunner) async throws -> AgentFiles {
        let folder = worktree + "/" + folderName
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try await GitRepository(path: worktree, runner: git).excludeLocally(folderName + "/")
        let files = AgentFiles(folder: folder, briefing: folder + "/BRIEFING.md")
        try text.write(toFile: files.briefing, atomically: true, encoding: .utf8)
        return files
    }

    /// Writes one more file into the folder and returns its path.
    func write(_ name: String, _ text: String) throws -> String {
        let path = folder + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
