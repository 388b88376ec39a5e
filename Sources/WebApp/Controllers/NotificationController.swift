import Crypto
import Foundation
import Hummingbird
import OrchestratorCore
import Orchestration
import Storage

/// Web Push for people away from the page: the server's VAPID key, each user's own subscriptions, and answering an
/// agent's question from a notification's button.
struct NotificationController {
    let services: AppServices

    /// Longest push endpoint URL taken.
    static let maximumEndpointLength = 2048

    func addRoutes(to routes: inout RouteRegistrar) {
        routes.get("/api/v1/notifications/vapid-public-key", .role(.viewer), publicKey)
        routes.get("/api/v1/notifications/subscriptions", .role(.viewer), list)
        routes.post("/api/v1/notifications/subscriptions", .role(.viewer), subscribe)
        routes.delete("/api/v1/notifications/subscriptions/:id", .role(.viewer), unsubscribe)
        routes.get("/api/v1/notifications/attempts", .role(.viewer), attempts)
        routes.post("/api/v1/notifications/actions", .role(.viewer), act)
        routes.post("/api/v1/notifications/test", .role(.viewer), test)
        routes.get("/account/notifications", .role(.viewer), page)
    }

    struct PublicKey: ResponseEncodable {
        var publicKey: String
        enum CodingKeys: String, CodingKey { case publicKey = "public_key" }
    }

    struct SubscribeRequest: Decodable {
        struct Keys: Decodable {
            var p256dh: String
            var auth: String
        }
        var endpoint: String
        var keys: Keys
    }

    struct SubscriptionResponse: ResponseEncodable {
        var id: Int64
        var endpoint: String
        var createdAt: Date
        var lastSuccessAt: Date?
        var lastFailure: String?
        enum CodingKeys: String, CodingKey {
            case id, endpoint
            case createdAt = "created_at"
            case lastSuccessAt = "last_success_at"
            case lastFailure = "last_failure"
        }
        init(_ subscription: PushSubscription) {
            id = subscription.id ?? 0
            endpoint = subscription.endpoint
            createdAt = subscription.createdAt
            lastSuccessAt = subscription.lastSuccessAt
            lastFailure = subscription.lastFailure
        }
    }

    struct AttemptResponse: ResponseEncodable {
        var channel: String
        var event: String
        var projectId: String?
        var agentId: String?
        var outcome: String
        var detail: String?
        var latencyMs: Int?
        var createdAt: Date
        enum CodingKeys: String, CodingKey {
            case channel, event, outcome, detail
            case projectId = "project_id"
            case agentId = "agent_id"
            case latencyMs = "latency_ms"
            case createdAt = "created_at"
        }
    }

    struct ActionRequest: Decodable {
        var token: String
        var action: String
    }

    struct ActionResponse: ResponseEncodable {
        var projectId: String
        var agentId: String
        var keys: [String]
        enum CodingKeys: String, CodingKey {
            case keys
            case projectId = "project_id"
            case agentId = "agent_id"
        }
    }

    @Sendable func publicKey(_ request: Request, context: AppRequestContext) async throws -> PublicKey {
        PublicKey(publicKey: try services.notificationService().publicKey)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> [SubscriptionResponse] {
        try services.database.pushSubscriptions(userID: try context.requirePerson().userID).map(SubscriptionResponse.init)
    }

    @Sendable func subscribe(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let principal = try context.requirePerson()
        let service = try services.notificationService()
        let body = try await request.decodeBody(SubscribeRequest.self, context: context)
        var check = Validator()
        check.require(body.endpoint.utf8.count <= Self.maximumEndpointLength, "endpoint", "must be at most \(Self.maximumEndpointLength) bytes")
        if body.endpoint.utf8.count <= Self.maximumEndpointLength { check.check("endpoint", service.problem(withEndpoint: body.endpoint)) }
        let receiver = Data(base64URLEncoded: body.keys.p256dh)
        check.require(
            receiver.map { $0.count == 65 && $0.first == 0x04 && (try? P256.KeyAgreement.PublicKey(x963Representation: $0)) != nil } ?? false,
            "keys.p256dh", "must be an uncompressed P-256 public key, base64url (65 bytes)")
        check.require(Data(base64URLEncoded: body.keys.auth)?.count == 16, "keys.auth", "must be 16 bytes, base64url")
        try check.done()
        guard let stored = try services.database.savePushSubscription(
            PushSubscription(userId: principal.userID, endpoint: body.endpoint, p256dh: body.keys.p256dh, auth: body.keys.auth))
        else {
            throw APIError.conflict("too_many_subscriptions", "at most \(AppDatabase.maximumPushSubscriptionsPerUser) devices per user; remove one first")
        }
        return try SubscriptionResponse(stored).response(status: .created, from: request, context: context)
    }

    @Sendable func unsubscribe(_ request: Request, context: AppRequestContext) async throws -> HTTPResponse.Status {
        let principal = try context.requirePerson()
        guard let id = context.parameters.get("id").flatMap(Int64.init), try services.database.deletePushSubscription(id: id, userID: principal.userID) else {
            throw APIError.notFound("you have no subscription with that id")
        }
        return .noContent
    }

    @Sendable func attempts(_ request: Request, context: AppRequestContext) async throws -> [AttemptResponse] {
        try services.database.notificationAttempts(userID: try context.requirePerson().userID).map {
            AttemptResponse(
                channel: $0.channel, event: $0.event, projectId: $0.projectId, agentId: $0.agentId, outcome: $0.outcome, detail: $0.detail,
                latencyMs: $0.latencyMs, createdAt: $0.createdAt)
        }
    }

    struct TestResponse: ResponseEncodable {
        var sent: Int
        var delivered: Int
    }

    /// Sends a test notice to each of your devices.
    @Sendable func test(_ request: Request, context: AppRequestContext) async throws -> TestResponse {
        let result = try await services.notificationService().sendTest(userID: try context.requirePerson().userID)
        return TestResponse(sent: result.sent, delivered: result.delivered)
    }

    @Sendable func page(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let principal = try context.requirePerson()
        let projectIDs = try await services.database.projects(limit: NotificationPreferences.maximumProjects).items.map(\.id)
        let model = NotificationsPageModel(
            chrome: services.pages.chrome("Notifications", principal: principal, section: "account", script: "notifications.js"),
            subscriptions: try services.database.pushSubscriptions(userID: principal.userID),
            channels: try services.database.notificationChannels(userID: principal.userID),
            attempts: try services.database.notificationAttempts(userID: principal.userID), available: services.runtime.notifications != nil,
            rules: .init(
                NotificationPreferences(try services.database.notificationRule(userID: principal.userID)),
                projectIDs: projectIDs))
        return services.pages.render("pages/notifications", model)
    }

    /// `{"token", "action"}` from a notification's button: the single-use token (bound to this user, that agent and
    /// that question) is itself proof the request comes from the notification, so no CSRF token is asked for.
    @Sendable func act(_ request: Request, context: AppRequestContext) async throws -> ActionResponse {
        var request = request
        let principal = try context.requirePerson()
        let body = try await request.decodeBody(ActionRequest.self, context: context)
        var check = Validator()
        check.require(!body.token.isEmpty && body.token.utf8.count <= 256, "token", "must be the notification's action token")
        check.require(!body.action.isEmpty && body.action.utf8.count <= 64, "action", "must be one of the notification's actions")
        try check.done()
        switch try await services.notificationService().check(token: body.token, action: body.action, principal: principal) {
        case .unknown:
            throw APIError.conflict("action_spent", "this notification's answer was already given, has expired, or has no such action")
        case .forbidden(let reason):
            throw AuthFailure.forbidden(reason: reason)
        case .stale(let reason):
            throw APIError.conflict("question_changed", reason)
        case .answer(let agent, let keys):
            try await services.runtime.pressKeys(keys, on: agent, by: principal)
            return ActionResponse(projectId: agent.projectId, agentId: agent.id, keys: keys)
        }
    }
}
