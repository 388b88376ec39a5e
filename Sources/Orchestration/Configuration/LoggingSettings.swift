/// Log verbosity and shape.
public struct LoggingSettings: Codable, Sendable, Equatable {
    /// One of `trace`, `debug`, `info`, `notice`, `warning`, `error`, `critical`.
    public var level = "info"
    /// `text` for people, `json` for log collectors.
    public var format = "text"

    /// Built-in defaults.
    public init() {}

    package enum CodingKeys: String, CodingKey {
        case level, format
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = Self()
        level = try c.value(.level, or: d.level)
        format = try c.value(.format, or: d.format)
    }
}
