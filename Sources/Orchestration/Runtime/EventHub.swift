import Foundation
import Synchronization
import Logging
import NIOCore
import Storage

/// The one in-process event bus: every event is stored first (getting its increasing id) and fanned out
/// second to live watchers. A watcher that falls too far behind is dropped, never allowed to slow the server.
public actor EventHub {
    /// One delivered event, as WebSocket clients receive it.
    public struct Envelope: Sendable {
        /// The stored id (0 for live-only events such as `agent_output`).
        public var id: Int64
        public var type: String
        public var timestamp: Date
        /// Raw JSON of the event's data.
        public var data: String
        /// The project it belongs to, or nil for system-wide events.
        public var projectID: String?
        /// `{"id","type","timestamp","data"}` as text, written once however many clients receive it.
        public let json: String

        public init(id: Int64, type: String, timestamp: Date, data: String, projectID: String?) {
            self.id = id
            self.type = type
            self.timestamp = timestamp
            self.data = data
            self.projectID = projectID
            var writer = JSONWriter(capacity: data.utf8.count + 96)
            writer.beginObject()
            writer.field("id", id)
            writer.field("type", type)
            writer.field("timestamp", timestamp)
            writer.rawField("data", data)
            // The spec's relay shape: a daemon event carries its insight beside its data as well.
            if type == "ai_insight", let insight = EventHub.member("ai_insight", of: data) { writer.rawField("ai_insight", insight) }
            writer.endObject()
            json = String(buffer: writer.buffer)
        }
    }

    /// One member of a JSON object's text, as JSON text.
    static func member(_ name: String, of json: String) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any], let value = object[name],
            let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])
        else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// Why a watcher's stream ended.
    public enum Ending: Sendable { case lagging }

    private struct Watcher {
        package var projectID: String?
        package var continuation: AsyncStream<Envelope>.Continuation
        package var onLag: @Sendable () -> Void
    }

    package nonisolated let database: AppDatabase
    private var watchers: [UUID: Watcher] = [:]
    /// Told of every stored event without counting as a watcher (so producing live output is not switched on).
    private var observers: [@Sendable (Envelope) -> Void] = []
    /// How many undelivered events a watcher may have before it is dropped.
    package nonisolated let backlog: Int

    private nonisolated let writes = DispatchQueue(label: "orchestrator.events", qos: .userInitiated)
    private nonisolated let outbox: AsyncStream<Envelope>.Continuation

    /// - Parameter backlog: per-watcher buffer; past it the watcher is dropped.
    public init(database: AppDatabase, backlog: Int = 1024) {
        self.database = database
        self.backlog = backlog
        let (stream, continuation) = AsyncStream.makeStream(of: Envelope.self)
        self.outbox = continuation
        Task { [weak self] in
            for await envelope in stream { await self?.fanOut(envelope) }
        }
    }

    /// Stores an event whose `data` is `payload` as JSON, then fans it out. Best effort: a failure to
    /// record an event never fails the action it describes.
    /// Payloads that are ``JSONWritable`` are written with ``JSONWriter`` (their own field order, nulls kept);
    /// others go through `JSONEncoder` with sorted keys.
    public nonisolated func log<Payload: Encodable & Sendable>(_ type: String, projectID: String?, _ payload: Payload) {
        let text: String
        if let writable = payload as? any JSONWritable {
            var writer = JSONWriter(capacity: 512)
            writable.write(to: &writer)
            text = String(buffer: writer.buffer)
        } else {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            encoder.dateEncodingStrategy = .iso8601
            guard let data = try? encoder.encode(payload) else { return }
            text = String(decoding: data, as: UTF8.self)
        }
        // Stored and handed over in the order logged, on a queue of its own: the caller (a request, a delivery)
        // does not wait for the write, and no cooperative thread blocks on it. ``flush()`` waits for it.
        let record = EventRecord(projectId: projectID, type: type, data: text)
        writes.async { [database, outbox] in
            guard let stored = try? database.recordEvent(record) else { return }
            outbox.yield(Envelope(id: stored.id ?? 0, type: type, timestamp: stored.createdAt, data: stored.data, projectID: projectID))
        }
    }

    /// Returns once every event logged before the call is stored (readers of the event table call it first, so
    /// a client sees the events of what it just did).
    public nonisolated func flush() async {
        await withCheckedContinuation { continuation in writes.async { continuation.resume() } }
    }

    /// Sends an event to watchers without storing it (for high-volume live data such as agent output).
    public func broadcast(_ envelope: Envelope) { fanOut(envelope) }

    /// Whether anyone watches this project (so producers can skip work nobody would see). Answered without
    /// a hop to the hub: live output asks it for every chunk a pane prints.
    public nonisolated func hasWatchers(projectID: String) -> Bool {
        watched.withLock { $0.everything > 0 || $0.projects[projectID, default: 0] > 0 }
    }

    /// How many watchers follow everything and each project, kept beside ``watchers`` for ``hasWatchers(projectID:)``.
    private struct WatchedCounts {
        package var everything = 0
        package var projects: [String: Int] = [:]

        package mutating func add(_ projectID: String?, _ change: Int) {
            guard let projectID else { return everything += change }
            let count = projects[projectID, default: 0] + change
            projects[projectID] = count > 0 ? count : nil
        }
    }

    private nonisolated let watched = Mutex(WatchedCounts())

    private func remove(_ id: UUID) -> Watcher? {
        guard let watcher = watchers.removeValue(forKey: id) else { return nil }
        watched.withLock { $0.add(watcher.projectID, -1) }
        return watcher
    }

    /// Starts watching a project's events (or every event with nil). Call before replaying stored events,
    /// so nothing falls between the replay and the live stream.
    /// - Parameter onLag: called when the watcher is dropped for falling behind.
    public func watch(projectID: String?, onLag: @escaping @Sendable () -> Void) -> (id: UUID, events: AsyncStream<Envelope>) {
        let (stream, continuation) = AsyncStream.makeStream(of: Envelope.self, bufferingPolicy: .bufferingOldest(backlog))
        let id = UUID()
        watchers[id] = Watcher(projectID: projectID, continuation: continuation, onLag: onLag)
        watched.withLock { $0.add(projectID, 1) }
        return (id, stream)
    }

    /// Stops a watcher.
    public func stopWatching(_ id: UUID) {
        remove(id)?.continuation.finish()
    }

    /// Calls `observer` with every stored event from now on (it should hand work off, not block the hub).
    public func observe(_ observer: @escaping @Sendable (Envelope) -> Void) {
        observers.append(observer)
    }

    /// The number of live watchers.
    public var watcherCount: Int { watchers.count }

    private func fanOut(_ envelope: Envelope) {
        for observer in observers where envelope.id != 0 { observer(envelope) }
        for (id, watcher) in watchers where watcher.projectID == nil || watcher.projectID == envelope.projectID {
            if case .dropped = watcher.continuation.yield(envelope) {
                watcher.onLag()
                watcher.continuation.finish()
                _ = remove(id)
            }
        }
    }
}
