/// Where projects may live.
public struct WorkspaceSettings: Codable, Sendable, Equatable {
    /// Folders under which a project's `project_path` must resolve; empty means the server's working directory.
    public var roots: [String] = []

    /// Built-in defaults.
    public init() {}

    package enum CodingKeys: String, CodingKey {
        case roots
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        roots = try c.value(.roots, or: Self().roots)
    }
}
