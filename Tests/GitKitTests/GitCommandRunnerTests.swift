import Foundation
import GitKit
import Testing

@Suite("GitCommandRunner", .timeLimit(.minutes(3)))
struct GitCommandRunnerTests {
    @Test func returnsStdoutWithoutTrailingNewline() async throws {
        let tmp = try TemporaryFolder()
        defer { tmp.remove() }
        let output = try await tmp.runner().run(["hash-object", "--stdin"], in: tmp.path, input: "hello\n")
        #expect(output == "ce013625030ba8dba906f756967f9e9ca394464a")
    }

    @Test func setsPromptAndLocaleVariablesAndDropsRepositoryOverrides() async throws {
        let tmp = try TemporaryFolder()
        defer { tmp.remove() }
        // `/usr/bin/env` stands in for git to print the environment the runner builds.
        let runner = GitCommandRunner(gitPath: "/usr/bin/env", timeout: .seconds(10), environment: [
            "GIT_TERMINAL_PROMPT": "1", "LC_ALL": "de_DE.UTF-8", "GITKIT_TEST_MARKER": "yes",
        ])
        let lines = Set(try await runner.run([], in: tmp.path).split(separator: "\n"))
        #expect(lines.contains("GIT_TERMINAL_PROMPT=0"))
        #expect(lines.contains("LC_ALL=C"))
        #expect(lines.contains("GITKIT_TEST_MARKER=yes"))
        #expect(!lines.contains { $0.hasPrefix("GIT_DIR=") || $0.hasPrefix("GIT_WORK_TREE=") })
    }

    @Test func failingCommandCarriesArgumentsStatusAndStderr() async throws {
        let tmp = try TemporaryFolder()
        defer { tmp.remove() }
        let error = await #expect(throws: GitError.self) {
            try await tmp.runner().run(["rev-parse", "--verify", "no such thing"], in: tmp.path)
        }
        guard case .commandFailed(let arguments, let status, let stderr) = error else {
            Issue.record("expected commandFailed, got \(String(describing: error))")
            return
        }
        #expect(arguments == ["rev-parse", "--verify", "no such thing"])
        #expect(status == 128)
        #expect(stderr.contains("not a git repository") || stderr.contains("Needed a single revision"))
        let description = try #require(error).description
        #expect(description.contains("git rev-parse --verify 'no such thing'"))
        #expect(description.contains("128"))
    }

    @Test func missingGitIsNotFound() async throws {
        let tmp = try TemporaryFolder()
        defer { tmp.remove() }
        await #expect(throws: GitError.notFound) {
            try await GitCommandRunner(gitPath: tmp.sub("no-git-here")).run(["--version"], in: tmp.path)
        }
        await #expect(throws: GitError.notFound) {
            try await GitCommandRunner(gitPath: nil, timeout: .seconds(5), environment: ["PATH": tmp.path])
                .run(["--version"], in: tmp.path)
        }
    }

    @Test func missingDirectoryIsReported() async throws {
        let tmp = try TemporaryFolder()
        defer { tmp.remove() }
        await #expect(throws: GitError.directoryNotFound(tmp.sub("missing"))) {
            try await tmp.runner().run(["status"], in: tmp.sub("missing"))
        }
    }

    @Test func slowProcessTimesOutAndIsKilled() async throws {
        let tmp = try TemporaryFolder()
        defer { tmp.remove() }
        // A stand-in executable that certainly outlives the timeout.
        let runner = GitCommandRunner(gitPath: "/bin/sleep", timeout: .milliseconds(200))
        let started = ContinuousClock.now
        await #expect(throws: GitError.timedOut(arguments: ["30"], timeout: .milliseconds(200))) {
            try await runner.run(["30"], in: tmp.path)
        }
        // Killed, not waited for: well under the 30 s the process would take (loose, for a loaded machine).
        #expect(ContinuousClock.now - started < .seconds(25))
    }

    @Test func gitWaitingOnAnEditorTimesOut() async throws {
        let tmp = try TemporaryFolder()
        defer { tmp.remove() }
        let setup = tmp.runner()
        _ = try await setup.run(["init", "--quiet", "-b", "main"], in: tmp.path)
        // `git commit` without -m waits for the editor, which here just sleeps
        // (`exec` so git's own clean-up stops the sleep; `#` comments out the file argument).
        let runner = tmp.runner(timeout: .milliseconds(300), environment: ["GIT_EDITOR": "exec sleep 60 #"])
        let started = ContinuousClock.now
        let error = await #expect(throws: GitError.self) {
            try await runner.run(
                ["-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "--allow-empty"], in: tmp.path
            )
        }
        guard case .timedOut = error else {
            Issue.record("expected timedOut, got \(String(describing: error))")
            return
        }
        #expect(ContinuousClock.now - started < .seconds(30), "killed at its timeout, long before the editor would have ended")
    }

    @Test func cancellingTheTaskStopsTheProcess() async throws {
        let tmp = try TemporaryFolder()
        defer { tmp.remove() }
        let runner = GitCommandRunner(gitPath: "/bin/sleep", timeout: .seconds(60))
        let started = ContinuousClock.now
        let task = Task { try await runner.run(["30"], in: tmp.path) }
        try await Task.sleep(for: .milliseconds(200))
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        // Stopped, not waited for: well under the 30 s the process would take (loose, for a loaded machine).
        #expect(ContinuousClock.now - started < .seconds(25))
    }
}
