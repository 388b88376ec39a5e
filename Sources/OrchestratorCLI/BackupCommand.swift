import ArgumentParser
import Foundation
import Orchestration

/// `orchestrator backup --to FILE`: a consistent copy of the server's state, safe while the server runs.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the server's state (database, signing keys, secrets) into one file, safely while it runs.",
        discussion: """
            The file is a tar archive (mode 0600) with a manifest of checksums; restore it with \
            `orchestrator restore --from FILE`. Project repositories and agents' worktrees are not in it.
            """)

    @Option(name: .customLong("to"), help: "The file to write, or an existing folder to put a dated file in.")
    var destination: String

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        try ConfigOptions.refuseForAgents()
        let configuration = try options.load()
        let target = AppConfiguration.absolutePath(destination, from: FileManager.default.currentDirectoryPath, home: ProcessInfo.processInfo.environment["HOME"])
        let record = try DataBackup.create(dataDir: configuration.storage.dataDir, to: target)
        print("Backup written: \(record.path) (\(record.sizeBytes) bytes, sha256 \(record.sha256))")
    }
}
