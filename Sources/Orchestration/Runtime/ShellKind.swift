import Foundation

/// The interactive shells whose rc files the orchestrator wraps.
package enum ShellKind: String, CaseIterable {
    case bash, zsh, fish, sh, dash

    package init?(program: String) {
        let name = (program as NSString).lastPathComponent
        self.init(rawValue: name)
    }

    /// Arguments (after `env PATH=…`) that start `program` with the wrapper.
    package func launch(_ program: String, setup: String, cliFolder: String) -> [String] {
        switch self {
        case .bash: return [program, "--rcfile", setup + "/bashrc", "-i"]
        case .zsh: return ["ZDOTDIR=" + setup + "/zsh", program, "-i"]
        case .fish: return [program, "-i", "-C", "set -gx PATH " + Self.fishQuoted(cliFolder) + " $PATH"]
        case .sh, .dash: return ["ENV=" + setup + "/shrc", program, "-i"]
        }
    }

    /// The rc files this shell reads, relative to the setup folder.
    package var files: [(String, String)] {
        let restore = #"case ":$PATH:" in *":$ORCHESTRATOR_BIN_DIR:"*) ;; *) PATH="$ORCHESTRATOR_BIN_DIR:$PATH"; export PATH ;; esac"#
        switch self {
        case .bash:
            return [("bashrc", "# Written by the orchestrator: your own rc file first, then its folder on PATH.\n"
                + "if [ -f \"$HOME/.bashrc\" ]; then . \"$HOME/.bashrc\"; fi\n" + restore + "\n")]
        case .zsh:
            return [
                ("zsh/.zshenv", "if [ -f \"$HOME/.zshenv\" ]; then . \"$HOME/.zshenv\"; fi\n"),
                ("zsh/.zshrc", "if [ -f \"$HOME/.zshrc\" ]; then . \"$HOME/.zshrc\"; fi\n" + restore + "\n"),
            ]
        case .sh, .dash:
            return [("shrc", restore + "\n")]
        case .fish:
            return []
        }
    }

    private static func fishQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }
}
