import Foundation
import ProcessKit

/// Keeps each agent inside its project: with bubblewrap, an agent's processes see only themselves (a PID namespace
/// of their own), write only their worktree, the project's git folder and their own HOME, and do not see the
/// server's data directory, the tmux socket, other worktrees or the server user's HOME at all. The rest of the
/// system is read-only; the network stays open (agents need their model APIs and the server).
public struct AgentSandbox: Sendable {
    /// The `bwrap` executable, or nil when agents run without a sandbox.
    package let bwrap: String?
    /// One line for the start-up log and the pages: contained, or why not.
    public let summary: String
    /// Folders and files no agent sees.
    package let hidden: [String]
    /// Folders agents may read but not write, inside hidden ones: the `orchestrator` CLI and the shell rc wrappers.
    package let readOnly: [String]
    /// Names of the server's environment variables agents get (their model providers' keys and endpoints).
    package let passedEnvironment: @Sendable (String) -> Bool
    /// The server's own environment, from which `passedEnvironment` picks.
    package let serverEnvironment: [String: String]
    /// Whether the server runs as root (then the sandbox drops every capability).
    package let asRoot: Bool
    /// Folders `agents.sandbox_read_only` shows (never the protected ones).
    package let configuredReadOnly: [String]
    /// Folders never shown again, whatever a program or a setting asks: the data directory and the tmux socket's.
    package let protected: [String]

    /// Whether agents run contained.
    public var isEnabled: Bool { bwrap != nil }

    /// No sandbox, for `summary`'s reason.
    package static func off(_ summary: String) -> AgentSandbox {
        AgentSandbox(
            bwrap: nil, summary: summary, hidden: [], readOnly: [], passedEnvironment: { _ in false }, serverEnvironment: [:],
            asRoot: getuid() == 0, configuredReadOnly: [], protected: [])
    }

    /// Decides from the settings and a probe of what bubblewrap can do here.
    /// - Throws: ``ConfigurationError`` when `agents.sandbox` is `bubblewrap` and bubblewrap does not work here.
    package static func make(
        settings: AgentSettings, dataDir: String, workspaceRoots: [String], cliFolder: String?, shellSetupFolder: String,
        tmuxSocketFolder: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> AgentSandbox {
        let asRoot = getuid() == 0
        let mode = settings.sandbox.lowercased()
        if mode == "none" { return off("agents are not contained (agents.sandbox: none)") }
        let found = ExecutableLookup.path(of: "bwrap", in: (environment["PATH"] ?? "") + ":/usr/bin:/bin")
        let problem = found.map { probe($0, asRoot: asRoot) } ?? "bubblewrap (bwrap) is not installed (Debian: apt-get install bubblewrap)"
        if let problem {
            if mode == "bubblewrap" { throw ConfigurationError.outOfRange(setting: "agents.sandbox", reason: "is bubblewrap, but \(problem)") }
            return off("agents are NOT contained: \(problem); set agents.sandbox: none to run them without a sandbox on purpose")
        }
        var hidden = ["/tmp", "/var/tmp", "/root", dataDir, tmuxSocketFolder] + workspaceRoots
        if let home = environment["HOME"], home != "/" { hidden.append(home) }
        if let runtime = environment["XDG_RUNTIME_DIR"], !runtime.isEmpty { hidden.append(runtime) }
        let readOnly = [cliFolder, shellSetupFolder].compactMap { $0 }
        return AgentSandbox(
            bwrap: found, summary: "agents run contained (bubblewrap): each sees its own worktree, git folder and HOME, not the data directory, the tmux socket or other projects",
            hidden: hidden.map(Self.canonical), readOnly: readOnly, passedEnvironment: SandboxEnvironment.passes(extra: settings.sandboxPassEnvironment),
            serverEnvironment: environment, asRoot: asRoot, configuredReadOnly: settings.sandboxReadOnly, protected: [dataDir, tmuxSocketFolder].map(Self.canonical))
    }

    /// Runs `bwrap` with the features the sandbox uses; nil when it works, else what it said.
    package static func probe(_ bwrap: String, asRoot: Bool) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: bwrap)
        process.arguments = ["--die-with-parent", "--unshare-pid", "--unshare-ipc"] + (asRoot ? ["--cap-drop", "ALL"] : [])
            + ["--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--ro-bind", "/proc/sys", "/proc/sys",
               "--size", "1048576", "--tmpfs", "/tmp", "--remount-ro", "/tmp", "--", "/bin/true"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do {
            try process.run()
            process.waitUntilExit()
        } catch {
            return "bubblewrap could not be started: \(error.localizedDescription)"
        }
        guard process.terminationStatus != 0 else { return nil }
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return "bubblewrap cannot build a sandbox here (\(said.isEmpty ? "exit status \(process.terminationStatus)" : said))"
    }

    /// The argv tmux runs for a contained agent: `env -i` with the agent's environment (so bwrap's own process,
    /// whose environment the agent can read at `/proc/1/environ`, holds nothing else), bwrap with the mount plan,
    /// and a small job-control shell so the program owns the terminal (tmux names it; Ctrl-C reaches it alone).
    package func argv(wrapping inner: [String], environment agentEnvironment: [String: String], layout: SandboxLayout) -> [String] {
        guard let bwrap else { return inner }
        var environment = serverEnvironment.filter { passedEnvironment($0.key) }
        for (key, value) in agentEnvironment { environment[key] = value }
        environment["HOME"] = layout.home
        environment["TMPDIR"] = "/tmp"
        environment["SHELL"] = serverEnvironment["SHELL"] ?? "/bin/bash"
        environment["TERM"] = SandboxEnvironment.terminal
        if environment["LANG"] == nil { environment["LANG"] = "C.UTF-8" }
        var argv = ["/usr/bin/env", "-i"] + environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        argv += [bwrap, "--die-with-parent", "--unshare-pid", "--unshare-ipc"] + (asRoot ? ["--cap-drop", "ALL"] : [])
        // A uid-0 agent, even without capabilities, could write host sysctls through a fresh /proc.
        argv += ["--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--ro-bind", "/proc/sys", "/proc/sys",
                 "--ro-bind-try", "/proc/sysrq-trigger", "/proc/sysrq-trigger"]
        var tmpfsFolders: [String] = []
        for mount in SandboxMount.ordered(mounts(for: layout)) {
            switch mount.kind {
            case .hide:
                var isFolder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: mount.path, isDirectory: &isFolder) else { continue }
                if isFolder.boolValue {
                    if tmpfsFolders.contains(mount.path) { continue }
                    if mount.path == "/tmp" { argv += ["--size", String(2 << 30)] }
                    argv += ["--tmpfs", mount.path]
                    tmpfsFolders.append(mount.path)
                } else {
                    argv += ["--ro-bind", "/dev/null", mount.path]
                }
            case .readOnly:
                guard FileManager.default.fileExists(atPath: mount.source ?? mount.path) else { continue }
                argv += ["--ro-bind", mount.source ?? mount.path, mount.path]
            case .writable:
                argv += ["--bind", mount.source ?? mount.path, mount.path]
            }
        }
        // Once the mount points inside them exist, the hiding folders become read-only (scratch ones stay writable).
        for folder in tmpfsFolders where folder != "/tmp" && folder != "/var/tmp" { argv += ["--remount-ro", folder] }
        argv += ["--chdir", layout.worktree, "--", "/bin/sh", "-c", #"if [ -t 0 ]; then set -m; fi; "$@"; exit $?"#, "sh"]
        return argv + inner
    }

    /// The mount plan of one agent, before ordering.
    package func mounts(for layout: SandboxLayout) -> [SandboxMount] {
        var mounts = hidden.map { SandboxMount(.hide, $0) }
        let shown = readOnly + (configuredReadOnly + layout.programFolders).filter { folder in
            let real = Self.canonical(folder)
            return !protected.contains { real == $0 || real.hasPrefix($0 + "/") || $0.hasPrefix(real + "/") }
        }
        for folder in shown {
            let written = URL(fileURLWithPath: folder).standardizedFileURL.path
            let real = Self.canonical(folder)
            mounts.append(SandboxMount(.readOnly, real))
            // Reached through a symbolic link (`.build/debug`) that may itself sit in a hidden folder.
            if written != real { mounts.append(SandboxMount(.readOnly, written, source: real)) }
        }
        let common = Self.canonical(layout.gitCommonDir)
        let gitDir = Self.canonical(layout.gitDir)
        let worktree = Self.canonical(layout.worktree)
        mounts.append(SandboxMount(.writable, common))
        // What would let the agent run code as the server (config, hooks) or point the server's git elsewhere.
        for file in [common + "/config", common + "/hooks", gitDir + "/commondir", gitDir + "/gitdir"] {
            mounts.append(SandboxMount(.readOnly, file))
        }
        mounts.append(SandboxMount(.writable, worktree))
        mounts.append(SandboxMount(.readOnly, worktree + "/.git"))
        mounts.append(SandboxMount(.writable, Self.canonical(layout.home)))
        return mounts
    }

    /// The path with symbolic links resolved (as the kernel reports a process's folder), or as given when missing.
    package static func canonical(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return URL(fileURLWithPath: path).standardizedFileURL.path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
