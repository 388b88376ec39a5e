import Foundation
import ProcessKit

/// A git work tree on disk, driven through a ``GitCommandRunner``.
///
/// All user-supplied strings (branch names, revisions, messages, paths) are passed as separate
/// arguments after `--`, as option values, or validated first, so none can be read as an option.
public struct GitRepository: Sendable {
    /// The absolute path of the work tree this value operates on.
    public let path: String
    /// The runner used for every git command.
    public let runner: GitCommandRunner

    /// Creates a handle on the work tree at `path` (made absolute against the current directory).
    /// Nothing is checked until a method runs; methods throw ``GitError/notARepository(_:)`` if needed.
    public init(path: String, runner: GitCommandRunner = GitCommandRunner()) {
        self.path = GitPaths.absolute(path)
        self.runner = runner
    }

    // MARK: - Static helpers

    /// Whether `path` is the root of a git work tree or a folder inside one.
    public static func isRepository(at path: String, runner: GitCommandRunner = GitCommandRunner()) async -> Bool {
        guard let result = try? await runner.execute(["rev-parse", "--is-inside-work-tree"], in: GitPaths.absolute(path)) else {
            return false
        }
        return result.status == 0 && result.output == "true"
    }

    /// Whether `name` is acceptable as a new branch name (per `git check-ref-format --branch`,
    /// additionally refusing names that start with `-` and the `@` shorthand).
    public static func isValidBranchName(_ name: String, runner: GitCommandRunner = GitCommandRunner()) async -> Bool {
        (try? await checkBranchName(name, runner: runner)) ?? false
    }

    /// Creates a repository at `path` with an initial commit containing `files`.
    ///
    /// Creates the folder if needed, runs `git init -b <branch>`, writes each file (keys are paths
    /// relative to the folder; any path that is absolute, contains `..`, points into `.git` or
    /// would leave the folder through a symbolic link is refused before anything is written),
    /// stages them and commits as `author`. With no files the initial commit is empty.
    ///
    /// - Throws: ``GitError/invalidBranchName(_:)``, ``GitError/invalidPath(_:reason:)``,
    ///   ``GitError/alreadyInitialized(_:)`` if `path` already holds a repository with commits,
    ///   or any runner error.
    public static func initialize(
        at path: String,
        branch: String = "main",
        files: [String: String],
        message: String,
        author: GitAuthor = .orchestrator,
        runner: GitCommandRunner = GitCommandRunner()
    ) async throws -> GitRepository {
        let root = GitPaths.absolute(path)
        guard try await checkBranchName(branch, runner: runner) else {
            throw GitError.invalidBranchName(branch)
        }
        let entries = try files.keys.sorted().map { key in
            (key: key, relative: try GitPaths.relativeComponents(key).joined(separator: "/"), content: files[key] ?? "")
        }

        let fileManager = FileManager.default
        try fileManager.createDirectory(atPath: root, withIntermediateDirectories: true)
        let repository = GitRepository(path: root, runner: runner)
        if fileManager.fileExists(atPath: root + "/.git"), try await repository.hasCommits() {
            throw GitError.alreadyInitialized(root)
        }
        _ = try await runner.run(["init", "--quiet", "-b", branch], in: root)

        for entry in entries {
            let fileURL = URL(fileURLWithPath: root + "/" + entry.relative)
            let parent = fileURL.deletingLastPathComponent().path
            guard GitPaths.isInside(parent, root: root) else {
                throw GitError.invalidPath(entry.key, reason: "resolves outside the repository folder")
            }
            try fileManager.createDirectory(atPath: parent, withIntermediateDirectories: true)
            guard GitPaths.isInside(parent, root: root) else {
                throw GitError.invalidPath(entry.key, reason: "resolves outside the repository folder")
            }
            try Data(entry.content.utf8).write(to: fileURL)
        }

        if !entries.isEmpty {
            _ = try await repository.git(["--literal-pathspecs", "add", "--force", "--"] + entries.map(\.relative))
        }
        _ = try await repository.git(commitArguments(message: message, author: author, extra: ["--allow-empty"]))
        return repository
    }

    // MARK: - Queries

    /// The branch `HEAD` points at, without `refs/heads/`; also works before the first commit.
    ///
    /// - Throws: ``GitError/detachedHead(_:)`` when `HEAD` is detached.
    public func currentBranch() async throws -> String {
        let result = try await gitResult(["symbolic-ref", "--quiet", "HEAD"])
        switch result.status {
        case 0:
            let ref = result.output
            let prefix = "refs/heads/"
            return ref.hasPrefix(prefix) ? String(ref.dropFirst(prefix.count)) : ref
        case 1:
            throw GitError.detachedHead(path)
        default:
            throw failure(["symbolic-ref", "--quiet", "HEAD"], result)
        }
    }

    /// The full hash of the commit `HEAD` points at.
    ///
    /// - Throws: ``GitError/noCommits(_:)`` when the current branch has no commits yet.
    public func headCommit() async throws -> String {
        guard let hash = try await resolveCommit("HEAD") else { throw GitError.noCommits(path) }
        return hash
    }

    /// Whether `HEAD` points at a commit (false for a freshly initialised repository).
    public func hasCommits() async throws -> Bool {
        try await resolveCommit("HEAD") != nil
    }

    /// Whether a local branch named `name` exists (false for names that are not valid branch names).
    public func branchExists(_ name: String) async throws -> Bool {
        guard try await Self.checkBranchName(name, runner: runner) else { return false }
        let arguments = ["show-ref", "--verify", "--quiet", "refs/heads/" + name]
        let result = try await gitResult(arguments)
        switch result.status {
        case 0: return true
        case 1: return false
        default: throw failure(arguments, result)
        }
    }

    /// Whether the work tree has no staged, unstaged or untracked (non-ignored) changes.
    public func isClean() async throws -> Bool {
        try await git(["status", "--porcelain", "--untracked-files=normal"]).isEmpty
    }

    /// The worktrees registered for this repository, the main work tree first
    /// (parsed from `git worktree list --porcelain`).
    public func worktrees() async throws -> [GitWorktree] {
        GitWorktree.parsePorcelain(try await git(["worktree", "list", "--porcelain"]))
    }

    /// Commits reachable from `ref` (default `HEAD`), newest first.
    ///
    /// Returns an empty list for a repository without commits when `ref` is `nil`.
    /// - Throws: ``GitError/invalidReference(_:)`` when `ref` is malformed or unknown.
    public func log(_ ref: String? = nil, limit: Int = 20, skip: Int = 0) async throws -> [GitCommit] {
        guard limit > 0 else { return [] }
        let revision: String
        if let ref {
            try Self.checkRevisionSyntax(ref)
            revision = ref
        } else {
            guard try await hasCommits() else { return [] }
            revision = "HEAD"
        }
        let arguments = [
            "log", "--no-color", "--no-show-signature",
            "--format=%H%x1f%an%x1f%at%x1f%s%x1e",
            "--max-count=\(limit)", "--skip=\(max(0, skip))",
            revision, "--",
        ]
        let result = try await gitResult(arguments)
        guard result.status == 0 else {
            if result.stderr.contains("unknown revision") || result.stderr.contains("bad revision") {
                throw GitError.invalidReference(revision)
            }
            throw failure(arguments, result)
        }
        return Self.parseLog(result.stdout)
    }

    /// Parses output produced with the format `%H%x1f%an%x1f%at%x1f%s%x1e`.
    static func parseLog(_ output: String) -> [GitCommit] {
        output.split(separator: "\u{1e}").compactMap { record in
            let record = record.drop { $0 == "\n" }
            guard !record.isEmpty else { return nil }
            let fields = record.split(separator: "\u{1f}", maxSplits: 3, omittingEmptySubsequences: false)
            guard fields.count == 4, let seconds = TimeInterval(fields[2]) else { return nil }
            return GitCommit(
                hash: String(fields[0]),
                author: String(fields[1]),
                date: Date(timeIntervalSince1970: seconds),
                message: String(fields[3])
            )
        }
    }

    // MARK: - Changes

    /// Stages everything (`paths == nil`) or just `paths`, commits as `author` and returns the new
    /// commit's hash, or `nil` when there was nothing to commit.
    ///
    /// With `paths`, only those paths are committed (other staged changes stay staged); paths
    /// are literal (no pathspec magic) and relative to the repository root.
    public func commit(message: String, author: GitAuthor, paths: [String]? = nil) async throws -> String? {
        if let paths {
            guard !paths.isEmpty else { return nil }
            if let bad = paths.first(where: { $0.isEmpty || $0.contains("\0") }) {
                throw GitError.invalidPath(bad, reason: "not a usable path")
            }
            _ = try await git(["--literal-pathspecs", "add", "--all", "--"] + paths)
        } else {
            _ = try await git(["add", "--all"])
        }

        let pathArguments = paths.map { ["--"] + $0 } ?? []
        let diffArguments = ["--literal-pathspecs", "diff", "--cached", "--quiet", "--no-ext-diff"] + pathArguments
        let diff = try await gitResult(diffArguments)
        switch diff.status {
        case 0: return nil
        case 1: break
        default: throw failure(diffArguments, diff)
        }

        let commitArguments = ["--literal-pathspecs"]
            + Self.commitArguments(message: message, author: author, extra: [])
            + pathArguments
        _ = try await git(commitArguments)
        return try await headCommit()
    }

    // MARK: - Worktrees

    /// Adds a worktree at `path` with `branch` checked out, locked (so a `git worktree prune` run where the other
    /// worktrees are out of sight, as in an agent's sandbox, leaves them registered).
    ///
    /// The branch is created from `base` (any revision naming a commit) when it does not exist and
    /// reused as is when it does. Parent folders are created. When `path` is already a registered
    /// worktree of this repository on `branch`, nothing happens, so the call can be repeated.
    /// A relative `path` is taken relative to the repository folder.
    ///
    /// - Throws: ``GitError/invalidBranchName(_:)`` (before anything is created),
    ///   ``GitError/invalidReference(_:)`` for an unusable `base`,
    ///   ``GitError/worktreeConflict(path:detail:)`` when the path holds a worktree on another branch
    ///   or the branch is checked out elsewhere.
    public func addWorktree(at path: String, branch: String, from base: String) async throws {
        guard try await Self.checkBranchName(branch, runner: runner) else {
            throw GitError.invalidBranchName(branch)
        }
        try Self.checkRevisionSyntax(base)
        let target = GitPaths.absolute(path, relativeTo: self.path)
        let canonicalTarget = GitPaths.canonical(target)
        let fileManager = FileManager.default

        var needsPrune = false
        for worktree in try await worktrees() {
            let present = fileManager.fileExists(atPath: worktree.path)
            if !present || worktree.isPrunable {
                needsPrune = true
                // Worktrees are made locked (below); a missing one must be unlocked to be pruned.
                if !present { _ = try? await gitResult(["worktree", "unlock", "--", worktree.path]) }
            }
            if GitPaths.canonical(worktree.path) == canonicalTarget {
                guard present else { continue }
                if worktree.branch == branch { return }
                let current = worktree.branch.map { "branch '\($0)'" } ?? "a detached HEAD"
                throw GitError.worktreeConflict(path: target, detail: "it is already a worktree on \(current)")
            }
            if worktree.branch == branch, present {
                throw GitError.worktreeConflict(
                    path: target,
                    detail: "branch '\(branch)' is already checked out at \(worktree.path)"
                )
            }
        }
        if needsPrune {
            _ = try await git(["worktree", "prune"])
        }

        let arguments: [String]
        if try await branchExists(branch) {
            arguments = ["worktree", "add", "--quiet", "--lock", "--", target, branch]
        } else {
            guard let commit = try await resolveCommit(base) else {
                throw GitError.invalidReference(base)
            }
            arguments = ["worktree", "add", "--quiet", "--lock", "-b", branch, "--", target, commit]
        }
        try fileManager.createDirectory(
            atPath: URL(fileURLWithPath: target).deletingLastPathComponent().path,
            withIntermediateDirectories: true
        )
        _ = try await git(arguments)
    }

    /// Removes the worktree at `path` (relative paths are taken from the repository folder).
    /// Without `force`, git refuses when the worktree has modified or untracked files.
    public func removeWorktree(at path: String, force: Bool = false) async throws {
        let target = GitPaths.absolute(path, relativeTo: self.path)
        _ = try? await gitResult(["worktree", "unlock", "--", target])
        _ = try await git(["worktree", "remove"] + (force ? ["--force"] : []) + ["--", target])
    }

    // MARK: - Internals

    /// Runs git in the repository, mapping "not a git repository" failures to ``GitError/notARepository(_:)``.
    func git(_ arguments: [String], input: String? = nil) async throws -> String {
        let result = try await gitResult(arguments, input: input)
        guard result.status == 0 else { throw failure(arguments, result) }
        return result.output
    }

    /// Like ``git(_:input:)`` but returns non-zero statuses instead of throwing.
    func gitResult(_ arguments: [String], input: String? = nil) async throws -> GitCommandResult {
        let result: GitCommandResult
        do {
            result = try await runner.execute(arguments, in: path, input: input)
        } catch GitError.directoryNotFound {
            throw GitError.notARepository(path)
        }
        if result.status == 128, result.stderr.contains("not a git repository") {
            throw GitError.notARepository(path)
        }
        return result
    }

    private func failure(_ arguments: [String], _ result: GitCommandResult) -> GitError {
        .commandFailed(arguments: arguments, status: result.status, stderr: result.stderr)
    }

    /// The full hash of the commit `revision` names, or nil if it names none.
    private func resolveCommit(_ revision: String) async throws -> String? {
        try Self.checkRevisionSyntax(revision)
        let arguments = ["rev-parse", "--verify", "--quiet", revision + "^{commit}"]
        let result = try await gitResult(arguments)
        switch result.status {
        case 0: return result.output
        case 1: return nil
        default: throw failure(arguments, result)
        }
    }

    /// `-c user.name=… -c user.email=… commit …` arguments for a commit that needs no global identity.
    static func commitArguments(message: String, author: GitAuthor, extra: [String]) -> [String] {
        [
            "-c", "user.name=\(author.name)",
            "-c", "user.email=\(author.email)",
            "commit", "--quiet", "--no-gpg-sign", "--cleanup=whitespace",
        ] + extra + ["-m", message]
    }

    /// Refuses revisions git could read as an option or that cannot be passed as an argument.
    static func checkRevisionSyntax(_ revision: String) throws {
        if revision.isEmpty || revision.hasPrefix("-") || revision.contains("\0") || revision.contains("\n") {
            throw GitError.invalidReference(revision)
        }
    }

    /// Validates a branch name with `git check-ref-format --branch`, propagating runner errors.
    static func checkBranchName(_ name: String, runner: GitCommandRunner) async throws -> Bool {
        if name.isEmpty || name.hasPrefix("-") || name == "@" || name.contains("\0") {
            return false
        }
        // Run at the file-system root, normally outside any repository, so `@{-1}`-style
        // shorthands cannot expand; require the name to come back unchanged in case they do.
        let result = try await runner.execute(["check-ref-format", "--branch", name], in: "/")
        return result.status == 0 && result.output == name
    }
}
