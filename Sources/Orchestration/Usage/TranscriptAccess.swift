import Foundation

/// Which files the server reads usage from when an agent names one (a hook payload's `transcript_path` is the
/// agent's word, so it is hostile until checked): a `.jsonl` regular file, symlinks resolved, below a Claude, Gemini
/// or Codex data folder (the server user's, `CLAUDE_CONFIG_DIR`/`CODEX_HOME`, or a contained agent's own HOME),
/// whose session ran in that agent's worktree. Nothing else is opened, and nothing read is ever shown.
public struct TranscriptAccess: Sendable {
    /// Folders transcripts may live below (resolved, each ending in `/`).
    public let roots: [String]
    /// The Codex data folders among them.
    public let codexRoots: [String]
    /// Where contained agents' HOME folders are (`<data>/homes`).
    public let homesRoot: String

    /// - Parameters:
    ///   - environment: the server's environment (HOME, CLAUDE_CONFIG_DIR, CODEX_HOME).
    ///   - homesRoot: contained agents' HOME folders' parent.
    public init(environment: [String: String], homesRoot: String) {
        var claude: [String] = [], codex: [String] = []
        if let home = environment["HOME"], !home.isEmpty, home != "/" {
            claude += [home + "/.claude", home + "/.config/claude"]
            codex.append(home + "/.codex")
        }
        for part in (environment["CLAUDE_CONFIG_DIR"] ?? "").split(separator: ",") where part.hasPrefix("/") { claude.append(String(part)) }
        // Gemini CLI's own folder (`GEMINI_CLI_HOME` replaces HOME for it).
        if let home = environment["GEMINI_CLI_HOME"] ?? environment["HOME"], home.hasPrefix("/"), home != "/" { claude.append(home + "/.gemini") }
        if let folder = environment["CODEX_HOME"], folder.hasPrefix("/") { codex.append(folder) }
        codexRoots = codex.map { Self.resolved($0) + "/" }
        roots = claude.map { Self.resolved($0) + "/" } + codexRoots
        self.homesRoot = Self.resolved(homesRoot) + "/"
    }

    /// The Codex data folders to look for an agent's rollouts in.
    public func codexFolders(projectID: String, agentID: String) -> [String] {
        let own = homesRoot + projectID + "/" + agentID + "/.codex/"
        return [own] + codexRoots
    }

    /// The resolved path if an agent may have usage read from it, else nil.
    /// - Parameters:
    ///   - path: the path the agent named.
    ///   - projectID, agentID: the agent (its own HOME is allowed when it runs contained).
    public func check(_ path: String, projectID: String, agentID: String) -> String? {
        guard path.hasPrefix("/"), path.hasSuffix(".jsonl"), path.utf8.count < 4096, !path.contains("\0") else { return nil }
        let real = Self.resolved(path)
        guard real.hasSuffix(".jsonl") else { return nil }
        let own = homesRoot + projectID + "/" + agentID + "/"
        guard real.hasPrefix(own) || roots.contains(where: { real.hasPrefix($0) }) else { return nil }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: real, isDirectory: &isDirectory), !isDirectory.boolValue,
            let attributes = try? FileManager.default.attributesOfItem(atPath: real), attributes[.type] as? FileAttributeType == .typeRegular
        else { return nil }
        return real
    }

    /// Whether a session's working directory is the worktree or inside it.
    public static func ranIn(_ directory: String, worktree: String) -> Bool {
        let folder = resolved(directory), tree = resolved(worktree)
        return folder == tree || folder.hasPrefix(tree + "/")
    }

    /// The path with symlinks resolved (as far as it exists).
    static func resolved(_ path: String) -> String {
        URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    }
}
