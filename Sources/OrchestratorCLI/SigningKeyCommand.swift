import ArgumentParser
import WebApp
import Orchestration

/// `orchestrator signing-key rotate`: a new JWT signing key; tokens signed by the old one stay valid until they expire.
struct SigningKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signing-key", abstract: "Manage the keys that sign access tokens.", subcommands: [Rotate.self])

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a new signing key (restart the server to use it).")
        @OptionGroup var options: ConfigOptions

        func run() async throws {
            let configuration = try options.load()
            try ConfigOptions.refuseForAgents()
            let data = try DataDirectory(path: configuration.storage.dataDir)
            let kid = try SigningKeyStore(path: data.signingKeysPath).rotate()
            print("New signing key \(kid). Restart the server to sign with it; older keys keep verifying.")
        }
    }
}
