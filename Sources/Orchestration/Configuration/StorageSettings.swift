/// Where the server keeps its state.
public struct StorageSettings: Codable, Sendable, Equatable {
    /// Data directory (database, signing keys, worktrees); created 0700 on first start.
    public var dataDir = "./.orchestrator"
    /// Minutes between scheduled backups into `<data_dir>/backups/`; 0 turns them off.
    public var backupIntervalMinutes = 60.0
    /// How many scheduled backups are kept (the oldest go first).
    public var backupKeep = 24

    /// Built-in defaults.
    public init() {}

    package enum CodingKeys: String, CodingKey {
        case dataDir = "data_dir"
        case backupIntervalMinutes = "backup_interval_minutes"
        case backupKeep = "backup_keep"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = Self()
        dataDir = try c.value(.dataDir, or: d.dataDir)
        backupIntervalMinutes = try c.value(.backupIntervalMinutes, or: d.backupIntervalMinutes)
        backupKeep = try c.value(.backupKeep, or: d.backupKeep)
    }
}
