/// How batches run (`POST /api/v2/batch/process`).
public struct BatchSettings: Codable, Sendable, Equatable {
    /// How many of a batch's projects run at once.
    public var maxConcurrentProjects = 1
    /// Hosts webhooks may be sent to besides public ones; loopback and private addresses are refused unless listed.
    public var webhookAllowedHosts: [String] = []

    /// Built-in defaults.
    public init() {}

    package enum CodingKeys: String, CodingKey {
        case maxConcurrentProjects = "max_concurrent_projects"
        case webhookAllowedHosts = "webhook_allowed_hosts"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = Self()
        maxConcurrentProjects = try c.decodeIfPresent(Int.self, forKey: .maxConcurrentProjects) ?? d.maxConcurrentProjects
        webhookAllowedHosts = try c.decodeIfPresent([String].self, forKey: .webhookAllowedHosts) ?? d.webhookAllowedHosts
    }
}
