/// Settings given as command-line flags; they win over everything else.
public struct CommandLineOverrides: Sendable, Equatable {
    public var host: String?
    public var port: Int?
    public var dataDir: String?
    public var configFile: String?

    /// Creates overrides; nil means "not given".
    public init(host: String? = nil, port: Int? = nil, dataDir: String? = nil, configFile: String? = nil) {
        self.host = host
        self.port = port
        self.dataDir = dataDir
        self.configFile = configFile
    }
}
