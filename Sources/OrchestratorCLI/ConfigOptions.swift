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

    /// The database in the configured data directory, created and migrated if needed.
    func openDatabase() throws -> (AppConfiguration, AppDatabase) {
        let configuration = try load()
        let data = try DataDirectory(path: configuration.storage.dataDir)
        return (configuration, try AppDatabase.openFile(at: data.databasePath))
    }
}
