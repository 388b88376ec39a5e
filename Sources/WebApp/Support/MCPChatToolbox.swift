import Foundation
import Intelligence
import MCPTools

/// The MCP tool catalog as a chat model's toolbox: every call goes to the REST API with the chatting person's own
/// credential, so the model can do for them exactly what they may do (a viewer's chat cannot send or merge).
struct MCPChatToolbox: ChatToolbox {
    let api: OrchestratorAPI
    let defaults: [String: String]

    var tools: [(name: String, description: String, schema: String)] {
        ToolCatalog.tools.map { ($0.name, $0.description, $0.inputSchema) }
    }

    func call(_ name: String, arguments: String) async -> (text: String, isError: Bool) {
        guard let parsed = (try? JSONSerialization.jsonObject(with: Data(arguments.utf8))) as? [String: Any] else {
            return ("the arguments are not a JSON object", true)
        }
        let result = await ToolCatalog.call(name, arguments: parsed, api: api, defaults: defaults)
        return (result.text, result.isError)
    }
}
