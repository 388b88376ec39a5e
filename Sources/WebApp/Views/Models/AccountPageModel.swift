import Foundation
import Orchestration
import Storage

/// `/account`: the signed-in user changes their own password and sees, and ends, their sessions.
struct AccountPageModel: Sendable {
    /// One sign-in as the page lists it.
    struct Session: Sendable {
        var started: String
        var renewed: String
        var expires: String
        /// The session this page was opened with.
        var isCurrent: Bool
    }

    var chrome: PageChrome
    var notice: String?
    var error: String?
    var sessions: [Session] = []
    /// Stored, not computed: templates see stored properties only.
    var hasSessions = false

    init(chrome: PageChrome, notice: String? = nil, error: String? = nil, sessions: [SessionSummary] = [], current: String? = nil) {
        self.chrome = chrome
        self.notice = notice
        self.error = error
        self.sessions = sessions.map {
            Session(
                started: DisplayTime.text($0.startedAt), renewed: DisplayTime.text($0.lastRenewedAt), expires: DisplayTime.text($0.expiresAt),
                isCurrent: $0.id == current)
        }
        hasSessions = !sessions.isEmpty
    }
}
