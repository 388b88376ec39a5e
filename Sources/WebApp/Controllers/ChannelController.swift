import Foundation
import Hummingbird
import OrchestratorCore
import Orchestration
import Storage

/// `…/notifications/channels`: each user's chat and webhook channels — a signed webhook, Slack, Discord, ntfy,
/// Telegram — with a test. Secrets are taken once and never shown again (a webhook's generated signing secret is in
/// the creating answer only).
struct ChannelController {
    let services: AppServices

    func addRoutes(to routes: inout RouteRegistrar) {
        routes.get("/api/v1/notifications/channels", .role(.viewer), list)
        routes.post("/api/v1/notifications/channels", .role(.viewer), create)
        routes.delete("/api/v1/notifications/channels/:id", .role(.viewer), remove)
        routes.post("/api/v1/notifications/channels/:id/test", .role(.viewer), test)
    }

    struct CreateRequest: Decodable {
        var kind: String
        var name: String?
        var url: String?
        var secret: String?
        var token: String?
        var botToken: String?
        var chatId: String?
        enum CodingKeys: String, CodingKey {
            case kind, name, url, secret, token
            case botToken = "bot_token"
            case chatId = "chat_id"
        }
    }

    struct ChannelResponse: ResponseEncodable {
        var id: Int64
        var kind: String
        var name: String
        var target: String
        var createdAt: Date
        var lastOutcome: String?
        /// The webhook's signing secret: in the creating answer only.
        var secret: String?
        enum CodingKeys: String, CodingKey {
            case id, kind, name, target, secret
            case createdAt = "created_at"
            case lastOutcome = "last_outcome"
        }
        init(_ channel: NotificationChannel, secret: String? = nil) {
            id = channel.id ?? 0
            kind = channel.kind
            name = channel.name
            if channel.kind == "telegram" {
                target = "telegram chat \(channel.chatId ?? "?")"
            } else if channel.kind == "email" {
                target = channel.url ?? "?"
            } else {
                let url = channel.url.flatMap(URL.init(string:))
                target = (url?.host ?? "?") + (url?.port.map { ":\($0)" } ?? "")
            }
            createdAt = channel.createdAt
            lastOutcome = channel.lastOutcome
            self.secret = secret
        }
    }

    struct TestResponse: ResponseEncodable {
        var outcome: String
        var detail: String
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> [ChannelResponse] {
        try services.database.notificationChannels(userID: try context.requirePerson().userID).map { ChannelResponse($0) }
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let principal = try context.requirePerson()
        let service = try services.notificationService()
        let body = try await request.decodeBody(CreateRequest.self, context: context)
        var check = Validator()
        check.require(ChannelSender.kinds.contains(body.kind), "kind", "must be one of \(ChannelSender.kinds.joined(separator: ", "))")
        let name = (body.name ?? body.kind).trimmingCharacters(in: .whitespacesAndNewlines)
        check.require(!name.isEmpty && name.count <= 100 && !name.contains(where: \.isNewline), "name", "must be 1 to 100 characters on one line")
        var url: String?
        var secret: String?
        var shownSecret: String?
        switch body.kind {
        case "telegram":
            let token = body.botToken ?? ""
            check.require(token.range(of: #"^\d{1,20}:[A-Za-z0-9_-]{1,100}$"#, options: .regularExpression) != nil, "bot_token", "must be a Telegram bot token (123456:ABC…)")
            check.require((body.chatId ?? "").range(of: #"^-?\d{1,20}$|^@\w{4,64}$"#, options: .regularExpression) != nil, "chat_id", "must be a chat id or @channel")
            secret = token
        case "email":
            let address = (body.url ?? "").trimmingCharacters(in: .whitespaces)
            check.require(service.channels.mailer != nil, "kind", "e-mail is not set up on this server (an admin sets notifications.smtp_host and smtp_from)")
            check.require(Self.isMailAddress(address), "url", "must be one e-mail address (name@example.com)")
            url = address
        case "webhook", "slack", "discord", "ntfy":
            let address = body.url ?? ""
            check.require(!address.isEmpty && address.utf8.count <= 2048, "url", "is required (at most 2048 bytes)")
            if !address.isEmpty && address.utf8.count <= 2048 { check.check("url", service.channels.problem(with: address)) }
            url = address
            if body.kind == "webhook" {
                secret = body.secret.flatMap { $0.isEmpty ? nil : $0 } ?? SecureRandom.token()
                shownSecret = secret
                check.require(secret!.count >= 16 && secret!.count <= 256, "secret", "must be 16 to 256 characters")
            } else if body.kind == "ntfy", let token = body.token, !token.isEmpty {
                check.require(token.count <= 256 && !token.contains(where: \.isNewline), "token", "must be at most 256 characters on one line")
                secret = token
            }
        default:
            break
        }
        try check.done()
        guard let stored = try services.database.saveNotificationChannel(
            NotificationChannel(userId: principal.userID, kind: body.kind, name: name, url: url, secret: secret, chatId: body.chatId))
        else {
            throw APIError.conflict("too_many_channels", "at most \(AppDatabase.maximumChannelsPerUser) channels per user; remove one first")
        }
        try? services.database.recordAudit(actor: principal.actorLabel, action: "notification.channel_create", target: "\(stored.id ?? 0)", details: stored.kind)
        var response = try ChannelResponse(stored, secret: shownSecret).response(status: .created, from: request, context: context)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    @Sendable func remove(_ request: Request, context: AppRequestContext) async throws -> HTTPResponse.Status {
        let principal = try context.requirePerson()
        guard let id = context.parameters.get("id").flatMap(Int64.init), try services.database.deleteNotificationChannel(id: id, userID: principal.userID) else {
            throw APIError.notFound("you have no channel with that id")
        }
        return .noContent
    }

    @Sendable func test(_ request: Request, context: AppRequestContext) async throws -> TestResponse {
        let principal = try context.requirePerson()
        guard let id = context.parameters.get("id").flatMap(Int64.init), let channel = try services.database.notificationChannel(id: id, userID: principal.userID) else {
            throw APIError.notFound("you have no channel with that id")
        }
        let message = PushMessage(
            title: "Tmux Orchestrator", body: "Notifications reach this channel.", url: "/account/notifications", tag: "test", event: "test")
        let outcome = try await services.notificationService().send(message, to: channel)
        return TestResponse(outcome: outcome == "delivered" ? "delivered" : "failed", detail: outcome)
    }

    /// Whether `text` is one plain address: `local@domain`, no spaces, quotes, brackets or line breaks, at most 254 bytes.
    static func isMailAddress(_ text: String) -> Bool {
        text.utf8.count <= 254 && text.range(of: #"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)+$"#, options: .regularExpression) != nil
    }
}
