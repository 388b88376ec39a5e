import Foundation
import Logging

/// Scheduled backups into `<data>/backups/`: one every `storage.backup_interval_minutes` (0 turns them off), the
/// newest `storage.backup_keep` kept, each with a `sha256sum` line beside it; and the list the system page shows.
public actor BackupSchedule {
    /// The folder backups go to.
    public nonisolated let folder: String
    /// Minutes between scheduled backups; 0 when off.
    public nonisolated let intervalMinutes: Double
    /// How many scheduled backups are kept.
    public nonisolated let keep: Int
    private let dataDir: String
    private let logger: Logger
    private var lastAttempt: Date?

    /// The last backup taken here, when one was.
    public private(set) var lastSuccess: BackupRecord?
    /// Why the last attempt failed, when it did.
    public private(set) var lastError: String?
    /// Backups taken and failed since the server started.
    public private(set) var counts = (succeeded: 0, failed: 0)

    /// A schedule for `dataDir`; the first backup is due one interval after `start`.
    public init(dataDir: String, intervalMinutes: Double, keep: Int, logger: Logger, start: Date = Date()) {
        self.dataDir = dataDir
        self.folder = dataDir + "/" + DataFiles.backups
        self.intervalMinutes = intervalMinutes
        self.keep = max(1, keep)
        self.logger = logger
        self.lastAttempt = start
    }

    /// Takes a backup when one is due.
    public func runIfDue(now: Date = Date()) {
        guard intervalMinutes > 0, let last = lastAttempt, now.timeIntervalSince(last) >= intervalMinutes * 60 else { return }
        _ = try? backUp(now: now)
    }

    /// Takes a backup now into ``folder`` and drops the oldest beyond ``keep``.
    /// - Returns: the backup written.
    /// - Throws: ``BackupError`` when it could not be written (also kept as ``lastError``).
    @discardableResult
    public func backUp(now: Date = Date()) throws -> BackupRecord {
        lastAttempt = now
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            var record = try DataBackup.create(dataDir: dataDir, to: folder + "/" + DataBackup.fileName(at: now), now: now)
            record.path = folder + "/" + record.name
            let line = "\(record.sha256)  \(record.name)\n"
            _ = FileManager.default.createFile(atPath: record.path + ".sha256", contents: Data(line.utf8), attributes: [.posixPermissions: 0o600])
            lastSuccess = record
            lastError = nil
            counts.succeeded += 1
            prune()
            logger.info("Backup written", metadata: ["file": "\(record.path)", "bytes": "\(record.sizeBytes)", "sha256": "\(record.sha256)"])
            return record
        } catch {
            let message = (error as? BackupError)?.description ?? "\(error)"
            lastError = message
            counts.failed += 1
            logger.error("Backup failed", metadata: ["error": "\(message)"])
            throw error as? BackupError ?? BackupError(message)
        }
    }

    /// When the newest backup in ``folder`` was written (nil when there is none): one directory listing and one
    /// `stat`, for every `/metrics` scrape.
    public func newestDate() -> Date? {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        guard let newest = names.filter(Self.isBackupName).max() else { return nil }
        return (try? FileManager.default.attributesOfItem(atPath: folder + "/" + newest))?[.modificationDate] as? Date
    }

    private static func isBackupName(_ name: String) -> Bool { name.hasPrefix("orchestrator-") && name.hasSuffix(".tar") }

    /// The backups in ``folder``, newest first.
    public func list() -> [BackupRecord] {
        let manager = FileManager.default
        let names = (try? manager.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter(Self.isBackupName).sorted(by: >).compactMap { name in
            let path = folder + "/" + name
            guard let attributes = try? manager.attributesOfItem(atPath: path) else { return nil }
            let checksum = (try? String(contentsOfFile: path + ".sha256", encoding: .utf8))?.split(separator: " ").first.map(String.init) ?? ""
            return BackupRecord(
                name: name, path: path, sizeBytes: (attributes[.size] as? NSNumber)?.intValue ?? 0, sha256: checksum,
                createdAt: attributes[.modificationDate] as? Date ?? Date(timeIntervalSince1970: 0))
        }
    }

    private func prune() {
        for old in list().dropFirst(keep) {
            try? FileManager.default.removeItem(atPath: old.path)
            try? FileManager.default.removeItem(atPath: old.path + ".sha256")
        }
    }
}
