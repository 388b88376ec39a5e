import ArgumentParser
import Foundation
import Orchestration

/// `orchestrator review`: an agent reads back the reviews people sent it (the newest, or `--all`), as it received them.
struct ReviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review", abstract: "Print the newest review of your work (agents run this in their window).")

    @Flag(help: "Every review, newest first, not only the newest.") var all = false
    @Option(help: "One review by its id.") var id: Int64?
    @OptionGroup var identity: AgentOptions
    @OptionGroup var server: ServerOptions

    func run() async throws {
        let (project, agent) = try identity.names()
        let client = try server.client()
        let reviews: [[String: Any]]
        if let id {
            reviews = [(try await client.call("GET", "/api/v1/projects/\(project)/reviews/\(id)") as? [String: Any]) ?? [:]]
        } else {
            let limit = all ? 200 : 1
            reviews = (try await client.call("GET", "/api/v1/projects/\(project)/reviews?agent=\(agent)&limit=\(limit)") as? [[String: Any]]) ?? []
        }
        guard !reviews.isEmpty else {
            print("No review yet.")
            return
        }
        for (index, review) in reviews.enumerated() {
            if index > 0 { print("") }
            print("<!-- review \(review["id"] ?? "?") by \(review["author"] ?? "?"), \(review["state"] ?? "?") -->")
            print((review["content"] as? String) ?? "")
        }
    }
}
