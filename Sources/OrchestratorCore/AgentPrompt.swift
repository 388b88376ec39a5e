/// A question an agent is showing a person, with the answers it offers.
public struct AgentPrompt: Codable, Sendable, Equatable {
    /// One answer: the key a person would press, words for it, and the exact tmux keys that give it.
    public struct Option: Codable, Sendable, Equatable {
        /// The key shown with the option, e.g. `1` or `y`.
        public var key: String
        /// The option's words, e.g. `Yes, and don't ask again`.
        public var label: String
        /// tmux key names sent to choose it, e.g. `["1"]` or `["y", "Enter"]`.
        public var keys: [String]

        /// Creates an option.
        public init(key: String, label: String, keys: [String]) {
            self.key = key
            self.label = label
            self.keys = keys
        }
    }

    /// The question, e.g. `Do you want to proceed?`.
    public var text: String
    /// The answers offered, in screen order (empty when only free text answers it).
    public var options: [Option]
    /// `screen` or `hook`: where the question was read.
    public var source: String
    /// For a hook's question: the tool that asks, e.g. `Bash`.
    public var tool: String?
    /// For a hook's question: what the tool would do (its input, as JSON text).
    public var toolInput: String?
    /// What the question is about, as the screen showed it above the question (the command, the file, the diff).
    public var context: String?

    /// Creates a prompt.
    public init(text: String, options: [Option], source: String, tool: String? = nil, toolInput: String? = nil, context: String? = nil) {
        self.text = text
        self.options = options
        self.source = source
        self.tool = tool
        self.toolInput = toolInput
        self.context = context
    }

    enum CodingKeys: String, CodingKey {
        case text, options, source, tool, context
        case toolInput = "tool_input"
    }
}
