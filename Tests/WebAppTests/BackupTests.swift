import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OrchestratorCore
import Storage
import Testing
@testable import Orchestration
@testable import WebApp

@Suite("Backups: online copy, checked restore, schedule, API and page", .timeLimit(.minutes(3)))
struct BackupTests {
    static func scratch(_ name: String) -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("orc-backup-\(name)-\(UUID().uuidString.prefix(8))").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Runs a system tool and returns what it printed.
    static func run(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: output, as: UTF8.self)
    }

    static func sha256(_ path: String) throws -> String {
        String(try run("/usr/bin/sha256sum", [path]).split(separator: " ").first ?? "")
    }

    static func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    @Test func aBackupRestoresIntoAFreshDirectoryAndARestoreSetsTheReplacedFilesAside() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.addUser("vera", role: .viewer)
        let folder = Self.scratch("round-trip")
        defer { try? FileManager.default.removeItem(atPath: folder) }

        let record = try DataBackup.create(dataDir: env.dataDir, to: folder + "/copy.tar")
        #expect(record.path == folder + "/copy.tar")
        #expect(record.sha256 == (try Self.sha256(record.path)), "the printed checksum is the file's")
        let attributes = try FileManager.default.attributesOfItem(atPath: record.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect((attributes[.size] as? NSNumber)?.intValue == record.sizeBytes)
        let listing = try Self.run("/usr/bin/tar", ["tf", record.path])
        #expect(listing.split(separator: "\n") == ["manifest.json", "orchestrator.sqlite", "jwt-keys.json", "csrf-secret", "vapid-keys.json"], "a plain tar file")

        let fresh = folder + "/fresh"
        let outcome = try DataRestore.restore(from: record.path, into: fresh, expectedSHA256: record.sha256)
        #expect(outcome.summary.users == 2)
        #expect(outcome.replacedFolder == nil, "nothing was there to replace")
        #expect(Self.bytes(fresh + "/jwt-keys.json") == Self.bytes(env.dataDir + "/jwt-keys.json"), "the signing keys come back")
        #expect(Self.bytes(fresh + "/vapid-keys.json") == Self.bytes(env.dataDir + "/vapid-keys.json"), "browsers' push subscriptions stay valid")
        let restored = try AppDatabase.openFile(at: fresh + "/orchestrator.sqlite")
        #expect(try restored.user(named: "vera")?.role == .viewer)

        // A second restore into the same directory keeps what it replaces.
        try await restored.writer.write { db in try db.execute(sql: "DELETE FROM user WHERE username = 'vera'") }
        try (restored.writer as? DatabasePool)?.close()
        let again = try DataRestore.restore(from: record.path, into: fresh)
        let replaced = try #require(again.replacedFolder)
        let setAside = try AppDatabase.openFile(at: replaced + "/orchestrator.sqlite")
        #expect(try setAside.user(named: "vera") == nil, "the replaced database is the one that was there")
        #expect(try AppDatabase.openFile(at: fresh + "/orchestrator.sqlite").user(named: "vera") != nil)
    }

    @Test func aDamagedForeignNewerOrMismatchedFileIsRefusedAndChangesNothing() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        let folder = Self.scratch("refusals")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let good = try DataBackup.create(dataDir: env.dataDir, to: folder + "/good.tar")
        let target = folder + "/target"
        _ = try DataRestore.restore(from: good.path, into: target)
        let before = try Self.sha256(target + "/orchestrator.sqlite")

        func refusal(_ path: String, sha256: String? = nil) -> String {
            do {
                _ = try DataRestore.restore(from: path, into: target, expectedSHA256: sha256)
                return "restored"
            } catch {
                return "\(error)"
            }
        }
        var data = try #require(Self.bytes(good.path))
        // A byte of the database flipped: its checksum in the manifest no longer matches.
        let databaseStart = 512 + ((try TarArchive.entries(in: data)[0].bytes.count + 511) / 512) * 512 + 512
        data[databaseStart + 5000] ^= 0xFF
        try data.write(to: URL(fileURLWithPath: folder + "/damaged.tar"))
        #expect(refusal(folder + "/damaged.tar").contains("orchestrator.sqlite in"), "names the damaged file")
        #expect(refusal(folder + "/damaged.tar").contains("damaged"))

        let whole = try #require(Self.bytes(good.path))
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: folder + "/cut.tar"))
        #expect(refusal(folder + "/cut.tar").contains("cut short"))

        try "just some text\n".write(toFile: folder + "/notes.txt", atomically: true, encoding: .utf8)
        _ = try Self.run("/usr/bin/tar", ["cf", folder + "/foreign.tar", "-C", folder, "notes.txt"])
        #expect(refusal(folder + "/foreign.tar").contains("not an orchestrator backup"))
        #expect(refusal(folder + "/notes.txt").contains("not an orchestrator backup"))
        #expect(refusal(folder + "/missing.tar").contains("cannot read"))
        #expect(refusal(good.path, sha256: String(repeating: "0", count: 64)).contains("does not match its checksum"))

        // A database a newer build migrated.
        let newer = folder + "/newer"
        try FileManager.default.createDirectory(atPath: newer, withIntermediateDirectories: true)
        let database = try AppDatabase.openFile(at: newer + "/orchestrator.sqlite")
        try await database.writer.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v999-from-the-future')") }
        try (database.writer as? DatabasePool)?.close()
        let newerBackup = try DataBackup.create(dataDir: newer, to: folder + "/newer.tar")
        #expect(refusal(newerBackup.path).contains("newer version"))

        // A directory a server holds.
        do {
            let held = try DataDirectoryLock.acquire(dataDir: target, purpose: "a server")
            #expect(refusal(good.path).contains("in use (a server, pid \(getpid()))"))
            withExtendedLifetime(held) {}
        }

        #expect(try Self.sha256(target + "/orchestrator.sqlite") == before, "the refused restores changed nothing")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: target).filter { $0.hasPrefix(".restore-") || $0.hasPrefix("replaced-") }
        #expect(leftovers.isEmpty, "no half-restored files or set-aside folders: \(leftovers)")
        #expect(refusal(good.path) == "restored", "the lock went with its holder")
    }

    @Test func aBackupTakenWhileWritesGoOnHoldsEveryRowCommittedBeforeIt() async throws {
        let folder = Self.scratch("concurrent")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let database = try AppDatabase.openFile(at: folder + "/orchestrator.sqlite")
        // Writes through GRDB's async API: they wait on the database's own queue, not on one of the few threads
        // every other test shares.
        let writer = Task.detached {
            var written = 0
            while !Task.isCancelled && written < 20_000 {
                let number = written
                try await database.writer.write { db in
                    try db.execute(sql: "INSERT INTO audit_log (at, actor, action, target) VALUES (?, 'test', 'write', ?)", arguments: [Date(), "\(number)"])
                }
                written += 1
            }
        }
        defer { writer.cancel() }
        try await Task.sleep(for: .milliseconds(200))
        let committed = try await database.reader.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_log") ?? 0 }
        let record = try DataBackup.create(dataDir: folder, to: folder + "/during.tar")
        writer.cancel()
        _ = try? await writer.value
        _ = try DataRestore.restore(from: record.path, into: folder + "/restored")
        let restored = try AppDatabase.openFile(at: folder + "/restored/orchestrator.sqlite")
        let count = try await restored.reader.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_log") ?? 0 }
        #expect(committed > 0)
        #expect(count >= committed, "every row committed before the backup started is in it")
    }

    @Test func theScheduleKeepsTheNewestAndWritesAChecksumBesideEach() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let schedule = BackupSchedule(dataDir: env.dataDir, intervalMinutes: 60, keep: 2, logger: TestEnvironment.logger, start: start)
        await schedule.runIfDue(now: start.addingTimeInterval(59 * 60))
        #expect(await schedule.list().isEmpty, "not due yet")
        for hour in 1...3 { await schedule.runIfDue(now: start.addingTimeInterval(Double(hour) * 3600)) }
        let kept = await schedule.list()
        #expect(kept.map(\.name) == ["orchestrator-20270115-110000.tar", "orchestrator-20270115-100000.tar"])
        for backup in kept {
            #expect(backup.sha256 == (try Self.sha256(backup.path)))
            let line = try String(contentsOfFile: backup.path + ".sha256", encoding: .utf8)
            #expect(line == "\(backup.sha256)  \(backup.name)\n", "sha256sum -c reads it")
        }
        #expect(await schedule.counts.succeeded == 3)
        let names = try FileManager.default.contentsOfDirectory(atPath: schedule.folder)
        #expect(names.count == 4, "two backups and their checksum files: \(names)")
    }

    @Test func adminsListAndTakeBackupsOthersAreRefused() async throws {
        let env = try await TestEnvironment.make()
        defer { env.cleanUp() }
        try await env.addUser("vera", role: .viewer)
        try await env.addUser("mona", role: .manager)
        try await env.test { client in
            let admin = try await client.login("admin", TestEnvironment.adminPassword).access_token
            let empty = try await client.json(.get, "/api/v1/system/backups", token: admin)
            #expect(empty.status == .ok)
            #expect(empty.text.contains(#""backups":[]"#) && empty.text.contains(#""interval_minutes":60"#))
            let taken = try await client.json(.post, "/api/v1/system/backups", token: admin)
            #expect(taken.status == .created)
            let record = try taken.decode(BackupRecord.self)
            #expect(record.sizeBytes > 0 && record.sha256.count == 64)
            let listed = try await client.json(.get, "/api/v1/system/backups", token: admin)
            #expect(listed.text.contains(record.name) && listed.text.contains(record.sha256))
            let page = try await client.json(.get, "/system", token: admin)
            #expect(page.text.contains("Back up now") && page.text.contains(record.name), "\(page.text.components(separatedBy: "backups-heading").last?.prefix(1500) ?? "")")

            for name in ["vera", "mona"] {
                let token = try await client.login(name, "password-123").access_token
                #expect(try await client.json(.get, "/api/v1/system/backups", token: token).status == .forbidden)
                #expect(try await client.json(.post, "/api/v1/system/backups", token: token).status == .forbidden)
                let page = try await client.json(.get, "/system", token: token)
                #expect(page.status == .ok && !page.text.contains("Back up now"), "the card is for admins")
            }
            let after = try await client.json(.get, "/api/v1/system/backups", token: admin)
            #expect(after.text.components(separatedBy: #""sha256""#).count == 2, "the refused calls wrote nothing")
        }
    }
}
