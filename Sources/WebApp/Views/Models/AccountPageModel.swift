import Orchestration

/// `/account`: the signed-in user changes their own password.
struct AccountPageModel: Sendable {
    var chrome: PageChrome
    var notice: String?
    var error: String?
}
