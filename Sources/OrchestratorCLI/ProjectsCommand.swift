import ArgumentParser
import Foundation
import Orchestration

/// `orchestrator projects`: lists projects with their state and agents.
struct ProjectsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "projects", abstract: "List projects on the server.")

    @Option(help: "Only projects in this state.") var status: String?
    @OptionGroup var server: ServerOptions

    func run() async throws {
        let path = "/api/v1/projects" + (status.map { "?status=\($0)" } ?? "")
        let answer = try await server.client().call("GET", path) as? [String: Any]
        let items = answer?["items"] as? [[String: Any]] ?? []
        if items.isEmpty { print("No projects.") }
        for project in items {
            let agents = (project["agents"] as? [[String: Any]] ?? []).map { "\($0["agent_id"] ?? "?"):\($0["status"] ?? "?")" }
            print("\(project["id"] ?? "?")  \(project["status"] ?? "?")  \(project["name"] ?? "")  [\(agents.joined(separator: " "))]")
        }
    }
}
