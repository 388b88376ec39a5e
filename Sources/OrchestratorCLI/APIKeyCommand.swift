import ArgumentParser
import Foundation
import OrchestratorCore
import Storage
import WebApp
import Orchestration

/// `orchestrator apikey create|list|revoke`: keys for automation, on the database directly.
struct APIKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apikey", abstract: "Manage API keys (works on the database directly).", subcommands: [Create.self, List.self, Revoke.self])

    /// Acting as `owner` (default: the first admin), with that user's current role.
    static func owner(_ name: String?, _ database: AppDatabase) throws -> Principal {
        let user: User?
        if let name {
            user = try database.user(named: name)
        } else {
            user = try database.allUsers().first { $0.role == .admin }
        }
        guard let user else { throw ValidationError(name.map { "no user named '\($0)'" } ?? "there is no admin user yet") }
        return Principal(userID: user.id, username: user.username, role: user.role, credential: .session(sessionID: "cli"))
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a key; it is printed once and stored only as a hash.")
        @Option(help: "What the key is for.") var name: String
        @Option(help: "admin, manager or viewer (at most the owner's role).") var role: String = "viewer"
        @Option(help: "The user who owns the key (default: the first admin).") var owner: String?
        @OptionGroup var options: ConfigOptions

        func run() async throws {
            let (_, database) = try options.openDatabase()
            let principal = try APIKeyCommand.owner(owner, database)
            let created = try await CLIErrors.explain { try APIKeyAdministration(database: database).create(name: name, role: role, owner: principal) }
            print("Created \(created.key.role.rawValue) key \(created.key.id) '\(created.key.name)' for \(principal.username):")
            print(created.secret)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List live keys (never their secrets).")
        @OptionGroup var options: ConfigOptions

        func run() async throws {
            let (_, database) = try options.openDatabase()
            print("ID  ROLE     PREFIX        OWNER  NAME")
            for key in try database.apiKeys() {
                print("\(key.id)  \(key.role.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0))  \(key.prefix)  \(key.ownerName)  \(key.name)")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key by id.")
        @Argument(help: "The key's id (see list).") var id: Int64
        @OptionGroup var options: ConfigOptions

        func run() async throws {
            let (_, database) = try options.openDatabase()
            try await CLIErrors.explain {
                try database.revokeAPIKey(id: id)
                try database.recordAudit(actor: "cli", action: "apikey.revoke", target: "\(id)")
            }
            print("Revoked key \(id).")
        }
    }
}
