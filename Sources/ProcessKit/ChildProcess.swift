import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs one child process to completion without blocking the cooperative thread pool.
///
/// - Standard input, output and error go through private temporary files, so a chatty child can
///   never dead-lock on a full pipe and writing input can never raise `SIGPIPE` in the server.
/// - The child is spawned from a dedicated thread whose signal mask is briefly emptied: a child
///   inherits the spawning thread's mask, and the cooperative pool's threads block `SIGTERM`,
///   `SIGINT` and others, which would leave git (and the hooks it runs) deaf to termination.
/// - That thread then waits for the child with `waitid(…, WNOWAIT)`, which notices the exit
///   without reaping it. Foundation's own termination handler (which on Linux only fires once
///   every process that inherited its monitoring socket, such as a lingering hook, a detached
///   `git gc` or a daemonising tmux server, has exited) still reaps the child and is used when it happens to come first.
/// - A timer stops the child (`SIGTERM`, then `SIGKILL` two seconds later) when the timeout
///   elapses or the task is cancelled.
public final class ChildProcess: @unchecked Sendable {
    private let executable: URL
    private let arguments: [String]
    private let directory: URL
    private let environment: [String: String]
    private let input: String?
    private let inputFile: URL?
    private let timeout: Duration

    private let lock = NSLock()
    private let process = Process()
    private var continuation: CheckedContinuation<ProcessOutput, any Error>?
    private var launched = false
    private var finished = false
    private var timedOut = false
    private var cancelled = false
    private var stdoutURL: URL?
    private var stderrURL: URL?
    private var stdinURL: URL?
    private var stdoutHandle: FileHandle?
    private var stderrHandle: FileHandle?
    private var stdinHandle: FileHandle?

    /// Prepares a process; nothing runs until ``run()``.
    public init(
        executable: URL,
        arguments: [String],
        directory: URL,
        environment: [String: String],
        input: String?,
        timeout: Duration
    ) {
        self.executable = executable
        self.arguments = arguments
        self.directory = directory
        self.environment = environment
        self.input = input
        self.inputFile = nil
        self.timeout = timeout
    }

    /// Prepares a process whose standard input is the file `inputFile` (read as is: bytes, not text).
    public init(executable: URL, arguments: [String], directory: URL, environment: [String: String], inputFile: URL, timeout: Duration) {
        self.executable = executable
        self.arguments = arguments
        self.directory = directory
        self.environment = environment
        self.input = nil
        self.inputFile = inputFile
        self.timeout = timeout
    }

    /// Launches the process and waits for it to exit, returning whatever it printed.
    public func run() async throws -> ProcessOutput {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                start(continuation)
            }
        } onCancel: {
            cancel()
        }
    }

    // MARK: - Launch

    private func start(_ continuation: CheckedContinuation<ProcessOutput, any Error>) {
        do {
            try makeFiles()
        } catch {
            closeHandles()
            removeFiles()
            continuation.resume(throwing: error)
            return
        }
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = environment
        process.standardInput = stdinHandle ?? FileHandle.nullDevice
        process.standardOutput = stdoutHandle
        process.standardError = stderrHandle
        // Weak: the process keeps its handler after calling it (or never calls it, when a daemon it started
        // inherited Foundation's monitoring socket), and a strong capture kept every ChildProcess, its environment
        // and its output alive for good.
        process.terminationHandler = { [weak self] process in
            let status = process.terminationReason == .uncaughtSignal
                ? 128 + process.terminationStatus
                : process.terminationStatus
            self?.complete(status: status)
        }

        let thread = Thread { [self] in
            var empty = sigset_t()
            var all = sigset_t()
            sigemptyset(&empty)
            sigfillset(&all)
            pthread_sigmask(SIG_SETMASK, &empty, nil)
            let pid = launch(continuation)
            // Block everything while waiting so no signal meant for the server lands here.
            pthread_sigmask(SIG_SETMASK, &all, nil)
            if let pid, let status = Self.waitForExit(pid) {
                complete(status: status)
                // Foundation's Process retains itself (through its run loop source) until someone waits for it:
                // without this every child's Process, environment and handles stayed in memory for good. Waited for
                // only once Foundation has seen the exit: a child that left a daemon holding Foundation's monitoring
                // socket (the first `tmux` call starts the tmux server) never looks finished to it, and waiting would
                // spin a run loop for good; that one Process is left as it is.
                for _ in 0..<200 where process.isRunning { usleep(5000) }
                if !process.isRunning { process.waitUntilExit() }
            }
        }
        thread.start()
    }

    /// Spawns the child; returns its pid, or nil after resuming `continuation` with an error.
    private func launch(_ continuation: CheckedContinuation<ProcessOutput, any Error>) -> pid_t? {
        lock.lock()
        if cancelled {
            lock.unlock()
            closeHandles()
            removeFiles()
            continuation.resume(throwing: CancellationError())
            return nil
        }
        self.continuation = continuation
        do {
            try process.run()
            launched = true
        } catch {
            self.continuation = nil
            lock.unlock()
            closeHandles()
            removeFiles()
            continuation.resume(throwing: launchError(error))
            return nil
        }
        let pid = process.processIdentifier
        lock.unlock()
        // The child holds its own descriptors now.
        closeHandles()

        DispatchQueue.global().asyncAfter(deadline: .now() + Self.dispatchInterval(timeout)) { [weak self] in
            guard let self else { return }
            lock.lock()
            defer { lock.unlock() }
            guard !finished, !cancelled else { return }
            timedOut = true
            stopLocked()
        }
        return pid
    }

    /// Waits until `pid` has exited without reaping it; nil if it was already reaped.
    private static func waitForExit(_ pid: pid_t) -> Int32? {
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) != 0 {
            if errno != EINTR { return nil }
        }
        #if os(Linux)
        let code = info._sifields._sigchld.si_status
        #else
        let code = info.si_status
        #endif
        return info.si_code == CLD_EXITED ? code : 128 + code
    }

    private func makeFiles() throws {
        let folder = FileManager.default.temporaryDirectory
        let id = UUID().uuidString
        let attributes: [FileAttributeKey: Any] = [.posixPermissions: 0o600]
        let out = folder.appendingPathComponent("child-\(id).stdout")
        let err = folder.appendingPathComponent("child-\(id).stderr")
        stdoutURL = out
        stderrURL = err
        guard FileManager.default.createFile(atPath: out.path, contents: nil, attributes: attributes),
              FileManager.default.createFile(atPath: err.path, contents: nil, attributes: attributes)
        else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: folder.path])
        }
        stdoutHandle = try FileHandle(forWritingTo: out)
        stderrHandle = try FileHandle(forWritingTo: err)
        if let inputFile {
            stdinHandle = try FileHandle(forReadingFrom: inputFile)
            return
        }
        guard let input else { return }
        let inURL = folder.appendingPathComponent("child-\(id).stdin")
        stdinURL = inURL
        guard FileManager.default.createFile(atPath: inURL.path, contents: Data(input.utf8), attributes: attributes) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: inURL.path])
        }
        stdinHandle = try FileHandle(forReadingFrom: inURL)
    }

    private func closeHandles() {
        try? stdoutHandle?.close()
        try? stderrHandle?.close()
        try? stdinHandle?.close()
        stdoutHandle = nil
        stderrHandle = nil
        stdinHandle = nil
    }

    private func removeFiles() {
        for url in [stdoutURL, stderrURL, stdinURL].compactMap({ $0 }) {
            try? FileManager.default.removeItem(at: url)
        }
    }

    private func launchError(_ error: any Error) -> any Error {
        FileManager.default.isExecutableFile(atPath: executable.path) ? error : ProcessError.notFound(executable: executable.path)
    }

    // MARK: - Completion

    /// Resumes the caller once, from whichever exit notification arrives first.
    private func complete(status: Int32) {
        lock.lock()
        finished = true
        let continuation = self.continuation
        self.continuation = nil
        let wasTimedOut = timedOut
        let wasCancelled = cancelled
        lock.unlock()
        guard let continuation else { return }

        let stdout = stdoutURL.flatMap { FileBytes.read($0.path) } ?? []
        let stderr = stderrURL.flatMap { FileBytes.read($0.path) } ?? []
        removeFiles()

        if wasTimedOut {
            continuation.resume(throwing: ProcessError.timedOut(arguments: arguments, timeout: timeout))
        } else if wasCancelled {
            continuation.resume(throwing: CancellationError())
        } else {
            continuation.resume(returning: ProcessOutput(
                status: status,
                stdout: String(decoding: stdout, as: UTF8.self),
                stderr: String(decoding: stderr, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            ))
        }
    }

    private func cancel() {
        lock.lock()
        defer { lock.unlock() }
        cancelled = true
        if launched, !finished { stopLocked() }
    }

    /// Sends SIGTERM now and SIGKILL later if the child is still alive. Call with `lock` held.
    private func stopLocked() {
        let pid = process.processIdentifier
        _ = kill(pid, SIGTERM)
        DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(2)) { [self] in
            lock.lock()
            defer { lock.unlock() }
            if !finished { _ = kill(pid, SIGKILL) }
        }
    }

    private static func dispatchInterval(_ duration: Duration) -> DispatchTimeInterval {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0, attoseconds >= 0 else { return .nanoseconds(0) }
        let limit = Int64(Int.max / 1_000_000_000) - 1
        guard seconds < limit else { return .never }
        return .nanoseconds(Int(seconds * 1_000_000_000 + attoseconds / 1_000_000_000))
    }
}
