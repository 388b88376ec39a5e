import Foundation

extension HeuristicProvider {
    /// The most suggested actions an answer carries.
    static let maximumActions = 5

    /// Answers a question about the fleet from the facts alone.
    ///
    /// The question is classified by keywords (waiting/blocked, failures, health, which agents, counts,
    /// progress). A project named by id or name in the question — or else in `context` — narrows the answer to
    /// it; otherwise every project but terminated ones is considered. Confidence is 0.9 for a recognised
    /// question with facts to answer from, 0.5 for a general summary or when there is nothing to report on.
    ///
    /// - Parameters:
    ///   - question: the question.
    ///   - context: optional text that may name the project the question is about.
    ///   - facts: the fleet snapshot.
    public func answer(question: String, context: String?, facts: FleetFacts) -> AIAnswer {
        var mentioned = Self.mentionedProjects(in: question, among: facts.projects)
        if mentioned.isEmpty, let context { mentioned = Self.mentionedProjects(in: context, among: facts.projects) }
        let scope = mentioned.isEmpty ? facts.projects.filter { Self.normalized($0.status) != "terminated" } : mentioned
        let kind = QuestionKind(question: question)
        let analysis = analyze(facts, previousScore: nil)

        var (text, data): (String, [String: String])
        switch kind {
        case .needsMe: (text, data) = Self.needsMeAnswer(scope, now: facts.now, narrowed: !mentioned.isEmpty)
        case .cost: (text, data) = Self.costAnswer(scope, question: question)
        case .waiting: (text, data) = Self.waitingAnswer(scope, now: facts.now, narrowed: !mentioned.isEmpty)
        case .failed: (text, data) = Self.failedAnswer(scope, metrics: facts.systemMetrics, narrowed: !mentioned.isEmpty)
        case .health: (text, data) = Self.healthAnswer(analysis)
        case .agents: (text, data) = Self.agentsAnswer(scope)
        case .count, .general: (text, data) = Self.countAnswer(scope)
        case .progress: (text, data) = Self.progressAnswer(scope)
        }
        if kind == .general {
            text += " Fleet health is \(analysis.healthScore)/100."
            data["health_score"] = String(analysis.healthScore)
        }
        if !mentioned.isEmpty { data["projects_mentioned"] = mentioned.map(\.id).joined(separator: ",") }

        let scopeIDs = Set(scope.map(\.id))
        let actions = Self.findings(for: facts).filter { finding in
            guard kind.alertKinds.contains(finding.alert.kind) else { return false }
            guard let project = finding.alert.projectId else { return mentioned.isEmpty }
            return scopeIDs.contains(project)
        }
        let hasFacts = !scope.isEmpty || kind == .health
        return AIAnswer(
            question: question,
            answer: text,
            supportingData: data,
            suggestedActions: Array(Self.unique(actions.compactMap(\.recommendation)).prefix(Self.maximumActions)),
            confidence: kind != .general && hasFacts ? 0.9 : 0.5)
    }

    /// Projects named in `text` by id or name, in fleet order.
    static func mentionedProjects(in text: String, among projects: [ProjectFacts]) -> [ProjectFacts] {
        let matcher = KeywordMatcher(text)
        return projects.filter { project in
            matcher.contains(phrase: project.id) || matcher.contains(phrase: project.name)
        }
    }

    /// " in shop" when the answer is narrowed to named projects, else "".
    static func scopeSuffix(_ scope: [ProjectFacts], narrowed: Bool) -> String {
        narrowed ? " in " + listText(scope.map(projectName)) : ""
    }

    /// Agents of `scope` with their project, in fleet order.
    static func agents(of scope: [ProjectFacts]) -> [(agent: AgentFacts, project: ProjectFacts)] {
        scope.flatMap { project in project.agents.map { (agent: $0, project: project) } }
    }

    /// Waiting, exhausted, blocked and stuck agents.
    /// The agents waiting for a person's answer, longest waiting first, each with its question and how long it has
    /// waited; nothing about agents that do not need one.
    static func needsMeAnswer(_ scope: [ProjectFacts], now: Date, narrowed: Bool) -> (String, [String: String]) {
        let waiting = agents(of: scope).filter { status(of: $0.agent) == "waiting" }
            .sorted { ($0.agent.statusSince ?? now) < ($1.agent.statusSince ?? now) }
        guard !waiting.isEmpty else {
            return ("No agent needs you: none is waiting for an answer\(scopeSuffix(scope, narrowed: narrowed)).", ["waiting": "0"])
        }
        let items = waiting.map { pair in
            var item = agentLabel(pair.agent, in: pair.project)
            if let since = pair.agent.statusSince { item += ", waiting \(durationText(now.timeIntervalSince(since)))" }
            if let question = pair.agent.prompt.map({ oneLine($0, limit: 80) }), !question.isEmpty { item += ": \(question)" }
            return item
        }
        let verb = waiting.count == 1 ? "needs" : "need"
        return ("\(counted(waiting.count, "agent", "agents")) \(verb) you: \(items.joined(separator: "; ")).", ["waiting": String(waiting.count)])
    }

    static func waitingAnswer(_ scope: [ProjectFacts], now: Date, narrowed: Bool) -> (String, [String: String]) {
        let all = agents(of: scope)
        let waiting = all.filter { status(of: $0.agent) == "waiting" }
        let exhausted = all.filter { status(of: $0.agent) == "exhausted" }
        let blocked = all.filter { !$0.agent.blockers.isEmpty && status(of: $0.agent) != "stopped" }
        let stuck = all.filter { pair in
            guard status(of: pair.agent) == "active", let last = pair.agent.lastOutputAt else { return false }
            return now.timeIntervalSince(last) > stuckAfter
        }
        var sentences: [String] = []
        if waiting.isEmpty {
            sentences.append("No agents are waiting for an answer\(scopeSuffix(scope, narrowed: narrowed)).")
        } else {
            let items = waiting.map { pair in
                agentLabel(pair.agent, in: pair.project)
                    + (pair.agent.prompt.map { oneLine($0, limit: 80) }.flatMap { $0.isEmpty ? nil : " (\($0))" } ?? "")
            }
            let verb = waiting.count == 1 ? "is" : "are"
            sentences.append("\(counted(waiting.count, "agent", "agents")) \(verb) waiting for an answer: \(items.joined(separator: ", ")).")
        }
        if !exhausted.isEmpty {
            let items = exhausted.map { pair in
                agentLabel(pair.agent, in: pair.project) + (pair.agent.resetTime.map { " (resets \(oneLine($0, limit: 40)))" } ?? "")
            }
            let verb = exhausted.count == 1 ? "has" : "have"
            sentences.append("\(counted(exhausted.count, "agent", "agents")) \(verb) hit a usage limit: \(items.joined(separator: ", ")).")
        }
        if !blocked.isEmpty {
            let items = blocked.map { pair in
                agentLabel(pair.agent, in: pair.project) + " (" + pair.agent.blockers.map { oneLine($0, limit: 60) }.joined(separator: "; ") + ")"
            }
            let verb = blocked.count == 1 ? "reports" : "report"
            sentences.append("\(counted(blocked.count, "agent", "agents")) \(verb) blockers: \(items.joined(separator: ", ")).")
        }
        if !stuck.isEmpty {
            let items = stuck.map { agentLabel($0.agent, in: $0.project) }
            let verb = stuck.count == 1 ? "has" : "have"
            sentences.append("\(counted(stuck.count, "active agent", "active agents")) \(verb) shown no output for over 10 minutes: \(items.joined(separator: ", ")).")
        }
        let data = [
            "waiting": String(waiting.count), "exhausted": String(exhausted.count),
            "with_blockers": String(blocked.count), "stuck": String(stuck.count), "projects": String(scope.count),
        ]
        return (sentences.joined(separator: " "), data)
    }

    /// Failed agents, and failed messages when the whole fleet is in view.
    static func failedAnswer(_ scope: [ProjectFacts], metrics: SystemFacts, narrowed: Bool) -> (String, [String: String]) {
        let failed = agents(of: scope).filter { status(of: $0.agent) == "failed" }
        var sentences: [String] = []
        if failed.isEmpty {
            sentences.append("No agents have failed\(scopeSuffix(scope, narrowed: narrowed)).")
        } else {
            let items = failed.map { pair in
                agentLabel(pair.agent, in: pair.project)
                    + (pair.agent.statusReason.map { oneLine($0, limit: 80) }.flatMap { $0.isEmpty ? nil : " (\($0))" } ?? "")
            }
            let verb = failed.count == 1 ? "has" : "have"
            sentences.append("\(counted(failed.count, "agent", "agents")) \(verb) failed: \(items.joined(separator: ", ")).")
        }
        var data = ["failed": String(failed.count), "projects": String(scope.count)]
        if !narrowed {
            data["messages_failed_last_hour"] = String(metrics.messagesFailedLastHour)
            if metrics.messagesFailedLastHour > 0 {
                let messages = counted(metrics.messagesFailedLastHour, "message", "messages")
                sentences.append("\(messages) failed to deliver in the last hour.")
            }
        }
        return (sentences.joined(separator: " "), data)
    }

    /// Health score, resource use and alert counts.
    static func healthAnswer(_ analysis: FleetAnalysis) -> (String, [String: String]) {
        let use = analysis.resourceUtilization
        var data = ["health_score": String(analysis.healthScore), "agents_running": String(use.agentsRunning)]
        var measured: [String] = []
        if let cpu = use.cpuPercent {
            measured.append("CPU \(percentText(cpu))")
            data["cpu_percent"] = String(Int(cpu.rounded()))
        }
        if let memory = use.memoryPercent {
            measured.append("memory \(percentText(memory))")
            data["memory_percent"] = String(Int(memory.rounded()))
        }
        if let disk = use.diskPercent {
            measured.append("disk \(percentText(disk))")
            data["disk_percent"] = String(Int(disk.rounded()))
        }
        var text = "Fleet health is \(analysis.healthScore)/100. Resource use is \(use.assessment)"
        text += measured.isEmpty ? "" : " (\(measured.joined(separator: ", ")))"
        text += " with \(counted(use.agentsRunning, "agent", "agents")) running."
        let critical = analysis.alerts.filter { $0.severity == "critical" }.count
        let warnings = analysis.alerts.filter { $0.severity == "warning" }.count
        data["critical_alerts"] = String(critical)
        data["warnings"] = String(warnings)
        if critical + warnings == 0 {
            text += " There are no warnings."
        } else {
            text += " There \(critical == 1 ? "is" : "are") \(counted(critical, "critical alert", "critical alerts"))"
            text += " and \(counted(warnings, "warning", "warnings"))."
        }
        return (text, data)
    }

    /// Each project's agents with status and task.
    static func agentsAnswer(_ scope: [ProjectFacts]) -> (String, [String: String]) {
        guard !scope.isEmpty else { return ("There are no projects.", ["projects": "0", "agents": "0"]) }
        let sentences = scope.map { project -> String in
            guard !project.agents.isEmpty else { return "\(projectName(project)) has no agents." }
            let items = project.agents.map { agent -> String in
                var detail = status(of: agent)
                if let task = agent.currentTask.map({ oneLine($0, limit: 60) }), !task.isEmpty { detail += ", \(task)" }
                return "\(agentName(agent, in: project)) (\(detail))"
            }
            return "\(projectName(project)): \(items.joined(separator: ", "))."
        }
        let data = ["projects": String(scope.count), "agents": String(scope.flatMap(\.agents).count)]
        return (sentences.joined(separator: " "), data)
    }

    /// How many projects and agents there are, by status.
    static func countAnswer(_ scope: [ProjectFacts]) -> (String, [String: String]) {
        let all = scope.flatMap(\.agents)
        let running = scope.filter(isRunning).count
        var data = ["projects": String(scope.count), "running_projects": String(running), "agents": String(all.count)]
        var text = "There \(scope.count == 1 ? "is" : "are") \(counted(scope.count, "project", "projects")) (\(running) running)"
        text += " with \(counted(all.count, "agent", "agents"))"
        let breakdown = statusBreakdown(all)
        for (status, count) in breakdown { data[status] = String(count) }
        text += breakdown.isEmpty ? "." : ": " + breakdown.map { "\($0.count) \($0.status)" }.joined(separator: ", ") + "."
        return (text, data)
    }

    /// Each project's status, agents, reported progress and commits.
    static func progressAnswer(_ scope: [ProjectFacts]) -> (String, [String: String]) {
        guard !scope.isEmpty else { return ("There are no projects.", ["projects": "0", "agents": "0"]) }
        var sentences: [String] = []
        for project in scope {
            var sentence = "\(projectName(project)) is \(normalized(project.status))"
            let breakdown = statusBreakdown(project.agents)
            sentence += " with \(counted(project.agents.count, "agent", "agents"))"
            if !breakdown.isEmpty { sentence += " (" + breakdown.map { "\($0.count) \($0.status)" }.joined(separator: ", ") + ")" }
            if let progress = averageProgress(project.agents) { sentence += "; average reported progress \(fractionText(progress))" }
            sentence += "; \(counted(project.commitsLastDay, "commit", "commits")) in the last day."
            sentences.append(sentence)
            if scope.count == 1 {
                for agent in project.agents where status(of: agent) != "stopped" {
                    let work = [agent.currentTask, agent.lastReport].compactMap { $0.map { oneLine($0, limit: 80) } }.first { !$0.isEmpty }
                    guard let work else { continue }
                    let progress = agent.progress.map { " (\(fractionText(min(max($0, 0), 1))))" } ?? ""
                    sentences.append("\(agentName(agent, in: project)): \(work)\(progress).")
                }
                if let event = project.recentEvents.last.map({ oneLine($0) }), !event.isEmpty {
                    sentences.append("Latest event: \(event).")
                }
            }
        }
        let all = scope.flatMap(\.agents)
        var data = [
            "projects": String(scope.count), "agents": String(all.count),
            "commits_last_day": String(scope.reduce(0) { $0 + $1.commitsLastDay }),
        ]
        for (status, count) in statusBreakdown(all) { data[status] = String(count) }
        if let progress = averageProgress(all) { data["average_progress"] = fractionText(progress) }
        return (sentences.joined(separator: " "), data)
    }

    /// Non-zero counts of agents per status, in ``statusOrder``, then any other statuses alphabetically.
    static func statusBreakdown(_ agents: [AgentFacts]) -> [(status: String, count: Int)] {
        var counts: [String: Int] = [:]
        for agent in agents { counts[status(of: agent), default: 0] += 1 }
        let known = statusOrder.compactMap { status in counts[status].map { (status: status, count: $0) } }
        let other = counts.keys.filter { !statusOrder.contains($0) && !$0.isEmpty }.sorted().map { (status: $0, count: counts[$0] ?? 0) }
        return known + other
    }
}
