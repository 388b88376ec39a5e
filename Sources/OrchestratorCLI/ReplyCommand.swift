import ArgumentParser
import Foundation
import Orchestration

/// `orchestrator reply "text"`: an agent answers the latest message to it that asked for an answer (or `--to N`).
struct ReplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reply", abstract: "Answer a message that asked for an answer (agents run this in their window).")

    @Argument(help: "The answer in Markdown (or - for standard input).") var text: String
    @Option(help: "The id of the message you answer; default the latest one that asked you.") var to: Int64?
    @OptionGroup var identity: AgentOptions
    @OptionGroup var server: ServerOptions

    func run() async throws {
        let path = try identity.path()
        let content = text == "-" ? String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self) : text
        var body: [String: Any] = ["content": content]
        if let to { body["in_reply_to"] = to }
        let answer = try await server.client().call("POST", path + "/reply", body: body) as? [String: Any]
        print("Replied to message \(answer?["in_reply_to"] ?? "?") (reply \(answer?["id"] ?? "?")).")
    }
}
