import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive `flock` on `<data>/server.lock`: the server holds it while it runs, and a restore takes it, so a
/// restore never replaces files under a running server and a server never starts mid-restore. The kernel lets go
/// of it when the holder exits, however it exits.
public final class DataDirectoryLock: Sendable {
    private let descriptor: Int32

    private init(descriptor: Int32) { self.descriptor = descriptor }

    deinit { close(descriptor) }

    /// Takes the lock on `dataDir` (which must exist) for `purpose`, or throws if another process still holds it
    /// after `patience` seconds.
    ///
    /// The short wait is not for a running server: a process that starts a program copies its descriptors into the
    /// child until the child's `exec` closes them (`O_CLOEXEC`), and for that instant the child holds the lock too.
    /// - Throws: ``BackupError`` naming the holder.
    public static func acquire(dataDir: String, purpose: String, patience: TimeInterval = 1) throws -> DataDirectoryLock {
        let path = dataDir + "/" + DataFiles.serverLock
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw BackupError("cannot open \(path): \(String(cString: strerror(errno)))")
        }
        let deadline = Date().addingTimeInterval(patience)
        var locked = flock(descriptor, LOCK_EX | LOCK_NB) == 0
        while !locked, Date() < deadline {
            usleep(20_000)
            locked = flock(descriptor, LOCK_EX | LOCK_NB) == 0
        }
        guard locked else {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            close(descriptor)
            throw BackupError(
                "\(dataDir) is in use" + (holder.isEmpty ? "" : " (\(holder))") + "; stop that first")
        }
        let note = Array("\(purpose), pid \(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = note.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        return DataDirectoryLock(descriptor: descriptor)
    }
}
