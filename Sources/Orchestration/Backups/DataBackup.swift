import Foundation
import Storage

/// Takes a consistent copy of a data directory's state into one tar file: the database (through SQLite's online
/// backup, safe while the server writes), the signing keys and the other secrets a restore needs, and a manifest
/// with each file's checksum. Project repositories and agents' worktrees are not in it: they are the projects' own.
public enum DataBackup {
    /// Writes a backup of `dataDir` to `destination` (a file, or an existing folder to put a dated file in).
    /// The file appears whole or not at all, mode 0600.
    /// - Returns: the file written, with its size and SHA-256.
    /// - Throws: ``BackupError`` when there is nothing to back up or a file cannot be read or written.
    public static func create(dataDir: String, to destination: String, now: Date = Date()) throws -> BackupRecord {
        let manager = FileManager.default
        let database = dataDir + "/" + DataFiles.database
        guard manager.fileExists(atPath: database) else {
            throw BackupError("\(dataDir) has no \(DataFiles.database): is it the server's data directory?")
        }
        var isFolder: ObjCBool = false
        let target = manager.fileExists(atPath: destination, isDirectory: &isFolder) && isFolder.boolValue
            ? destination + "/" + fileName(at: now) : destination

        let work = dataDir + "/.backup-" + SecureRandom.token(bytes: 6)
        try manager.createDirectory(atPath: work, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        defer { try? manager.removeItem(atPath: work) }
        let copy = work + "/" + DataFiles.database
        do {
            try AppDatabase.backupFile(at: database, to: copy)
            _ = try AppDatabase.checkFile(at: copy, requireKnownSchema: false)
        } catch {
            throw BackupError("could not copy the database: \(error)")
        }

        var sources = [(name: DataFiles.database, path: copy)]
        for name in DataFiles.secrets where manager.fileExists(atPath: dataDir + "/" + name) {
            sources.append((name, dataDir + "/" + name))
        }
        let files = try sources.map { source in
            BackupManifest.File(
                name: source.name, size: try size(of: source.path), sha256: try HashingFileWriter.sha256(ofFileAt: source.path))
        }
        let manifest = BackupManifest(format: BackupManifest.formatName, version: BackupManifest.currentVersion, createdAt: now, files: files)
        let manifestBytes = try BackupManifest.encoder.encode(manifest)

        let partial = target + ".partial-\(getpid())"
        do {
            var writer = try HashingFileWriter(path: partial)
            try writer.write(TarArchive.header(name: BackupManifest.entryName, size: manifestBytes.count, modified: now))
            try writer.write(manifestBytes)
            try writer.write(TarArchive.padding(after: manifestBytes.count))
            for (source, file) in zip(sources, files) {
                try writer.write(TarArchive.header(name: file.name, size: file.size, modified: now))
                try writer.copy(fileAt: source.path)
                try writer.write(TarArchive.padding(after: file.size))
            }
            try writer.write(TarArchive.trailer)
            let sizeBytes = writer.count
            let sha256 = try writer.finish()
            guard rename(partial, target) == 0 else { throw BackupError("cannot write \(target): \(String(cString: strerror(errno)))") }
            return BackupRecord(name: (target as NSString).lastPathComponent, path: target, sizeBytes: sizeBytes, sha256: sha256, createdAt: now)
        } catch {
            _ = unlink(partial)
            throw error as? BackupError ?? BackupError("cannot write \(target): \(error)")
        }
    }

    /// `orchestrator-20261206-101500.tar`: names that sort by time.
    public static func fileName(at date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return "orchestrator-\(formatter.string(from: date)).tar"
    }

    private static func size(of path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
    }
}
