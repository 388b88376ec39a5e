import Foundation

/// Which of the server's environment variables a contained agent gets, and its terminal type.
package enum SandboxEnvironment {
    /// Prefixes of the variables model providers and agent programs read (keys, endpoints, options).
    static let prefixes = [
        "ANTHROPIC_", "CLAUDE_", "OPENAI_", "CODEX_", "GEMINI_", "GOOGLE_", "VERTEX", "AIDER_", "OLLAMA_", "OPENROUTER_",
        "AZURE_OPENAI_", "MISTRAL_", "DEEPSEEK_", "GROQ_", "XAI_", "CURSOR_", "LANG", "LC_",
    ]
    /// Whole names passed as well: proxies, time zone, colour preferences.
    static let names: Set<String> = [
        "TZ", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy", "ALL_PROXY", "all_proxy",
        "COLORTERM", "NO_COLOR", "FORCE_COLOR", "PATH", "USER", "LOGNAME", "SSL_CERT_FILE", "SSL_CERT_DIR", "NODE_EXTRA_CA_CERTS",
    ]

    /// Whether a server variable named so is passed, besides the names in `extra` (`agents.sandbox_pass_environment`).
    /// The orchestrator's own settings never are: agents get only their identity, set per agent.
    package static func passes(extra: [String]) -> @Sendable (String) -> Bool {
        let extra = Set(extra)
        return { name in
            if extra.contains(name) { return true }
            if name.hasPrefix("ORCHESTRATOR_") { return false }
            return names.contains(name) || prefixes.contains { name.hasPrefix($0) }
        }
    }

    /// tmux's own terminal type when its description is installed, else the one every system has.
    package static let terminal: String = {
        let folders = ["/usr/share/terminfo/t", "/lib/terminfo/t", "/etc/terminfo/t"]
        return folders.contains { FileManager.default.fileExists(atPath: $0 + "/tmux-256color") } ? "tmux-256color" : "screen-256color"
    }()
}
