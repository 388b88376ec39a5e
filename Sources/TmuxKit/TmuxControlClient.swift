import Foundation
import Logging

/// One long-lived `tmux -C` client attached to a session: commands go in as lines, replies are matched in
/// order, and pane output and notifications come out as ``events``.
///
/// Commands through this client cost tens of microseconds instead of a process spawn each. It must never
/// be used for `capture-pane` (tmux 3.3a leaks the captured text of control clients); use
/// ``TmuxServer/capture(pane:lines:)``, which runs a separate process.
public actor TmuxControlClient {
    private struct Slot {
        var sequence: Int
        var continuation: CheckedContinuation<[String], any Error>?
        var command: String
    }

    /// Output and notifications, in the order tmux sent them. Finishes when the client exits.
    public nonisolated let events: AsyncStream<ControlModeEvent>
    private let eventSink: AsyncStream<ControlModeEvent>.Continuation
    private let process: Process
    private let input: FileHandle
    private var slots: [Slot] = []
    private var parser = ControlModeParser()
    private var closed = false
    private let logger: Logger
    /// Appended to pane ids in ``events`` (see ``TmuxLauncher/paneSuffix``).
    private let paneSuffix: String

    /// Starts `tmux -L <socket> -C attach-session -t <session>`.
    /// - Parameters:
    ///   - socket: the tmux server's socket name.
    ///   - session: the session to attach to; the client receives output of that session's panes.
    public init(socket: String, session: String, tmuxPath: String = "tmux", logger: Logger = Logger(label: "tmux")) throws {
        try self.init(argv: TmuxLauncher.local(socket: socket, tmuxPath: tmuxPath).argv(["-C", "attach-session", "-t", "=" + session]), logger: logger)
    }

    /// Starts the control client `argv` runs (`tmux … -C attach-session -t =<session>`, here or through ssh).
    /// - Parameter paneSuffix: appended to the pane ids of output and pause events.
    public init(argv: [String], paneSuffix: String = "", logger: Logger = Logger(label: "tmux")) throws {
        self.logger = logger
        self.paneSuffix = paneSuffix
        // Bounded: output nobody reads must not pile up; the newest events are what a late reader needs.
        (events, eventSink) = AsyncStream.makeStream(of: ControlModeEvent.self, bufferingPolicy: .bufferingNewest(4096))
        process = Process()
        process.executableURL = URL(fileURLWithPath: argv[0])
        process.arguments = Array(argv.dropFirst())
        process.environment = TmuxServer.environment
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        input = stdin.fileHandleForWriting
        do { try process.run() } catch { throw TmuxError.notInstalled }
        let chunks = Self.readChunks(from: stdout.fileHandleForReading)
        // A control client counts as a client of the session's size: keep windows at 200x50. Output of a pane
        // this client falls 2 s behind on is paused (then resumed at once) instead of buffered without bound.
        // (`window-size manual` would avoid the resize, but tmux 3.3a crashes when a control client then opens a window.)
        for command in [["refresh-client", "-C", "200x50"], ["refresh-client", "-f", "pause-after=2"]] {
            slots.append(Slot(sequence: 0, continuation: nil, command: command[0]))
            try? input.write(contentsOf: Data((TmuxQuoting.commandLine(command) + "\n").utf8))
        }
        Task { await self.consume(chunks) }
    }

    /// Runs one command and returns its output lines.
    /// - Parameters:
    ///   - argv: the command and its arguments, e.g. `["send-keys", "-t", "%3", "Enter"]`.
    ///   - timeout: how long to wait for tmux's answer.
    /// - Throws: ``TmuxError/commandFailed(command:message:)`` when tmux answers `%error`.
    @discardableResult
    public func run(_ argv: [String], timeout: Duration = .seconds(10)) async throws -> [String] {
        guard !closed else { throw TmuxError.disconnected }
        let line = TmuxQuoting.commandLine(argv) + "\n"
        nextSequence += 1
        let sequence = nextSequence
        return try await withCheckedThrowingContinuation { continuation in
            slots.append(Slot(sequence: sequence, continuation: continuation, command: argv.first ?? ""))
            do {
                try input.write(contentsOf: Data(line.utf8))
            } catch {
                finish()
                return
            }
            Task { [weak self] in
                try? await Task.sleep(for: timeout)
                await self?.expire(sequence)
            }
        }
    }

    /// Runs several commands written in one go (one `write`): tmux receives them together, so when the caller dies
    /// right after, tmux still runs them all, in order. Each command's own outcome is returned, in order.
    /// - Parameters:
    ///   - commands: the commands, each an argv.
    ///   - replies: how many reply blocks each command gives (1 for most; `if-shell` gives its own and then its chosen
    ///     command's); nil for one each. The results hold one entry per reply block.
    ///   - timeout: how long to wait for each answer.
    public func runTogether(_ commands: [[String]], replies: [Int]? = nil, timeout: Duration = .seconds(10)) async -> [Result<[String], any Error>] {
        let counts = replies ?? commands.map { _ in 1 }
        guard !closed, counts.count == commands.count else { return counts.flatMap { Array(repeating: .failure(TmuxError.disconnected), count: $0) } }
        var sequences: [Int] = []
        for (command, count) in zip(commands, counts) {
            for _ in 0..<count {
                nextSequence += 1
                sequences.append(nextSequence)
                awaited.insert(nextSequence)
                slots.append(Slot(sequence: nextSequence, continuation: nil, command: command.first ?? ""))
            }
        }
        do {
            try input.write(contentsOf: Data(commands.map { TmuxQuoting.commandLine($0) + "\n" }.joined().utf8))
        } catch {
            finish()
        }
        var results: [Result<[String], any Error>] = []
        for sequence in sequences {
            do {
                results.append(.success(try await withCheckedThrowingContinuation { attach($0, to: sequence, timeout: timeout) }))
            } catch {
                results.append(.failure(error))
            }
            awaited.remove(sequence)
        }
        return results
    }

    /// Hands `continuation` the reply of command `sequence`: at once if it already came, else when it comes.
    private func attach(_ continuation: CheckedContinuation<[String], any Error>, to sequence: Int, timeout: Duration) {
        if let early = earlyReplies.removeValue(forKey: sequence) {
            continuation.resume(with: early)
            return
        }
        guard !closed, let index = slots.firstIndex(where: { $0.sequence == sequence }) else {
            continuation.resume(throwing: TmuxError.disconnected)
            return
        }
        slots[index].continuation = continuation
        Task { [weak self] in
            try? await Task.sleep(for: timeout)
            await self?.expire(sequence)
        }
    }

    /// Replies to ``runTogether(_:timeout:)`` commands that came before their caller looked for them.
    private var earlyReplies: [Int: Result<[String], any Error>] = [:]
    /// Commands of ``runTogether(_:timeout:)`` whose caller will still look for the reply.
    private var awaited: Set<Int> = []

    /// Sends a command without waiting for its answer (its reply is still consumed in order).
    public func send(_ argv: [String]) {
        guard !closed else { return }
        nextSequence += 1
        slots.append(Slot(sequence: nextSequence, continuation: nil, command: argv.first ?? ""))
        do {
            try input.write(contentsOf: Data((TmuxQuoting.commandLine(argv) + "\n").utf8))
        } catch {
            finish()
        }
    }

    /// Whether the client has exited.
    public var isClosed: Bool { closed }

    /// Detaches and stops the client process.
    public func close() {
        guard !closed else { return }
        try? input.close()
        if process.isRunning { process.terminate() }
        finish()
    }

    /// Gives up waiting for a command; its slot stays so that its late reply is still matched in order.
    private func expire(_ sequence: Int) {
        guard let index = slots.firstIndex(where: { $0.sequence == sequence }), let continuation = slots[index].continuation else { return }
        slots[index].continuation = nil
        continuation.resume(throwing: TmuxError.timedOut(command: slots[index].command))
    }

    private var nextSequence = 0

    private func consume(_ chunks: AsyncStream<[UInt8]>) async {
        for await chunk in chunks {
            for event in parser.feed(chunk) { handle(event) }
        }
        finish()
    }

    private func handle(_ event: ControlModeEvent) {
        switch event {
        case .reply(_, let lines, let isError, let fromClient):
            guard fromClient, !slots.isEmpty else { return }
            let slot = slots.removeFirst()
            let result: Result<[String], any Error> =
                isError ? .failure(TmuxError.commandFailed(command: slot.command, message: lines.joined(separator: "\n"))) : .success(lines)
            if let continuation = slot.continuation {
                continuation.resume(with: result)
            } else if awaited.contains(slot.sequence) {
                earlyReplies[slot.sequence] = result
            }
        case .paused(let pane):
            // Resume at once; the consumer re-captures the pane to cover what was dropped.
            send(["refresh-client", "-A", "\(pane):continue"])
            eventSink.yield(.paused(paneID: pane + paneSuffix))
        case .output(let pane, let bytes) where !paneSuffix.isEmpty:
            eventSink.yield(.output(paneID: pane + paneSuffix, bytes: bytes))
        case .exit:
            eventSink.yield(event)
            finish()
        default:
            eventSink.yield(event)
        }
    }

    private func finish() {
        guard !closed else { return }
        closed = true
        for slot in slots { slot.continuation?.resume(throwing: TmuxError.disconnected) }
        slots.removeAll()
        eventSink.finish()
        try? input.close()
        if process.isRunning { process.terminate() }
        // Foundation reaps a child only while its Process object lives: the client may be released (a new one
        // replaces it) before the tmux client has exited, which left a zombie `tmux: client` behind.
        let process = self.process
        Thread.detachNewThread {
            process.waitUntilExit()
            Task { await self.markExited() }
        }
    }

    private var exited = false
    private var exitWaiters: [CheckedContinuation<Void, Never>] = []

    private func markExited() {
        exited = true
        for waiter in exitWaiters { waiter.resume() }
        exitWaiters.removeAll()
    }

    /// Returns once the client's tmux process has exited (or after `timeout`): tmux tells every other control
    /// client that this one left only then, and 3.3a crashes if one of them is still connecting at that moment.
    public func waitForExit(timeout: Duration = .seconds(3)) async {
        guard !exited else { return }
        Task { [weak self] in
            try? await Task.sleep(for: timeout)
            await self?.markExited()
        }
        await withCheckedContinuation { exitWaiters.append($0) }
    }

    /// Reads a pipe on its own thread (blocking reads), delivering chunks in order.
    private static func readChunks(from handle: FileHandle) -> AsyncStream<[UInt8]> {
        let (stream, continuation) = AsyncStream.makeStream(of: [UInt8].self, bufferingPolicy: .unbounded)
        let descriptor = handle.fileDescriptor
        let thread = Thread {
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count > 0 {
                    continuation.yield(Array(buffer[0..<count]))
                } else if count < 0, errno == EINTR {
                    continue
                } else {
                    break
                }
            }
            continuation.finish()
            try? handle.close()
        }
        thread.start()
        return stream
    }
}
