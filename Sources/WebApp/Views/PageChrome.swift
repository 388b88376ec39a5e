import OrchestratorCore
import Orchestration

/// What the layout shows around every page: who is signed in, navigation, the CSRF token.
public struct PageChrome: Sendable {
    /// The page title.
    public var title: String
    /// The signed-in user's name, if any.
    public var username: String?
    /// The signed-in user's role name.
    public var role: String?
    /// Whether to show admin navigation.
    public var isAdmin: Bool
    /// Whether the user may change things (managers and admins); viewers get no controls.
    public var canManage: Bool
    /// The token forms and scripts send back.
    public var csrfToken: String
    /// Which navigation entry is current: `projects`, `system`, `admin`, `account`.
    public var section: String
    /// The page's own ES module under `/static/js/` (empty for none).
    public var pageScript: String

    /// Chrome for `principal` (nil when signed out).
    public init(title: String, principal: Principal?, csrfToken: String, section: String = "", pageScript: String = "") {
        self.title = title
        self.username = principal?.username
        self.role = principal?.role.rawValue
        self.isAdmin = principal?.role == .admin
        self.canManage = principal?.role.allows(.manager) ?? false
        self.csrfToken = csrfToken
        self.section = section
        self.pageScript = pageScript
        self.inSystem = section == "system"
        self.inInsights = section == "insights"
        self.inProjects = section == "projects"
        self.inAdmin = section == "admin"
        self.inHosts = section == "hosts"
        self.inAccount = section == "account"
        self.inChats = section == "chats"
        self.inBatches = section == "batches"
        self.inDocs = section == "docs"
        self.signedIn = principal != nil
    }

    /// Flags for the navigation (stored, because templates see only stored properties).
    public var inProjects: Bool
    public var inSystem: Bool
    public var inInsights: Bool
    public var inAdmin: Bool
    public var inHosts: Bool
    public var inAccount: Bool
    public var inChats: Bool
    public var inBatches: Bool
    public var inDocs: Bool
    public var signedIn: Bool
}
