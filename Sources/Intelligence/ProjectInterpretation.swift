import Foundation

/// How a provider understood a request for a new project.
public struct ProjectInterpretation: Sendable, Codable, Equatable {
    /// The requirements read from the request, one short phrase each.
    public var understoodRequirements: [String]
    /// Roles for the team, in launch order (lowercase letters, digits and `-`).
    public var suggestedTeam: [String]
    /// A rough estimate such as `3-5 days`.
    public var estimatedDuration: String
    /// A suggested project slug: lowercase letters, digits and `-`, at most 40 characters, starting with a letter.
    public var name: String
    /// A Markdown spec written from the request: title, requirements, team and context.
    public var specMarkdown: String

    /// Creates an interpretation.
    public init(
        understoodRequirements: [String],
        suggestedTeam: [String],
        estimatedDuration: String,
        name: String,
        specMarkdown: String
    ) {
        self.understoodRequirements = understoodRequirements
        self.suggestedTeam = suggestedTeam
        self.estimatedDuration = estimatedDuration
        self.name = name
        self.specMarkdown = specMarkdown
    }

    /// Snake-case keys, as the HTTP API spells them.
    enum CodingKeys: String, CodingKey {
        case name
        case understoodRequirements = "understood_requirements"
        case suggestedTeam = "suggested_team"
        case estimatedDuration = "estimated_duration"
        case specMarkdown = "spec_markdown"
    }
}
