import Foundation

/// Recognises shells, to tell "the agent exited back to its shell" from "the agent runs".
public enum ShellName {
    /// Program names counted as shells.
    static let names: Set<String> = ["bash", "zsh", "sh", "fish", "dash"]

    /// Whether `program` (a tmux `pane_current_command`, a path, or a login shell's `-bash`) is a shell.
    public static func isShell(_ program: String) -> Bool {
        names.contains(normalized(program))
    }

    /// The program a command line runs, skipping `NAME=value` assignments and `env`/`exec`/`nohup`.
    static func program(ofCommandLine commandLine: String) -> String? {
        let skipped: Set<String> = ["env", "exec", "nohup", "command"]
        for word in commandLine.split(whereSeparator: \.isWhitespace) {
            let token = word.trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            if token.isEmpty || skipped.contains(token) || isAssignment(token) { continue }
            return normalized(token)
        }
        return nil
    }

    /// Lowercased last path component without a login shell's leading `-`.
    private static func normalized(_ program: String) -> String {
        var name = program.trimmingCharacters(in: .whitespaces)
        if let slash = name.lastIndex(of: "/") { name = String(name[name.index(after: slash)...]) }
        if name.hasPrefix("-") { name.removeFirst() }
        return name.lowercased()
    }

    /// Whether `token` looks like `NAME=value`.
    private static func isAssignment(_ token: String) -> Bool {
        guard let equals = token.firstIndex(of: "="), equals != token.startIndex else { return false }
        return token[..<equals].allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
    }
}
