import Foundation
import Orchestration
import Storage

/// `/account/notifications`: turn on notifications on this device, send a test, the devices subscribed and the last
/// deliveries with their outcome.
struct NotificationsPageModel: Sendable {
    struct Device: Sendable {
        var id: Int64
        var host: String
        var added: String
        var lastSuccess: String?
        var lastFailure: String?
    }

    struct Channel: Sendable {
        var id: Int64
        var kind: String
        var name: String
        var target: String
        var lastOutcome: String?
    }

    struct Delivery: Sendable {
        var time: String
        var event: String
        var about: String
        var outcome: String
        var detail: String?
        var latency: String?
        var ok: Bool
    }

    var chrome: PageChrome
    var devices: [Device]
    var hasDevices: Bool
    var channels: [Channel]
    var hasChannels: Bool
    var deliveries: [Delivery]
    var hasDeliveries: Bool
    var available: Bool

    init(chrome: PageChrome, subscriptions: [PushSubscription], channels: [NotificationChannel], attempts: [NotificationAttempt], available: Bool) {
        self.chrome = chrome
        self.channels = channels.map {
            let url = $0.url.flatMap(URL.init(string:))
            let target = $0.kind == "telegram" ? "chat \($0.chatId ?? "?")" : (url?.host ?? "?") + (url?.port.map { ":\($0)" } ?? "")
            return Channel(id: $0.id ?? 0, kind: $0.kind, name: $0.name, target: target, lastOutcome: $0.lastOutcome)
        }
        hasChannels = !self.channels.isEmpty
        self.available = available
        devices = subscriptions.map {
            Device(
                id: $0.id ?? 0, host: URL(string: $0.endpoint)?.host ?? $0.endpoint, added: DisplayTime.text($0.createdAt),
                lastSuccess: $0.lastSuccessAt.map(DisplayTime.text), lastFailure: $0.lastFailure)
        }
        hasDevices = !devices.isEmpty
        deliveries = attempts.map {
            Delivery(
                time: DisplayTime.text($0.createdAt), event: $0.event.replacingOccurrences(of: "_", with: " "),
                about: [$0.projectId, $0.agentId].compactMap { $0 }.joined(separator: " / "), outcome: $0.outcome, detail: $0.detail,
                latency: $0.latencyMs.map { "\($0) ms" }, ok: $0.outcome == "delivered")
        }
        hasDeliveries = !deliveries.isEmpty
    }
}
