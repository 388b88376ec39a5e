import Foundation

/// An error raised by GitKit, carrying enough context for a person to act on it.
public enum GitError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    /// The `git` executable could not be found (not on `PATH`, or the configured path is not executable).
    case notFound
    /// The given folder is not a git work tree (or does not exist).
    case notARepository(String)
    /// The given name is not acceptable as a branch name (`git check-ref-format --branch` refused it).
    case invalidBranchName(String)
    /// The given revision (branch, tag or commit) is malformed or does not name a commit.
    case invalidReference(String)
    /// A file path was refused, for example because it escapes the repository folder.
    case invalidPath(String, reason: String)
    /// The folder a command should run in does not exist.
    case directoryNotFound(String)
    /// `initialize` was asked to create a repository where one with commits already exists.
    case alreadyInitialized(String)
    /// The repository's `HEAD` is detached, so there is no current branch.
    case detachedHead(String)
    /// The repository has no commits yet, so `HEAD` does not name a commit.
    case noCommits(String)
    /// A worktree could not be added because the path or branch is already in use.
    case worktreeConflict(path: String, detail: String)
    /// A git command exited with a non-zero status.
    case commandFailed(arguments: [String], status: Int32, stderr: String)
    /// A git command did not finish within the runner's timeout and was killed.
    case timedOut(arguments: [String], timeout: Duration)

    /// A one-line, human-readable explanation of the error.
    public var description: String {
        switch self {
        case .notFound:
            return "git executable not found (install git or make it available on PATH)"
        case .notARepository(let path):
            return "not a git repository: \(path)"
        case .invalidBranchName(let name):
            return "invalid branch name: \(Self.quoted(name))"
        case .invalidReference(let ref):
            return "invalid or unknown revision: \(Self.quoted(ref))"
        case .invalidPath(let path, let reason):
            return "invalid path \(Self.quoted(path)): \(reason)"
        case .directoryNotFound(let path):
            return "directory does not exist: \(path)"
        case .alreadyInitialized(let path):
            return "a git repository with commits already exists at \(path)"
        case .detachedHead(let path):
            return "HEAD is detached (no current branch) in \(path)"
        case .noCommits(let path):
            return "the repository at \(path) has no commits yet"
        case .worktreeConflict(let path, let detail):
            return "cannot add worktree at \(path): \(detail)"
        case .commandFailed(let arguments, let status, let stderr):
            let command = Self.commandLine(arguments)
            let detail = stderr.trimmingCharacters(in: .whitespacesAndNewlines)
            return detail.isEmpty
                ? "\(command) failed with exit status \(status)"
                : "\(command) failed with exit status \(status): \(detail)"
        case .timedOut(let arguments, let timeout):
            return "\(Self.commandLine(arguments)) timed out after \(timeout) and was killed"
        }
    }

    /// The same text as ``description``, for `localizedDescription`.
    public var errorDescription: String? { description }

    /// Renders an argument vector as a readable `git …` command line (for messages only, never executed).
    static func commandLine(_ arguments: [String]) -> String {
        (["git"] + arguments.map(quotedIfNeeded)).joined(separator: " ")
    }

    private static func quotedIfNeeded(_ argument: String) -> String {
        let plain = !argument.isEmpty && argument.unicodeScalars.allSatisfy { scalar in
            CharacterSet.alphanumerics.contains(scalar) || "-_./=:@^{}+,%".unicodeScalars.contains(scalar)
        }
        return plain ? argument : quoted(argument)
    }

    private static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
