import Foundation
import ProcessKit
import GitKit
import Testing

@Suite("GitRepository: init, log, commit", .timeLimit(.minutes(3)))
struct GitRepositoryTests {
    @Test func initializeWritesFilesAndCommitsThem() async throws {
        let tmp = try TemporaryFolder()
        defer { tmp.remove() }
        let runner = tmp.runner()
        let folder = tmp.sub("projects/demo")

        let repo = try await GitRepository.initialize(
            at: folder,
            files: ["README.md": "# Demo\n", "docs/notes/plan.txt": "step 1\nstep 2\n"],
            message: "Initial commit",
            runner: runner
        )

        #expect(repo.path == folder)
        #expect(try String(contentsOfFile: folder + "/README.md", encoding: .utf8) == "# Demo\n")
        #expect(try String(contentsOfFile: folder + "/docs/notes/plan.txt", encoding: .utf8) == "step 1\nstep 2\n")
        #expect(await GitRepository.isRepository(at: folder, runner: runner))
        #expect(try await repo.currentBranch() == "main")
        #expect(try await repo.hasCommits())
        #expect(try await repo.isClean())

        let log = try await repo.log()
        #expect(log.count == 1)
        #expect(log.first?.message == "Initial commit")
        #expect(log.first?.author == GitAuthor.orchestrator.name)
        #expect(log.first?.hash == (try await repo.headCommit()))
        #expect(abs((log.first?.date ?? .distantPast).timeIntervalSinceNow) < 300)

        let tracked = try await runner.run(["ls-files"], in: folder)
        #expect(tracked.split(separator: "\n") == ["README.md", "docs/notes/plan.txt"])
    }

    @Test func initializeWithoutGlobalIdentityUsesTheGivenAuthor() async throws {
        let tmp = try TemporaryFolder()
        defer { tmp.remove() }
        let runner = tmp.runner()
        let author = GitAuthor(name: "Ada Lovelace", email: "ada@example.org")

        // The isolated runner really has no identity configured.
        let configured = try await runner.execute(["config", "--get", "user.email"], in: tmp.path)
        #expect(configured.status != 0)

        let repo = try await GitRepository.initialize(
            at: tmp.sub("repo"), branch: "trunk", files: [:], message: "Empty start", author: author, runner: runner
        )
        #expect(try await repo.currentBranch() == "trunk")
        let identity = try await runner.run(["log", "-1", "--format=%an|%ae|%cn|%ce"], in: repo.path)
        #expect(identity == "Ada Lovelace|ada@example.org|Ada Lovelace|ada@example.org")
        #expect(try await repo.log().first?.author == "Ada Lovelace")
    }

    @Test func initializeRefusesPathsOutsideTheFolder() async throws {
        let tmp = try TemporaryFolder()
        defer { tmp.remove() }
        let runner = tmp.runner()
        let folder = tmp.sub("repo")

        for bad in ["../escape.txt", "a/../../escape.txt", "/tmp/absolute.txt", ".git/hooks/pre-commit", "", "dir/"] {
            let error = await #expect(throws: GitError.self) {
                try await GitRepository.initialize(
                    at: folder, files: ["ok.txt": "fine", bad: "evil"], message: "x", runner: runner
                )
            }
            guard case .invalidPath(let path, _) = error else {
                Issue.record("expected invalidPath for \(bad), got \(String(describing: error))")
                continue
            }
            #expect(path == bad)
        }
        #expect(!FileManager.default.fileExists(atPath: folder))
        #expect(!FileManager.default.fileExists(atPath: tmp.sub("escape.txt")))
    }

    @Test func initializeRefusesEscapingThroughASymlink() async throws {
        let tmp = try TemporaryFolder()
        defer { tmp.remove() }
        let folder = tmp.sub("repo")
        let outside = tmp.sub("outside")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: folder + "/link", withDestinationPath: outside)

        await #expect(throws: GitError.invalidPath("link/evil.txt", reason: "resolves outside the repository folder")) {
            try await GitRepository.initialize(
                at: folder, files: ["link/evil.txt": "x"], message: "x", runner: tmp.runner()
            )
        }
        #expect(!FileManager.default.fileExists(atPath: outside + "/evil.txt"))
    }

    @Test func initializeRefusesAnExistingRepositoryWithCommits() async throws {
        let tmp = try TemporaryFolder()
        defer { tmp.remove() }
        let runner = tmp.runner()
        let folder = tmp.sub("repo")
        _ = try await GitRepository.initialize(at: folder, files: ["a": "1"], message: "one", runner: runner)
        await #expect(throws: GitError.alreadyInitialized(folder)) {
            try await GitRepository.initialize(at: folder, files: ["a": "2"], message: "two", runner: runner)
        }
    }

    @Test func logKeepsMessagesWithAwkwardCharacters() async throws {
        let tmp = try TemporaryFolder()
        defer { tmp.remove() }
        let runner = tmp.runner()
        let repo = try await GitRepository.initialize(at: tmp.sub("repo"), files: ["f": "0"], message: "init", runner: runner)
        let author = GitAuthor(name: "Zoë \"Q\" O'Brien", email: "zoe@example.org")

        let subject = "fix: \"quoted\" 'single' ; echo hi && $(touch pwned) `touch pwned2` ünïcødé 🚀 100% %x1f"
        let messages = [
            subject + "\n\nbody line 1\n--body line 2\n# not a comment",
            "--amend",
            "-m",
            "-x leading dash",
        ]
        for (index, message) in messages.enumerated() {
            try "change \(index)".write(toFile: repo.path + "/f", atomically: true, encoding: .utf8)
            let hash = try await repo.commit(message: message, author: author)
            #expect(hash != nil)
            #expect(hash == (try await repo.headCommit()))
        }

        let log = try await repo.log()
        #expect(log.map(\.message) == ["-x leading dash", "-m", "--amend", subject, "init"])
        #expect(log.first?.author == author.name)
        #expect(!FileManager.default.fileExists(atPath: repo.path + "/pwned"))
        #expect(!FileManager.default.fileExists(atPath: repo.path + "/pwned2"))

        let full = try await runner.run(["log", "-1", "--skip=3", "--format=%B"], in: repo.path)
        #expect(full == messages[0] + "\n")

        let page = try await repo.log(limit: 2, skip: 1)
        #expect(page.map(\.message) == ["-m", "--amend"])
        #expect(try await repo.log("main", limit: 1).map(\.message) == ["-x leading dash"])
        await #expect(throws: GitError.invalidReference("--all")) { try await repo.log("--all") }
        await #expect(throws: GitError.invalidReference("no-such-branch")) { try await repo.log("no-such-branch") }
    }

    @Test func commitReturnsNilWhenClean() async throws {
        let tmp = try TemporaryFolder()
        defer { tmp.remove() }
        let repo = try await GitRepository.initialize(
            at: tmp.sub("repo"), files: ["a.txt": "a"], message: "init", runner: tmp.runner()
        )
        #expect(try await repo.commit(message: "nothing", author: .orchestrator) == nil)
        #expect(try await repo.commit(message: "nothing", author: .orchestrator, paths: ["a.txt"]) == nil)
        #expect(try await repo.log().count == 1)

        try "new".write(toFile: repo.path + "/untracked.txt", atomically: true, encoding: .utf8)
        #expect(try await !repo.isClean())
        #expect(try await repo.commit(message: "add file", author: .orchestrator) != nil)
        #expect(try await repo.isClean())
    }

    @Test func commitWithPathsCommitsOnlyThosePaths() async throws {
        let tmp = try TemporaryFolder()
        defer { tmp.remove() }
        let runner = tmp.runner()
        let repo = try await GitRepository.initialize(
            at: tmp.sub("repo"), files: ["a.txt": "a", "b.txt": "b"], message: "init", runner: runner
        )
        try "a2".write(toFile: repo.path + "/a.txt", atomically: true, encoding: .utf8)
        try "b2".write(toFile: repo.path + "/b.txt", atomically: true, encoding: .utf8)
        try "dash".write(toFile: repo.path + "/-n", atomically: true, encoding: .utf8)
        try "star".write(toFile: repo.path + "/*", atomically: true, encoding: .utf8)

        let hash = try await repo.commit(message: "only a", author: .orchestrator, paths: ["a.txt", "-n", "*"])
        #expect(hash != nil)
        let changed = try await runner.run(["show", "--name-only", "--format=", "HEAD"], in: repo.path)
        #expect(Set(changed.split(separator: "\n")) == ["*", "-n", "a.txt"])
        #expect(try await !repo.isClean())
        let status = try await runner.run(["status", "--porcelain"], in: repo.path)
        #expect(status == " M b.txt")
    }

    @Test(arguments: [
        ("-x", false), ("a..b", false), ("has space", false), ("", false), ("@", false), ("@{-1}", false),
        ("HEAD", false), ("x.lock", false), ("trailing/", false),
        ("orc/proj/dev-2", true), ("main", true), ("feature/ünïcode", true),
    ])
    func branchNameValidation(_ name: String, _ valid: Bool) async throws {
        let tmp = try TemporaryFolder()
        defer { tmp.remove() }
        #expect(await GitRepository.isValidBranchName(name, runner: tmp.runner()) == valid)
    }

    @Test func notARepository() async throws {
        let tmp = try TemporaryFolder()
        defer { tmp.remove() }
        let runner = tmp.runner()
        let empty = tmp.sub("plain")
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        // Keep git from finding a repository above the temporary folder.
        let isolated = tmp.runner(environment: ["GIT_CEILING_DIRECTORIES": tmp.path])

        #expect(await !GitRepository.isRepository(at: empty, runner: isolated))
        #expect(await !GitRepository.isRepository(at: tmp.sub("missing"), runner: isolated))
        await #expect(throws: GitError.notARepository(empty)) {
            try await GitRepository(path: empty, runner: isolated).currentBranch()
        }
        await #expect(throws: GitError.notARepository(empty)) {
            try await GitRepository(path: empty, runner: isolated).log()
        }
        await #expect(throws: GitError.notARepository(tmp.sub("missing"))) {
            try await GitRepository(path: tmp.sub("missing"), runner: isolated).worktrees()
        }

        let repo = try await GitRepository.initialize(
            at: tmp.sub("repo"), files: ["sub/file.txt": "x"], message: "init", runner: runner
        )
        #expect(await GitRepository.isRepository(at: repo.path, runner: runner))
        #expect(await GitRepository.isRepository(at: repo.path + "/sub", runner: runner))
    }

    @Test func unbornBranchQueries() async throws {
        let tmp = try TemporaryFolder()
        defer { tmp.remove() }
        let runner = tmp.runner()
        let folder = tmp.sub("repo")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        _ = try await runner.run(["init", "--quiet", "-b", "dev"], in: folder)
        let repo = GitRepository(path: folder, runner: runner)

        #expect(try await repo.currentBranch() == "dev")
        #expect(try await !repo.hasCommits())
        #expect(try await repo.log().isEmpty)
        #expect(try await !repo.branchExists("dev"))
        await #expect(throws: GitError.noCommits(folder)) { try await repo.headCommit() }
    }
}
