import Foundation

/// Every tool the orchestrator offers over MCP (stdio and `/mcp`), each carried out through the REST API with the
/// caller's own credential.
public enum ToolCatalog {
    /// The tools, in the order they are listed.
    public static let tools: [ToolDefinition] = [
        ToolDefinition("list_projects", "List projects with their status, progress and agents.", schema: """
            {"type":"object","properties":{"status":{"type":"string","enum":["creating","running","paused","completed","failed","terminated"]},\
            "q":{"type":"string","description":"text to search names and descriptions for"},"limit":{"type":"integer","minimum":1,"maximum":500}}}
            """) { arguments, api in
            var query = "limit=\((arguments["limit"] as? Int) ?? 50)"
            if let status = arguments["status"] as? String { query += "&status=\(ToolArguments.query(status))" }
            if let text = arguments["q"] as? String { query += "&q=\(ToolArguments.query(text))" }
            let answer = try await ToolCatalog.expect(api.call("GET", "/api/v1/projects?\(query)"))
            guard let items = (answer as? [String: Any])?["items"] as? [[String: Any]] else { return ToolCatalog.text(answer) }
            if items.isEmpty { return "No projects." }
            return items.map { project in
                let agents = (project["agents"] as? [[String: Any]] ?? []).map { "\($0["agent_id"] ?? "?") \($0["status"] ?? "?")" }
                return "\(project["id"] ?? "?") (\(project["status"] ?? "?"), \(Int((((project["progress"] as? Double) ?? 0) * 100).rounded())) %): "
                    + agents.joined(separator: ", ")
            }.joined(separator: "\n")
        },
        ToolDefinition("get_project", "A project's status, spec, git facts and agents.", schema: """
            {"type":"object","properties":{"project_id":{"type":"string"}},"required":["project_id"]}
            """) { arguments, api in
            let a = ToolArguments(values: arguments, defaults: [:])
            return ToolCatalog.text(try await ToolCatalog.expect(api.call("GET", "/api/v1/projects/\(try a.segment("project_id"))")))
        },
        ToolDefinition("create_project", "Create a project: a git repository under a workspace root, a team of agents in tmux, briefed with the spec.", schema: """
            {"type":"object","properties":{"name":{"type":"string"},"project_path":{"type":"string"},"spec_content":{"type":"string"},\
            "description":{"type":"string"},"team_composition":{"type":"array","items":{"type":"string"}},\
            "size":{"type":"string","enum":["small","medium","large"]},"agent_command":{"type":"string"}},"required":["name","project_path"]}
            """) { arguments, api in
            var body: [String: Any] = [:]
            for key in ["name", "project_path", "spec_content", "description", "team_composition", "size", "agent_command"] { body[key] = arguments[key] }
            body["spec_content"] = body["spec_content"] ?? ""
            body["description"] = body["description"] ?? ""
            let answer = try await ToolCatalog.expect(api.call("POST", "/api/v1/projects", body: body))
            let project = answer as? [String: Any] ?? [:]
            let agents = (project["agents"] as? [[String: Any]] ?? []).compactMap { $0["agent_id"] as? String }
            return "Created \(project["id"] ?? "?") (\(project["status"] ?? "?")) with \(agents.joined(separator: ", "))."
        },
        ToolDefinition("get_agent_status", "An agent's state (active, idle, waiting with its question, exhausted, failed), task and progress.", schema: """
            {"type":"object","properties":{"project_id":{"type":"string"},"agent_id":{"type":"string"}},"required":["project_id","agent_id"]}
            """) { arguments, api in
            let a = ToolArguments(values: arguments, defaults: [:])
            return ToolCatalog.text(try await ToolCatalog.expect(api.call("GET", "/api/v1/projects/\(try a.segment("project_id"))/agents/\(try a.segment("agent_id"))/status")))
        },
        ToolDefinition("read_agent_output", "The text on an agent's terminal (its last lines).", schema: """
            {"type":"object","properties":{"project_id":{"type":"string"},"agent_id":{"type":"string"},"lines":{"type":"integer","minimum":1,"maximum":2000}},\
            "required":["project_id","agent_id"]}
            """) { arguments, api in
            let a = ToolArguments(values: arguments, defaults: [:])
            let lines = (arguments["lines"] as? Int) ?? 60
            let answer = try await ToolCatalog.expect(api.call("GET", "/api/v1/projects/\(try a.segment("project_id"))/agents/\(try a.segment("agent_id"))/output?lines=\(lines)"))
            return ((answer as? [String: Any])?["output"] as? String) ?? ToolCatalog.text(answer)
        },
        ToolDefinition("send_message", "Send a message to an agent: pasted into its terminal once it is ready (held while it waits for an answer).", schema: """
            {"type":"object","properties":{"project_id":{"type":"string"},"target_agent":{"type":"string"},"content":{"type":"string"},\
            "priority":{"type":"string","enum":["low","normal","high","urgent"]},"requires_response":{"type":"boolean"}},\
            "required":["project_id","target_agent","content"]}
            """) { arguments, api in
            let a = ToolArguments(values: arguments, defaults: [:])
            var body: [String: Any] = ["target_agent": try a.string("target_agent"), "content": try a.string("content")]
            body["priority"] = arguments["priority"]
            body["requires_response"] = arguments["requires_response"]
            let answer = try await ToolCatalog.expect(api.call("POST", "/api/v1/projects/\(try a.segment("project_id"))/messages", body: body))
            let message = answer as? [String: Any] ?? [:]
            return "Message \(message["id"] ?? "?") to \(message["target_agent"] ?? "?"): \(message["status"] ?? "?")."
        },
        ToolDefinition("press_keys", "Press keys in an agent's terminal, e.g. to answer its question: tmux key names such as 2, y, Enter, Escape.", schema: """
            {"type":"object","properties":{"project_id":{"type":"string"},"agent_id":{"type":"string"},"keys":{"type":"array","items":{"type":"string"},"minItems":1}},\
            "required":["project_id","agent_id","keys"]}
            """) { arguments, api in
            let a = ToolArguments(values: arguments, defaults: [:])
            guard let keys = arguments["keys"] as? [String], !keys.isEmpty else { throw ToolFailure("keys must be a list of key names") }
            _ = try await ToolCatalog.expect(api.call("POST", "/api/v1/projects/\(try a.segment("project_id"))/agents/\(try a.segment("agent_id"))/keys", body: ["keys": keys]))
            return "Pressed \(keys.joined(separator: " "))."
        },
        ToolDefinition("report_progress", "Report what an agent is working on, its progress (0 to 1), blockers and a note.", schema: """
            {"type":"object","properties":{"project_id":{"type":"string"},"agent_id":{"type":"string"},"current_task":{"type":"string"},\
            "progress":{"type":"number","minimum":0,"maximum":1},"blockers":{"type":"string"},"message":{"type":"string"}},"required":["project_id","agent_id"]}
            """) { arguments, api in
            let a = ToolArguments(values: arguments, defaults: [:])
            var body: [String: Any] = [:]
            for key in ["current_task", "progress", "blockers", "message"] { body[key] = arguments[key] }
            _ = try await ToolCatalog.expect(api.call("POST", "/api/v1/projects/\(try a.segment("project_id"))/agents/\(try a.segment("agent_id"))/report", body: body))
            return "Reported."
        },
        ToolDefinition("reply", "Answer a message that asked the agent for a reply (the latest one, or in_reply_to).", schema: """
            {"type":"object","properties":{"project_id":{"type":"string"},"agent_id":{"type":"string"},"content":{"type":"string"},"in_reply_to":{"type":"integer"}},\
            "required":["project_id","agent_id","content"]}
            """) { arguments, api in
            let a = ToolArguments(values: arguments, defaults: [:])
            var body: [String: Any] = ["content": try a.string("content")]
            body["in_reply_to"] = arguments["in_reply_to"]
            let answer = try await ToolCatalog.expect(api.call("POST", "/api/v1/projects/\(try a.segment("project_id"))/agents/\(try a.segment("agent_id"))/reply", body: body))
            return "Replied (message \((answer as? [String: Any])?["id"] ?? "?"))."
        },
        ToolDefinition("get_review", "The newest review people sent an agent (or one by review_id): line comments on its diff, as it received them.", schema: """
            {"type":"object","properties":{"project_id":{"type":"string"},"agent_id":{"type":"string"},"review_id":{"type":"integer"}},\
            "required":["project_id","agent_id"]}
            """) { arguments, api in
            let a = ToolArguments(values: arguments, defaults: [:])
            let project = try a.segment("project_id")
            let review: [String: Any]?
            if let id = arguments["review_id"] as? Int {
                review = try await ToolCatalog.expect(api.call("GET", "/api/v1/projects/\(project)/reviews/\(id)")) as? [String: Any]
            } else {
                let agent = ToolArguments.query(try a.string("agent_id"))
                review = (try await ToolCatalog.expect(api.call("GET", "/api/v1/projects/\(project)/reviews?agent=\(agent)&limit=1")) as? [[String: Any]])?.first
            }
            guard let review else { return "No review yet." }
            return "Review \(review["id"] ?? "?") by \(review["author"] ?? "?") (\(review["state"] ?? "?")):\n\n" + ((review["content"] as? String) ?? "")
        },
        ToolDefinition("git_status", "Branch, commit, uncommitted changes and conflicts of the project checkout or an agent's worktree.", schema: """
            {"type":"object","properties":{"project_id":{"type":"string"},"agent":{"type":"string"}},"required":["project_id"]}
            """) { arguments, api in
            let a = ToolArguments(values: arguments, defaults: [:])
            let agent = (arguments["agent"] as? String).map { "?agent=\(ToolArguments.query($0))" } ?? ""
            return ToolCatalog.text(try await ToolCatalog.expect(api.call("GET", "/api/v1/projects/\(try a.segment("project_id"))/git/status\(agent)")))
        },
        ToolDefinition("git_diff", "What an agent changed on its branch since it branched from the base (unified diff).", schema: """
            {"type":"object","properties":{"project_id":{"type":"string"},"agent":{"type":"string"}},"required":["project_id"]}
            """) { arguments, api in
            let a = ToolArguments(values: arguments, defaults: [:])
            let agent = (arguments["agent"] as? String).map { "?agent=\(ToolArguments.query($0))" } ?? ""
            let answer = try await ToolCatalog.expect(api.call("GET", "/api/v1/projects/\(try a.segment("project_id"))/git/diff\(agent)"))
            let files = (answer as? [String: Any])?["files"] as? [[String: Any]] ?? []
            if files.isEmpty { return "No changes." }
            return files.map { ($0["patch"] as? String) ?? "\($0["path"] ?? "?")" }.joined(separator: "\n")
        },
        ToolDefinition("merge_branch", "Merge an agent's branch (or any branch) into the base branch.", schema: """
            {"type":"object","properties":{"project_id":{"type":"string"},"source":{"type":"string","description":"an agent id or a branch"},\
            "target":{"type":"string"},"strategy":{"type":"string","enum":["merge","squash","ff-only"]}},"required":["project_id","source"]}
            """) { arguments, api in
            let a = ToolArguments(values: arguments, defaults: [:])
            var body: [String: Any] = ["source": try a.string("source")]
            body["target"] = arguments["target"]
            body["strategy"] = arguments["strategy"]
            let answer = try await ToolCatalog.expect(api.call("POST", "/api/v1/projects/\(try a.segment("project_id"))/git/merge", body: body))
            let merge = answer as? [String: Any] ?? [:]
            return "Merged into \(merge["target"] ?? "the base"), commit \(merge["commit_hash"] ?? "?")."
        },
        ToolDefinition("ask_team", "Ask a project's agents a question; they answer with a reply (those that do not are described from their reports).", schema: """
            {"type":"object","properties":{"project_id":{"type":"string"},"question":{"type":"string"},"target_context":{"type":"string"},\
            "wait_seconds":{"type":"number","minimum":0,"maximum":600}},"required":["project_id","question"]}
            """) { arguments, api in
            let a = ToolArguments(values: arguments, defaults: [:])
            var body: [String: Any] = ["natural_language": try a.string("question"), "wait_seconds": arguments["wait_seconds"] ?? 60]
            body["target_context"] = arguments["target_context"]
            let answer = try await ToolCatalog.expect(api.call("POST", "/api/v2/projects/\(try a.segment("project_id"))/communicate", body: body))
            let result = answer as? [String: Any] ?? [:]
            let replies = (result["responses"] as? [[String: Any]] ?? []).map {
                "- \($0["agent"] ?? "?")\(($0["answered"] as? Bool) == true ? "" : " (no reply)"): \($0["message"] ?? "")"
            }
            return ([result["ai_summary"] as? String ?? ""] + replies).joined(separator: "\n")
        },
        ToolDefinition("ask_ai", "Ask about the fleet: who is waiting, what failed, how far projects are.", schema: """
            {"type":"object","properties":{"question":{"type":"string"},"project_id":{"type":"string"},"context":{"type":"string"}},"required":["question"]}
            """) { arguments, api in
            let a = ToolArguments(values: arguments, defaults: [:])
            var body: [String: Any] = ["question": try a.string("question")]
            body["project_id"] = arguments["project_id"]
            body["context"] = arguments["context"]
            let answer = try await ToolCatalog.expect(api.call("POST", "/api/v2/monitoring/ask-ai", body: body))
            return ((answer as? [String: Any])?["answer"] as? String) ?? ToolCatalog.text(answer)
        },
    ]

    /// Runs a tool; a refusal or a bad argument is a tool error with the reason, never a thrown error.
    public static func call(_ name: String, arguments: [String: Any], api: OrchestratorAPI, defaults: [String: String] = [:]) async -> ToolResult {
        guard let tool = tools.first(where: { $0.name == name }) else { return ToolResult(text: "no tool named \(name)", isError: true) }
        var filled = arguments
        // An agent's own project and id are the defaults for its calls.
        for (key, value) in defaults where filled[key] == nil { filled[key] = value }
        if filled["agent_id"] == nil, let agent = defaults["agent_id"] { filled["agent_id"] = agent }
        do {
            return ToolResult(text: try await tool.run(filled, api))
        } catch {
            return ToolResult(text: "\(error)", isError: true)
        }
    }

    /// The answer of a 2xx call, else a failure carrying the server's error message.
    static func expect(_ result: (status: Int, json: Any?)) throws -> Any {
        guard (200..<300).contains(result.status) else {
            let error = (result.json as? [String: Any])?["error"] as? [String: Any]
            var message = "the orchestrator answered \(result.status)"
            if let text = error?["message"] as? String { message += ": \(text)" }
            if let details = error?["details"], let data = try? JSONSerialization.data(withJSONObject: details, options: [.sortedKeys, .fragmentsAllowed]) {
                message += " \(String(decoding: data, as: UTF8.self))"
            }
            throw ToolFailure(message)
        }
        return result.json ?? [:]
    }

    /// Compact JSON text, at most 20 000 characters.
    static func text(_ value: Any) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed]) else { return "\(value)" }
        let text = String(decoding: data, as: UTF8.self)
        return text.count > 20_000 ? String(text.prefix(20_000)) + "…" : text
    }
}
