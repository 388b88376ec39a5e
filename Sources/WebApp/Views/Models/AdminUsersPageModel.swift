import OrchestratorCore
import Orchestration

/// `/admin/users`: users and API keys.
struct AdminUsersPageModel: Sendable {
    struct RoleOption: Sendable {
        var value: String
        var selected: Bool
    }

    struct UserRow: Sendable {
        var username: String
        var role: String
        var roleOptions: [RoleOption]
        var isSelf: Bool
        var created: String
    }

    struct KeyRow: Sendable {
        var id: Int64
        var name: String
        var role: String
        var prefix: String
        var owner: String
        var created: String
        var lastUsed: String
    }

    struct NewKey: Sendable {
        var name: String
        var secret: String
    }

    var chrome: PageChrome
    var users: [UserRow]
    var keys: [KeyRow]
    var roleOptions: [RoleOption]
    var notice: String?
    var error: String?
    var newKey: NewKey?

    var hasKeys: Bool

    init(chrome: PageChrome, users: [User], keys: [APIKey], currentUser: String, notice: String? = nil, error: String? = nil, newKey: NewKey? = nil) {
        self.chrome = chrome
        self.users = users.map { user in
            UserRow(
                username: user.username, role: user.role.rawValue,
                roleOptions: Role.allCases.reversed().map { RoleOption(value: $0.rawValue, selected: $0 == user.role) },
                isSelf: user.username.lowercased() == currentUser.lowercased(), created: DisplayTime.text(user.createdAt))
        }
        self.keys = keys.map {
            KeyRow(
                id: $0.id, name: $0.name, role: $0.role.rawValue, prefix: $0.prefix, owner: $0.ownerName,
                created: DisplayTime.text($0.createdAt), lastUsed: $0.lastUsedAt.map(DisplayTime.text) ?? "never")
        }
        self.roleOptions = Role.allCases.map { RoleOption(value: $0.rawValue, selected: $0 == .viewer) }
        self.notice = notice
        self.error = error
        self.newKey = newKey
        self.hasKeys = !keys.isEmpty
    }
}
