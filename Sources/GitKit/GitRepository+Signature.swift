import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension GitRepository {
    /// Modification times (ns) and sizes of the files git rewrites when the repository moves (`.git/HEAD`,
    /// `.git/index`, `.git/logs/HEAD`, `.git/packed-refs`): commits, merges, checkouts, resets and staging all
    /// change it. A few `stat` calls, no process. Empty when the folder is not a plain repository (a linked
    /// worktree, say), so callers cannot tell and must read the repository.
    public func stateSignature() -> [Int64] {
        let git = path + "/.git"
        var info = stat()
        guard stat(git, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { return [] }
        return Self.fileSignature(["HEAD", "index", "logs/HEAD", "packed-refs"].map { git + "/" + $0 })
    }

    /// Modification times (ns) and sizes of the loose refs under `refs/heads/<prefix>` and of `packed-refs`: any
    /// commit on, creation or deletion of such a branch changes it (agents commit in linked worktrees, whose
    /// branch refs live here too). Empty when the folder is not a plain repository.
    public func refsSignature(prefix: String) -> [Int64] {
        let git = path + "/.git"
        var info = stat()
        guard stat(git, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { return [] }
        let folder = git + "/refs/heads/" + prefix
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
        return Self.fileSignature([folder] + names.map { folder + "/" + $0 } + [git + "/packed-refs"])
    }

    /// Modification time (s, ns) and size of each file, `-1`s for a file that is missing.
    private static func fileSignature(_ files: [String]) -> [Int64] {
        var info = stat()
        var signature: [Int64] = []
        signature.reserveCapacity(files.count * 3)
        for file in files {
            if stat(file, &info) == 0 {
                #if canImport(Darwin)
                signature += [Int64(info.st_mtimespec.tv_sec), Int64(info.st_mtimespec.tv_nsec), Int64(info.st_size)]
                #else
                signature += [Int64(info.st_mtim.tv_sec), Int64(info.st_mtim.tv_nsec), Int64(info.st_size)]
                #endif
            } else {
                signature += [-1, -1, -1]
            }
        }
        return signature
    }
}
