import Foundation
import Logging
import Orchestration

/// One JSON object per line (`logging.format: json`): time, level, label, message and metadata. Hummingbird's
/// request metadata is renamed for collectors: `hb.request.id` → `request_id`, `hb.request.path` → `path`,
/// `hb.request.method` → `method`, so every line logged while answering a request carries its id.
struct JSONLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    /// Where finished lines go (standard output unless a test captures them).
    var write: @Sendable (String) -> Void = { line in FileHandle.standardOutput.write(Data((line + "\n").utf8)) }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var fields: [String: String] = [
            "ts": ISO8601DateFormatter().string(from: Date()), "level": event.level.rawValue, "label": label,
            "message": event.message.description,
        ]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) {
            fields[Self.fieldName(key)] = value.description
        }
        guard let data = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]) else { return }
        write(String(decoding: data, as: UTF8.self))
    }

    static func fieldName(_ key: String) -> String {
        switch key {
        case "hb.request.id": "request_id"
        case "hb.request.path": "path"
        case "hb.request.method": "method"
        case "hb.request.status": "status"
        default: key
        }
    }
}
