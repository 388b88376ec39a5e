import ArgumentParser
import Foundation
import Orchestration

/// `orchestrator hook <kind> [payload]`: called by an agent's own hooks (Claude Code, Gemini CLI) with the event's
/// JSON on standard input, or by Codex's `notify` with it as the last argument; forwards it to the server with the
/// agent's token. It never blocks or breaks the agent: it waits at most a few seconds, prints nothing (agents read
/// a hook's output as a decision) except the permission decision on a Claude Code tool use, and always exits 0.
/// That decision is the server's (an approval rule's `allow` or `deny`, or `ask` when a rule or a built-in safeguard
/// keeps the call for a person); when the server has not decided within ``decisionTimeout`` or answers with an error,
/// it is `ask`, so a slow or absent server never lets a call through unasked. Problems go to `.orchestrator/hook-errors.log`.
struct HookCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hook", abstract: "Forward an agent's hook event to the server (agents' hook settings run this).")

    @Argument(help: "claude, codex or gemini.") var kind: String
    @Argument(help: "The payload (Codex passes it here); default: standard input.") var payload: String?

    /// Longest wait for the payload on standard input, and for the server.
    static let stdinTimeout: TimeInterval = 2
    static let serverTimeout: TimeInterval = 3
    /// Longest wait for the server's decision on a Claude Code tool use (`PreToolUse`): the agent is held meanwhile.
    static let decisionTimeout: TimeInterval = 0.5

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        // Outside an orchestrator window (the user's own run of the agent): nothing to do.
        guard let project = environment["ORCHESTRATOR_PROJECT"], let agent = environment["ORCHESTRATOR_AGENT"],
            let client = try? ServerClient(url: nil, token: nil)
        else { return }
        let body = payload.map { Data($0.utf8) } ?? Self.readStandardInput(timeout: Self.stdinTimeout)
        guard !body.isEmpty else { return }
        let kind = kind.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let decides = Self.awaitsDecision(kind: kind, payload: body)
        let answer = await client.post(
            "/api/v1/projects/\(project)/agents/\(agent)/hooks?kind=\(kind)", json: body, timeout: decides ? Self.decisionTimeout : Self.serverTimeout)
        if !(200..<300).contains(answer.status) {
            Self.log("hook \(kind): server answered \(answer.status) \(String(decoding: answer.body.prefix(300), as: UTF8.self))", environment: environment)
            if decides { print(Self.permissionOutput("ask", reason: "the server gave no decision in time; a person decides")) }
            return
        }
        if let decision = Self.claudeDecision(kind: kind, answer: answer.body) { print(decision) }
    }

    /// Whether this is a Claude Code tool use waiting on a permission decision.
    static func awaitsDecision(kind: String, payload: Data) -> Bool {
        guard kind == "claude", let object = try? JSONSerialization.jsonObject(with: payload) as? [String: Any] else { return false }
        return object["hook_event_name"] as? String == "PreToolUse"
    }

    /// For Claude Code's `PreToolUse`, the permission decision the server made (`allow`, `deny` or `ask`), as Claude
    /// reads it from a hook's output; nil when no rule covers the call (Claude then follows its own settings).
    static func claudeDecision(kind: String, answer: Data) -> String? {
        guard kind == "claude", let object = try? JSONSerialization.jsonObject(with: answer) as? [String: Any],
            object["event"] as? String == "PreToolUse", let decision = object["decision"] as? String, ["allow", "deny", "ask"].contains(decision)
        else { return nil }
        return permissionOutput(decision, reason: (object["decision_reason"] as? String) ?? "an approval rule")
    }

    /// Claude Code's hook output for a permission decision.
    static func permissionOutput(_ decision: String, reason: String) -> String {
        let output: [String: Any] = [
            "hookSpecificOutput": ["hookEventName": "PreToolUse", "permissionDecision": decision, "permissionDecisionReason": "Tmux Orchestrator: " + reason]
        ]
        let data = (try? JSONSerialization.data(withJSONObject: output, options: [.sortedKeys])) ?? Data("{}".utf8)
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
