/// Why a configuration could not be loaded; each case says what to fix.
public enum ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The config file could not be read.
    case unreadableFile(path: String, reason: String)
    /// The config file is not valid YAML for the configuration's shape.
    case invalidFile(path: String, reason: String)
    /// An environment variable or flag holds a value of the wrong kind.
    case invalidValue(name: String, value: String, expected: String)
    /// A setting is out of its allowed range.
    case outOfRange(setting: String, reason: String)

    public var description: String {
        switch self {
        case .unreadableFile(let path, let reason): "cannot read config file \(path): \(reason)"
        case .invalidFile(let path, let reason): "invalid config file \(path): \(reason)"
        case .invalidValue(let name, let value, let expected): "\(name)=\(value) is not valid: expected \(expected)"
        case .outOfRange(let setting, let reason): "setting \(setting) \(reason)"
        }
    }
}
