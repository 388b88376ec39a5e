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
        var skipped: Bool
    }

    struct Choice: Sendable {
        var name: String
        var title: String
        var checked: Bool
    }

    /// The rules form.
    struct Rules: Sendable {
        var events: [Choice]
        var everyProject: Bool
        var projects: [Choice]
        var hasProjects: Bool
        var quiet: Bool
        var quietStart: String
        var quietEnd: String
        var timeZone: String
        var skipWhenFocused: Bool

        init(_ preferences: NotificationPreferences, projectIDs: [String]) {
            events = NotificationEvent.allCases.map { Choice(name: $0.rawValue, title: $0.title, checked: preferences.events.contains($0)) }
            everyProject = preferences.projects == nil
            let chosen = Set(preferences.projects ?? [])
            var ids = projectIDs
            for id in preferences.projects ?? [] where !ids.contains(id) { ids.append(id) }
            projects = ids.map { Choice(name: $0, title: $0, checked: chosen.contains($0)) }
            hasProjects = !projects.isEmpty
            quiet = preferences.quietHours != nil
            quietStart = preferences.quietHours.map { NotificationPreferences.QuietHours.text($0.start) } ?? "22:00"
            quietEnd = preferences.quietHours.map { NotificationPreferences.QuietHours.text($0.end) } ?? "07:00"
            timeZone = preferences.quietHours?.timeZone ?? ""
            skipWhenFocused = preferences.skipWhenFocused
        }
    }

    var chrome: PageChrome
    var rules: Rules
    var devices: [Device]
    var hasDevices: Bool
    var channels: [Channel]
    var hasChannels: Bool
    var deliveries: [Delivery]
    var hasDeliveries: Bool
    var available: Bool

    init(
        chrome: PageChrome, subscriptions: [PushSubscription], channels: [NotificationChannel], attempts: [NotificationAttempt], available: Bool,
        rules: Rules
    ) {
        self.chrome = chrome
        self.rules = rules
        self.channels = channels.map {
            let url = $0.url.flatMap(URL.init(string:))
            let target =
                switch $0.kind {
                case "telegram": "chat \($0.chatId ?? "?")"
                case "email": $0.url ?? "?"
                default: (url?.host ?? "?") + (url?.port.map { ":\($0)" } ?? "")
                }
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
                latency: $0.latencyMs.map { "\($0) ms" }, ok: $0.outcome == "delivered",
                skipped: $0.outcome == "skipped")
        }
        hasDeliveries = !deliveries.isEmpty
    }
}
