import Foundation

/// What a project page says of itself over its WebSocket: `{"type":"focus","focused":true}`.
struct FocusReport: Decodable {
    var type: String
    var focused: Bool

    /// The report in `text`, or nil when it is something else.
    init?(_ text: String) {
        guard let report = try? JSONDecoder().decode(FocusReport.self, from: Data(text.utf8)), report.type == "focus" else { return nil }
        self = report
    }
}
