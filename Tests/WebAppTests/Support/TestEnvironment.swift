import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import HummingbirdTesting
import Logging
import OrchestratorCore
import Storage
import WebApp
import Orchestration

/// A real app on a fresh data directory (real SQLite file, real keys, real templates).
struct TestEnvironment {
    static let adminPassword = "admin-password-1"
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    /// Tests log warnings and errors only, so the suite's output stays readable.
    static var logger: Logger {
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        return logger
    }

    let dataDir: String
    var configuration: AppConfiguration
    var services: AppServices!

    /// A configuration for tests: cheap bcrypt, templates from the checkout, a temp data dir.
    static func configuration(dataDir: String) -> AppConfiguration {
        var configuration = AppConfiguration()
        configuration.storage.dataDir = dataDir
        configuration.security.bcryptCost = 4
        configuration.admin.password = adminPassword
        configuration.paths.templates = repoRoot + "/Templates"
        configuration.paths.publicFiles = repoRoot + "/Public"
        configuration.tmux.socket = "orc-test-" + UUID().uuidString.prefix(8).lowercased()
        configuration.workspace.roots = [dataDir + "/workspace"]
        // As in production: a program that takes long to start under a loaded test run is waited for, not pasted at.
        configuration.agents.readyTimeoutSeconds = 20
        configuration.agents.statusIntervalSeconds = 0.2
        configuration.agents.enterDelayMilliseconds = 20
        try? FileManager.default.createDirectory(atPath: dataDir + "/workspace", withIntermediateDirectories: true)
        return configuration
    }

    /// A fresh data directory; `adjust` may change the configuration before start.
    static func make(_ adjust: (inout AppConfiguration) -> Void = { _ in }) async throws -> TestEnvironment {
        let dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("orc-test-\(UUID().uuidString)").path
        var environment = TestEnvironment(dataDir: dataDir, configuration: configuration(dataDir: dataDir))
        adjust(&environment.configuration)
        try await environment.start()
        return environment
    }

    /// Bootstraps the services (again, when called twice: a restart on the same data dir).
    mutating func start() async throws {
        services = try await AppServices.bootstrap(configuration: configuration, logger: TestEnvironment.logger, announce: { _ in })
    }

    /// Runs `body` against the real router.
    func test<Value>(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        let (router, _) = buildRouter(services)
        let app = Application(router: router, services: [OrchestratorService(runtime: services.runtime)], logger: TestEnvironment.logger)
        return try await app.test(.router) { client in try await body(client) }
    }

    /// Runs `body` against the app on a real socket.
    func testLive<Value>(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        let (router, _) = buildRouter(services)
        let app = Application(
            router: router, server: .http1WebSocketUpgrade(webSocketRouter: router), configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            services: [OrchestratorService(runtime: services.runtime)], logger: TestEnvironment.logger)
        return try await app.test(.live) { client in try await body(client) }
    }

    /// Creates a user directly through the service.
    @discardableResult
    func addUser(_ username: String, role: Role, password: String = "password-123") async throws -> User {
        try await services.users.create(username: username, password: password, role: role.rawValue, actor: "test")
    }

    /// The folder projects may live in.
    var workspace: String { dataDir + "/workspace" }

    /// Stops this test's private tmux server and removes the data directory.
    func cleanUp() {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["tmux", "-L", configuration.tmux.socket, "kill-server"]
        process.standardError = FileHandle.nullDevice
        try? process.run()
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: dataDir)
    }
}
