import ArgumentParser
import Foundation
import OrchestratorCore
import Storage
import WebApp
import Orchestration

/// `orchestrator user add|list|passwd|role|delete`: works straight on the database, server running or not.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage users (works on the database directly).",
        subcommands: [Add.self, List.self, Passwd.self, SetRole.self, Delete.self])

    /// The user service over the configured database.
    static func administration(_ options: ConfigOptions) throws -> (UserAdministration, AppDatabase) {
        let (configuration, database) = try options.openDatabase()
        return (UserAdministration(database: database, hasher: PasswordHasher(cost: configuration.security.bcryptCost)), database)
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a user; without a password option one is generated and printed.")
        @Argument(help: "Username.") var username: String
        @Option(help: "admin, manager or viewer.") var role: String = "viewer"
        @OptionGroup var password: PasswordInput
        @OptionGroup var options: ConfigOptions

        func run() async throws {
            let (users, _) = try UserCommand.administration(options)
            let given = try password.read()
            let chosen = given ?? GeneratedPassword.make()
            let user = try await CLIErrors.explain { try await users.create(username: username, password: chosen, role: role, actor: "cli") }
            print("Created \(user.role.rawValue) '\(user.username)'.")
            if given == nil { print("Password: \(chosen)") }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users.")
        @OptionGroup var options: ConfigOptions

        func run() async throws {
            let (_, database) = try UserCommand.administration(options)
            let users = try database.allUsers()
            let width = max(8, users.map(\.username.count).max() ?? 0)
            print("USERNAME".padding(toLength: width, withPad: " ", startingAt: 0) + "  ROLE     CREATED")
            for user in users {
                print(user.username.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + user.role.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0) + "  \(ISO8601DateFormatter().string(from: user.createdAt))")
            }
        }
    }

    struct Passwd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "passwd", abstract: "Set a user's password and end their sessions.")
        @Argument(help: "Username.") var username: String
        @OptionGroup var password: PasswordInput
        @OptionGroup var options: ConfigOptions

        func run() async throws {
            let (users, _) = try UserCommand.administration(options)
            let given = try password.read()
            let chosen = given ?? GeneratedPassword.make()
            try await CLIErrors.explain { try await users.changePassword(username: username, to: chosen, actor: "cli") }
            print("Password changed for '\(username)'.")
            if given == nil { print("Password: \(chosen)") }
        }
    }

    struct SetRole: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "role", abstract: "Change a user's role.")
        @Argument(help: "Username.") var username: String
        @Argument(help: "admin, manager or viewer.") var role: String
        @OptionGroup var options: ConfigOptions

        func run() async throws {
            let (users, _) = try UserCommand.administration(options)
            let user = try await CLIErrors.explain { try users.changeRole(username: username, to: role, actor: "cli") }
            print("'\(user.username)' is now \(user.role.rawValue).")
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a user with their sessions and API keys.")
        @Argument(help: "Username.") var username: String
        @OptionGroup var options: ConfigOptions

        func run() async throws {
            let (users, _) = try UserCommand.administration(options)
            try await CLIErrors.explain { try users.delete(username: username, actor: "cli") }
            print("Deleted '\(username)'.")
        }
    }
}
