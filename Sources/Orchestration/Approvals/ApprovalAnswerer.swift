import Foundation
import OrchestratorCore
import Storage
import TmuxKit

/// Applies approval rules: decides a tool use an agent's hook asks about (Claude Code's `PreToolUse`, answered in the
/// hook so no question is drawn), and answers a question drawn on an agent's screen with the keys of its "yes" or "no"
/// answer. Every automatic answer is an `agent_input` event naming its rule; every match counts on the rule; a
/// dry-run rule's match is an `approval_dry_run` event and nothing more.
package actor ApprovalAnswerer {
    private weak var runtime: ProjectRuntime?
    /// The question each agent was last answered on by a rule (its words and what was above them), and when: one
    /// question read twice is answered once, whatever the screen below it shows by then.
    private var answered: [String: (question: String, at: Date)] = [:]

    /// What identifies a question while it is on screen.
    private static func identity(_ prompt: AgentPrompt) -> String { (prompt.context ?? "") + "\n" + prompt.text }

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

    /// The question `agent` waits on, as rules see it, with its answers; nil when it waits on none with answers. A
    /// question drawn on screen is about what the screen shows around it: the lines above it (the prompt's context),
    /// the question, and the lines below it (where Codex and aider show the command).
    private func question(of agent: AgentRecord) async -> (question: ApprovalQuestion, prompt: AgentPrompt)? {
        guard agent.status == AgentState.waiting.rawValue, let prompt = agent.prompt.flatMap(AgentPrompt.init(storedText:)), !prompt.options.isEmpty
        else { return nil }
        let input = prompt.toolInput.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        var subject: String
        if let input {
            subject = Self.subject(tool: prompt.tool, input: input)
        } else {
            subject = [prompt.context, prompt.text].compactMap { $0 }.joined(separator: "\n")
            if let pane = agent.paneId, let runtime, let screen = try? await runtime.tmux.capture(pane: pane, lines: 0) {
                subject += Self.linesBelow(prompt.text, in: ScreenText.plain(screen)).map { "\n" + $0 } ?? ""
            }
        }
        return (ApprovalQuestion(kind: agent.profile, tool: input == nil ? nil : prompt.tool, subject: subject, worktree: agent.worktreePath), prompt)
    }

    /// The non-blank lines of `screen` below the last line holding `question`, trimmed; nil when it is not there.
    static func linesBelow(_ question: String, in screen: String) -> String? {
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let probe = question.trimmingCharacters(in: .whitespaces)
        guard !probe.isEmpty, let index = lines.lastIndex(where: { $0.contains(probe) }) else { return nil }
        let below = lines[(index + 1)...].filter { !$0.isEmpty }
        return below.isEmpty ? nil : below.joined(separator: "\n")
    }

    /// Answers the question an agent waits on, if the rules say so.
    package func answer(projectID: String, agentID: String) async {
        guard let runtime, let agent = try? await runtime.database.agent(projectID: projectID, id: agentID), let (question, prompt) = await question(of: agent)
        else { return }
        let key = projectID + "/" + agentID
        if let last = answered[key], last.question == Self.identity(prompt), Date().timeIntervalSince(last.at) < 3 { return }
        guard let rules = try? runtime.database.applicableApprovalRules(projectID: projectID),
            let decision = ApprovalMatcher.decide(question, rules: rules)
        else { return }
        record(decision, agent: agent, subject: question.subject)
        guard let rule = decision.rule, decision.answer != "ask", let option = Self.option(for: decision.answer, in: prompt.options) else { return }
        await press(option, of: prompt, for: agent, rule: rule, subject: question.subject)
    }

    /// "Yes, and allow this from now on in this project": a rule allowing exactly this question for this kind of
    /// agent (and tool), made by `principal`, then the question answered by it. Refused for a question the
    /// safeguards keep for people.
    package func allowFromNowOn(projectID: String, agentID: String, by principal: Principal) async throws -> ApprovalRule {
        guard let runtime, let agent = try await runtime.database.agent(projectID: projectID, id: agentID) else {
            throw APIError.notFound("project \(projectID) has no agent '\(agentID)'")
        }
        guard let (question, prompt) = await question(of: agent), let option = Self.option(for: "allow", in: prompt.options) else {
            throw APIError.conflict("not_waiting", "\(agentID) is not waiting on a question with a yes answer")
        }
        // Its screen may still show a question just answered (by a rule, or a second click).
        if let last = answered[projectID + "/" + agentID], last.question == Self.identity(prompt), Date().timeIntervalSince(last.at) < 10 {
            throw APIError.conflict("not_waiting", "\(agentID)'s question was just answered")
        }
        if let reason = NeverAutomatic.reason(for: question) {
            throw APIError.conflict("always_asks", "this question always goes to a person (\(reason)); answer it yourself")
        }
        let kinds = String(decoding: try JSONEncoder().encode([agent.profile]), as: UTF8.self)
        guard let rule = try runtime.database.saveApprovalRule(
            ApprovalRule(
                projectId: projectID, agentKinds: kinds, tool: question.tool, pattern: Self.pattern(allowing: question, prompt: prompt), answer: "allow", dryRun: false,
                createdBy: principal.username))
        else {
            throw APIError.conflict("too_many_rules", "project \(projectID) has the most rules allowed; remove one first")
        }
        try? runtime.database.recordAudit(
            actor: principal.actorLabel, action: "approval_rule.create", target: projectID, details: "\(rule.id ?? 0): allow \(rule.pattern)")
        var counted = rule
        if (try? runtime.database.noteApprovalRuleHit(id: rule.id ?? 0)) != nil {
            counted.hits += 1
            counted.lastHitAt = Date()
        }
        await press(option, of: prompt, for: agent, rule: rule, subject: question.subject)
        return counted
    }

    /// The pattern of a rule allowing `question` again: a tool use's command or file exactly; for a question drawn
    /// on screen, its words and the lines below them (where Codex and aider show the command) whatever is above.
    static func pattern(allowing question: ApprovalQuestion, prompt: AgentPrompt) -> String {
        let limit = 500
        if question.tool != nil { return GlobPattern.literal(question.subject, limit: limit) }
        guard let start = question.subject.range(of: prompt.text, options: .backwards) else {
            return GlobPattern.literal(question.subject, limit: limit)
        }
        return "*" + GlobPattern.literal(String(question.subject[start.lowerBound...]), limit: limit - 1)
    }

    private func press(_ option: AgentPrompt.Option, of prompt: AgentPrompt, for agent: AgentRecord, rule: ApprovalRule, subject: String) async {
        guard let runtime else { return }
        answered[agent.projectId + "/" + agent.id] = (Self.identity(prompt), Date())
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
