import Foundation
import NIOPosix
import Storage

/// Checks what the server needs to do real work: a writable, migrated database and the tmux and git programs.
public struct ReadinessProbe: Sendable {
    /// One check's outcome.
    public struct Check: Encodable, Sendable, Equatable {
        public var ok: Bool
        public var detail: String
    }

    package let database: AppDatabase
    package let programs: [String: [String]]
    /// Whether the orchestrator's tmux server answers; only asked when projects are running.
    package let tmuxServerAnswers: (@Sendable () async -> Bool)?

    /// - Parameters:
    ///   - programs: name → argv printing its version (defaults: `tmux -V`, `git --version`).
    ///   - tmuxServerAnswers: asks the orchestrator's tmux server for its sessions (nil: not checked).
    public init(
        database: AppDatabase, programs: [String: [String]] = ["tmux": ["tmux", "-V"], "git": ["git", "--version"]],
        tmuxServerAnswers: (@Sendable () async -> Bool)? = nil
    ) {
        self.database = database
        self.programs = programs
        self.tmuxServerAnswers = tmuxServerAnswers
    }

    /// Runs every check.
    public func run() async -> [String: Check] {
        var checks: [String: Check] = [:]
        do {
            try database.probeWrite()
            checks["database"] = Check(ok: true, detail: "writable")
        } catch {
            checks["database"] = Check(ok: false, detail: "not writable: \(error)")
        }
        let migrated = (try? database.migrationsAreApplied()) ?? false
        checks["migrations"] = Check(ok: migrated, detail: migrated ? "applied" : "pending")
        if let tmuxServerAnswers, let running = try? await database.projects(status: "running", limit: 1).total, running > 0 {
            checks["tmux_server"] = await tmuxServerAnswers()
                ? Check(ok: true, detail: "answering")
                : Check(ok: false, detail: "not running: \(running) running project(s) have lost their agents' windows")
        }
        for (name, argv) in programs {
            if let version = await Self.version(argv) {
                checks[name] = Check(ok: true, detail: version)
            } else {
                checks[name] = Check(ok: false, detail: "\(argv[0]) not found on PATH")
            }
        }
        return checks
    }

    /// The first line a program prints, or nil when it cannot be run.
    package static func version(_ argv: [String]) async -> String? {
        try? await NIOThreadPool.singleton.runIfActive {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = argv
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            do { try process.run() } catch { return nil }
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { return nil }
            return String(decoding: data, as: UTF8.self).split(separator: "\n").first.map(String.init)
        }
    }
}
