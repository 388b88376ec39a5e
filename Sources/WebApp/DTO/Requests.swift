import Orchestration

/// `POST /auth/login` (JSON or form).
struct LoginRequest: Decodable {
    var username: String
    var password: String
}

/// `POST /auth/refresh` and `POST /auth/logout`; the token may come from the cookie instead.
struct RefreshRequest: Decodable {
    var refreshToken: String?
    enum CodingKeys: String, CodingKey { case refreshToken = "refresh_token" }
}

/// `POST /api/v1/users`; `role` defaults to `viewer`, the least privilege.
struct CreateUserRequest: Decodable {
    var username: String
    var password: String
    var role: String?
}

/// `PATCH /api/v1/users/{username}`: admins may change role and password; anyone their own password.
struct UpdateUserRequest: Decodable {
    var role: String?
    var password: String?
    var currentPassword: String?
    enum CodingKeys: String, CodingKey {
        case role, password
        case currentPassword = "current_password"
    }
}

/// `POST /api/v1/api-keys`.
struct CreateAPIKeyRequest: Decodable {
    var name: String
    var role: String
}

/// `POST /api/v1/projects/{id}/messages`: the spec's `AgentMessage`.
struct MessageRequest: Decodable {
    var targetAgent: String
    var content: String
    var priority: String?
    var requiresResponse: Bool?
    enum CodingKeys: String, CodingKey {
        case content, priority
        case targetAgent = "target_agent"
        case requiresResponse = "requires_response"
    }
}

/// `POST /api/v1/projects/{id}/agents/{agent_id}/report`.
struct ReportRequest: Decodable {
    var currentTask: String?
    var progress: Double?
    var blockers: String?
    var message: String?
    enum CodingKeys: String, CodingKey {
        case progress, blockers, message
        case currentTask = "current_task"
    }
}

/// `POST /api/v1/projects/{id}/checkins`: `minutes` from now or an ISO 8601 `at`.
struct CheckinRequest: Decodable {
    var targetAgent: String
    var minutes: Double?
    var at: String?
    var note: String
    var repeatMinutes: Int?
    enum CodingKeys: String, CodingKey {
        case minutes, at, note
        case targetAgent = "target_agent"
        case repeatMinutes = "repeat_minutes"
    }
}
