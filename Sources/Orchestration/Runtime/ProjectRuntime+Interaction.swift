import Foundation
import HTTPTypes
import OrchestratorCore
import Storage
import TmuxKit

extension ProjectRuntime {
    /// tmux key names a person may send to an agent: single letters, digits and punctuation, and named keys.
    package static let allowedKeyNames: Set<String> = {
        var names: Set<String> = [
            "Enter", "Escape", "Tab", "BTab", "Up", "Down", "Left", "Right", "Space", "BSpace", "Home", "End", "PageUp", "PageDown",
            "PPage", "NPage", "DC", "IC",
        ]
        for letter in "abcdefghijklmnopqrstuvwxyz" {
            names.insert(String(letter))
            names.insert(String(letter).uppercased())
            names.insert("C-" + String(letter))
        }
        for digit in 0...9 { names.insert(String(digit)) }
        for function in 1...12 { names.insert("F\(function)") }
        for mark in ["/", ".", ",", "-", "?", "!", ":", "="] { names.insert(mark) }
        return names
    }()

    /// Applies one hook call of an agent: its state, reason, question and last message are stored at once, an
    /// `agent_status_update` goes out, and held messages are retried when the agent stops waiting.
    package func applyHook(_ outcome: HookInterpreter.Outcome, to agent: AgentRecord, now: Date = Date()) async throws -> AgentRecord {
        let prompt = outcome.state == .waiting ? outcome.prompt?.storedText : nil
        let updated = try database.updateAgent(projectID: agent.projectId, id: agent.id) {
            if let state = outcome.state {
                $0.status = state.rawValue
                $0.statusReason = outcome.reason
                $0.hookState = state.rawValue
                $0.hookAt = now
                $0.prompt = prompt
                if state == .exhausted { $0.creditStatus = "exhausted" } else if state != .waiting { $0.creditStatus = "ok" }
            }
            if let last = outcome.lastMessage { $0.lastMessage = last }
        } ?? agent
        if let state = outcome.state, state.rawValue != agent.status || prompt != agent.prompt {
            events.log(
                "agent_status_update", projectID: agent.projectId,
                AgentStatusEvent(
                    agentId: agent.id, status: state.rawValue, currentTask: agent.currentTask, statusReason: outcome.reason,
                    prompt: outcome.state == .waiting ? outcome.prompt : nil, timestamp: now))
            if let alert = SystemAlert.forAgent(agent, enteringState: state, resetTime: nil) {
                events.log("system_alert", projectID: agent.projectId, alert)
            }
        }
        if agent.status == AgentState.waiting.rawValue, outcome.state != nil, outcome.state != .waiting {
            await delivery.kick(projectID: agent.projectId, agentID: agent.id)
        }
        return updated
    }

    /// Sends exact keys to an agent's pane (e.g. to answer its question), audited and logged as `agent_input`.
    package func pressKeys(_ keys: [String], on agent: AgentRecord, by actor: Principal, rule: ApprovalRule? = nil, subject: String? = nil) async throws {
        guard let pane = agent.paneId, agent.status != "stopped", agent.status != "failed" else {
            throw APIError.conflict("agent_not_running", "agent \(agent.id) has no live pane (\(agent.status))")
        }
        // Keys go one command each, in order; a key name is never read as text.
        for key in keys { try await tmux.sendKeys([key], to: pane, in: SessionAddress.of(agent)) }
        await notifications?.noteInput(projectID: agent.projectId, agentID: agent.id)
        // The person answered: the screen decides again instead of the hook that announced the question.
        _ = try database.updateAgent(projectID: agent.projectId, id: agent.id) { $0.hookAt = nil }
        try database.recordAudit(actor: actor.actorLabel, action: "agent.keys", target: "\(agent.projectId)/\(agent.id)", details: keys.joined(separator: " "))
        let answer = agent.status == AgentState.waiting.rawValue
            ? agent.prompt.flatMap(AgentPrompt.init(storedText:))?.options.first { $0.keys == keys }?.label : nil
        events.log(
            "agent_input", projectID: agent.projectId,
            AgentInputEvent(
                agentId: agent.id, keys: keys, by: actor.actorLabel, answer: answer, timestamp: Date(), ruleId: rule?.id, decision: rule?.answer, subject: subject))
        await monitor.forgetSettled(pane: pane)
    }

    /// Stores an agent's answer to a question it was asked: a message from the agent with `in_reply_to`. An
    /// answer to an agent is delivered to that agent's pane; an answer to a person is delivered to the history.
    package func reply(from agent: AgentRecord, content: String, to questionID: Int64?) async throws -> MessageRecord {
        let question: MessageRecord
        if let questionID {
            guard let asked = try await database.message(id: questionID), asked.projectId == agent.projectId, asked.targetAgent == agent.id else {
                throw APIError.notFound("agent \(agent.id) was sent no message \(questionID)")
            }
            question = asked
        } else {
            guard let asked = try database.latestQuestion(projectID: agent.projectId, agentID: agent.id) else {
                throw APIError.notFound("agent \(agent.id) has no message that asks for an answer; use `orchestrator send` to start a conversation")
            }
            question = asked
        }
        let toAgent = question.senderKind == "agent"
        var answer = MessageRecord(
            projectId: agent.projectId, targetAgent: question.sender, kind: "reply", senderKind: "agent", sender: agent.id, content: content,
            inReplyTo: question.id)
        if toAgent {
            answer = try await send(answer)
        } else {
            answer.status = "delivered"
            answer.deliveredAt = Date()
            answer = try await database.enqueueMessage(answer)
        }
        events.log("agent_reply", projectID: agent.projectId, MessageResponse(answer))
        return answer
    }
}
