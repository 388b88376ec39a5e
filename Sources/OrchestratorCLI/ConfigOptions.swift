import ArgumentParser
import Foundation
import Storage
import WebApp
import Orchestration

/// `--config` and `--data-dir`, shared by every command that reads the configuration or the database.
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: "Config file (YAML); also ORCHESTRATOR_CONFIG.")
    var config: String?

    @Option(name: .customLong("data-dir"), help: "Data directory; also ORCHESTRATOR_DATA_DIR. Default ./.orchestrator")
    var dataDir: String?

    /// The effective configuration with these flags (and `host`/`port` when given).
    func load(host: String? = nil, port: Int? = nil) throws -> AppConfiguration {
        do {
            return try ConfigurationLoader.load(
                flags: CommandLineOverrides(host: host, port: port, dataDir: dataDir, configFile: config),
                defaultsFile: ResourceLocator.defaultsFile)
        } catch let error as ConfigurationError {
            throw ValidationError(error.description)
        }
    }

    /// The database in the configured data directory, created and migrated if needed. Refused inside an agent's
    /// window: agents speak to the server with their own token only, never to its database.
    func openDatabase() throws -> (AppConfiguration, AppDatabase) {
        try Self.refuseForAgents()
        let configuration = try load()
        let data = try DataDirectory(path: configuration.storage.dataDir)
        return (configuration, try AppDatabase.openFile(at: data.databasePath))
    }

    /// Throws when run by an agent (its window sets `ORCHESTRATOR_AGENT` and `ORCHESTRATOR_TOKEN`).
    static func refuseForAgents(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard environment["ORCHESTRATOR_AGENT"]?.isEmpty == false || environment["ORCHESTRATOR_TOKEN"]?.isEmpty == false else { return }
        throw ValidationError(
            "this command works on the server's data directory, which agents do not reach; agents use send, report, reply and schedule with their own token")
    }
}
