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
