import Foundation
import Orchestration

/// The system page's Backups card (admins only): the schedule, the last failure, and the backups kept.
struct BackupsCardModel: Sendable {
    struct Item: Sendable {
        var name: String
        var size: String
        var time: String
        var sha256: String
    }

    var schedule: String
    var folder: String
    var lastError: String?
    var items: [Item]
    var hasItems: Bool
    var written: Bool

    init(schedule: BackupSchedule, notice: String?) async {
        self.schedule = schedule.intervalMinutes > 0
            ? "Every \(SystemPageModel.number(schedule.intervalMinutes)) min, keeping the newest \(schedule.keep)."
            : "Scheduled backups are off (storage.backup_interval_minutes: 0)."
        folder = schedule.folder
        lastError = await schedule.lastError
        items = await schedule.list().map {
            Item(name: $0.name, size: SystemPageModel.bytes(Int64($0.sizeBytes)), time: DisplayTime.text($0.createdAt), sha256: $0.sha256)
        }
        hasItems = !items.isEmpty
        written = notice == "backup-written"
    }
}
