/// Where the server keeps its state.
public struct StorageSettings: Codable, Sendable, Equatable {
    /// Data directory (database, signing keys, worktrees); created 0700 on first start.
    public var dataDir = "./.orchestrator"

    /// Built-in defaults.
    public init() {}

    package enum CodingKeys: String, CodingKey {
        case dataDir = "data_dir"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        dataDir = try c.value(.dataDir, or: Self().dataDir)
    }
}
