import Foundation

/// Turns an agent's hook payload into a state, following each agent's documented events.
///
/// - Claude Code (hooks in `--settings`): UserPromptSubmit, PreToolUse, PostToolUse → `active`; PermissionRequest,
///   Notification `permission_prompt` / `elicitation_dialog` → `waiting` with the question; Stop → `idle` with the
///   last assistant message; SessionEnd → `failed` (the program ended; `clear` and `resume` are ignored).
/// - Codex (`notify`): `agent-turn-complete` → `idle` with the last assistant message; its hooks as Claude's.
/// - Gemini CLI (project hooks): BeforeAgent, BeforeTool, AfterTool, BeforeModel → `active`; Notification
///   `ToolPermission` → `waiting`; AfterAgent → `idle`; SessionEnd → `failed`.
/// Known events that say nothing about the state (e.g. `SubagentStop`) give no state; unknown ones are refused.
public enum HookInterpreter {
    /// What one hook call means.
    public struct Outcome: Sendable, Equatable {
        /// The state it puts the agent in, or nil when it leaves the state alone.
        public var state: AgentState?
        /// The event's name, e.g. `PermissionRequest`.
        public var event: String
        /// Words for `status_reason`, e.g. `hook: PermissionRequest (Bash)`.
        public var reason: String
        /// For `waiting`: the question.
        public var prompt: AgentPrompt?
        /// For the end of a turn: what the agent last said.
        public var lastMessage: String?
    }

    /// Why a payload was refused.
    public enum Problem: Error, Equatable {
        case unknownKind(String)
        case missingEvent
        case unknownEvent(String)
    }

    /// Agent kinds whose hooks are understood.
    public static let kinds = ["claude", "codex", "gemini"]

    static let active: Set<String> = [
        "UserPromptSubmit", "PreToolUse", "PostToolUse", "PostToolUseFailure", "PostToolBatch", "SubagentStart", "PreCompact", "PostCompact",
        "BeforeAgent", "BeforeTool", "AfterTool", "BeforeModel", "AfterModel", "BeforeToolSelection", "PreCompress",
    ]
    static let neutral: Set<String> = [
        "SubagentStop", "PermissionDenied", "TaskCreated", "TaskCompleted", "InstructionsLoaded", "ConfigChange", "CwdChanged", "FileChanged",
        "MessageDisplay", "Setup", "UserPromptExpansion", "Elicitation", "ElicitationResult", "TeammateIdle", "WorktreeCreate", "WorktreeRemove",
        "DirectoryAdded",
    ]

    /// Interprets one payload.
    /// - Parameters:
    ///   - kind: `claude`, `codex` or `gemini`.
    ///   - payload: the JSON object the agent passed to the hook.
    public static func interpret(kind: String, payload: [String: Any]) throws(Problem) -> Outcome {
        guard kinds.contains(kind) else { throw .unknownKind(kind) }
        guard let event = (payload["hook_event_name"] as? String) ?? (payload["type"] as? String), !event.isEmpty else { throw .missingEvent }
        let tool = payload["tool_name"] as? String
        let reason = "hook: " + event + (tool.map { " (\($0))" } ?? "")
        func outcome(_ state: AgentState?, prompt: AgentPrompt? = nil, last: String? = nil) -> Outcome {
            Outcome(state: state, event: event, reason: reason, prompt: prompt, lastMessage: last)
        }
        if active.contains(event) { return outcome(.active) }
        if neutral.contains(event) { return outcome(nil) }
        switch event {
        case "SessionStart":
            return outcome(.idle)
        case "PermissionRequest":
            return outcome(.waiting, prompt: permissionPrompt(kind: kind, tool: tool, input: payload["tool_input"]))
        case "Notification":
            let type = payload["notification_type"] as? String ?? ""
            let message = payload["message"] as? String ?? "The agent needs your attention"
            switch type {
            case "permission_prompt", "elicitation_dialog", "elicitation_url_dialog", "agent_needs_input", "ToolPermission":
                let details = payload["details"].flatMap(jsonText)
                return outcome(.waiting, prompt: AgentPrompt(text: message, options: defaultOptions(kind: kind), source: "hook", toolInput: details))
            case "idle_prompt":
                return outcome(.idle)
            default:
                return outcome(nil)
            }
        case "Stop", "AfterAgent":
            let last = (payload["last_assistant_message"] as? String) ?? (payload["prompt_response"] as? String)
            return outcome(.idle, last: last)
        case "agent-turn-complete":
            return outcome(.idle, last: payload["last-assistant-message"] as? String)
        case "StopFailure":
            let error = payload["error"] as? String ?? ""
            return outcome(error == "rate_limit" ? .exhausted : .idle, last: payload["last_assistant_message"] as? String)
        case "SessionEnd":
            // `clear` and `resume` start a new session in the same program; anything else ends the program, which
            // for an agent of a running project is a failure a person has to act on (`stopped` means paused by
            // the orchestrator, and nothing would restart it).
            let why = payload["reason"] as? String ?? "other"
            if why == "clear" || why == "resume" { return outcome(nil) }
            return Outcome(state: .failed, event: event, reason: "hook: SessionEnd (\(why))", prompt: nil, lastMessage: nil)
        default:
            throw .unknownEvent(event)
        }
    }

    /// The permission question a hook announces, with the answers the agent's dialog offers.
    static func permissionPrompt(kind: String, tool: String?, input: Any?) -> AgentPrompt {
        let detail = (input as? [String: Any])?["command"] as? String
        let text = "Allow \(tool ?? "the tool")" + (detail.map { ": \($0)" } ?? "") + "?"
        return AgentPrompt(text: text, options: defaultOptions(kind: kind), source: "hook", tool: tool, toolInput: input.flatMap(jsonText))
    }

    /// The answers each agent's permission dialog offers (its first option is always "yes, once").
    static func defaultOptions(kind: String) -> [AgentPrompt.Option] {
        switch kind {
        case "gemini":
            return [.init(key: "1", label: "Allow once", keys: ["1"]), .init(key: "2", label: "Allow for this session", keys: ["2"]),
                    .init(key: "esc", label: "No, suggest changes", keys: ["Escape"])]
        case "codex":
            return [.init(key: "y", label: "Yes, proceed", keys: ["y"]), .init(key: "a", label: "Yes, and don't ask again", keys: ["a"]),
                    .init(key: "esc", label: "No, and tell Codex what to do differently", keys: ["Escape"])]
        default:
            return [.init(key: "1", label: "Yes", keys: ["1"]), .init(key: "2", label: "Yes, and don't ask again", keys: ["2"]),
                    .init(key: "esc", label: "No, and tell Claude what to do differently", keys: ["Escape"])]
        }
    }

    private static func jsonText(_ value: Any) -> String? {
        guard JSONSerialization.isValidJSONObject(value) else { return (value as? String) ?? nil }
        return (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])).map { String(decoding: $0, as: UTF8.self) }
    }
}
