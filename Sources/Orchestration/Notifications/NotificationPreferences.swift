import Foundation
import Storage

/// A person's notification rules, read: which events and projects notify, their quiet hours, and whether a project
/// they are looking at stays quiet. Without stored rules: every event, every project, no quiet hours, quiet while
/// looking.
package struct NotificationPreferences: Sendable, Equatable {
    /// Hours in which nothing is sent, in the person's own time zone.
    package struct QuietHours: Sendable, Equatable {
        /// Minutes after midnight it starts.
        package var start: Int
        /// Minutes after midnight it ends (exclusive); before `start` when it runs overnight.
        package var end: Int
        /// The time zone's IANA name.
        package var timeZone: String

        package init(start: Int, end: Int, timeZone: String) {
            self.start = start
            self.end = end
            self.timeZone = timeZone
        }

        /// Whether `date` falls in them.
        package func contains(_ date: Date) -> Bool {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: timeZone) ?? .gmt
            let parts = calendar.dateComponents([.hour, .minute], from: date)
            let minute = (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
            return start < end ? (start..<end).contains(minute) : (minute >= start || minute < end)
        }

        /// `HH:MM` (24-hour) as minutes after midnight, or nil.
        package static func minutes(_ text: String) -> Int? {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]),
                (0..<24).contains(hour), (0..<60).contains(minute)
            else { return nil }
            return hour * 60 + minute
        }

        /// Minutes after midnight as `HH:MM`.
        package static func text(_ minutes: Int) -> String {
            let hour = minutes / 60, minute = minutes % 60
            return (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute)"
        }
    }

    /// The events that notify.
    package var events: Set<NotificationEvent>
    /// The projects that notify; nil for all.
    package var projects: [String]?
    /// When nothing is sent.
    package var quietHours: QuietHours?
    /// Nothing about a project while its page is open and focused.
    package var skipWhenFocused: Bool

    /// Most projects a rule may name.
    package static let maximumProjects = 200

    /// The defaults.
    package static let standard = NotificationPreferences(events: Set(NotificationEvent.allCases), projects: nil, quietHours: nil, skipWhenFocused: true)

    package init(events: Set<NotificationEvent>, projects: [String]?, quietHours: QuietHours?, skipWhenFocused: Bool) {
        self.events = events
        self.projects = projects
        self.quietHours = quietHours
        self.skipWhenFocused = skipWhenFocused
    }

    /// Reads stored rules (nil: the defaults); unknown event names are ignored.
    package init(_ rule: NotificationRule?) {
        guard let rule else {
            self = .standard
            return
        }
        let names = (try? JSONDecoder().decode([String].self, from: Data(rule.events.utf8))) ?? NotificationEvent.allCases.map(\.rawValue)
        events = Set(names.compactMap(NotificationEvent.init(rawValue:)))
        projects = rule.projects.flatMap { try? JSONDecoder().decode([String].self, from: Data($0.utf8)) }
        if let start = rule.quietStart, let end = rule.quietEnd {
            quietHours = QuietHours(start: start, end: end, timeZone: rule.timeZone)
        }
        skipWhenFocused = rule.skipWhenFocused
    }

    /// The stored form, for `userID`.
    package func rule(userID: Int64) -> NotificationRule {
        let names = NotificationEvent.allCases.filter(events.contains).map(\.rawValue)
        let encode: ([String]) -> String = { String(decoding: (try? JSONEncoder().encode($0)) ?? Data("[]".utf8), as: UTF8.self) }
        return NotificationRule(
            userId: userID, events: encode(names), projects: projects.map(encode), quietStart: quietHours?.start, quietEnd: quietHours?.end,
            timeZone: quietHours?.timeZone ?? "UTC", skipWhenFocused: skipWhenFocused)
    }

    /// Why a notice of `event` about `projectID` is not sent at `date`, or nil when it is. The focus check is the
    /// caller's (it needs the live connections).
    package func holdsBack(event: String, projectID: String?, at date: Date) -> String? {
        if let known = NotificationEvent(rawValue: event), !events.contains(known) { return "you turned off \(event) notices" }
        if let projects, let projectID, !projects.contains(projectID) { return "you chose other projects" }
        if let quietHours, quietHours.contains(date) {
            return "quiet hours (\(QuietHours.text(quietHours.start))–\(QuietHours.text(quietHours.end)) \(quietHours.timeZone))"
        }
        return nil
    }
}
