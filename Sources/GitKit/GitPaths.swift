import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// File-system path helpers shared by ``GitRepository``.
enum GitPaths {
    /// Makes `path` absolute (relative paths are taken from `base`) and removes `.`/`..` components.
    static func absolute(_ path: String, relativeTo base: String? = nil) -> String {
        let base = base ?? FileManager.default.currentDirectoryPath
        let joined = path.hasPrefix("/") ? path : base + "/" + path
        var components: [Substring] = []
        for component in joined.split(separator: "/") {
            switch component {
            case ".": continue
            case "..": if !components.isEmpty { components.removeLast() }
            default: components.append(component)
            }
        }
        return "/" + components.joined(separator: "/")
    }

    /// Resolves symbolic links in the longest existing prefix of an absolute path and keeps the
    /// rest as is, so paths can be compared even when the folder does not exist yet.
    static func canonical(_ path: String) -> String {
        var existing = absolute(path)
        var rest: [String] = []
        while existing != "/" {
            if let resolved = realPath(existing) {
                return rest.isEmpty ? resolved : (resolved == "/" ? "" : resolved) + "/" + rest.reversed().joined(separator: "/")
            }
            let url = URL(fileURLWithPath: existing)
            rest.append(url.lastPathComponent)
            existing = url.deletingLastPathComponent().path
        }
        return "/" + rest.reversed().joined(separator: "/")
    }

    /// Whether `path` is `root` or inside it, after resolving symbolic links.
    static func isInside(_ path: String, root: String) -> Bool {
        let path = canonical(path)
        let root = canonical(root)
        return path == root || path.hasPrefix(root == "/" ? "/" : root + "/")
    }

    /// Validates a repository-relative file path and returns its components, refusing
    /// absolute paths, `..`, anything inside `.git` and empty paths.
    static func relativeComponents(_ path: String) throws -> [String] {
        if path.contains("\0") {
            throw GitError.invalidPath(path, reason: "contains a NUL character")
        }
        if path.hasPrefix("/") || path.hasPrefix("~") {
            throw GitError.invalidPath(path, reason: "must be relative to the repository folder")
        }
        var components: [String] = []
        for component in path.split(separator: "/") where component != "." {
            if component == ".." {
                throw GitError.invalidPath(path, reason: "must not contain '..' (it would escape the repository folder)")
            }
            if component.lowercased() == ".git" {
                throw GitError.invalidPath(path, reason: "must not write inside .git")
            }
            components.append(String(component))
        }
        if components.isEmpty || path.hasSuffix("/") {
            throw GitError.invalidPath(path, reason: "does not name a file")
        }
        return components
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

extension GitPaths {
    /// Throws unless `file` is a plain relative path that stays inside `root` (symlinks resolved).
    static func checkRelative(_ file: String, inside root: String) throws {
        _ = try relativeComponents(file)
        guard isInside(root + "/" + file, root: root) else {
            throw GitError.invalidPath(file, reason: "leads outside the working tree")
        }
        // A symlinked folder must not lead into git's own files (hooks would run on the next commit).
        let resolved = canonical(root + "/" + file)
        if resolved.split(separator: "/").contains(".git") {
            throw GitError.invalidPath(file, reason: "must not write inside .git")
        }
    }
}
