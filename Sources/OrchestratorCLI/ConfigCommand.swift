import ArgumentParser
import WebApp
import Yams
import Orchestration

/// `orchestrator config`: prints the effective configuration with secrets redacted.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Print the effective configuration (defaults < file < environment < flags), secrets redacted.")

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        print(try YAMLEncoder().encode(try options.load().redacted), terminator: "")
    }
}
