import Foundation
import OrchestratorCore
import Storage
import Synchronization

/// Principals of credentials checked recently, so a script or dashboard polling with the same token or key is
/// not verified from scratch (an ES256 signature and a database read) on every request.
///
/// An entry holds while the tables it was checked against are unchanged (users, sessions, API keys: any
/// logout, revocation or role change moves them) and for at most ``lifetime`` seconds, never past the
/// credential's own expiry.
package final class CredentialCache: Sendable {
    private struct Entry {
        package var principal: Principal
        package var versions: [UInt64]
        package var validUntil: Date
    }

    private let entries = Mutex<[String: Entry]>([:])
    private let versions: TableVersions
    private let tables: [DatabaseTable]
    /// The longest an entry is trusted.
    package let lifetime: TimeInterval
    /// The most entries kept; past it the cache starts again empty.
    package let capacity: Int

    package init(versions: TableVersions, tables: [DatabaseTable], lifetime: TimeInterval = 30, capacity: Int = 1024) {
        self.versions = versions
        self.tables = tables
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The principal `credential` stood for, if it was checked recently and nothing it depends on changed.
    package func principal(for credential: String, now: Date = Date()) -> Principal? {
        let current = versions.versions(of: tables)
        return entries.withLock { entries in
            guard let entry = entries[credential] else { return nil }
            guard entry.versions == current, now < entry.validUntil else {
                entries[credential] = nil
                return nil
            }
            return entry.principal
        }
    }

    /// Remembers a successful check. Pass the table versions read before checking, so a change made during the
    /// check makes the entry stale rather than hiding it.
    package func remember(_ principal: Principal, for credential: String, versions: [UInt64], expiresAt: Date? = nil, now: Date = Date()) {
        let until = min(now.addingTimeInterval(lifetime), expiresAt ?? .distantFuture)
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[credential] = Entry(principal: principal, versions: versions, validUntil: until)
        }
    }

    /// The current versions of the tables entries depend on.
    package func currentVersions() -> [UInt64] { versions.versions(of: tables) }
}
