import Orchestration

/// The HTML error page.
struct ErrorPageModel: Sendable {
    var chrome: PageChrome
    var status: Int
    var heading: String
    var message: String
}
