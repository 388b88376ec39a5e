import Foundation
import OrchestratorCore
import Testing

@Suite("Agents' hook events as states", .timeLimit(.minutes(3)))
struct HookInterpreterTests {
    private func outcome(_ kind: String, _ json: String) throws -> HookInterpreter.Outcome {
        let payload = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        return try HookInterpreter.interpret(kind: kind, payload: payload)
    }

    @Test func claudeEvents() throws {
        #expect(try outcome("claude", #"{"hook_event_name":"UserPromptSubmit","prompt":"hi"}"#).state == .active)
        #expect(try outcome("claude", #"{"hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"ls"}}"#).reason == "hook: PreToolUse (Bash)")
        let ask = try outcome("claude", #"{"hook_event_name":"PermissionRequest","tool_name":"Bash","tool_input":{"command":"rm -rf build"}}"#)
        #expect(ask.state == .waiting)
        #expect(ask.prompt?.text == "Allow Bash: rm -rf build?")
        #expect(ask.prompt?.source == "hook")
        #expect(ask.prompt?.options.first?.keys == ["1"])
        #expect(ask.prompt?.toolInput?.contains("rm -rf build") == true)
        let notified = try outcome("claude", #"{"hook_event_name":"Notification","notification_type":"permission_prompt","message":"Claude needs your permission to use Bash"}"#)
        #expect(notified.state == .waiting && notified.prompt?.text == "Claude needs your permission to use Bash")
        #expect(try outcome("claude", #"{"hook_event_name":"Notification","notification_type":"idle_prompt","message":"waiting"}"#).state == .idle)
        #expect(try outcome("claude", #"{"hook_event_name":"Notification","notification_type":"auth_success"}"#).state == nil)
        let stop = try outcome("claude", #"{"hook_event_name":"Stop","stop_hook_active":false,"last_assistant_message":"All tests pass."}"#)
        #expect(stop.state == .idle && stop.lastMessage == "All tests pass.")
        #expect(try outcome("claude", #"{"hook_event_name":"StopFailure","error":"rate_limit"}"#).state == .exhausted)
        #expect(try outcome("claude", #"{"hook_event_name":"SessionEnd","reason":"prompt_input_exit"}"#).state == .failed)
        #expect(try outcome("claude", #"{"hook_event_name":"SessionEnd","reason":"clear"}"#).state == nil)
        #expect(try outcome("claude", #"{"hook_event_name":"SubagentStop"}"#).state == nil)
    }

    @Test func codexNotifyAndGemini() throws {
        let turn = try outcome("codex", #"{"type":"agent-turn-complete","turn-id":"1","input-messages":["x"],"last-assistant-message":"Done"}"#)
        #expect(turn.state == .idle && turn.lastMessage == "Done")
        #expect(try outcome("gemini", #"{"hook_event_name":"BeforeTool","tool_name":"run_shell_command"}"#).state == .active)
        let permission = try outcome("gemini", #"{"hook_event_name":"Notification","notification_type":"ToolPermission","message":"Allow?","details":{"command":"ls"}}"#)
        #expect(permission.state == .waiting && permission.prompt?.options.first?.label == "Allow once")
        #expect(try outcome("gemini", #"{"hook_event_name":"AfterAgent","prompt":"p","prompt_response":"Fixed."}"#).lastMessage == "Fixed.")
    }

    @Test func refusals() throws {
        #expect(throws: HookInterpreter.Problem.unknownEvent("Bogus")) { try outcome("claude", #"{"hook_event_name":"Bogus"}"#) }
        #expect(throws: HookInterpreter.Problem.missingEvent) { try outcome("claude", #"{"prompt":"x"}"#) }
        #expect(throws: HookInterpreter.Problem.unknownKind("vim")) { try outcome("vim", #"{"hook_event_name":"Stop"}"#) }
    }
}
