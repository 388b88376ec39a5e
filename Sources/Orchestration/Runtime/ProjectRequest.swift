/// `POST /api/v1/projects`: the spec's `ProjectSpec` plus `agent_command` and `base_branch`.
public struct ProjectRequest: Decodable, Sendable {
    public var name: String
    public var description: String?
    public var projectPath: String
    public var specContent: String?
    public var teamComposition: [String]?
    /// Each member's own host, when `team_composition` gave one (`{"role": "tester", "host": "box-2"}`), in order.
    public var memberHosts: [String?]?
    public var size: String?
    public var priority: String?
    public var agentCommand: String?
    public var baseBranch: String?
    /// The SSH host the agents run on (`local`, the default, is the server's own machine).
    public var host: String?
    /// `spread`: the least loaded host with room (this machine included); instead of `host`.
    public var placement: String?

    /// A request as the create form or another caller fills it in.
    public init(
        name: String, description: String? = nil, projectPath: String, specContent: String? = nil, teamComposition: [String]? = nil,
        size: String? = nil, priority: String? = nil, agentCommand: String? = nil, baseBranch: String? = nil, host: String? = nil,
        placement: String? = nil
    ) {
        self.name = name
        self.description = description
        self.projectPath = projectPath
        self.specContent = specContent
        self.teamComposition = teamComposition
        self.size = size
        self.priority = priority
        self.agentCommand = agentCommand
        self.baseBranch = baseBranch
        self.host = host
        self.placement = placement
    }

    /// Decodes the JSON body; `team_composition` entries are roles (`"tester"`) or members (`{"role", "host"?}`).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        projectPath = try container.decode(String.self, forKey: .projectPath)
        specContent = try container.decodeIfPresent(String.self, forKey: .specContent)
        if let members = try container.decodeIfPresent([TeamMemberSpec].self, forKey: .teamComposition) {
            teamComposition = members.map(\.role)
            memberHosts = members.contains { $0.host != nil } ? members.map(\.host) : nil
        }
        size = try container.decodeIfPresent(String.self, forKey: .size)
        priority = try container.decodeIfPresent(String.self, forKey: .priority)
        agentCommand = try container.decodeIfPresent(String.self, forKey: .agentCommand)
        baseBranch = try container.decodeIfPresent(String.self, forKey: .baseBranch)
        host = try container.decodeIfPresent(String.self, forKey: .host)
        placement = try container.decodeIfPresent(String.self, forKey: .placement)
    }

    package enum CodingKeys: String, CodingKey {
        case name, description, size, priority, host, placement
        case projectPath = "project_path"
        case specContent = "spec_content"
        case teamComposition = "team_composition"
        case agentCommand = "agent_command"
        case baseBranch = "base_branch"
    }
}

/// `PUT /api/v1/projects/{id}`: what may change on a live project.
public struct ProjectUpdate: Decodable, Sendable {
    public var description: String?
    public var priority: String?
    public var specContent: String?
    public var teamComposition: [String]?

    package enum CodingKeys: String, CodingKey {
        case description, priority
        case specContent = "spec_content"
        case teamComposition = "team_composition"
    }
}
