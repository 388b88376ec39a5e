import Orchestration

/// `/login`.
struct LoginPageModel: Sendable {
    var chrome: PageChrome
    var next: String
    var username: String
    var error: String?
}
