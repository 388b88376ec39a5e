import Foundation

extension AgentPrompt {
    /// The prompt as it is stored in an agent's row (JSON text), or nil if it cannot be encoded.
    public var storedText: String? {
        (try? JSONEncoder().encode(self)).map { String(decoding: $0, as: UTF8.self) }
    }

    /// A prompt read back from its stored text; nil for text that is not one.
    /// - Parameter storedText: what ``storedText`` gave.
    public init?(storedText: String) {
        guard let prompt = try? JSONDecoder().decode(AgentPrompt.self, from: Data(storedText.utf8)) else { return nil }
        self = prompt
    }
}
