import Foundation
import ProcessKit

extension GitRepository {
    /// Branch, head, changed paths and conflicts of this working tree.
    public func status() async throws -> GitWorkingStatus {
        let output = try await git(["status", "--porcelain=v1", "-z", "--untracked-files=all"])
        var files: [GitChangedFile] = []
        var conflicts: [String] = []
        var entries = output.split(separator: "\0", omittingEmptySubsequences: true).map(String.init)[...]
        while let entry = entries.popFirst(), entry.count > 3 {
            let code = String(entry.prefix(2))
            let path = String(entry.dropFirst(3))
            let state: String
            switch code {
            case "??": state = "untracked"
            case "DD", "AU", "UD", "UA", "DU", "AA", "UU": state = "conflicted"
            case _ where code.contains("R"): state = "renamed"; _ = entries.popFirst()
            case _ where code.contains("A"): state = "added"
            case _ where code.contains("D"): state = "deleted"
            default: state = "modified"
            }
            if state == "conflicted" { conflicts.append(path) }
            files.append(GitChangedFile(path: path, state: state))
        }
        // A squash merge leaves no MERGE_HEAD, only unmerged entries: both count as a merge in progress.
        let merging = try await gitResult(["rev-parse", "-q", "--verify", "MERGE_HEAD"]).status == 0 || !conflicts.isEmpty
        let branch = (try? await currentBranch()) ?? ""
        let head = (try? await headCommit()) ?? ""
        return GitWorkingStatus(branch: branch, head: head, changedFiles: files, conflicts: conflicts, mergeInProgress: merging)
    }

    /// Commits `ref` has that `base` lacks, and the reverse.
    public func aheadBehind(_ ref: String, base: String) async throws -> (ahead: Int, behind: Int) {
        try Self.checkRevisionSyntax(ref)
        try Self.checkRevisionSyntax(base)
        let counts = try await git(["rev-list", "--left-right", "--count", "\(base)...\(ref)", "--"]).split(whereSeparator: \.isWhitespace)
        guard counts.count == 2, let behind = Int(counts[0]), let ahead = Int(counts[1]) else { return (0, 0) }
        return (ahead, behind)
    }

    /// The working tree (committed and not; untracked files aside) against where it branched from `base`, file by file.
    public func diff(against base: String) async throws -> [GitFileDiff] {
        try Self.checkRevisionSyntax(base)
        let mergeBase = try await git(["merge-base", base, "HEAD"])
        let numstat = try await git(["-c", "core.quotePath=false", "diff", "--numstat", "-z", "--no-renames", mergeBase, "--"])
        let patch = try await git(["-c", "core.quotePath=false", "diff", "--no-color", "--no-ext-diff", "--no-renames", mergeBase, "--"])
        var patches: [String: String] = [:]
        for section in patch.components(separatedBy: "\ndiff --git ").enumerated().map({ $0.offset == 0 ? $0.element : "diff --git " + $0.element }) {
            guard let header = section.split(separator: "\n").first, let range = header.range(of: " b/", options: .backwards) else { continue }
            patches[String(header[range.upperBound...])] = section.hasSuffix("\n") ? section : section + "\n"
        }
        return numstat.split(separator: "\0", omittingEmptySubsequences: true).compactMap { entry in
            let fields = entry.split(separator: "\t", maxSplits: 2)
            guard fields.count == 3 else { return nil }
            let path = String(fields[2])
            return GitFileDiff(path: path, added: Int(fields[0]) ?? 0, removed: Int(fields[1]) ?? 0, patch: patches[path] ?? "")
        }
    }

    /// Local branches under `prefix` (e.g. `orc/webapp/`), with their newest commit.
    public func branches(prefix: String = "") async throws -> [GitBranch] {
        let output = try await git(["for-each-ref", "--format=%(refname:short)%1f%(objectname)%1f%(subject)%1f%(authorname)%1f%(committerdate:unix)%1e", "refs/heads/\(prefix)"])
        return output.split(separator: "\u{1e}").compactMap { record in
            let fields = record.trimmingCharacters(in: .newlines).split(separator: "\u{1f}", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 5 else { return nil }
            return GitBranch(name: fields[0], head: fields[1], subject: fields[2], author: fields[3], date: Date(timeIntervalSince1970: Double(fields[4]) ?? 0))
        }
    }

    /// Merges `source` into the checked-out branch. On conflicts the merge stays in progress.
    public func merge(_ source: String, strategy: GitMergeStrategy, author: GitAuthor) async throws -> GitMergeOutcome {
        try Self.checkRevisionSyntax(source)
        let before = try await headCommit()
        let identity = ["-c", "user.name=\(author.name)", "-c", "user.email=\(author.email)"]
        let arguments: [String]
        switch strategy {
        case .merge: arguments = identity + ["merge", "--no-ff", "--no-edit", "--no-gpg-sign", "-m", "Merge \(source)", source]
        case .squash: arguments = identity + ["merge", "--squash", source]
        case .ffOnly: arguments = identity + ["merge", "--ff-only", source]
        }
        let result = try await gitResult(arguments)
        if result.status != 0 {
            let conflicts = try await git(["diff", "--name-only", "-z", "--diff-filter=U"]).split(separator: "\0").map(String.init)
            if !conflicts.isEmpty { return .conflicts(conflicts) }
            throw GitError.commandFailed(arguments: arguments, status: result.status, stderr: result.stderr.isEmpty ? result.stdout : result.stderr)
        }
        if strategy == .squash {
            guard let commit = try await commit(message: "Squash \(source)", author: author) else { return .alreadyUpToDate(commit: before) }
            return .merged(commit: commit)
        }
        let after = try await headCommit()
        return after == before ? .alreadyUpToDate(commit: after) : .merged(commit: after)
    }

    /// Finishes or aborts the merge in progress.
    /// - Parameters:
    ///   - files: which conflicted files the strategy applies to (default: all).
    ///   - contents: for `manual`, the new content of each file.
    /// - Returns: the merge commit, or nil when aborted.
    public func resolveMerge(_ resolution: GitResolution, files: [String]? = nil, contents: [String: String] = [:], author: GitAuthor) async throws -> String? {
        if resolution == .abort {
            // `reset --merge` also undoes a conflicted squash merge, which `merge --abort` refuses.
            _ = try await git(["reset", "--merge"])
            return nil
        }
        let conflicted = try await status().conflicts
        let chosen = files ?? (resolution == .manual ? Array(contents.keys) : conflicted)
        for file in chosen { try GitPaths.checkRelative(file, inside: path) }
        switch resolution {
        case .ours, .theirs:
            if !chosen.isEmpty {
                _ = try await git(["--literal-pathspecs", "checkout", resolution == .ours ? "--ours" : "--theirs", "--"] + chosen)
            }
        case .manual:
            for file in chosen {
                guard let text = contents[file] else { throw GitError.invalidPath(file, reason: "no content supplied") }
                try text.write(toFile: path + "/" + file, atomically: true, encoding: .utf8)
            }
        case .abort:
            break
        }
        if !chosen.isEmpty { _ = try await git(["--literal-pathspecs", "add", "--"] + chosen) }
        let remaining = try await status().conflicts
        guard remaining.isEmpty else { throw GitError.commandFailed(arguments: ["commit"], status: 1, stderr: "still conflicted: \(remaining.joined(separator: ", "))") }
        _ = try await git(Self.commitArguments(message: "Merge (conflicts resolved: \(resolution.rawValue))", author: author, extra: ["--no-edit"]))
        return try await headCommit()
    }

    /// Pushes `branch` to `remote`.
    /// - Throws: ``GitError/commandFailed(arguments:status:stderr:)`` with git's reason when refused.
    public func push(remote: String, branch: String) async throws {
        try Self.checkRevisionSyntax(remote)
        guard try await Self.checkBranchName(branch, runner: runner) else { throw GitError.invalidBranchName(branch) }
        _ = try await git(["push", "--porcelain", remote, "refs/heads/\(branch):refs/heads/\(branch)"])
    }
}
