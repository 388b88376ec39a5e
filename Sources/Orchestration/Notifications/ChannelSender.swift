import Foundation
import Storage

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Posts a notice to a chat or webhook channel in the format its service documents: a signed JSON webhook (as batch
/// webhooks are signed), Slack's and Discord's incoming webhooks, an ntfy topic (title, priority, click URL in
/// headers), Telegram's `sendMessage`; or e-mails it through the server's mail server. Outgoing hosts follow the batch
/// webhook policy; redirects are not followed; 429 and 5xx (and a mail server's 4xx or a lost connection) are retried
/// with backoff.
package struct ChannelSender: Sendable {
    /// The kinds of channel there are.
    package static let kinds = ["webhook", "slack", "discord", "ntfy", "telegram", "email"]

    let policy: WebhookPolicy
    /// Where links in messages point (the dashboard as people reach it).
    let publicURL: String
    /// Telegram's Bot API (a stand-in's address in tests).
    let telegramAPI: String
    /// The mail server e-mail channels send through; nil when none is set up.
    package let mailer: SMTPClient?
    let attempts: Int
    let backoff: Duration

    package init(
        policy: WebhookPolicy, publicURL: String, telegramAPI: String, mail: SMTPSettings? = nil, attempts: Int = 3, backoff: Duration = .seconds(1)
    ) {
        self.policy = policy
        self.mailer = mail.map { SMTPClient(settings: $0) }
        self.publicURL = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
        self.telegramAPI = telegramAPI.hasSuffix("/") ? String(telegramAPI.dropLast()) : telegramAPI
        self.attempts = attempts
        self.backoff = backoff
    }

    /// Where a channel's messages go.
    package func address(of channel: NotificationChannel) -> String? {
        channel.kind == "telegram" ? channel.secret.map { "\(telegramAPI)/bot\($0)/sendMessage" } : channel.url
    }

    /// Why `url` may not be a channel's address, or nil.
    package func problem(with url: String) -> String? { policy.problem(with: url) }

    /// Builds and posts the message; returns each try's outcome (`delivered` or `failed: …`), the final one last.
    package func send(_ message: PushMessage, to channel: NotificationChannel) async -> [String] {
        var tries: [String] = []
        let final = await send(message, to: channel) { tries.append($0) }
        return tries + [final]
    }

    private func send(_ message: PushMessage, to channel: NotificationChannel, retried: (String) -> Void) async -> String {
        if channel.kind == "email" { return await mail(message, to: channel, retried: retried) }
        guard let address = address(of: channel), let url = URL(string: address) else { return "failed: the channel has no address" }
        if let problem = policy.problem(with: address) { return "failed: refused: \(problem)" }
        let link = publicURL + message.url
        let text = [message.title, message.question ?? message.body, link].joined(separator: "\n")
        var request = URLRequest(url: url, timeoutInterval: 10)
        request.httpMethod = "POST"
        do {
            switch channel.kind {
            case "webhook":
                var object: [String: Any] = [
                    "event": message.event, "title": message.title, "body": message.body, "url": link,
                    "options": message.options ?? [], "timestamp": ISO8601DateFormatter().string(from: Date()),
                ]
                object["project_id"] = message.projectId
                object["agent_id"] = message.agentId
                object["question"] = message.question
                let body = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
                request.httpBody = body
                request.setValue("application/json", forHTTPHeaderField: "Content-Type")
                request.setValue(WebhookSender.signature(of: body, secret: channel.secret ?? ""), forHTTPHeaderField: "X-Orchestrator-Signature")
                request.setValue(message.event, forHTTPHeaderField: "X-Orchestrator-Event")
            case "slack":
                request.httpBody = try JSONSerialization.data(withJSONObject: ["text": text])
                request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            case "discord":
                request.httpBody = try JSONSerialization.data(withJSONObject: ["content": String(text.prefix(2000)), "username": "Tmux Orchestrator"])
                request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            case "ntfy":
                request.httpBody = Data((message.question ?? message.body).utf8)
                request.setValue("text/plain; charset=utf-8", forHTTPHeaderField: "Content-Type")
                // Header values must stay on one line.
                request.setValue(message.title.replacingOccurrences(of: "\n", with: " "), forHTTPHeaderField: "Title")
                request.setValue(message.event == "test" ? "default" : "high", forHTTPHeaderField: "Priority")
                request.setValue(link, forHTTPHeaderField: "Click")
                request.setValue("robot", forHTTPHeaderField: "Tags")
                // A button opening the agent's page (ntfy's "view" action; commas and semicolons would split it).
                if !link.contains(",") && !link.contains(";") {
                    request.setValue("view, \(message.question == nil ? "Open" : "Answer"), \(link), clear=true", forHTTPHeaderField: "Actions")
                }
                if let token = channel.secret, !token.isEmpty { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
            case "telegram":
                request.httpBody = try JSONSerialization.data(withJSONObject: ["chat_id": channel.chatId ?? "", "text": text, "disable_web_page_preview": true])
                request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            default:
                return "failed: unknown kind \(channel.kind)"
            }
        } catch {
            return "failed: \(error)"
        }
        var outcome = "failed"
        for attempt in 0..<max(1, attempts) {
            if attempt > 0 {
                retried(outcome)
                try? await Task.sleep(for: backoff * (1 << (attempt - 1)))
            }
            do {
                let (_, response) = try await WebhookSender.session.data(for: request)
                let status = (response as? HTTPURLResponse)?.statusCode ?? 0
                if (200..<300).contains(status) { return "delivered" }
                outcome = "failed: the service answered \(status)"
                if status != 429 && status < 500 { return outcome }
            } catch {
                outcome = "failed: \(error.localizedDescription)"
            }
        }
        return outcome
    }

    /// E-mails `message` to the channel's address: the title as subject, then the question or body, its answers, and
    /// the link. A refusal for good (5xx) is not retried.
    private func mail(_ message: PushMessage, to channel: NotificationChannel, retried: (String) -> Void) async -> String {
        guard let mailer else { return "failed: e-mail is not set up on this server (notifications.smtp_host)" }
        guard let recipient = channel.url, !recipient.isEmpty else { return "failed: the channel has no address" }
        var lines = [message.question ?? message.body]
        if let options = message.options, !options.isEmpty { lines += ["", "Answers: " + options.joined(separator: " / ")] }
        lines += ["", "Open: " + publicURL + message.url, "", "-- ", "Tmux Orchestrator: change what notifies you at \(publicURL)/account/notifications"]
        var outcome = "failed"
        for attempt in 0..<max(1, attempts) {
            if attempt > 0 {
                retried(outcome)
                try? await Task.sleep(for: backoff * (1 << (attempt - 1)))
            }
            do {
                try await mailer.send(to: recipient, subject: message.title, body: lines.joined(separator: "\n"))
                return "delivered"
            } catch let error as SMTPError {
                outcome = "failed: \(error.reason)"
                if let code = error.replyCode, code >= 500 { return outcome }
            } catch {
                outcome = "failed: \(error)"
            }
        }
        return outcome
    }
}
