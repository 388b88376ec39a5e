import Foundation
import Hummingbird
import OrchestratorCore
import Storage
import Orchestration

/// What passes between a person or an agent and one agent's window: the agent's hooks, keys a manager sends to
/// answer its question, and the agent's replies.
struct AgentInteractionController {
    let services: AppServices

    /// Largest hook payload accepted.
    static let maximumHookBytes = 256 * 1024
    /// Most keys in one request.
    static let maximumKeys = 64

    func addRoutes(to routes: inout RouteRegistrar) {
        routes.post("/api/v1/projects/:id/agents/:agent_id/hooks", .role(.manager), hook)
        routes.post("/api/v1/projects/:id/agents/:agent_id/keys", .role(.manager), keys)
        routes.post("/api/v1/projects/:id/agents/:agent_id/reply", .role(.manager), reply)
    }

    struct KeysRequest: Decodable {
        var keys: [String]
    }

    struct ReplyRequest: Decodable {
        var content: String
        var inReplyTo: Int64?
        enum CodingKeys: String, CodingKey {
            case content
            case inReplyTo = "in_reply_to"
        }
    }

    struct HookAnswer: ResponseEncodable {
        var accepted: Bool
        var event: String
        var status: String
        var statusReason: String?
        /// For a tool use a rule decided (Claude Code's `PreToolUse`): `allow`, `deny` or `ask`.
        var decision: String?
        var decisionReason: String?
        var ruleId: Int64?
        enum CodingKeys: String, CodingKey {
            case accepted, event, status, decision
            case statusReason = "status_reason"
            case decisionReason = "decision_reason"
            case ruleId = "rule_id"
        }
    }

    /// `?kind=claude|codex|gemini`, the agent's own JSON payload as the body. Only the agent itself (or a manager).
    @Sendable func hook(_ request: Request, context: AppRequestContext) async throws -> HookAnswer {
        let agent = try await speakingAgent(context)
        let kind = request.uri.queryParameters["kind"].map(String.init) ?? ""
        guard HookInterpreter.kinds.contains(kind) else {
            throw ValidationFailure([FieldError(field: "kind", message: "must be one of \(HookInterpreter.kinds.joined(separator: ", "))")])
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: Self.maximumHookBytes)
        } catch {
            throw APIError(.contentTooLarge, "payload_too_large", "hook payloads are limited to \(Self.maximumHookBytes / 1024) KB")
        }
        guard let payload = (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] else {
            throw APIError.badRequest("the hook payload must be a JSON object")
        }
        let outcome: HookInterpreter.Outcome
        do {
            outcome = try HookInterpreter.interpret(kind: kind, payload: payload)
        } catch .unknownEvent(let event) {
            throw ValidationFailure([FieldError(field: "hook_event_name", message: "'\(event)' is not a hook event the orchestrator knows")])
        } catch {
            throw ValidationFailure([FieldError(field: "hook_event_name", message: "is required")])
        }
        let transcript = payload["transcript_path"] as? String
        let thread = payload["thread-id"] as? String ?? payload["thread_id"] as? String
        // A tool use about to run: the approval rules decide it here, before the agent draws a question.
        var decision: ApprovalDecision?
        if kind == "claude", outcome.event == "PreToolUse", let tool = payload["tool_name"] as? String {
            decision = await services.runtime.approvals.decideToolUse(agent: agent, tool: tool, input: payload["tool_input"] as? [String: Any] ?? [:])
        }
        let updated = try await services.runtime.applyHook(outcome, to: agent)
        // What the agent spent: Claude's and Gemini's hooks name the session's transcript, Codex's `notify` its thread.
        let usage = services.runtime.usage
        if kind == "claude" || kind == "gemini", let transcript, !transcript.isEmpty {
            Task { await usage.transcript(transcript, kind: kind, agent: updated) }
        } else if kind == "codex" {
            Task { await usage.codexTurn(threadID: thread, agent: updated) }
        }
        return HookAnswer(
            accepted: true, event: outcome.event, status: updated.status, statusReason: updated.statusReason, decision: decision?.answer,
            decisionReason: decision?.reason, ruleId: decision?.rule?.id)
    }

    /// `{"keys": ["2"]}`: exact tmux key names from an allow-list, in order. People with the manager role only.
    @Sendable func keys(_ request: Request, context: AppRequestContext) async throws -> AgentStatusResponse {
        var request = request
        let principal = try context.requirePrincipal()
        guard principal.agentID == nil else { throw AuthFailure.forbidden(reason: "agents may not press keys in agents' windows") }
        let agent = try agent(context)
        let body = try await request.decodeBody(KeysRequest.self, context: context)
        var check = Validator()
        check.require(!body.keys.isEmpty, "keys", "must name at least one key")
        check.require(body.keys.count <= Self.maximumKeys, "keys", "may hold at most \(Self.maximumKeys) keys")
        let unknown = body.keys.filter { !ProjectRuntime.allowedKeyNames.contains($0) }
        check.require(unknown.isEmpty, "keys", "unknown key names: \(unknown.prefix(5).joined(separator: ", ")) (letters, digits, Enter, Escape, Tab, BTab, Up, Down, Left, Right, Space, BSpace, C-a…C-z, F1…F12)")
        try check.done()
        try await services.runtime.pressKeys(body.keys, on: agent, by: principal)
        return AgentStatusResponse(try self.agent(context))
    }

    /// `{"content": "…", "in_reply_to": 12}` from the agent itself (`orchestrator reply`).
    @Sendable func reply(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let agent = try await speakingAgent(context)
        let body = try await request.decodeBody(ReplyRequest.self, context: context)
        var check = Validator()
        check.require(!body.content.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "content", "must not be empty")
        check.require(body.content.utf8.count <= MessageController.maximumLength, "content", "must be at most \(MessageController.maximumLength) bytes")
        check.require(!body.content.contains("\u{0}"), "content", "must not contain NUL characters")
        try check.done()
        let stored = try await services.runtime.reply(from: agent, content: body.content, to: body.inReplyTo)
        return MessageResponse(stored).response(status: .created)
    }

    /// The agent named in the path, which an agent's token may speak for only when it is that agent.
    private func speakingAgent(_ context: AppRequestContext) async throws -> AgentRecord {
        let agent = try agent(context)
        if let speaker = try context.requirePrincipal().agentID, speaker != agent.id {
            throw AuthFailure.forbidden(reason: "agent \(speaker) may speak only for itself")
        }
        return agent
    }

    private func agent(_ context: AppRequestContext) throws -> AgentRecord {
        let id = try context.parameters.require("id")
        let agentID = try context.parameters.require("agent_id")
        guard let agent = try services.database.agent(projectID: id, id: agentID) else {
            throw APIError.notFound(try services.database.projectExists(id: id) ? "project \(id) has no agent '\(agentID)'" : "no project with id '\(id)'")
        }
        return agent
    }
}
