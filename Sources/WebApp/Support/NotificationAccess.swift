import Hummingbird
import OrchestratorCore
import Orchestration

extension AppServices {
    /// The notification service, or 503 when the server could not make its VAPID key.
    func notificationService() throws -> NotificationService {
        guard let service = runtime.notifications else {
            throw APIError(.serviceUnavailable, "notifications_unavailable", "notifications are off: the server could not make its VAPID key (see its log)")
        }
        return service
    }
}

extension AppRequestContext {
    /// The signed-in person: an agent's token never subscribes, answers a notification or adds a channel.
    func requirePerson() throws -> Principal {
        let principal = try requirePrincipal()
        guard principal.agentID == nil else { throw AuthFailure.forbidden(reason: "agents have no notifications") }
        return principal
    }
}
