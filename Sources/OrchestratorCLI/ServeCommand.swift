import ArgumentParser
import Hummingbird
import Logging
import WebApp
import Orchestration

/// `orchestrator serve`: runs the server until SIGTERM or SIGINT, then shuts down gracefully.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the server.")

    @Option(help: "Address to bind; also ORCHESTRATOR_HOST. Default 127.0.0.1")
    var host: String?

    @Option(help: "Port; also ORCHESTRATOR_PORT. Default 8000")
    var port: Int?

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        let configuration = try options.load(host: host, port: port)
        LogSetup.bootstrap(configuration.logging)
        let logger = Logger(label: "orchestrator")
        let data = try DataDirectory(path: configuration.storage.dataDir)
        // Held until the process ends: a restore refuses while it is held, and a second server on this data directory too.
        let lock = try DataDirectoryLock.acquire(dataDir: data.path, purpose: "a server")
        let services = try await AppServices.bootstrap(configuration: configuration, logger: logger)
        let app = try buildApplication(services, logger: logger)
        let scheme = configuration.server.tlsCertFile == nil ? "http" : "https"
        print("Tmux Orchestrator listening on \(scheme)://\(configuration.server.host):\(configuration.server.port) (data: \(configuration.storage.dataDir))")
        let sandbox = services.runtime.sandbox
        print((sandbox.isEnabled ? "Sandbox: " : "Warning: ") + sandbox.summary)
        try await app.runService()
        withExtendedLifetime(lock) {}
    }
}
