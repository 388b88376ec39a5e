import ArgumentParser
import Foundation
import MCPTools

/// `orchestrator mcp`: the orchestrator's tools for an MCP client over stdio (one JSON-RPC message per line),
/// carried out on a running server with `ORCHESTRATOR_URL` and `ORCHESTRATOR_TOKEN`: every call has that token's role
/// and, for an agent's token, its project. In an agent's window the agent's own project and id are the defaults.
struct MCPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "mcp", abstract: "Serve the orchestrator's tools to an MCP client over stdio.")

    @OptionGroup var server: ServerOptions

    func run() async throws {
        let client = try ServerClient(url: server.url, token: server.token)
        let environment = ProcessInfo.processInfo.environment
        var defaults: [String: String] = [:]
        if let project = environment["ORCHESTRATOR_PROJECT"], !project.isEmpty { defaults["project_id"] = project }
        if let agent = environment["ORCHESTRATOR_AGENT"], !agent.isEmpty { defaults["agent_id"] = agent }
        let session = MCPSession(api: OrchestratorAPI(baseURL: client.baseURL, token: client.token), defaults: defaults)
        // Lines are read off the main thread's stdin; each answer is written whole, then flushed.
        while let line = readLine(strippingNewline: true) {
            guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            if let answer = await session.handle(Data(line.utf8)) {
                FileHandle.standardOutput.write(answer + Data("\n".utf8))
            }
        }
    }
}
