import Foundation
import Orchestration

/// Writes Prometheus exposition text by hand: `# HELP`/`# TYPE` headers, samples with escaped label values, and
/// histograms kept as ``ResponseHistogram``.
struct PrometheusText {
    private(set) var lines: [String] = []

    mutating func header(_ name: String, _ help: String, _ type: String) {
        lines.append("# HELP \(name) \(help)")
        lines.append("# TYPE \(name) \(type)")
    }

    /// One sample; `labels` in order, their values escaped.
    mutating func sample(_ name: String, _ labels: [(String, String)] = [], _ value: String) {
        let set = labels.isEmpty ? "" : "{" + labels.map { "\($0.0)=\"\(Self.escape($0.1))\"" }.joined(separator: ",") + "}"
        lines.append("\(name)\(set) \(value)")
    }

    /// A histogram's `_bucket` (with `+Inf`), `_sum` and `_count` samples.
    mutating func histogram(_ name: String, _ labels: [(String, String)] = [], _ histogram: ResponseHistogram) {
        for (index, bound) in histogram.bounds.enumerated() {
            sample(name + "_bucket", labels + [("le", "\(bound)")], "\(histogram.buckets[index])")
        }
        sample(name + "_bucket", labels + [("le", "+Inf")], "\(histogram.count)")
        sample(name + "_sum", labels, "\(histogram.sum)")
        sample(name + "_count", labels, "\(histogram.count)")
    }

    /// The text, one sample or header per line.
    var text: String { lines.joined(separator: "\n") + "\n" }

    static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }
}
