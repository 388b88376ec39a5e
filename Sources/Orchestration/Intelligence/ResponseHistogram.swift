/// A Prometheus histogram kept by hand: cumulative counts per upper bound, the sum and the count.
package struct ResponseHistogram: Sendable {
    /// The intelligence layer's upper bounds in seconds (`+Inf` is the count).
    package static let responseBounds: [Double] = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60]
    /// Upper bounds for a message's time from queued to delivered: a held message may wait for a person.
    package static let deliveryBounds: [Double] = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600]
    /// This histogram's upper bounds in seconds.
    package let bounds: [Double]
    package private(set) var buckets: [Int]
    package private(set) var sum = 0.0
    package private(set) var count = 0

    /// An empty histogram with these upper bounds.
    package init(bounds: [Double] = ResponseHistogram.responseBounds) {
        self.bounds = bounds
        buckets = [Int](repeating: 0, count: bounds.count)
    }

    /// Counts one observation.
    package mutating func observe(_ seconds: Double) {
        for (index, bound) in bounds.enumerated() where seconds <= bound { buckets[index] += 1 }
        sum += seconds
        count += 1
    }
}
