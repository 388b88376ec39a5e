import ArgumentParser
import Foundation
import Orchestration

/// `orchestrator hook <kind> [payload]`: called by an agent's own hooks (Claude Code, Gemini CLI) with the event's
/// JSON on standard input, or by Codex's `notify` with it as the last argument; forwards it to the server with the
/// agent's token. It never blocks or breaks the agent: it waits at most a few seconds, prints nothing (agents read
/// a hook's output as a decision) except an approval rule's decision on a Claude Code tool use, and always exits 0. Problems go to `.orchestrator/hook-errors.log`.
struct HookCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hook", abstract: "Forward an agent's hook event to the server (agents' hook settings run this).")

    @Argument(help: "claude, codex or gemini.") var kind: String
    @Argument(help: "The payload (Codex passes it here); default: standard input.") var payload: String?

    /// Longest wait for the payload on standard input, and for the server.
    static let stdinTimeout: TimeInterval = 2
    static let serverTimeout: TimeInterval = 3

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        // Outside an orchestrator window (the user's own run of the agent): nothing to do.
        guard let project = environment["ORCHESTRATOR_PROJECT"], let agent = environment["ORCHESTRATOR_AGENT"],
            let client = try? ServerClient(url: nil, token: nil)
        else { return }
        let body = payload.map { Data($0.utf8) } ?? Self.readStandardInput(timeout: Self.stdinTimeout)
        guard !body.isEmpty else { return }
        let kind = kind.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let answer = await client.post("/api/v1/projects/\(project)/agents/\(agent)/hooks?kind=\(kind)", json: body, timeout: Self.serverTimeout)
        if !(200..<300).contains(answer.status) {
            Self.log("hook \(kind): server answered \(answer.status) \(String(decoding: answer.body.prefix(300), as: UTF8.self))", environment: environment)
            return
        }
        if let decision = Self.claudeDecision(kind: kind, answer: answer.body) { print(decision) }
    }

    /// For Claude Code's `PreToolUse`, the permission decision an approval rule made (`allow` or `deny`), as Claude
    /// reads it from a hook's output; nil otherwise (the agent then asks as it would: a timeout or an error asks too).
    static func claudeDecision(kind: String, answer: Data) -> String? {
        guard kind == "claude", let object = try? JSONSerialization.jsonObject(with: answer) as? [String: Any],
            object["event"] as? String == "PreToolUse", let decision = object["decision"] as? String, decision == "allow" || decision == "deny"
        else { return nil }
        let output: [String: Any] = [
            "hookSpecificOutput": [
                "hookEventName": "PreToolUse", "permissionDecision": decision,
                "permissionDecisionReason": "Tmux Orchestrator: " + ((object["decision_reason"] as? String) ?? "an approval rule"),
            ]
        ]
        guard let data = try? JSONSerialization.data(withJSONObject: output, options: [.sortedKeys]) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// Standard input until end of file, or what arrived within `timeout` (an agent may leave it open).
    static func readStandardInput(timeout: TimeInterval) -> Data {
        final class Box: @unchecked Sendable {
            // @unchecked: written once by the reader thread before the semaphore is signalled, read after.
            var data = Data()
        }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            box.data = FileHandle.standardInput.readDataToEndOfFile()
            done.signal()
        }
        return done.wait(timeout: .now() + timeout) == .success ? box.data : Data()
    }

    /// Appends a line to the agent's hook log, never to the agent's screen.
    static func log(_ line: String, environment: [String: String]) {
        guard let briefing = environment["ORCHESTRATOR_BRIEFING"] else { return }
        let file = (briefing as NSString).deletingLastPathComponent + "/hook-errors.log"
        guard let handle = FileHandle(forWritingAtPath: file) ?? (FileManager.default.createFile(atPath: file, contents: nil) ? FileHandle(forWritingAtPath: file) : nil)
        else { return }
        handle.seekToEndOfFile()
        handle.write(Data((ISO8601DateFormatter().string(from: Date()) + " " + line + "\n").utf8))
        try? handle.close()
    }
}
