import Foundation

/// The Model Context Protocol's JSON-RPC for the orchestrator's tools, the same over stdio and streamable HTTP:
/// `initialize`, `ping`, `tools/list` and `tools/call`; notifications get no answer.
public struct MCPSession: Sendable {
    /// Protocol versions this server speaks, newest first.
    public static let versions = ["2025-06-18", "2025-03-26", "2024-11-05"]
    let api: OrchestratorAPI
    /// The most messages in one batch.
    public static let maximumBatch = 20
    /// The most bytes of answers to one batch.
    public static let maximumAnswerBytes = 1 << 20
    /// Arguments filled in when a call leaves them out (an agent's own `project_id` and `agent_id`).
    let defaults: [String: String]
    let serverVersion: String

    /// A session whose tool calls go to `api`.
    public init(api: OrchestratorAPI, defaults: [String: String] = [:], serverVersion: String = "1.0") {
        self.api = api
        self.defaults = defaults
        self.serverVersion = serverVersion
    }

    /// Answers one message (or a batch); nil when nothing is to be sent back (notifications, responses).
    public func handle(_ data: Data) async -> Data? {
        guard let parsed = try? JSONSerialization.jsonObject(with: data) else {
            return Self.encode(Self.error(id: NSNull(), code: -32700, message: "parse error"))
        }
        if let batch = parsed as? [Any] {
            // A batch is a convenience, not a way to make one request cost the server a thousand: its length and
            // the size of all its answers are capped.
            guard !batch.isEmpty, batch.count <= Self.maximumBatch else {
                return Self.encode(Self.error(
                    id: NSNull(), code: -32600, message: "a batch must hold 1 to \(Self.maximumBatch) messages; this one holds \(batch.count)"))
            }
            // Each answer is encoded once; the batch's answer is those bytes joined into an array.
            var answers: [Data] = []
            var size = 0
            for item in batch {
                guard let answer = await respond(to: item).flatMap(Self.encode) else { continue }
                size += answer.count
                guard size <= Self.maximumAnswerBytes else {
                    return Self.encode(Self.error(
                        id: NSNull(), code: -32600, message: "the answers to this batch would pass \(Self.maximumAnswerBytes / 1024) KiB; send fewer messages at once"))
                }
                answers.append(answer)
            }
            return answers.isEmpty ? nil : Data("[".utf8) + answers.joined(separator: Data(",".utf8)) + Data("]".utf8)
        }
        return await respond(to: parsed).flatMap(Self.encode)
    }

    private func respond(to message: Any) async -> [String: Any]? {
        guard let message = message as? [String: Any], message["jsonrpc"] as? String == "2.0" else {
            return Self.error(id: NSNull(), code: -32600, message: "invalid request")
        }
        let id = message["id"]
        guard let method = message["method"] as? String else { return nil }  // a response to us: nothing to answer
        guard let id, !(id is NSNull) else { return nil }  // a notification
        let params = message["params"] as? [String: Any] ?? [:]
        switch method {
        case "initialize":
            let asked = params["protocolVersion"] as? String ?? Self.versions[0]
            return Self.result(id: id, [
                "protocolVersion": Self.versions.contains(asked) ? asked : Self.versions[0],
                "capabilities": ["tools": ["listChanged": false]],
                "serverInfo": ["name": "tmux-orchestrator", "version": serverVersion],
                "instructions": "Tools of the Tmux Orchestrator: projects of AI coding agents in tmux, their state and output, messages, git review and questions to the team.",
            ])
        case "ping":
            return Self.result(id: id, [:])
        case "tools/list":
            let tools: [[String: Any]] = ToolCatalog.tools.map { tool in
                let schema = (try? JSONSerialization.jsonObject(with: Data(tool.inputSchema.utf8))) ?? ["type": "object"]
                return ["name": tool.name, "description": tool.description, "inputSchema": schema]
            }
            return Self.result(id: id, ["tools": tools])
        case "tools/call":
            guard let name = params["name"] as? String else { return Self.error(id: id, code: -32602, message: "params.name is required") }
            guard ToolCatalog.tools.contains(where: { $0.name == name }) else { return Self.error(id: id, code: -32602, message: "unknown tool: \(name)") }
            let arguments = params["arguments"] as? [String: Any] ?? [:]
            let result = await ToolCatalog.call(name, arguments: arguments, api: api, defaults: defaults)
            return Self.result(id: id, ["content": [["type": "text", "text": result.text]], "isError": result.isError])
        default:
            return Self.error(id: id, code: -32601, message: "method not found: \(method)")
        }
    }

    static func result(id: Any, _ result: [String: Any]) -> [String: Any] { ["jsonrpc": "2.0", "id": id, "result": result] }

    static func error(id: Any, code: Int, message: String) -> [String: Any] {
        ["jsonrpc": "2.0", "id": id, "error": ["code": code, "message": message]]
    }

    static func encode(_ value: Any) -> Data? { try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]) }
}
