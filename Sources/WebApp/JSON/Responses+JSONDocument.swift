import Orchestration

// The engine's response values are written as JSON bodies as they stand.
extension ProjectResponse: JSONDocument {}
extension AgentStatusResponse: JSONDocument {}
extension MessageResponse: JSONDocument {}
