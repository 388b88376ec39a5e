import ArgumentParser
import Foundation
import Orchestration
import Storage

/// `orchestrator restore --from FILE`: puts a backup back into the data directory, checked first.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore a backup into the data directory (refused while a server uses it).",
        discussion: """
            The whole file is checked before anything changes: every file's checksum, SQLite's integrity check, \
            that it is this program's database. The files it replaces are kept in <data>/replaced-<time>/.
            """)

    @Option(name: .customLong("from"), help: "The backup file.")
    var source: String

    @Option(help: "The backup's SHA-256 as printed when it was taken; checked before anything changes.")
    var sha256: String?

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        try ConfigOptions.refuseForAgents()
        let configuration = try options.load()
        let file = AppConfiguration.absolutePath(source, from: FileManager.default.currentDirectoryPath, home: ProcessInfo.processInfo.environment["HOME"])
        let outcome = try DataRestore.restore(from: file, into: configuration.storage.dataDir, expectedSHA256: sha256)
        let summary = outcome.summary
        print(
            "Restored \(file) (taken \(ISO8601DateFormatter().string(from: outcome.manifest.createdAt))) into \(configuration.storage.dataDir): "
                + "\(summary.projects) projects, \(summary.users) users, \(summary.messages) messages.")
        if let replaced = outcome.replacedFolder { print("The files it replaced are in \(replaced).") }
        print("Start the server with: orchestrator serve")
    }
}
