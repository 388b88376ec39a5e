/// One tool: its name, what it does, the JSON Schema of its input, and how it is carried out.
public struct ToolDefinition: Sendable {
    public let name: String
    public let description: String
    /// The input schema as JSON text (an object schema).
    public let inputSchema: String
    let run: @Sendable ([String: Any], OrchestratorAPI) async throws -> String

    init(_ name: String, _ description: String, schema: String, run: @escaping @Sendable ([String: Any], OrchestratorAPI) async throws -> String) {
        self.name = name
        self.description = description
        self.inputSchema = schema
        self.run = run
    }
}
