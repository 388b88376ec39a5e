import Foundation

extension HeuristicProvider {
    /// Seconds of waiting after which a waiting agent costs more and its alert becomes a warning.
    static let longWait: TimeInterval = 5 * 60
    /// Seconds without output after which an active agent counts as stuck.
    static let stuckAfter: TimeInterval = 10 * 60
    /// Queued messages from which an info alert is raised.
    static let queueAlertThreshold = 50
    /// Score difference that counts as a change of trend.
    static let trendThreshold = 5

    /// Assesses the fleet: health score, trend, alerts, recommendations, predictions and per-project figures.
    ///
    /// The score starts at 100 and loses, for agents of running projects, 15 per failed agent, 10 per
    /// exhausted one, 5 per agent waiting more than 5 minutes (2 for a shorter or unknown wait) and 5 per
    /// active agent silent for more than 10 minutes; then 15 for CPU above 90% (5 above 75%), the same for
    /// memory, 10 for disk above 90%, and 2 per message that failed in the last hour (at most 10).
    ///
    /// - Parameters:
    ///   - facts: the fleet snapshot.
    ///   - previousScore: the last score, for the trend; without it the trend is `stable`.
    public func analyze(_ facts: FleetFacts, previousScore: Int?) -> FleetAnalysis {
        let findings = Self.findings(for: facts)
        let score = min(100, max(0, 100 - findings.reduce(0) { $0 + $1.penalty }))
        return FleetAnalysis(
            healthScore: score,
            trend: Self.trend(score: score, previous: previousScore),
            predictions: Self.predictions(for: facts),
            alerts: findings.map(\.alert),
            recommendations: Self.unique(findings.compactMap(\.recommendation)),
            teamEfficiency: facts.projects.map(Self.efficiency),
            resourceUtilization: Self.utilization(of: facts))
    }

    /// `improving` or `declining` when the score moved by ``trendThreshold`` or more, else `stable`.
    static func trend(score: Int, previous: Int?) -> String {
        guard let previous else { return "stable" }
        if score - previous >= trendThreshold { return "improving" }
        if previous - score >= trendThreshold { return "declining" }
        return "stable"
    }

    /// Every alert with its recommendation and penalty, in report order.
    static func findings(for facts: FleetFacts) -> [AlertFinding] {
        var findings: [AlertFinding] = []
        for project in facts.projects where isRunning(project) {
            for agent in project.agents {
                if let finding = finding(for: agent, in: project, now: facts.now) { findings.append(finding) }
            }
        }
        findings += budgetFindings(facts.projects)
        findings += resourceFindings(facts.systemMetrics)
        return findings.sorted(by: AlertFinding.precedes)
    }

    /// Projects that used 80 % of a budget limit or more.
    static func budgetFindings(_ projects: [ProjectFacts]) -> [AlertFinding] {
        projects.compactMap { project in
            guard let spending = project.spending, let used = spending.budgetUsed, used >= 0.8, let budget = spending.budget else { return nil }
            let percent = Int((used * 100).rounded())
            let reached = used >= 1
            return AlertFinding(
                alert: FleetAlert(
                    severity: reached ? "critical" : "warning", kind: "budget", projectId: project.id, agentId: nil,
                    message: "\(project.id) has used \(percent) % of its budget (\(budget))" + (reached ? "; it is reached" : "")),
                recommendation: reached ? "Raise \(project.id)'s budget and resume it, or let it rest" : "Watch \(project.id)'s spending: \(percent) % of its budget is used",
                penalty: reached ? 10 : 5)
        }
    }

    /// The alert an agent raises, if any.
    static func finding(for agent: AgentFacts, in project: ProjectFacts, now: Date) -> AlertFinding? {
        let label = agentLabel(agent, in: project)
        func make(_ severity: String, _ kind: String, _ message: String, _ advice: String?, _ penalty: Int) -> AlertFinding {
            AlertFinding(
                alert: FleetAlert(severity: severity, kind: kind, projectId: project.id, agentId: agent.id, message: message),
                recommendation: advice, penalty: penalty)
        }
        switch status(of: agent) {
        case "failed":
            let reason = agent.statusReason.map { oneLine($0) }.flatMap { $0.isEmpty ? nil : $0 }
            return make(
                "critical", "failed", "\(label) has failed" + (reason.map { ": \($0)" } ?? ""),
                "Restart failed agent \(label)", 15)
        case "exhausted":
            let reset = agent.resetTime.map { oneLine($0) }.flatMap { $0.isEmpty ? nil : $0 }
            let message = "\(label) has hit its usage limit" + (reset.map { "; it resets at \($0)" } ?? "")
            let advice = "\(label) is exhausted: " + (reset.map { "wait until \($0)" } ?? "wait for its limit to reset")
                + " or switch its model"
            return make("warning", "exhausted", message, advice, 10)
        case "waiting":
            let waited = agent.statusSince.map { now.timeIntervalSince($0) }
            let long = (waited ?? 0) > longWait
            let question = agent.prompt.map { oneLine($0) }.flatMap { $0.isEmpty ? nil : $0 }
            let message = "\(label) is waiting for an answer" + (question.map { ": \($0)" } ?? "")
            var advice = "Answer \(label)"
            if let waited, waited >= 60 {
                advice += ": it has waited \(durationText(waited))"
            } else if let question {
                advice += ": \(question)"
            }
            // A person is needed either way: a warning, weighing more the longer it waits.
            return make("warning", "waiting", message, advice, long ? 5 : 2)
        case "active":
            guard let last = agent.lastOutputAt, now.timeIntervalSince(last) > stuckAfter else { return nil }
            let silent = durationText(now.timeIntervalSince(last))
            return make(
                "warning", "stuck", "\(label) has shown no output for \(silent) while active",
                "Check on \(label): no output for \(silent)", 5)
        default:
            return nil
        }
    }

    /// Alerts for CPU, memory, disk and message delivery.
    static func resourceFindings(_ metrics: SystemFacts) -> [AlertFinding] {
        var findings: [AlertFinding] = []
        func add(_ severity: String, _ kind: String, _ message: String, _ advice: String, _ penalty: Int) {
            findings.append(AlertFinding(
                alert: FleetAlert(severity: severity, kind: kind, message: message), recommendation: advice, penalty: penalty))
        }
        if let cpu = metrics.cpuPercent, cpu > 75 {
            add(cpu > 90 ? "critical" : "warning", "resources", "CPU load is at \(percentText(cpu)) of the cores",
                "Reduce CPU load: pause idle projects or stop agents that are not needed", cpu > 90 ? 15 : 5)
        }
        if let memory = metrics.memoryPercent, memory > 75 {
            add(memory > 90 ? "critical" : "warning", "resources", "Memory is at \(percentText(memory))",
                "Pause idle projects to free memory", memory > 90 ? 15 : 5)
        }
        if let disk = metrics.diskPercent, disk > 90 {
            add("critical", "resources", "Disk is at \(percentText(disk))",
                "Free disk space: remove finished worktrees and old logs", 10)
        }
        let failed = metrics.messagesFailedLastHour
        if failed > 0 {
            let messages = counted(failed, "message", "messages")
            add("warning", "messages", "\(messages) failed to deliver in the last hour",
                "Check message delivery: \(messages) failed in the last hour", min(failed * 2, 10))
        }
        if metrics.messagesQueued >= queueAlertThreshold {
            add("info", "messages", "\(counted(metrics.messagesQueued, "message is", "messages are")) queued",
                "Check that agents are receiving their queued messages", 0)
        }
        return findings
    }

    /// Simple statements of what the facts suggest will happen; "No issues expected" when nothing stands out.
    static func predictions(for facts: FleetFacts) -> [String] {
        var predictions: [String] = []
        for project in facts.projects where isRunning(project) {
            let name = projectName(project)
            let live = project.agents.filter { status(of: $0) != "stopped" }
            guard !live.isEmpty else { continue }
            let idle = project.agents.filter { status(of: $0) == "idle" }.count
            let total = project.agents.count
            if idle == live.count {
                if let progress = averageProgress(live), progress >= 0.9 {
                    predictions.append(
                        "\(name): \(idle) of \(total) agents idle — the project may be finished; review and merge its branches")
                } else {
                    predictions.append("\(name): \(idle) of \(total) agents idle — nothing is in progress until they get new work")
                }
            } else if live.allSatisfy({ ["waiting", "exhausted", "failed"].contains(status(of: $0)) }) {
                predictions.append("\(name): no agent can work until its waiting, exhausted or failed agents are attended to")
            }
            let age = facts.now.timeIntervalSince(project.createdAt)
            if age >= 24 * 3600, project.commitsLastDay == 0 {
                predictions.append("\(name): no commits in the last day — work may be stalled")
            }
            for agent in project.agents where status(of: agent) == "exhausted" {
                if let reset = agent.resetTime.map({ oneLine($0) }), !reset.isEmpty {
                    predictions.append("\(agentLabel(agent, in: project)) should resume after its limit resets at \(reset)")
                }
            }
        }
        if let memory = facts.systemMetrics.memoryPercent, memory > 90 {
            predictions.append("Memory is at \(percentText(memory)) — new agents may fail to start")
        }
        if let disk = facts.systemMetrics.diskPercent, disk > 90 {
            predictions.append("Disk is at \(percentText(disk)) — builds and commits may start failing")
        }
        return predictions.isEmpty ? ["No issues expected"] : predictions
    }

    /// A project's working figures.
    static func efficiency(of project: ProjectFacts) -> TeamEfficiency {
        let statuses = project.agents.map(status(of:))
        let live = statuses.filter { $0 != "stopped" }.count
        let working = statuses.filter { $0 == "active" }.count
        return TeamEfficiency(
            projectId: project.id,
            agents: statuses.count,
            working: working,
            waiting: statuses.filter { $0 == "waiting" }.count,
            idle: statuses.filter { $0 == "idle" }.count,
            efficiency: live == 0 ? 0 : rounded2(Double(working) / Double(live)))
    }

    /// The machine's load: `critical` when CPU, memory or disk is above 90%, `high` when CPU or memory is
    /// above 75% or disk above 80%, else `normal`.
    static func utilization(of facts: FleetFacts) -> ResourceUtilization {
        let metrics = facts.systemMetrics
        let running = facts.projects.flatMap(\.agents).filter { !["failed", "stopped"].contains(status(of: $0)) }.count
        let cpu = metrics.cpuPercent ?? 0
        let memory = metrics.memoryPercent ?? 0
        let disk = metrics.diskPercent ?? 0
        let assessment: String
        if cpu > 90 || memory > 90 || disk > 90 {
            assessment = "critical"
        } else if cpu > 75 || memory > 75 || disk > 80 {
            assessment = "high"
        } else {
            assessment = "normal"
        }
        return ResourceUtilization(
            cpuPercent: metrics.cpuPercent, memoryPercent: metrics.memoryPercent, diskPercent: metrics.diskPercent,
            agentsRunning: running, assessment: assessment)
    }
}
