import Foundation
import GitKit
import ProcessKit
import Storage

/// A project's repository and its agents' worktrees on an SSH host, and the way commits travel between it and the
/// server's checkout.
///
/// On the host, under its `workspace_root`: `<project>/repo.git` (a bare mirror the server pushes the base branch
/// into) and `<project>/<agent>` (each agent's worktree of that mirror). Agents commit there; their branches come
/// back into the server's checkout as `refs/remotes/orc-hosts/<host>/…` and move the agent's local review worktree,
/// so diff, merge, conflicts and push work on the server exactly as for agents that run here. Every command sent to
/// the host has its words quoted by ``RemoteShell``; values reach scripts only as positional arguments.
package struct RemoteWorkspace: Sendable {
    package let host: HostRecord
    package let target: SSHTarget
    package let transport: SSHTransport
    package let projectID: String

    package init(host: HostRecord, target: SSHTarget, transport: SSHTransport, projectID: String) {
        self.host = host
        self.target = target
        self.transport = transport
        self.projectID = projectID
    }

    /// `<workspace_root>/<project>`.
    package var root: String { Self.join(host.workspaceRoot, projectID) }
    /// The bare mirror of the project's repository.
    package var mirror: String { root + "/repo.git" }
    /// Where an agent works on the host.
    package func worktree(_ agentID: String) -> String { root + "/" + agentID }
    /// The ref namespace fetched branches land in, in the server's checkout.
    package var fetchedPrefix: String { "refs/remotes/orc-hosts/\(host.name)/" }

    /// `ssh://user@host:port/<mirror>` for git.
    package var url: String {
        let shown = target.host.contains(":") ? "[\(target.host)]" : target.host
        return "ssh://\(target.user)@\(shown):\(target.port)\(mirror)"
    }

    /// A git runner whose ssh uses the server's options (pinned keys, the host's master connection).
    package var git: GitCommandRunner {
        GitCommandRunner(gitPath: nil, timeout: .seconds(120), environment: ["GIT_SSH_COMMAND": transport.gitSSHCommand(identityFile: host.identityFile)])
    }

    /// Runs `argv` on the host; a failure throws with ssh's or the command's own words.
    @discardableResult
    package func run(_ argv: [String], input: String? = nil, timeout: Duration = .seconds(60)) async throws -> String {
        let output = try await transport.run(argv, on: target, identityFile: host.identityFile, input: input, timeout: timeout)
        guard output.status == 0 else {
            if output.status == 255 { throw HostError.unreachable("host \(host.name): " + SSHTransport.explain(output)) }
            let detail = output.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
            throw HostError.unreachable("host \(host.name): \(argv.first ?? "") failed: \(detail.isEmpty ? "status \(output.status)" : String(detail.prefix(400)))")
        }
        return output.stdout
    }

    /// Makes the mirror (once), keeps the orchestrator's files out of git there, gives agents a git identity when
    /// the host's user has none, and pushes `base` from the server's checkout at `repositoryPath`.
    package func prepare(base: String, from repositoryPath: String, identity: (name: String, email: String)) async throws {
        let script = """
            set -e
            mkdir -p "$1"
            [ -d "$2" ] || git init -q --bare "$2"
            mkdir -p "$2/info"
            printf '%s\\n' .orchestrator/ .gemini/settings.json > "$2/info/exclude"
            git config --global user.name >/dev/null 2>&1 || git -C "$2" config user.name "$3"
            git config --global user.email >/dev/null 2>&1 || git -C "$2" config user.email "$4"
            """
        try await run(["sh", "-c", script, "sh", root, mirror, identity.name, identity.email])
        try await push(base, from: repositoryPath)
    }

    /// Pushes a branch of the server's checkout into the mirror (forced: the server's base branch is the truth).
    package func push(_ branch: String, from repositoryPath: String) async throws {
        _ = try await git.run(["push", "--quiet", "--force", url, "refs/heads/\(branch):refs/heads/\(branch)"], in: repositoryPath)
    }

    /// The agent's worktree on the host: made from `base` on a new branch, or on its branch when that exists
    /// (a resumed agent keeps its work); kept when it is there already.
    @discardableResult
    package func addWorktree(agentID: String, branch: String, base: String) async throws -> String {
        let path = worktree(agentID)
        let script = """
            set -e
            cd "$1"
            if [ -e "$2/.git" ]; then exit 0; fi
            git worktree prune
            if git show-ref --quiet --verify "refs/heads/$3"; then
              git worktree add --quiet "$2" "$3"
            else
              git worktree add --quiet -b "$3" "$2" "$4"
            fi
            """
        try await run(["sh", "-c", script, "sh", mirror, path, branch, base])
        return path
    }

    /// Copies every file under the local folder `staging` to the same relative place under `destination` on the host.
    package func upload(_ staging: String, to destination: String) async throws {
        let manager = FileManager.default
        guard let names = manager.enumerator(atPath: staging)?.allObjects as? [String] else { return }
        for name in names.sorted() {
            var isFolder: ObjCBool = false
            guard manager.fileExists(atPath: staging + "/" + name, isDirectory: &isFolder), !isFolder.boolValue,
                let text = try? String(contentsOfFile: staging + "/" + name, encoding: .utf8)
            else { continue }
            let path = destination + "/" + name
            try await run(["sh", "-c", "mkdir -p \"$(dirname \"$1\")\" && cat > \"$1\"", "sh", path], input: text)
        }
    }

    /// Brings the agents' branches (`orc/<project>/*`) from the mirror into the server's checkout: fetched under
    /// ``fetchedPrefix``, then each agent's local review worktree moved to its fetched head. Returns the branches
    /// that moved.
    @discardableResult
    package func fetchBack(into repositoryPath: String, agents: [AgentRecord], localGit: GitCommandRunner) async throws -> [String] {
        let prefix = "orc/\(projectID)/"
        _ = try await git.run(
            ["fetch", "--quiet", "--prune", "--no-tags", url, "+refs/heads/\(prefix)*:\(fetchedPrefix)\(prefix)*"], in: repositoryPath)
        var moved: [String] = []
        for agent in agents {
            let fetched = fetchedPrefix + agent.branch
            guard let head = try? await localGit.run(["rev-parse", "--verify", "--quiet", fetched + "^{commit}"], in: repositoryPath)
                .trimmingCharacters(in: .whitespacesAndNewlines), !head.isEmpty
            else { continue }
            let current = (try? await localGit.run(["rev-parse", "--verify", "--quiet", "refs/heads/" + agent.branch], in: repositoryPath))?
                .trimmingCharacters(in: .whitespacesAndNewlines)
            guard current != head else { continue }
            if FileManager.default.fileExists(atPath: agent.worktreePath + "/.git") {
                // The review worktree has the branch checked out: moving it there moves the branch.
                _ = try await localGit.run(["reset", "--quiet", "--hard", head], in: agent.worktreePath)
            } else {
                _ = try await localGit.run(["update-ref", "refs/heads/" + agent.branch, head], in: repositoryPath)
            }
            moved.append(agent.branch)
        }
        return moved
    }

    /// Removes the project's folder on the host (its worktrees and mirror).
    package func removeAll() async throws {
        try await run(["rm", "-rf", "--", root])
    }

    private static func join(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }
}
