import OrchestratorCore

extension AgentPrompt: JSONWritable {
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("text", text)
        writer.field("options", options)
        writer.field("source", source)
        writer.field("tool", tool)
        writer.field("tool_input", toolInput)
        writer.field("context", context)
        writer.endObject()
    }
}

extension AgentPrompt.Option: JSONWritable {
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("key", key)
        writer.field("label", label)
        writer.field("keys", keys)
        writer.endObject()
    }
}
