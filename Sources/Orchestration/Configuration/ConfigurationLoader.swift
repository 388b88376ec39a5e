import Foundation
import Yams

/// Builds the effective ``AppConfiguration`` from its layers:
/// built-in defaults (`Resources/orchestrator.yaml`) < config file < `ORCHESTRATOR_*` environment < flags.
public enum ConfigurationLoader {
    /// Loads and validates the effective configuration.
    /// - Parameters:
    ///   - environment: the process environment (only `ORCHESTRATOR_*` names are read).
    ///   - flags: command-line overrides.
    ///   - defaultsFile: the built-in defaults file, when found; the compiled-in defaults equal it.
    ///   - workingDirectory: relative paths (the default data directory `./.orchestrator` among them) are made
    ///     absolute against this folder, once, here (see ``AppConfiguration/withAbsolutePaths(workingDirectory:home:)``).
    public static func load(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        flags: CommandLineOverrides = CommandLineOverrides(),
        defaultsFile: String? = nil,
        workingDirectory: String = FileManager.default.currentDirectoryPath
    ) throws -> AppConfiguration {
        var configuration = AppConfiguration()
        if let defaultsFile, FileManager.default.fileExists(atPath: defaultsFile) {
            configuration = try decodeFile(defaultsFile)
        }
        if let file = flags.configFile ?? environment["ORCHESTRATOR_CONFIG"] {
            configuration = try overlay(configuration, withFile: file)
        }
        try applyEnvironment(environment, to: &configuration)
        if let host = flags.host { configuration.server.host = host }
        if let port = flags.port { configuration.server.port = port }
        if let dataDir = flags.dataDir { configuration.storage.dataDir = dataDir }
        try validate(configuration)
        // A server that speaks HTTPS itself marks its cookies Secure and sends HSTS.
        if configuration.server.tlsCertFile != nil { configuration.server.tls = true }
        return configuration.withAbsolutePaths(workingDirectory: workingDirectory, home: environment["HOME"])
    }

    /// Parses a YAML config file on its own (every setting it leaves out keeps its built-in default).
    public static func decodeFile(_ path: String) throws -> AppConfiguration {
        try decode(yaml: readFile(path), path: path)
    }

    /// Applies a YAML file on top of `base`: settings named in the file win, the rest of `base` stays.
    package static func overlay(_ base: AppConfiguration, withFile path: String) throws -> AppConfiguration {
        let text = try readFile(path)
        do {
            guard let overrides = try Yams.load(yaml: text) else { return base }
            guard let overrideTree = overrides as? [String: Any] else {
                throw ConfigurationError.invalidFile(path: path, reason: "the top level must be a mapping")
            }
            let baseTree = try Yams.load(yaml: YAMLEncoder().encode(base)) as? [String: Any] ?? [:]
            let merged = merge(baseTree, overrideTree)
            return try decode(yaml: Yams.dump(object: merged), path: path)
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw ConfigurationError.invalidFile(path: path, reason: "\(error)")
        }
    }

    private static func readFile(_ path: String) throws -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigurationError.unreadableFile(path: path, reason: error.localizedDescription)
        }
    }

    private static func decode(yaml: String, path: String) throws -> AppConfiguration {
        do {
            if yaml.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return AppConfiguration() }
            return try YAMLDecoder().decode(AppConfiguration.self, from: yaml)
        } catch {
            throw ConfigurationError.invalidFile(path: path, reason: describe(error))
        }
    }

    private static func merge(_ base: [String: Any], _ overrides: [String: Any]) -> [String: Any] {
        var result = base
        for (key, value) in overrides {
            if let nested = value as? [String: Any], let existing = result[key] as? [String: Any] {
                result[key] = merge(existing, nested)
            } else {
                result[key] = value
            }
        }
        return result
    }

    private static func describe(_ error: any Error) -> String {
        guard let decoding = error as? DecodingError else { return "\(error)" }
        switch decoding {
        case .typeMismatch(let type, let context):
            return "\(keyPath(context.codingPath)) must be of type \(type)"
        case .valueNotFound(_, let context):
            return "\(keyPath(context.codingPath)) must not be empty"
        case .keyNotFound(let key, let context):
            return "\(keyPath(context.codingPath + [key])) is required"
        case .dataCorrupted(let context):
            return "\(keyPath(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }

    private static func keyPath(_ path: [any CodingKey]) -> String {
        path.map(\.stringValue).joined(separator: ".")
    }
}
