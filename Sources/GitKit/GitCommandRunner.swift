import Foundation
import ProcessKit

/// Runs `git` with an argument vector (never through a shell) and collects its output.
///
/// Every invocation gets `GIT_TERMINAL_PROMPT=0` and `LC_ALL=C`, standard input from `/dev/null`
/// unless `input` is given, and is killed when it outlives ``timeout``. Inherited variables that
/// would redirect git to another repository or identity (`GIT_DIR`, `GIT_WORK_TREE`,
/// `GIT_AUTHOR_NAME`, …) are removed so the directory and flags passed in are what counts.
public struct GitCommandRunner: Sendable {
    /// The git executable to use: an absolute path, or a name looked up on `PATH`; `nil` means `git` on `PATH`.
    public let gitPath: String?
    /// How long one command may run before it is killed and ``GitError/timedOut(arguments:timeout:)`` is thrown.
    public let timeout: Duration
    /// Extra environment variables for every command (applied over the inherited environment).
    public let environment: [String: String]

    /// Inherited variables that are never passed on to git.
    static let removedVariables: Set<String> = [
        "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
        "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_COMMON_DIR", "GIT_NAMESPACE", "GIT_PREFIX",
        "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL",
    ]

    /// Creates a runner using `gitPath` (or `git` on `PATH`) and the given timeout (60 seconds by default).
    public init(gitPath: String? = nil, timeout: Duration = .seconds(60)) {
        self.init(gitPath: gitPath, timeout: timeout, environment: [:])
    }

    /// Creates a runner that also sets the given environment variables for every command.
    public init(gitPath: String?, timeout: Duration, environment: [String: String]) {
        self.gitPath = gitPath
        self.timeout = timeout
        self.environment = environment
    }

    /// Runs `git <arguments>` in `directory` and returns its standard output without the trailing newline.
    ///
    /// - Throws: ``GitError/commandFailed(arguments:status:stderr:)`` on a non-zero exit status,
    ///   ``GitError/notFound``, ``GitError/directoryNotFound(_:)`` or ``GitError/timedOut(arguments:timeout:)``.
    public func run(_ arguments: [String], in directory: String, input: String? = nil) async throws -> String {
        let result = try await execute(arguments, in: directory, input: input)
        guard result.status == 0 else {
            throw GitError.commandFailed(arguments: arguments, status: result.status, stderr: result.stderr)
        }
        return result.output
    }

    /// Runs `git <arguments>` in `directory` and returns the exit status and output, without
    /// treating a non-zero status as an error (for commands such as `diff --quiet`).
    ///
    /// - Throws: ``GitError/notFound``, ``GitError/directoryNotFound(_:)`` or ``GitError/timedOut(arguments:timeout:)``.
    public func execute(_ arguments: [String], in directory: String, input: String? = nil) async throws -> GitCommandResult {
        let environment = processEnvironment()
        let executable = try resolveExecutable(path: environment["PATH"])
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw GitError.directoryNotFound(directory)
        }
        let process = ChildProcess(
            executable: URL(fileURLWithPath: executable),
            arguments: arguments,
            directory: URL(fileURLWithPath: directory, isDirectory: true),
            environment: environment,
            input: input,
            timeout: timeout
        )
        do {
            return try await process.run()
        } catch ProcessError.notFound {
            throw GitError.notFound
        } catch ProcessError.timedOut(let arguments, let timeout) {
            throw GitError.timedOut(arguments: arguments, timeout: timeout)
        }
    }

    /// The server's environment without the variables git must not see, read once (a copy per command was
    /// thousands of strings per project created).
    static let inherited = ProcessInfo.processInfo.environment.filter { !removedVariables.contains($0.key) }

    /// The environment every git process gets.
    func processEnvironment() -> [String: String] {
        var result = Self.inherited
        result.merge(environment) { _, new in new }
        result["GIT_TERMINAL_PROMPT"] = "0"
        // Reads (status, diff) must not take index.lock in a worktree an agent is committing in.
        result["GIT_OPTIONAL_LOCKS"] = "0"
        result["LC_ALL"] = "C"
        return result
    }

    /// Finds the git executable: ``gitPath`` if it contains a slash, otherwise a search of `PATH`.
    func resolveExecutable(path: String?) throws -> String {
        let name = gitPath ?? "git"
        guard !name.isEmpty else { throw GitError.notFound }
        if name.contains("/") {
            guard FileManager.default.isExecutableFile(atPath: name) else { throw GitError.notFound }
            return name
        }
        let searchPath = path.flatMap { $0.isEmpty ? nil : $0 } ?? "/usr/local/bin:/usr/bin:/bin:/opt/homebrew/bin"
        for folder in searchPath.split(separator: ":") where !folder.isEmpty {
            let candidate = String(folder) + "/" + name
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory),
               !isDirectory.boolValue,
               FileManager.default.isExecutableFile(atPath: candidate) {
                return candidate
            }
        }
        throw GitError.notFound
    }
}
