import Crypto
import Foundation
import Logging
import OrchestratorCore
import Storage

/// Reaches people who are not looking: when an agent starts waiting for a person (or fails, runs out of credits, a
/// project finishes, a merge conflicts, an agent replies, a batch finishes), every subscribed browser and chat or
/// webhook channel of each person who wants it gets a notice, as their rules allow; a manager's notice of a question
/// carries its first answers as buttons (a single-use token bound to that user, that agent and that question answers
/// it through `POST /api/v1/notifications/actions`). At most one notice of an agent waiting per minute: a newer
/// question replaces the older one at the end of that minute; each attempt is recorded.
public actor NotificationService {
    /// Answers shown as notification buttons (Chrome shows two; the rest open the agent page).
    static let actionLimit = 2
    /// How long an action token answers.
    static let actionLifetime: TimeInterval = 3600

    /// The VAPID public key browsers subscribe with (base64url).
    public nonisolated var publicKey: String { sender.keys.publicKeyBase64URL }

    private let database: AppDatabase
    private let sender: PushSender
    /// Chat and webhook channels.
    package nonisolated let channels: ChannelSender
    /// Which people look at which project's page now.
    package nonisolated let focus = FocusTracker()
    private let logger: Logger
    private var lastNotice: [String: (question: String, at: Date)] = [:]
    /// Least time between two notices of one agent waiting.
    private let agentNoticeInterval: TimeInterval
    /// When each agent last got input from anyone (keys, a rule, a notification's answer, the terminal): a
    /// notification issued before that is about a question already answered.
    private var lastInput: [String: Date] = [:]
    /// Agents whose newer question waits for the end of their interval (it replaces the one sent before).
    private var deferred: Set<String> = []
    /// Projects announced as finished, so a later report does not announce them again (until one agent is at work
    /// again).
    private var finished: Set<String> = []
    /// The question each agent was last answered on from a notification, and when: a second person's tap on the same
    /// notice is refused even before the agent's screen has moved on.
    private var answered: [String: (question: String, at: Date)] = [:]
    /// Attempts since start, by `channel/event/outcome`: `orchestrator_notifications_total`.
    public private(set) var counts: [String: Int] = [:]
    /// Event to push service answer, seconds: `orchestrator_notification_delay_seconds`.
    package private(set) var delay = ResponseHistogram(bounds: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30])

    /// A service sending with `keys` to push services `policy` allows.
    package init(
        database: AppDatabase, keys: VAPIDKeys, policy: WebhookPolicy, subject: String, publicURL: String,
        telegramAPI: String = "https://api.telegram.org", mail: SMTPSettings? = nil, agentNoticeInterval: TimeInterval = 60, logger: Logger
    ) {
        self.database = database
        self.agentNoticeInterval = agentNoticeInterval
        self.sender = PushSender(keys: keys, policy: policy, subject: subject)
        self.channels = ChannelSender(policy: policy, publicURL: publicURL, telegramAPI: telegramAPI, mail: mail)
        self.logger = logger
    }

    /// Why a push endpoint may not be subscribed, or nil.
    package nonisolated func problem(withEndpoint endpoint: String) -> String? { sender.problem(with: endpoint) }

    /// The stored events ``observe(_:)`` acts on.
    package static let observedEvents: Set<String> = [
        "agent_status_update", "agent_report", "project_status_change", "git_event", "agent_reply", "batch_completed", "budget_alert", "host_status",
    ]

    /// Looks at a stored event and tells the people who want to know: an agent waiting for a person (with its
    /// question), failed or out of credits; a project whose agents all finished; a merge conflict; an agent's reply to
    /// a person's message (that person only); a batch that finished (its creator only).
    package func observe(_ envelope: EventHub.Envelope) async {
        guard let object = try? JSONSerialization.jsonObject(with: Data(envelope.data.utf8)) as? [String: Any] else { return }
        let since = envelope.timestamp
        switch envelope.type {
        case "agent_status_update":
            guard let projectID = envelope.projectID, let status = object["status"] as? String, let agentID = object["agent_id"] as? String else { return }
            switch status {
            case AgentState.waiting.rawValue: await agentWaits(projectID: projectID, agentID: agentID, since: since)
            case AgentState.failed.rawValue, AgentState.exhausted.rawValue:
                await agentStopped(projectID: projectID, agentID: agentID, status: status, reason: object["status_reason"] as? String, since: since)
            default: return
            }
        case "agent_report":
            guard let projectID = envelope.projectID else { return }
            await checkFinished(projectID: projectID, since: since)
        case "project_status_change":
            guard let projectID = envelope.projectID, object["status"] as? String == ProjectStatus.completed.rawValue else { return }
            await projectFinished(projectID: projectID, since: since)
        case "git_event":
            guard let projectID = envelope.projectID, object["event"] as? String == "merge_conflict" else { return }
            let files = (object["conflicts"] as? [String]) ?? []
            let message = PushMessage(
                title: "Merge conflict in \(projectID)",
                body: (object["message"] as? String ?? "A merge stopped on conflicts") + (files.isEmpty ? "" : ": " + files.prefix(10).joined(separator: ", ")),
                url: "/projects/\(projectID)", tag: "merge-\(projectID)", event: NotificationEvent.mergeConflict.rawValue, projectId: projectID,
                agentId: object["agent_id"] as? String)
            await dispatch(message, since: since)
        case "agent_reply":
            guard let projectID = envelope.projectID, let agentID = object["sender"] as? String,
                let questionID = (object["in_reply_to"] as? NSNumber)?.int64Value,
                let question = try? await database.message(id: questionID), question.senderKind == "user",
                let asker = try? database.user(named: question.sender), let content = object["content"] as? String
            else { return }
            let message = PushMessage(
                title: "\(agentID) replied in \(projectID)", body: String(content.prefix(500)), url: "/projects/\(projectID)/agents/\(agentID)",
                tag: "reply-\(projectID)-\(agentID)", event: NotificationEvent.messageReply.rawValue, projectId: projectID, agentId: agentID)
            await dispatch(message, only: [asker.id], since: since)
        case "batch_completed":
            guard let batchID = object["batch_id"] as? String, let creator = object["created_by"] as? String,
                let user = try? database.user(named: creator)
            else { return }
            let completed = (object["completed"] as? Int) ?? 0, failed = (object["failed"] as? Int) ?? 0
            let message = PushMessage(
                title: "Batch \(batchID) finished", body: "\(completed) completed, \(failed) failed.", url: "/batches/\(batchID)",
                tag: "batch-\(batchID)", event: NotificationEvent.batchFinished.rawValue)
            await dispatch(message, only: [user.id], since: since)
        case "budget_alert":
            guard let projectID = envelope.projectID, let text = object["message"] as? String else { return }
            let percent = (object["percent"] as? Int) ?? 0
            let message = PushMessage(
                title: percent >= 100 ? "\(projectID) reached its budget" : "\(projectID) used \(percent) % of its budget", body: text,
                url: "/projects/\(projectID)", tag: "budget-\(projectID)", event: NotificationEvent.budget.rawValue, projectId: projectID)
            await dispatch(message, since: since)
        case "host_status":
            guard let host = object["host"] as? String, let text = object["message"] as? String else { return }
            let reachable = (object["reachable"] as? Bool) ?? false
            let admins = Set(((try? database.allUsers()) ?? []).filter { $0.role == .admin }.map(\.id))
            let message = PushMessage(
                title: reachable ? "Host \(host) is back" : "Host \(host) is unreachable", body: text, url: "/admin/hosts", tag: "host-\(host)",
                event: NotificationEvent.hostStatus.rawValue)
            await dispatch(message, only: admins, since: since)
        default:
            return
        }
    }

    /// Announces a project once every agent reports its work done (progress 1.0).
    private func checkFinished(projectID: String, since: Date) async {
        guard let agents = try? await database.agents(projectID: projectID), !agents.isEmpty else { return }
        guard agents.allSatisfy({ ($0.progress ?? 0) >= 1 }) else {
            finished.remove(projectID)
            return
        }
        await projectFinished(projectID: projectID, since: since)
    }

    private func projectFinished(projectID: String, since: Date) async {
        guard finished.insert(projectID).inserted else { return }
        let count = (try? await database.agents(projectID: projectID).count) ?? 0
        let message = PushMessage(
            title: "\(projectID) finished", body: count == 1 ? "Its agent finished its work." : "All \(count) agents finished their work.",
            url: "/projects/\(projectID)", tag: "project-\(projectID)", event: NotificationEvent.projectFinished.rawValue, projectId: projectID)
        await dispatch(message, since: since)
    }

    /// Tells everyone subscribed that an agent failed or is out of credits (once a minute per agent at most).
    private func agentStopped(projectID: String, agentID: String, status: String, reason: String?, since: Date) async {
        let key = projectID + "/" + agentID + "/" + status
        if let last = lastNotice[key], Date().timeIntervalSince(last.at) < 60 { return }
        lastNotice[key] = (status, Date())
        let failed = status == AgentState.failed.rawValue
        var body = reason ?? (failed ? "Its program stopped." : "It waits for its limit to reset.")
        if !failed, let reset = try? await database.agent(projectID: projectID, id: agentID)?.resetTime, !reset.isEmpty, !body.contains(reset) {
            body += " Resets \(reset)."
        }
        let message = PushMessage(
            title: failed ? "\(agentID) in \(projectID) failed" : "\(agentID) in \(projectID) is out of credits",
            body: body, url: "/projects/\(projectID)/agents/\(agentID)",
            tag: "agent-\(projectID)-\(agentID)", event: failed ? NotificationEvent.agentFailed.rawValue : NotificationEvent.agentExhausted.rawValue,
            projectId: projectID, agentId: agentID)
        await dispatch(message, since: since)
    }

    /// Sends the notice for an agent that waits for a person: at most one per agent per interval (a minute by
    /// default). The same question again within it is not sent again; a newer one is sent when the interval is over,
    /// if the agent still waits then, and replaces the older notice on the device (same tag and Topic).
    package func agentWaits(projectID: String, agentID: String, since: Date = Date()) async {
        guard let agent = try? await database.agent(projectID: projectID, id: agentID), agent.status == AgentState.waiting.rawValue else { return }
        let (prompt, question) = Self.question(of: agent)
        let key = projectID + "/" + agentID
        if let last = lastNotice[key] {
            let elapsed = Date().timeIntervalSince(last.at)
            if last.question == question, elapsed < 60 { return }
            if elapsed < agentNoticeInterval {
                guard !deferred.contains(key) else { return }
                deferred.insert(key)
                let wait = agentNoticeInterval - elapsed
                Task {
                    try? await Task.sleep(for: .seconds(wait))
                    await self.sendDeferred(projectID: projectID, agentID: agentID, key: key)
                }
                return
            }
        }
        lastNotice[key] = (question, Date())
        var notice = PushMessage(
            title: "\(agentID) in \(projectID) needs you", body: question, url: "/projects/\(projectID)/agents/\(agentID)",
            tag: "agent-\(projectID)-\(agentID)", event: NotificationEvent.agentWaiting.rawValue, projectId: projectID, agentId: agentID,
            question: question)
        notice.options = prompt?.options.map { $0.label.isEmpty ? $0.key : $0.label }
        await dispatch(notice, since: since, answers: Array((prompt?.options ?? []).prefix(Self.actionLimit)))
    }

    /// RFC 8030 urgency: `high` for what holds an agent up (a question, a failure, no credits), `normal` otherwise.
    static func urgency(of message: PushMessage) -> String {
        let pressing: Set<String> = [NotificationEvent.agentWaiting.rawValue, NotificationEvent.agentFailed.rawValue, NotificationEvent.agentExhausted.rawValue]
        return pressing.contains(message.event) ? "high" : "normal"
    }

    /// Notes that an agent just got input: notifications sent before now answer nothing any more.
    package func noteInput(projectID: String, agentID: String) {
        lastInput[projectID + "/" + agentID] = Date()
    }

    /// The question a waiting agent asks, and its words for a notice.
    private static func question(of agent: AgentRecord) -> (prompt: AgentPrompt?, text: String) {
        let prompt = agent.prompt.flatMap(AgentPrompt.init(storedText:))
        return (prompt, prompt?.text ?? agent.statusReason ?? "is waiting for you")
    }

    /// The end of an agent's interval: its newest question, if it still waits on one not yet sent.
    private func sendDeferred(projectID: String, agentID: String, key: String) async {
        deferred.remove(key)
        guard let agent = try? await database.agent(projectID: projectID, id: agentID), agent.status == AgentState.waiting.rawValue else { return }
        guard Self.question(of: agent).text != lastNotice[key]?.question else { return }
        await agentWaits(projectID: projectID, agentID: agentID)
    }

    /// Tells each person who wants `notice` (everyone with a device or channel, or just `only`), as their rules allow:
    /// a notice held back by their rules is recorded as skipped with the reason. Chat and webhook channels are each
    /// sent in a task of their own (a slow service holds up nobody); a manager's push notice about a question carries
    /// `answers` as buttons.
    private func dispatch(_ notice: PushMessage, only: Set<Int64>? = nil, since: Date, answers: [AgentPrompt.Option] = []) async {
        let subscriptions = (try? database.allPushSubscriptions()) ?? []
        let channels = (try? database.allNotificationChannels()) ?? []
        var people = Set(subscriptions.map(\.userId)).union(channels.map(\.userId))
        if let only { people.formIntersection(only) }
        guard !people.isEmpty else { return }
        let rules = (try? database.notificationRules(userIDs: Array(people))) ?? [:]
        let devices = Dictionary(grouping: subscriptions, by: \.userId)
        let chats = Dictionary(grouping: channels, by: \.userId)
        for userID in people.sorted() {
            guard let user = try? database.user(id: userID) else { continue }
            if let reason = holdsBack(notice, for: userID, rule: rules[userID]) {
                counts["rules/\(notice.event)/skipped", default: 0] += 1
                try? database.recordNotificationAttempt(
                    NotificationAttempt(
                        userId: userID, channel: "rules", event: notice.event, projectId: notice.projectId, agentId: notice.agentId,
                        outcome: "skipped", detail: reason, latencyMs: nil))
                continue
            }
            for channel in chats[userID] ?? [] {
                Task { await self.send(notice, to: channel, since: since) }
            }
            guard let theirs = devices[userID], !theirs.isEmpty else { continue }
            var message = notice
            message.options = nil
            if user.role.allows(.manager), !answers.isEmpty, let projectID = notice.projectId, let agentID = notice.agentId,
                let question = notice.question,
                let token = issueToken(user: userID, projectID: projectID, agentID: agentID, question: question, options: answers)
            {
                message.actions = answers.enumerated().map { PushMessage.Action(action: "answer-\($0.offset)", title: $0.element.label.isEmpty ? $0.element.key : $0.element.label) }
                message.actionToken = token
            }
            for subscription in theirs {
                await deliver(message, to: subscription, since: since)
            }
        }
    }

    /// Why `userID`'s rules hold `notice` back now, or nil.
    private func holdsBack(_ notice: PushMessage, for userID: Int64, rule: NotificationRule?) -> String? {
        let preferences = NotificationPreferences(rule)
        if let reason = preferences.holdsBack(event: notice.event, projectID: notice.projectId, at: Date()) { return reason }
        if preferences.skipWhenFocused, let projectID = notice.projectId, focus.isFocused(userID: userID, projectID: projectID) {
            return "you were looking at \(projectID)'s page"
        }
        return nil
    }

    /// Sends `message` to one channel and records the attempt; returns the outcome.
    @discardableResult
    package func send(_ message: PushMessage, to channel: NotificationChannel, since: Date = Date()) async -> String {
        let tries = await channels.send(message, to: channel)
        let seconds = max(0, Date().timeIntervalSince(since))
        let outcome = tries.last ?? "failed"
        try? database.noteChannelOutcome(id: channel.id ?? 0, outcome: outcome)
        // Every try is an attempt: a retried 500 shows as a failure before the delivery.
        for result in tries {
            let name = result == "delivered" ? "delivered" : "failed"
            counts["\(channel.kind)/\(message.event)/\(name)", default: 0] += 1
            try? database.recordNotificationAttempt(
                NotificationAttempt(
                    userId: channel.userId, channel: channel.kind, event: message.event, projectId: message.projectId, agentId: message.agentId,
                    outcome: name, detail: result == "delivered" ? channel.name : result, latencyMs: Int(seconds * 1000)))
        }
        return outcome
    }

    /// Sends a test notice to every device of `userID`; returns how many its push services took.
    package func sendTest(userID: Int64) async -> (sent: Int, delivered: Int) {
        let subscriptions = (try? database.pushSubscriptions(userID: userID)) ?? []
        let message = PushMessage(
            title: "Tmux Orchestrator", body: "Notifications reach this device.", url: "/account/notifications", tag: "test", event: "test")
        var delivered = 0
        for subscription in subscriptions {
            if await deliver(message, to: subscription, since: Date()) { delivered += 1 }
        }
        return (subscriptions.count, delivered)
    }

    private func issueToken(user: Int64, projectID: String, agentID: String, question: String, options: [AgentPrompt.Option]) -> String? {
        let token = SecureRandom.token()
        let actions = Dictionary(uniqueKeysWithValues: options.enumerated().map { ("answer-\($0.offset)", $0.element.keys) })
        guard let json = try? JSONSerialization.data(withJSONObject: actions, options: [.sortedKeys]) else { return nil }
        let record = NotificationAction(
            tokenHash: SecureRandom.sha256Hex(token), userId: user, projectId: projectID, agentId: agentID, question: question,
            actions: String(decoding: json, as: UTF8.self), expiresAt: Date().addingTimeInterval(Self.actionLifetime))
        do {
            try database.saveNotificationAction(record)
            return token
        } catch {
            logger.error("could not store a notification's action token: \(error)")
            return nil
        }
    }

    @discardableResult
    private func deliver(_ message: PushMessage, to subscription: PushSubscription, since: Date) async -> Bool {
        // One topic per agent: a newer question replaces an older one not yet shown.
        let topic = String(SecureRandom.sha256Hex(message.tag).prefix(32))
        var retries: [String] = []
        let outcome = await sender.send(message, to: subscription, urgency: Self.urgency(of: message), topic: topic) { retries.append($0) }
        let seconds = max(0, Date().timeIntervalSince(since))
        for reason in retries {
            counts["webpush/\(message.event)/failed", default: 0] += 1
            try? database.recordNotificationAttempt(
                NotificationAttempt(
                    userId: subscription.userId, channel: "webpush", event: message.event, projectId: message.projectId, agentId: message.agentId,
                    outcome: "failed", detail: reason + " (retried)", latencyMs: nil))
        }
        let (name, detail): (String, String?)
        switch outcome {
        case .delivered(let status):
            (name, detail) = ("delivered", "\(status)")
            try? database.notePushOutcome(id: subscription.id ?? 0, success: true, failure: nil)
            delay.observe(seconds)
        case .gone(let status):
            (name, detail) = ("gone", "the push service answered \(status): the subscription was removed")
            try? database.forgetPushSubscription(id: subscription.id ?? 0)
        case .failed(let reason):
            (name, detail) = ("failed", reason)
            try? database.notePushOutcome(id: subscription.id ?? 0, success: false, failure: reason)
            logger.warning("web push failed", metadata: ["endpoint_host": "\(URL(string: subscription.endpoint)?.host ?? "?")", "reason": "\(reason)"])
        }
        counts["webpush/\(message.event)/\(name)", default: 0] += 1
        try? database.recordNotificationAttempt(
            NotificationAttempt(
                userId: subscription.userId, channel: "webpush", event: message.event, projectId: message.projectId, agentId: message.agentId,
                outcome: name, detail: detail, latencyMs: Int(seconds * 1000)))
        return name == "delivered"
    }

    /// What an action token lets its user do, checked: the agent to answer and the keys to send.
    package enum ActionCheck: Sendable {
        case answer(AgentRecord, keys: [String])
        /// Unknown, used or expired token, or an action it does not carry.
        case unknown
        /// Not this user's token, or the user may no longer answer.
        case forbidden(String)
        /// The agent no longer waits on that question.
        case stale(String)
    }

    /// Checks `token` against `principal`; its own user spends it (once, whatever the answer then), and it is checked
    /// against the agent's state now.
    package func check(token: String, action: String, principal: Principal) -> ActionCheck {
        let hash = SecureRandom.sha256Hex(token)
        guard let found = try? database.notificationAction(tokenHash: hash) else { return .unknown }
        guard found.userId == principal.userID else { return .forbidden("this notification was sent to someone else") }
        guard let record = try? database.spendNotificationAction(tokenHash: hash),
            let data = record.actions.data(using: .utf8), let actions = try? JSONSerialization.jsonObject(with: data) as? [String: [String]],
            let keys = actions[action]
        else { return .unknown }
        guard principal.role.allows(.manager), principal.agentID == nil else { return .forbidden("only managers answer agents") }
        let key = record.projectId + "/" + record.agentId
        let issued = record.expiresAt.addingTimeInterval(-Self.actionLifetime)
        if let earlier = answered[key], earlier.question == record.question, earlier.at >= issued {
            return .stale("someone already answered \(record.agentId)'s question")
        }
        // Answered some other way since this notice went out (its next question may have the same words).
        if let input = lastInput[key], input >= issued {
            return .stale("\(record.agentId) was answered after this notification was sent")
        }
        guard let agent = try? database.agent(projectID: record.projectId, id: record.agentId), agent.status == AgentState.waiting.rawValue,
            (agent.prompt.flatMap(AgentPrompt.init(storedText:))?.text ?? agent.statusReason ?? "is waiting for you") == record.question
        else { return .stale("\(record.agentId) no longer waits on that question") }
        answered[key] = (record.question, Date())
        return .answer(agent, keys: keys)
    }
}
