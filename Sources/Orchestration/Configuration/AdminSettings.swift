/// The first administrator, created on first start when there are no users.
public struct AdminSettings: Codable, Sendable, Equatable {
    /// The first admin's username.
    public var username = "admin"
    /// The first admin's password; when unset a strong one is generated, printed once and saved 0600.
    public var password: String?

    /// Built-in defaults.
    public init() {}

    package enum CodingKeys: String, CodingKey {
        case username, password
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = Self()
        username = try c.value(.username, or: d.username)
        password = try c.optionalValue(.password, or: d.password)
    }
}
