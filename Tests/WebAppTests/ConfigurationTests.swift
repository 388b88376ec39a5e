import Foundation
import Hummingbird
import OrchestratorCore
import Storage
import HTTPTypes
import Testing
@testable import OrchestratorCLI
@testable import WebApp
import Yams
import Orchestration

@Suite("Configuration layers", .timeLimit(.minutes(3)))
struct ConfigurationTests {
    static let defaultsFile = TestEnvironment.repoRoot + "/Resources/orchestrator.yaml"

    static func temporaryFile(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("orc-config-\(UUID().uuidString).yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func theShippedDefaultsFileEqualsTheBuiltInDefaults() throws {
        #expect(try ConfigurationLoader.decodeFile(Self.defaultsFile) == AppConfiguration())
    }

    @Test func thePrintedConfigurationReadsBackAsTheSameSettings() throws {
        var configuration = AppConfiguration()
        configuration.server.idleTimeoutSeconds = 45
        configuration.storage.backupIntervalMinutes = 0.5
        configuration.server.tlsCertFile = "/etc/orchestrator/cert.pem"
        configuration.server.tlsKeyFile = "/etc/orchestrator/key.pem"
        let printed = ConfigCommand.plainNumbers(try YAMLEncoder().encode(configuration))
        #expect(printed.contains("idle_timeout_seconds: 45.0") && printed.contains("backup_interval_minutes: 0.5"))
        #expect(!printed.contains("e+"), "no scientific notation")
        #expect(try ConfigurationLoader.decodeFile(try Self.temporaryFile(printed)) == configuration)
    }

    @Test func notificationSettingsComeFromTheEnvironmentAndAreChecked() throws {
        let loaded = try ConfigurationLoader.load(
            environment: [
                "ORCHESTRATOR_SMTP_HOST": "mail.example.com", "ORCHESTRATOR_SMTP_PORT": "465", "ORCHESTRATOR_SMTP_SECURITY": "TLS",
                "ORCHESTRATOR_SMTP_FROM": "Orchestrator <orc@example.com>", "ORCHESTRATOR_SMTP_USERNAME": "orc", "ORCHESTRATOR_SMTP_PASSWORD": "s3cret",
                "ORCHESTRATOR_PUBLIC_URL": "https://orc.example.com", "ORCHESTRATOR_VAPID_SUBJECT": "mailto:ops@example.com",
            ], defaultsFile: Self.defaultsFile)
        let n = loaded.notifications
        #expect(n.smtpHost == "mail.example.com" && n.smtpPort == 465 && n.smtpSecurity == "tls" && n.smtpUsername == "orc")
        #expect(n.publicURL == "https://orc.example.com" && n.vapidSubject == "mailto:ops@example.com")
        #expect(loaded.redacted.notifications.smtpPassword == "<redacted>")
        for (name, value) in [("ORCHESTRATOR_SMTP_SECURITY", "ssl"), ("ORCHESTRATOR_SMTP_PORT", "0"), ("ORCHESTRATOR_VAPID_SUBJECT", "ops@example.com")] {
            #expect(throws: ConfigurationError.self, "\(name)=\(value)") {
                try ConfigurationLoader.load(
                    environment: ["ORCHESTRATOR_SMTP_HOST": "mail.example.com", "ORCHESTRATOR_SMTP_FROM": "orc@example.com", name: value],
                    defaultsFile: Self.defaultsFile)
            }
        }
        #expect(throws: ConfigurationError.self, "a mail server needs a sender") {
            try ConfigurationLoader.load(environment: ["ORCHESTRATOR_SMTP_HOST": "mail.example.com"], defaultsFile: Self.defaultsFile)
        }
    }

    @Test func fileThenEnvironmentThenFlags() throws {
        let file = try Self.temporaryFile(
            """
            server:
              port: 9001
              host: 0.0.0.0
            security:
              bcrypt_cost: 10
            workspace:
              roots: [/srv/a]
            """)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let fromFile = try ConfigurationLoader.load(environment: ["ORCHESTRATOR_CONFIG": file], defaultsFile: Self.defaultsFile)
        #expect(fromFile.server.port == 9001)
        #expect(fromFile.server.host == "0.0.0.0")
        #expect(fromFile.security.bcryptCost == 10)
        #expect(fromFile.security.accessTokenTTLSeconds == 3600)
        #expect(fromFile.workspace.roots == ["/srv/a"])

        let environment = [
            "ORCHESTRATOR_CONFIG": file, "ORCHESTRATOR_PORT": "9002", "ORCHESTRATOR_WORKSPACE_ROOTS": "/srv/b:/srv/c",
            "ORCHESTRATOR_ADMIN_USER": "boss", "ORCHESTRATOR_ADMIN_PASSWORD": "boss-password", "ORCHESTRATOR_TMUX_SOCKET": "orc-test",
            "ORCHESTRATOR_AGENT_COMMAND": "bash", "ORCHESTRATOR_LOG_LEVEL": "DEBUG", "ORCHESTRATOR_DATA_DIR": "/var/orc",
        ]
        let fromEnvironment = try ConfigurationLoader.load(environment: environment, defaultsFile: Self.defaultsFile)
        #expect(fromEnvironment.server.port == 9002)
        #expect(fromEnvironment.server.host == "0.0.0.0")
        #expect(fromEnvironment.workspace.roots == ["/srv/b", "/srv/c"])
        #expect(fromEnvironment.admin.username == "boss")
        #expect(fromEnvironment.tmux.socket == "orc-test")
        #expect(fromEnvironment.agents.defaultCommand == "bash")
        #expect(fromEnvironment.logging.level == "debug")
        #expect(fromEnvironment.storage.dataDir == "/var/orc")

        let fromFlags = try ConfigurationLoader.load(
            environment: environment, flags: CommandLineOverrides(host: "127.0.0.2", port: 9003, dataDir: "/tmp/x"),
            defaultsFile: Self.defaultsFile)
        #expect(fromFlags.server.port == 9003)
        #expect(fromFlags.server.host == "127.0.0.2")
        #expect(fromFlags.storage.dataDir == "/tmp/x")
    }

    @Test func badValuesAreRefusedWithTheirName() throws {
        #expect(throws: ConfigurationError.invalidValue(name: "ORCHESTRATOR_PORT", value: "eighty", expected: "a whole number")) {
            try ConfigurationLoader.load(environment: ["ORCHESTRATOR_PORT": "eighty"])
        }
        #expect(throws: ConfigurationError.self) { try ConfigurationLoader.load(environment: ["ORCHESTRATOR_PORT": "70000"]) }
        #expect(throws: ConfigurationError.self) { try ConfigurationLoader.load(environment: ["ORCHESTRATOR_TMUX_SOCKET": "../x"]) }
        let broken = try Self.temporaryFile("server:\n  port: [1, 2]\n")
        defer { try? FileManager.default.removeItem(atPath: broken) }
        do {
            _ = try ConfigurationLoader.load(flags: CommandLineOverrides(configFile: broken))
            Issue.record("a broken file was accepted")
        } catch let error as ConfigurationError {
            #expect(error.description.contains("server.port"))
        }
        #expect(throws: ConfigurationError.self) { try ConfigurationLoader.load(flags: CommandLineOverrides(configFile: "/no/such/file.yaml")) }
    }

    @Test func relativePathsBecomeAbsoluteOnceAtStart() throws {
        let defaults = try ConfigurationLoader.load(environment: [:], workingDirectory: "/srv/checkout")
        #expect(defaults.storage.dataDir == "/srv/checkout/.orchestrator")
        let configured = try ConfigurationLoader.load(
            environment: [
                "ORCHESTRATOR_DATA_DIR": "state/../data/", "ORCHESTRATOR_WORKSPACE_ROOTS": "work:/abs/root:~/code", "HOME": "/home/ann",
            ],
            workingDirectory: "/srv/checkout")
        #expect(configured.storage.dataDir == "/srv/checkout/data")
        #expect(configured.workspace.roots == ["/srv/checkout/work", "/abs/root", "/home/ann/code"])
        let file = try Self.temporaryFile("paths:\n  templates: ./Templates\n  public: ../Public\n")
        defer { try? FileManager.default.removeItem(atPath: file) }
        let paths = try ConfigurationLoader.load(environment: ["ORCHESTRATOR_CONFIG": file], workingDirectory: "/srv/checkout")
        #expect(paths.paths.templates == "/srv/checkout/Templates")
        #expect(paths.paths.publicFiles == "/srv/Public")
    }

    @Test func secretsAreRedacted() throws {
        let configuration = try ConfigurationLoader.load(environment: ["ORCHESTRATOR_ADMIN_PASSWORD": "super-secret-pw"])
        #expect(configuration.admin.password == "super-secret-pw")
        #expect(configuration.redacted.admin.password == "<redacted>")
    }
}
