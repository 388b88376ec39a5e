import Crypto
import Foundation
import Storage

/// Puts a backup back into a data directory: refuses while a server uses the directory, verifies the whole file
/// (its checksum when given, every file's checksum in the manifest, SQLite's integrity check, that the database is
/// this program's and not from a newer build) before it touches anything, then sets the replaced files aside in
/// `replaced-<time>/` beside them.
public enum DataRestore {
    /// What a restore did.
    public struct Outcome: Sendable {
        /// The backup's manifest.
        public var manifest: BackupManifest
        /// What the restored database holds.
        public var summary: DatabaseFileSummary
        /// Where the files it replaced now are, when there were any.
        public var replacedFolder: String?
    }

    /// Checks `archive` without restoring it.
    /// - Parameter expectedSHA256: the whole file's checksum as printed when it was taken, when known.
    /// - Returns: the manifest and the archive's entries, with its bytes.
    /// - Throws: ``BackupError`` saying what is wrong with the file.
    package static func verify(archive: String, expectedSHA256: String? = nil) throws -> (manifest: BackupManifest, entries: [TarArchive.Entry], data: Data) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: archive), options: .mappedIfSafe)
        } catch {
            throw BackupError("cannot read \(archive): \(error.localizedDescription)")
        }
        if let expected = expectedSHA256?.lowercased() {
            let actual = HashingFileWriter.hex(SHA256.hash(data: data))
            guard actual == expected else { throw BackupError("\(archive) does not match its checksum (\(actual), expected \(expected))") }
        }
        let entries: [TarArchive.Entry]
        do {
            entries = try TarArchive.entries(in: data)
        } catch {
            throw BackupError("\(archive) is not an orchestrator backup: \(error)")
        }
        guard let first = entries.first, first.name == BackupManifest.entryName,
            let manifest = try? BackupManifest.decoder.decode(BackupManifest.self, from: data[data.startIndex + first.bytes.lowerBound ..< data.startIndex + first.bytes.upperBound]),
            manifest.format == BackupManifest.formatName
        else {
            throw BackupError("\(archive) is not an orchestrator backup (no manifest)")
        }
        guard manifest.version <= BackupManifest.currentVersion else {
            throw BackupError("\(archive) was written by a newer version of the orchestrator; upgrade first")
        }
        let allowed = Set([DataFiles.database] + DataFiles.secrets)
        guard manifest.files.contains(where: { $0.name == DataFiles.database }) else { throw BackupError("\(archive) holds no database") }
        let rest = entries.dropFirst()
        guard rest.count == manifest.files.count else { throw BackupError("\(archive) does not hold the files its manifest lists") }
        for (entry, file) in zip(rest, manifest.files) {
            guard allowed.contains(file.name), entry.name == file.name, entry.bytes.count == file.size else {
                throw BackupError("\(archive) does not hold the files its manifest lists (\(entry.name))")
            }
            let bytes = data[data.startIndex + entry.bytes.lowerBound ..< data.startIndex + entry.bytes.upperBound]
            guard HashingFileWriter.hex(SHA256.hash(data: bytes)) == file.sha256 else {
                throw BackupError("\(file.name) in \(archive) is damaged (its checksum does not match)")
            }
        }
        return (manifest, Array(rest), data)
    }

    /// Restores `archive` into `dataDir` (created when missing).
    /// - Throws: ``BackupError``; when it throws, the data directory is as it was.
    public static func restore(from archive: String, into dataDir: String, expectedSHA256: String? = nil, now: Date = Date()) throws -> Outcome {
        let manager = FileManager.default
        let (manifest, entries, data) = try verify(archive: archive, expectedSHA256: expectedSHA256)
        try manager.createDirectory(atPath: dataDir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let lock = try DataDirectoryLock.acquire(dataDir: dataDir, purpose: "a restore")
        defer { withExtendedLifetime(lock) {} }

        let work = dataDir + "/.restore-" + SecureRandom.token(bytes: 6)
        try manager.createDirectory(atPath: work, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        defer { try? manager.removeItem(atPath: work) }
        for entry in entries {
            let bytes = data[data.startIndex + entry.bytes.lowerBound ..< data.startIndex + entry.bytes.upperBound]
            guard manager.createFile(atPath: work + "/" + entry.name, contents: bytes, attributes: [.posixPermissions: 0o600]) else {
                throw BackupError("cannot write into \(dataDir): \(String(cString: strerror(errno)))")
            }
        }
        let summary: DatabaseFileSummary
        do {
            summary = try AppDatabase.checkFile(at: work + "/" + DataFiles.database)
        } catch {
            throw BackupError("\(archive) cannot be restored: \(error)")
        }

        let replaced = dataDir + "/replaced-" + String(DataBackup.fileName(at: now).dropFirst("orchestrator-".count).dropLast(".tar".count))
        var moved = false
        for name in [DataFiles.database] + DataFiles.databaseCompanions + DataFiles.secrets where manager.fileExists(atPath: dataDir + "/" + name) {
            if !moved {
                try manager.createDirectory(atPath: replaced, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
                moved = true
            }
            try manager.moveItem(atPath: dataDir + "/" + name, toPath: replaced + "/" + name)
        }
        for entry in entries {
            try manager.moveItem(atPath: work + "/" + entry.name, toPath: dataDir + "/" + entry.name)
        }
        return Outcome(manifest: manifest, summary: summary, replacedFolder: moved ? replaced : nil)
    }
}
