import Foundation
import GitKit

/// The files the orchestrator keeps in an agent's worktree, in `.orchestrator/` (kept out of git through the
/// repository's `info/exclude`, so no tracked file changes): the briefing and the agents' hook settings.
package struct AgentFiles: Sendable {
    /// `<worktree>/.orchestrator`, where the files are written.
    package let folder: String
    /// `<worktree>/.orchestrator/BRIEFING.md` as the agent sees it, named by `ORCHESTRATOR_BRIEFING` in its environment.
    package let briefing: String
    /// The folder as the agent sees it: ``folder``, unless the files are staged here for an agent on an SSH host.
    package let shownFolder: String

    package init(folder: String, briefing: String, shownFolder: String? = nil) {
        self.folder = folder
        self.briefing = briefing
        self.shownFolder = shownFolder ?? folder
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

    /// Writes the briefing into `<staging>/.orchestrator` for an agent whose worktree is `worktree` on an SSH host
    /// (the staging folder is copied there afterwards); paths handed out are the host's.
    package static func stage(in staging: String, worktree: String, briefing text: String) throws -> AgentFiles {
        let folder = staging + "/" + folderName
        try? FileManager.default.removeItem(atPath: staging)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try text.write(toFile: folder + "/BRIEFING.md", atomically: true, encoding: .utf8)
        let shown = worktree + "/" + folderName
        return AgentFiles(folder: folder, briefing: shown + "/BRIEFING.md", shownFolder: shown)
    }

    /// Writes one more file into the folder and returns its path as the agent sees it.
    package func write(_ name: String, _ text: String) throws -> String {
        try text.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8)
        return shownFolder + "/" + name
    }
}
