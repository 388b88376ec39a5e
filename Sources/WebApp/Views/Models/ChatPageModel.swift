import Foundation

/// `/chat` (a person's sessions) and `/chat/{id}` (one conversation with the intelligence layer).
struct ChatPageModel: Sendable {
    struct Session: Sendable {
        var id: String
        var title: String
        var projectId: String?
        var created: String
    }

    struct Turn: Sendable {
        var isUser: Bool
        var html: String
        var provider: String?
        var degraded: Bool
        var time: String
    }

    var chrome: PageChrome
    var sessions: [Session]
    var hasSessions: Bool
    var session: Session?
    var turns: [Turn]
    var flash: String?
    /// Projects a new chat can be about (terminated ones left out).
    var projects: [ProjectChoice] = []

    /// A project in the picker.
    struct ProjectChoice: Sendable {
        var id: String
        var name: String
    }
}
