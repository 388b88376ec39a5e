/// Why a model gave no usable answer.
public enum ModelError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The server could not be reached or the connection failed.
    case unreachable(String)
    /// The server answered with an HTTP error.
    case http(status: Int, body: String)
    /// The answer was not in the expected shape.
    case malformed(String)
    /// No answer within the timeout.
    case timedOut(seconds: Double)
    /// Too many recent failures: the model is not asked until the breaker closes again.
    case circuitOpen(retryInSeconds: Double)

    public var description: String {
        switch self {
        case .unreachable(let reason): "the model server could not be reached: \(reason)"
        case .http(let status, let body): "the model server answered \(status): \(body.prefix(200))"
        case .malformed(let reason): "the model's answer was malformed: \(reason)"
        case .timedOut(let seconds): "the model did not answer within \(seconds) s"
        case .circuitOpen(let seconds): "the model failed repeatedly; it is asked again in \(Int(seconds.rounded(.up))) s"
        }
    }
}
