import Foundation
import OrchestratorCore
import ProcessKit

/// How an agent's window starts so that `orchestrator` is on the PATH of every process in it.
///
/// tmux 3.3a replaces a window's `-e PATH=…` with the PATH of the client that asked for the window, so the
/// PATH is set by the program tmux runs instead: `/usr/bin/env PATH=<orchestrator's folder>:… <program>`, with no
/// shell between tmux and `env`. A plain program runs under `/bin/sh -c` (exec'd when it is one simple command,
/// so the pane's process is the agent itself). A shell agent gets a small rc file that runs the user's own rc
/// files first and then puts the folder back in front, since rc files often set PATH themselves.
package struct AgentLaunch: Sendable {
    /// The folder holding the `orchestrator` executable, or nil when it cannot be found.
    package let cliFolder: String?
    /// Where the shell rc wrappers live (`<data>/shell`).
    package let shellSetupFolder: String
    /// The PATH the agent's processes start with.
    package let path: String

    /// - Parameters:
    ///   - dataDir: the server's data directory; rc wrappers are written below it.
    ///   - environment: the server's environment (its PATH is kept after the orchestrator's folder).
    package init(dataDir: String, environment: [String: String] = ProcessInfo.processInfo.environment) {
        let folder = Self.locateCLI()
        cliFolder = folder
        shellSetupFolder = dataDir + "/shell"
        let inherited = environment["PATH"].flatMap { $0.isEmpty ? nil : $0 } ?? "/usr/local/bin:/usr/bin:/bin"
        if let folder, !inherited.split(separator: ":").contains(Substring(folder)) {
            path = folder + ":" + inherited
        } else {
            path = inherited
        }
    }

    /// The folder of the running executable when it is `orchestrator`, or when an `orchestrator` executable sits
    /// beside it (the test runner in `.build/debug`).
    package static func locateCLI() -> String? {
        for executable in RunningExecutable.candidates {
            let folder = executable.deletingLastPathComponent().path
            if executable.lastPathComponent == "orchestrator" || FileManager.default.isExecutableFile(atPath: folder + "/orchestrator") { return folder }
        }
        return nil
    }

    /// The argv tmux runs for `command`.
    package func argv(for command: String) -> [String] {
        var argv = ["/usr/bin/env", "PATH=" + path]
        let words = command.split(whereSeparator: \.isWhitespace).map(String.init)
        if words.count == 1, let shell = words.first, let kind = ShellKind(program: shell), let cliFolder {
            argv += kind.launch(shell, setup: shellSetupFolder, cliFolder: cliFolder)
        } else {
            argv += ["/bin/sh", "-c", Self.isSimple(command) ? "exec " + command : command]
        }
        return argv
    }

    /// Variables every agent process gets besides its identity.
    package var environment: [String: String] {
        guard let cliFolder else { return [:] }
        return ["ORCHESTRATOR_BIN_DIR": cliFolder, "ORCHESTRATOR_BIN": cliFolder + "/orchestrator"]
    }

    /// Writes the rc wrappers (idempotent).
    package func writeShellSetup() throws {
        for kind in ShellKind.allCases {
            for (name, text) in kind.files {
                let file = shellSetupFolder + "/" + name
                try FileManager.default.createDirectory(
                    atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                if (try? String(contentsOfFile: file, encoding: .utf8)) != text {
                    try text.write(toFile: file, atomically: true, encoding: .utf8)
                }
            }
        }
    }

    /// One command word list with no shell syntax, which `exec` may replace the shell with.
    package static func isSimple(_ command: String) -> Bool {
        let special = CharacterSet(charactersIn: ";&|<>()$`\\\"'*?[]{}~#!\n")
        let words = command.split(whereSeparator: \.isWhitespace)
        guard let first = words.first, !first.contains("=") else { return false }
        return command.unicodeScalars.allSatisfy { !special.contains($0) }
    }
}
