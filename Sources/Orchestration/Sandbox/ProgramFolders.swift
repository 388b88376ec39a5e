import Foundation
import ProcessKit

/// The folders an agent's program needs to run, to show read-only in its sandbox when they sit in a hidden folder
/// (tools installed in the server user's HOME, a checkout under /tmp): the program's own folder, the folder its
/// symbolic link leads to, and for a Python virtual environment the environment and the Python it was made from.
package enum ProgramFolders {
    /// The folders for the first word of `command`, looked up on `path` when it names no folder.
    package static func of(command: String, path: String) -> [String] {
        guard let word = command.split(whereSeparator: \.isWhitespace).first,
              let program = ExecutableLookup.path(of: String(word), in: path) else { return [] }
        var folders = [(program as NSString).deletingLastPathComponent]
        let resolved = AgentSandbox.canonical(program)
        let resolvedFolder = (resolved as NSString).deletingLastPathComponent
        if resolvedFolder != folders[0] { folders.append(resolvedFolder) }
        // An npm-installed CLI (`bin/codex` → `lib/node_modules/@openai/codex/bin/codex.js`) needs its whole package.
        if let package = Self.nodePackage(containing: resolved) { folders.append(package) }
        for folder in folders {
            // <venv>/bin/program with <venv>/pyvenv.cfg naming the Python it came from (`home = <prefix>/bin`).
            let environment = (folder as NSString).deletingLastPathComponent
            guard let config = try? String(contentsOfFile: environment + "/pyvenv.cfg", encoding: .utf8) else { continue }
            folders.append(environment)
            for line in config.split(separator: "\n") {
                let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                if parts.count == 2, parts[0] == "home", parts[1].hasPrefix("/") {
                    folders.append((parts[1] as NSString).deletingLastPathComponent)
                }
            }
        }
        return folders
    }

    /// `…/node_modules/<name>` or `…/node_modules/@scope/<name>` holding `path`, if any.
    static func nodePackage(containing path: String) -> String? {
        guard let range = path.range(of: "/node_modules/", options: .backwards) else { return nil }
        let rest = path[range.upperBound...].split(separator: "/")
        guard let first = rest.first else { return nil }
        let depth = first.hasPrefix("@") ? 2 : 1
        guard rest.count > depth else { return nil }
        return String(path[..<range.upperBound]) + rest.prefix(depth).joined(separator: "/")
    }
}
