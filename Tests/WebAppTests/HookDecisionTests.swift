import Foundation
import Testing

@testable import OrchestratorCLI

/// What `orchestrator hook claude` prints for a tool use: Claude Code reads it as its permission decision.
@Suite("The hook's permission decision for Claude Code's PreToolUse")
struct HookDecisionTests {
    private func decision(_ printed: String?) -> String? {
        guard let printed, let object = try? JSONSerialization.jsonObject(with: Data(printed.utf8)) as? [String: Any],
            let output = object["hookSpecificOutput"] as? [String: Any]
        else { return nil }
        return output["permissionDecision"] as? String
    }

    private func answer(_ decision: String?, event: String = "PreToolUse") -> Data {
        var object: [String: Any] = ["accepted": true, "event": event, "status": "active"]
        if let decision { object["decision"] = decision }
        return try! JSONSerialization.data(withJSONObject: object)
    }

    @Test func theServersDecisionIsPrintedAskIncluded() {
        #expect(decision(HookCommand.claudeDecision(kind: "claude", answer: answer("allow"))) == "allow")
        #expect(decision(HookCommand.claudeDecision(kind: "claude", answer: answer("deny"))) == "deny")
        // A safeguard or an "ask" rule: Claude must ask even where its own settings would let the call through.
        #expect(decision(HookCommand.claudeDecision(kind: "claude", answer: answer("ask"))) == "ask")
        #expect(HookCommand.claudeDecision(kind: "claude", answer: answer(nil)) == nil, "no rule: Claude follows its own settings")
        #expect(HookCommand.claudeDecision(kind: "claude", answer: answer("allow", event: "Stop")) == nil)
        #expect(HookCommand.claudeDecision(kind: "gemini", answer: answer("allow")) == nil)
        #expect(HookCommand.claudeDecision(kind: "claude", answer: answer("sure")) == nil, "nothing but the three answers")
    }

    @Test func onlyAToolUseWaitsForADecision() {
        #expect(HookCommand.awaitsDecision(kind: "claude", payload: Data(#"{"hook_event_name":"PreToolUse","tool_name":"Bash"}"#.utf8)))
        #expect(!HookCommand.awaitsDecision(kind: "claude", payload: Data(#"{"hook_event_name":"Stop"}"#.utf8)))
        #expect(!HookCommand.awaitsDecision(kind: "codex", payload: Data(#"{"hook_event_name":"PreToolUse"}"#.utf8)))
        #expect(HookCommand.decisionTimeout < HookCommand.serverTimeout)
    }
}
