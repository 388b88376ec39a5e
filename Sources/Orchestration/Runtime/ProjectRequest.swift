/// `POST /api/v1/projects`: the spec's `ProjectSpec` plus `agent_command` and `base_branch`.
public struct ProjectRequest: Decodable, Sendable {
    public var name: String
    public var description: String?
    public var projectPath: String
    public var specContent: String?
    public var teamComposition: [String]?
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
