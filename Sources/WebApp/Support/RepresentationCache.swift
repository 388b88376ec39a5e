import Foundation
import Hummingbird
import NIOCore
import Synchronization
import Orchestration

/// Entity tags and cached bodies for the read endpoints dashboards and scripts poll.
///
/// A body is cached with the versions of what it was built from (table versions from ``TableVersions``, the git
/// facts' version); while they stand, a repeat request gets the same bytes without a database read, and one that
/// sends the tag back in `If-None-Match` gets `304 Not Modified` with no body. Any committed change to one of
/// those tables changes the tag, so nothing stale is ever served.
final class RepresentationCache: Sendable {
    private struct Entry {
        var tag: String
        var body: ByteBuffer
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var order: [String] = []
        var bytes = 0
    }

    private let state = Mutex(State())
    /// The most bytes of bodies kept; the oldest go first past it.
    let byteLimit: Int
    /// Differs between server starts, whose version counters all begin at zero.
    private let epoch = String(UInt32.random(in: 0...UInt32.max), radix: 36)

    /// Off: every answer is built anew, without a tag (to measure that path).
    let enabled: Bool

    init(byteLimit: Int = 8 << 20, enabled: Bool = true) {
        self.byteLimit = byteLimit
        self.enabled = enabled
    }

    /// The entity tag of a representation built from data at `versions`.
    func tag(for versions: [UInt64]) -> String {
        "W/\"\(epoch)-\(versions.map { String($0, radix: 36) }.joined(separator: "."))\""
    }

    /// Answers a GET: `304` when the client's `If-None-Match` names the current tag, the cached body when it is
    /// current, and otherwise the body `build` makes (then cached). Both carry `ETag` and `Cache-Control: no-cache`.
    /// - Parameters:
    ///   - key: everything besides `versions` the body depends on (the path and query).
    ///   - versions: read before building, so a change during the build only makes the next request rebuild.
    func respond(to request: Request, key: String, versions: [UInt64], build: () async throws -> ByteBuffer) async throws -> Response {
        guard enabled else { return Response.json(try await build(), headers: [.cacheControl: "private, no-cache"]) }
        let tag = tag(for: versions)
        let headers: HTTPFields = [.eTag: tag, .cacheControl: "private, no-cache"]
        if let offered = request.headers[.ifNoneMatch], Self.matches(offered, tag) {
            return Response(status: .notModified, headers: headers)
        }
        if let cached = state.withLock({ $0.entries[key] }), cached.tag == tag {
            return Response.json(cached.body, headers: headers)
        }
        let body = try await build()
        store(Entry(tag: tag, body: body), for: key)
        return Response.json(body, headers: headers)
    }

    /// Whether an `If-None-Match` value names `tag` (weak comparison, a list, or `*`).
    static func matches(_ header: String, _ tag: String) -> Bool {
        let strong = tag.hasPrefix("W/") ? String(tag.dropFirst(2)) : tag
        return header.split(separator: ",").contains { item in
            let candidate = item.trimmingCharacters(in: .whitespaces)
            return candidate == "*" || candidate == tag || candidate == strong || candidate.hasPrefix("W/") && candidate.dropFirst(2) == strong
        }
    }

    private func store(_ entry: Entry, for key: String) {
        let size = entry.body.readableBytes
        guard size <= byteLimit / 4 else { return }
        state.withLock { state in
            if let old = state.entries.updateValue(entry, forKey: key) {
                state.bytes -= old.body.readableBytes
            } else {
                state.order.append(key)
            }
            state.bytes += size
            while state.bytes > byteLimit, !state.order.isEmpty {
                let oldest = state.order.removeFirst()
                if let removed = state.entries.removeValue(forKey: oldest) { state.bytes -= removed.body.readableBytes }
            }
        }
    }
}
