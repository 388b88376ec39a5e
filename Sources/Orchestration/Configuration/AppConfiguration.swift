/// The effective configuration: built-in defaults, then a config file, then `ORCHESTRATOR_*` variables, then flags.
public struct AppConfiguration: Codable, Sendable, Equatable {
    public var server = ServerSettings()
    public var storage = StorageSettings()
    public var security = SecuritySettings()
    public var admin = AdminSettings()
    public var tmux = TmuxSettings()
    public var workspace = WorkspaceSettings()
    public var agents = AgentSettings()
    public var logging = LoggingSettings()
    public var paths = PathSettings()
    public var monitoring = MonitoringSettings()
    public var intelligence = IntelligenceSettings()
    public var batch = BatchSettings()
    public var notifications = NotificationSettings()
    public var usage = UsageSettings()

    /// Built-in defaults.
    public init() {}

    package enum CodingKeys: String, CodingKey {
        case server, storage, security, admin, tmux, workspace, agents, logging, paths, monitoring, intelligence, batch, notifications, usage
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = Self()
        server = try c.value(.server, or: d.server)
        storage = try c.value(.storage, or: d.storage)
        security = try c.value(.security, or: d.security)
        admin = try c.value(.admin, or: d.admin)
        tmux = try c.value(.tmux, or: d.tmux)
        workspace = try c.value(.workspace, or: d.workspace)
        agents = try c.value(.agents, or: d.agents)
        logging = try c.value(.logging, or: d.logging)
        paths = try c.value(.paths, or: d.paths)
        monitoring = try c.value(.monitoring, or: d.monitoring)
        intelligence = try c.value(.intelligence, or: d.intelligence)
        batch = try c.value(.batch, or: d.batch)
        notifications = try c.value(.notifications, or: d.notifications)
        usage = try c.value(.usage, or: d.usage)
    }

    /// A copy safe to print or log: secrets replaced by `<redacted>`.
    public var redacted: AppConfiguration {
        var copy = self
        if copy.admin.password != nil { copy.admin.password = "<redacted>" }
        if copy.monitoring.metricsToken != nil { copy.monitoring.metricsToken = "<redacted>" }
        if copy.intelligence.apiKey != nil { copy.intelligence.apiKey = "<redacted>" }
        if copy.notifications.smtpPassword != nil { copy.notifications.smtpPassword = "<redacted>" }
        return copy
    }
}
