/// One entry of a project request's `team_composition`: a role (`"tester"`), or a member placed on a host
/// (`{"role": "tester", "host": "box-2"}`).
public struct TeamMemberSpec: Decodable, Sendable, Equatable {
    public var role: String
    public var host: String?

    public init(role: String, host: String? = nil) {
        self.role = role
        self.host = host
    }

    private enum CodingKeys: String, CodingKey { case role, host }

    public init(from decoder: any Decoder) throws {
        if let role = try? decoder.singleValueContainer().decode(String.self) {
            self.init(role: role)
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(role: try container.decode(String.self, forKey: .role), host: try container.decodeIfPresent(String.self, forKey: .host))
    }
}
