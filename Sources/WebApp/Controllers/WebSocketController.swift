import NIOWebSocket
import Synchronization
import Foundation
import Hummingbird
import HummingbirdWebSocket
import OrchestratorCore
import Storage
import Orchestration
import ServiceLifecycle

/// `WS /ws/projects/{id}` and `WS /ws/system`: every event, as `{"id","type","timestamp","data"}`, the moment it
/// is stored. `?since=<id>` first replays what the client missed, in order. Authentication (cookie, bearer
/// header, or `?token=`) is checked before the upgrade; viewers may watch.
struct WebSocketController {
    let services: AppServices

    func addRoutes(to routes: inout RouteRegistrar) {
        routes.webSocket("/ws/projects/:id", .role(.viewer), shouldUpgrade: { _, context in
            let id = try context.parameters.require("id")
            guard try services.database.projectExists(id: id) else { throw APIError.notFound("no project with id '\(id)'") }
        }, onUpgrade: { inbound, outbound, context in
            let principal = context.requestContext.principal
            try await stream(
                projectID: context.requestContext.parameters.get("id"), since: since(context.request), outbound: outbound, inbound: inbound,
                person: principal?.agentID == nil ? principal?.userID : nil)
        })
        routes.webSocket("/ws/system", .role(.viewer), shouldUpgrade: { _, _ in }, onUpgrade: { inbound, outbound, context in
            try await stream(projectID: nil, since: since(context.request), outbound: outbound, inbound: inbound)
        })
    }

    private func since(_ request: Request) -> Int64? {
        request.uri.queryParameters["since"].flatMap { Int64(String($0)) }
    }

    /// Replays stored events after `since`, then forwards live ones until the client leaves or falls behind. A
    /// project page tells, with `{"type":"focus","focused":true|false}`, whether a person is looking at it (no notices
    /// about that project reach them meanwhile, if their rules say so).
    private func stream(
        projectID: String?, since: Int64?, outbound: WebSocketOutboundWriter, inbound: WebSocketInboundStream, person: Int64? = nil
    ) async throws {
        let hub = services.runtime.events
        let lagged = LagFlag()
        let (id, live) = await hub.watch(projectID: projectID) { lagged.set() }
        defer { Task { await hub.stopWatching(id) } }
        var sent: Int64 = 0
        if let since {
            await hub.flush()
            var cursor = since
            while true {
                let batch = try services.database.events(projectID: projectID, since: cursor, limit: 500)
                for record in batch {
                    let envelope = EventHub.Envelope(id: record.id ?? 0, type: record.type, timestamp: record.createdAt, data: record.data, projectID: record.projectId)
                    try await outbound.write(.text(envelope.json))
                    cursor = record.id ?? cursor
                }
                if batch.count < 500 { break }
            }
            sent = cursor
        }
        let replayedUpTo = sent
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { [services] in
                // Reading keeps the connection's control frames flowing; the client leaving ends the stream.
                let connection = UUID()
                let focus = services.runtime.notifications?.focus
                defer { focus?.remove(connection: connection) }
                for try await message in inbound.messages(maxSize: 4096) {
                    guard let focus, let person, let projectID, case .text(let text) = message, let said = FocusReport(text) else { continue }
                    focus.set(connection: connection, userID: person, projectID: projectID, focused: said.focused)
                }
            }
            group.addTask {
                for await envelope in live {
                    if envelope.id != 0, envelope.id <= replayedUpTo { continue }
                    try await outbound.write(.text(envelope.json))
                }
                if lagged.isSet {
                    try await outbound.close(.unexpectedServerError, reason: "client fell behind; reconnect with ?since=<last id>")
                }
            }
            group.addTask {
                // The server stopping (SIGTERM) ends the stream with "going away", so shutdown never waits on a
                // browser tab; clients reconnect with ?since= once it is back.
                try? await gracefulShutdown()
                if Task.isShuttingDownGracefully {
                    try await outbound.close(.goingAway, reason: "the server is restarting")
                }
            }
            try await group.next()
            group.cancelAll()
        }
    }
}

/// Set once when a watcher is dropped for falling behind.
final class LagFlag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}
