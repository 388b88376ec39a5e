/// A Prometheus histogram kept by hand: cumulative counts per upper bound, the sum and the count.
package struct ResponseHistogram: Sendable {
    /// Upper bounds in seconds (`+Inf` is the count).
    package static let bounds: [Double] = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60]
    package private(set) var buckets = [Int](repeating: 0, count: bounds.count)
    package private(set) var sum = 0.0
    package private(set) var count = 0

    package init() {}

    /// Counts one observation.
    package mutating func observe(_ seconds: Double) {
        for (index, bound) in Self.bounds.enumerated() where seconds <= bound { buckets[index] += 1 }
        sum += seconds
        count += 1
    }
}
