import Foundation
import GitKit
import Testing

@Suite("GitRepository: worktrees", .timeLimit(.minutes(3)))
struct GitWorktreeTests {
    private func makeRepository(_ tmp: TemporaryFolder) async throws -> GitRepository {
        try await GitRepository.initialize(
            at: tmp.sub("project"), files: ["README.md": "hello\n"], message: "init", runner: tmp.runner()
        )
    }

    @Test func addCreatesBranchFromBaseAndIsIdempotent() async throws {
        let tmp = try TemporaryFolder()
        defer { tmp.remove() }
        let repo = try await makeRepository(tmp)
        let base = try await repo.headCommit()
        let path = tmp.sub("worktrees/project/dev-1")

        #expect(try await !repo.branchExists("orc/project/dev-1"))
        try await repo.addWorktree(at: path, branch: "orc/project/dev-1", from: "main")
        #expect(try await repo.branchExists("orc/project/dev-1"))
        #expect(FileManager.default.fileExists(atPath: path + "/README.md"))

        try await repo.addWorktree(at: path, branch: "orc/project/dev-1", from: "main")

        let worktrees = try await repo.worktrees()
        #expect(worktrees.count == 2)
        #expect(worktrees.first?.path == repo.path)
        #expect(worktrees.first?.branch == "main")
        let added = try #require(worktrees.first { $0.path == path })
        #expect(added.branch == "orc/project/dev-1")
        #expect(added.head == base)
        #expect(!added.isDetached)

        let inWorktree = GitRepository(path: path, runner: tmp.runner())
        #expect(try await inWorktree.currentBranch() == "orc/project/dev-1")
    }

    @Test func twoWorktreesOnDifferentBranches() async throws {
        let tmp = try TemporaryFolder()
        defer { tmp.remove() }
        let repo = try await makeRepository(tmp)
        try await repo.addWorktree(at: tmp.sub("wt/a"), branch: "agent-a", from: "main")
        try await repo.addWorktree(at: tmp.sub("wt/b"), branch: "agent-b", from: "HEAD")

        let branches = try await repo.worktrees().map(\.branch)
        #expect(branches == ["main", "agent-a", "agent-b"])

        // The same branch cannot be checked out in a second place.
        let error = await #expect(throws: GitError.self) {
            try await repo.addWorktree(at: tmp.sub("wt/c"), branch: "agent-a", from: "main")
        }
        guard case .worktreeConflict = error else {
            Issue.record("expected worktreeConflict, got \(String(describing: error))")
            return
        }
        #expect(!FileManager.default.fileExists(atPath: tmp.sub("wt/c")))
    }

    @Test func existingBranchIsReused() async throws {
        let tmp = try TemporaryFolder()
        defer { tmp.remove() }
        let repo = try await makeRepository(tmp)
        let first = tmp.sub("wt/first")
        try await repo.addWorktree(at: first, branch: "feature", from: "main")

        let worktree = GitRepository(path: first, runner: tmp.runner())
        try "work\n".write(toFile: first + "/work.txt", atomically: true, encoding: .utf8)
        let work = try #require(try await worktree.commit(message: "agent work", author: .orchestrator))
        try await repo.removeWorktree(at: first)

        let second = tmp.sub("wt/second")
        try await repo.addWorktree(at: second, branch: "feature", from: "main")
        let again = GitRepository(path: second, runner: tmp.runner())
        #expect(try await again.headCommit() == work)
        #expect(FileManager.default.fileExists(atPath: second + "/work.txt"))
        #expect(try await repo.log("feature").map(\.message) == ["agent work", "init"])
    }

    @Test func readdingAfterTheFolderWasDeleted() async throws {
        let tmp = try TemporaryFolder()
        defer { tmp.remove() }
        let repo = try await makeRepository(tmp)
        let path = tmp.sub("wt/gone")
        try await repo.addWorktree(at: path, branch: "gone", from: "main")
        try FileManager.default.removeItem(atPath: path)

        try await repo.addWorktree(at: path, branch: "gone", from: "main")
        #expect(FileManager.default.fileExists(atPath: path + "/README.md"))
        #expect(try await repo.worktrees().count == 2)
    }

    @Test func removeWorktree() async throws {
        let tmp = try TemporaryFolder()
        defer { tmp.remove() }
        let repo = try await makeRepository(tmp)
        let path = tmp.sub("wt/x")
        try await repo.addWorktree(at: path, branch: "x", from: "main")
        try "dirty".write(toFile: path + "/dirty.txt", atomically: true, encoding: .utf8)

        let error = await #expect(throws: GitError.self) { try await repo.removeWorktree(at: path) }
        guard case .commandFailed(let arguments, _, let stderr) = error else {
            Issue.record("expected commandFailed, got \(String(describing: error))")
            return
        }
        #expect(arguments == ["worktree", "remove", "--", path])
        #expect(!stderr.isEmpty)

        try await repo.removeWorktree(at: path, force: true)
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(try await repo.worktrees().map(\.path) == [repo.path])
        #expect(try await repo.branchExists("x"))
    }

    @Test func invalidBranchThrowsAndCreatesNothing() async throws {
        let tmp = try TemporaryFolder()
        defer { tmp.remove() }
        let repo = try await makeRepository(tmp)
        for name in ["-x", "a..b", "has space", "--force"] {
            let path = tmp.sub("wt/bad")
            await #expect(throws: GitError.invalidBranchName(name)) {
                try await repo.addWorktree(at: path, branch: name, from: "main")
            }
            #expect(!FileManager.default.fileExists(atPath: tmp.sub("wt")))
        }
        #expect(try await repo.worktrees().count == 1)
        let branches = try await tmp.runner().run(["branch", "--format=%(refname:short)"], in: repo.path)
        #expect(branches == "main")
    }

    @Test func invalidBaseThrows() async throws {
        let tmp = try TemporaryFolder()
        defer { tmp.remove() }
        let repo = try await makeRepository(tmp)
        await #expect(throws: GitError.invalidReference("--orphan")) {
            try await repo.addWorktree(at: tmp.sub("wt/a"), branch: "a", from: "--orphan")
        }
        await #expect(throws: GitError.invalidReference("nope")) {
            try await repo.addWorktree(at: tmp.sub("wt/a"), branch: "a", from: "nope")
        }
        #expect(try await !repo.branchExists("a"))
    }

    @Test func parsesPorcelainOutput() {
        let output = """
        worktree /repo
        bare

        worktree /repo/main
        HEAD 1111111111111111111111111111111111111111
        branch refs/heads/main

        worktree /wt/detached
        HEAD 2222222222222222222222222222222222222222
        detached
        locked reason here

        worktree /wt/gone
        HEAD 3333333333333333333333333333333333333333
        branch refs/heads/orc/p/dev-1
        prunable gitdir file points to non-existent location

        """
        let worktrees = GitWorktree.parsePorcelain(output)
        #expect(worktrees == [
            GitWorktree(path: "/repo", head: "", branch: nil, isDetached: false, isBare: true),
            GitWorktree(path: "/repo/main", head: String(repeating: "1", count: 40), branch: "main", isDetached: false),
            GitWorktree(path: "/wt/detached", head: String(repeating: "2", count: 40), branch: nil, isDetached: true, isLocked: true),
            GitWorktree(
                path: "/wt/gone", head: String(repeating: "3", count: 40), branch: "orc/p/dev-1",
                isDetached: false, isPrunable: true
            ),
        ])
    }
}
