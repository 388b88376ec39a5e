import Foundation
import OrchestratorCore
import Storage

/// Applies approval rules: decides a tool use an agent's hook asks about (Claude Code's `PreToolUse`, answered in the
/// hook so no question is drawn), and answers a question drawn on an agent's screen with the keys of its "yes" or "no"
/// answer. Every automatic answer is an `agent_input` event naming its rule; every match counts on the rule; a
/// dry-run rule's match is an `approval_dry_run` event and nothing more.
package actor ApprovalAnswerer {
    private weak var runtime: ProjectRuntime?
    /// The question each agent was last answered on by a rule, and when: one screen read twice is answered once.
    private var answered: [String: (subject: String, at: Date)] = [:]

    package init() {}

    /// Connects the runtime whose agents it answers (at start).
    package func attach(_ runtime: ProjectRuntime) { self.runtime = runtime }

    /// What a tool use is about, for patterns: a shell command, a file path, else the input as JSON.
    package static func subject(tool: String?, input: [String: Any]) -> String {
        if let command = input["command"] as? String { return command }
        for key in ["file_path", "path", "notebook_path", "url"] { if let value = input[key] as? String { return value } }
        guard let data = try? JSONSerialization.data(withJSONObject: input, options: [.sortedKeys]) else { return tool ?? "" }
        return String(decoding: data, as: UTF8.self)
    }

    /// The decision on a tool use the agent's hook announced (`allow` and `deny` are applied by the hook; `ask` lets
    /// the agent ask as it would), recorded; nil when no rule covers it.
    package func decideToolUse(agent: AgentRecord, tool: String, input: [String: Any]) async -> ApprovalDecision? {
        let question = ApprovalQuestion(kind: agent.profile, tool: tool, subject: Self.subject(tool: tool, input: input), worktree: agent.worktreePath)
        guard let runtime, let rules = try? runtime.database.applicableApprovalRules(projectID: agent.projectId),
            let decision = ApprovalMatcher.decide(question, rules: rules)
        else { return nil }
        record(decision, agent: agent, subject: question.subject)
        if let rule = decision.rule, decision.answer != "ask" {
            runtime.events.log(
                "agent_input", projectID: agent.projectId,
                AgentInputEvent(
                    agentId: agent.id, keys: [], by: "rule \(rule.id ?? 0)", answer: decision.answer == "allow" ? "Allowed \(tool)" : "Denied \(tool)",
                    timestamp: Date(), ruleId: rule.id, decision: decision.answer, subject: question.subject))
        }
        return decision
    }

    /// Looks at a stored event: an agent that started waiting is answered if a live rule covers its question.
    package func observe(_ envelope: EventHub.Envelope) async {
        guard envelope.type == "agent_status_update", let projectID = envelope.projectID,
            let object = try? JSONSerialization.jsonObject(with: Data(envelope.data.utf8)) as? [String: Any],
            object["status"] as? String == AgentState.waiting.rawValue, let agentID = object["agent_id"] as? String
        else { return }
        await answer(projectID: projectID, agentID: agentID)
    }

    /// Answers the question an agent waits on, if the rules say so.
    package func answer(projectID: String, agentID: String) async {
        guard let runtime, let agent = try? await runtime.database.agent(projectID: projectID, id: agentID), agent.status == AgentState.waiting.rawValue,
            let prompt = agent.prompt.flatMap(AgentPrompt.init(storedText:)), !prompt.options.isEmpty
        else { return }
        let input = prompt.toolInput.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let subject = input.map { Self.subject(tool: prompt.tool, input: $0) } ?? [prompt.context, prompt.text].compactMap { $0 }.joined(separator: "\n")
        let key = projectID + "/" + agentID
        if let last = answered[key], last.subject == subject, Date().timeIntervalSince(last.at) < 3 { return }
        let question = ApprovalQuestion(kind: agent.profile, tool: input == nil ? nil : prompt.tool, subject: subject, worktree: agent.worktreePath)
        guard let rules = try? runtime.database.applicableApprovalRules(projectID: projectID),
            let decision = ApprovalMatcher.decide(question, rules: rules)
        else { return }
        record(decision, agent: agent, subject: subject)
        guard let rule = decision.rule, decision.answer != "ask", let option = Self.option(for: decision.answer, in: prompt.options) else { return }
        answered[key] = (subject, Date())
        let principal = Principal(
            userID: 0, username: "rule \(rule.id ?? 0)", role: .manager, credential: .session(sessionID: "approval-rule-\(rule.id ?? 0)"))
        try? await runtime.pressKeys(option.keys, on: agent, by: principal, rule: rule, subject: subject)
    }

    /// The answer to press for `answer`: the first plain "yes" (not one that stops future questions) or "no".
    static func option(for answer: String, in options: [AgentPrompt.Option]) -> AgentPrompt.Option? {
        let pattern = answer == "allow" ? #"^\s*(yes|allow|approve|proceed|continue|ok|run)\b"# : #"^\s*(no|deny|reject|cancel|decline|skip)\b"#
        let letter = answer == "allow" ? "y" : "n"
        let labelled = options.filter { $0.label.range(of: pattern, options: [.regularExpression, .caseInsensitive]) != nil }
        let plain = labelled.first { $0.label.range(of: #"always|don't ask|do not ask|session|from now on"#, options: [.regularExpression, .caseInsensitive]) == nil }
        return plain ?? labelled.first ?? options.first { $0.key.lowercased() == letter }
    }

    /// Counts the matches on their rules and records the dry runs.
    private func record(_ decision: ApprovalDecision, agent: AgentRecord, subject: String) {
        guard let runtime else { return }
        for rule in ([decision.rule].compactMap { $0 } + decision.dryRuns) {
            try? runtime.database.noteApprovalRuleHit(id: rule.id ?? 0)
        }
        for rule in decision.dryRuns {
            runtime.events.log(
                "approval_dry_run", projectID: agent.projectId,
                ApprovalDryRunEvent(agentId: agent.id, ruleId: rule.id ?? 0, wouldAnswer: rule.answer, subject: String(subject.prefix(500))))
        }
    }
}
