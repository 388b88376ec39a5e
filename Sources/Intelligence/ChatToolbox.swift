import Foundation

/// Tools a model may call during a chat, carried out with the rights of the person chatting.
public protocol ChatToolbox: Sendable {
    /// Each tool's name, description and JSON Schema of its arguments (as JSON text).
    var tools: [(name: String, description: String, schema: String)] { get }
    /// Runs a tool with arguments given as JSON text; the text to show the model, and whether it is an error.
    func call(_ name: String, arguments: String) async -> (text: String, isError: Bool)
}

extension ChatToolbox {
    /// Each tool with its argument schema decoded from JSON text (an open object where the text is not JSON), as
    /// both providers' requests carry it.
    var decodedTools: [(name: String, description: String, schema: Any)] {
        tools.map { tool in
            (tool.name, tool.description, (try? JSONSerialization.jsonObject(with: Data(tool.schema.utf8))) ?? ["type": "object"])
        }
    }
}
