/// Who may scrape `GET /metrics`.
public struct MonitoringSettings: Codable, Sendable, Equatable {
    /// When set, `/metrics` also answers requests from other machines that send `Authorization: Bearer <token>`.
    /// Requests from the loopback interface are always answered.
    public var metricsToken: String?

    /// Built-in defaults.
    public init() {}

    package enum CodingKeys: String, CodingKey {
        case metricsToken = "metrics_token"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metricsToken = try c.decodeIfPresent(String.self, forKey: .metricsToken)
    }
}
