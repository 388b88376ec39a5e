import Foundation
import Hummingbird
import OrchestratorCore
import Orchestration
import Storage

/// `GET/PUT /api/v1/notifications/rules`: what each person is told and when — which events, which projects, quiet
/// hours in their own time zone, and quiet while they look at a project's page.
struct NotificationRuleController {
    let services: AppServices

    func addRoutes(to routes: inout RouteRegistrar) {
        routes.get("/api/v1/notifications/rules", .role(.viewer), show)
        routes.put("/api/v1/notifications/rules", .role(.viewer), update)
    }

    struct QuietHours: Codable {
        var start: String
        var end: String
        var timeZone: String
        enum CodingKeys: String, CodingKey {
            case start, end
            case timeZone = "time_zone"
        }
    }

    struct EventChoice: Encodable {
        var name: String
        var title: String
    }

    struct RulesResponse: ResponseEncodable {
        var events: [String]
        var projects: [String]?
        var quietHours: QuietHours?
        var skipWhenFocused: Bool
        var availableEvents: [EventChoice]
        enum CodingKeys: String, CodingKey {
            case events, projects
            case quietHours = "quiet_hours"
            case skipWhenFocused = "skip_when_focused"
            case availableEvents = "available_events"
        }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(events, forKey: .events)
            try container.encode(projects, forKey: .projects)  // null: every project
            try container.encode(quietHours, forKey: .quietHours)
            try container.encode(skipWhenFocused, forKey: .skipWhenFocused)
            try container.encode(availableEvents, forKey: .availableEvents)
        }
        init(_ preferences: NotificationPreferences) {
            events = NotificationEvent.allCases.filter(preferences.events.contains).map(\.rawValue)
            projects = preferences.projects
            quietHours = preferences.quietHours.map {
                QuietHours(start: NotificationPreferences.QuietHours.text($0.start), end: NotificationPreferences.QuietHours.text($0.end), timeZone: $0.timeZone)
            }
            skipWhenFocused = preferences.skipWhenFocused
            availableEvents = NotificationEvent.allCases.map { EventChoice(name: $0.rawValue, title: $0.title) }
        }
    }

    /// A change: fields left out keep their value; `projects: null` means every project, `quiet_hours: null` none.
    struct UpdateRequest: Decodable {
        var events: [String]?
        var projects: [String]??
        var quietHours: QuietHours??
        var skipWhenFocused: Bool?
        enum CodingKeys: String, CodingKey {
            case events, projects
            case quietHours = "quiet_hours"
            case skipWhenFocused = "skip_when_focused"
        }
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            events = try container.decodeIfPresent([String].self, forKey: .events)
            if container.contains(.projects) { projects = .some(try container.decodeNil(forKey: .projects) ? nil : try container.decode([String].self, forKey: .projects)) }
            if container.contains(.quietHours) {
                quietHours = .some(try container.decodeNil(forKey: .quietHours) ? nil : try container.decode(QuietHours.self, forKey: .quietHours))
            }
            skipWhenFocused = try container.decodeIfPresent(Bool.self, forKey: .skipWhenFocused)
        }
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> RulesResponse {
        let principal = try context.requirePerson()
        return RulesResponse(NotificationPreferences(try services.database.notificationRule(userID: principal.userID)))
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> RulesResponse {
        var request = request
        let principal = try context.requirePerson()
        let body = try await request.decodeBody(UpdateRequest.self, context: context)
        var preferences = NotificationPreferences(try services.database.notificationRule(userID: principal.userID))
        var check = Validator()
        if let names = body.events {
            let unknown = names.filter { NotificationEvent(rawValue: $0) == nil }
            check.require(names.count <= NotificationEvent.allCases.count * 2, "events", "lists too many events")
            check.require(unknown.isEmpty, "events", "unknown event(s) \(unknown.prefix(5).joined(separator: ", ")); known: \(NotificationEvent.allCases.map(\.rawValue).joined(separator: ", "))")
            preferences.events = Set(names.compactMap(NotificationEvent.init(rawValue:)))
        }
        if case .some(let projects) = body.projects {
            if let projects {
                let limit = NotificationPreferences.maximumProjects
                check.require(projects.count <= limit, "projects", "at most \(limit) projects; use null for every project")
                if projects.count <= limit {
                    let missing = try projects.filter { !(try services.database.projectExists(id: $0)) }
                    check.require(missing.isEmpty, "projects", "no project with id \(missing.prefix(5).map { "'\($0)'" }.joined(separator: ", "))")
                }
                preferences.projects = Array(NSOrderedSet(array: projects).compactMap { $0 as? String })
            } else {
                preferences.projects = nil
            }
        }
        if case .some(let quiet) = body.quietHours {
            if let quiet {
                let start = NotificationPreferences.QuietHours.minutes(quiet.start)
                let end = NotificationPreferences.QuietHours.minutes(quiet.end)
                check.require(start != nil, "quiet_hours.start", "must be a time as HH:MM (24-hour)")
                check.require(end != nil, "quiet_hours.end", "must be a time as HH:MM (24-hour)")
                check.require(start == nil || start != end, "quiet_hours.end", "must differ from the start")
                let zoneKnown = quiet.timeZone.utf8.count <= 64 && TimeZone(identifier: quiet.timeZone) != nil
                check.require(zoneKnown, "quiet_hours.time_zone", "must be an IANA time zone such as Europe/Berlin or UTC")
                if let start, let end, zoneKnown {
                    preferences.quietHours = .init(start: start, end: end, timeZone: quiet.timeZone)
                }
            } else {
                preferences.quietHours = nil
            }
        }
        if let skip = body.skipWhenFocused { preferences.skipWhenFocused = skip }
        try check.done()
        try services.database.saveNotificationRule(preferences.rule(userID: principal.userID))
        return RulesResponse(preferences)
    }
}
