/// Where a host is reached: `user@host[:port]` (an IPv6 address in brackets, `user@[fd00::2]:2222`).
public struct SSHTarget: Sendable, Equatable, Codable {
    public var user: String
    public var host: String
    public var port: Int

    /// A target.
    public init(user: String, host: String, port: Int = 22) {
        self.user = user
        self.host = host
        self.port = port
    }

    /// The target `text` names, or nil with the reason it is refused.
    public static func parse(_ text: String) -> Result<SSHTarget, SSHTargetError> {
        guard let at = text.firstIndex(of: "@") else { return .failure(.init("must be user@host or user@host:port")) }
        let user = String(text[..<at])
        var rest = Substring(text[text.index(after: at)...])
        guard user.wholeMatch(of: /[a-z_][a-z0-9_.-]{0,31}/) != nil else {
            return .failure(.init("the user must be a login name (lower-case letters, digits, '_', '.', '-'; not starting with '-')"))
        }
        var host: String
        var port = 22
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return .failure(.init("an IPv6 address needs its closing ']'")) }
            host = String(rest[rest.index(after: rest.startIndex)..<close])
            rest = rest[rest.index(after: close)...]
            guard host.wholeMatch(of: /[0-9A-Fa-f:.]{2,45}/) != nil, host.contains(":") else { return .failure(.init("'\(host)' is not an IPv6 address")) }
            if rest.hasPrefix(":") {
                guard let number = Int(rest.dropFirst()), (1...65535).contains(number) else { return .failure(.init("the port must be 1 to 65535")) }
                port = number
            } else if !rest.isEmpty {
                return .failure(.init("only ':port' may follow the address"))
            }
        } else {
            let parts = rest.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count <= 2 else { return .failure(.init("write an IPv6 address in brackets: user@[fd00::2]:22")) }
            host = String(parts[0])
            if parts.count == 2 {
                guard let number = Int(parts[1]), (1...65535).contains(number) else { return .failure(.init("the port must be 1 to 65535")) }
                port = number
            }
            guard host.count <= 253, host.wholeMatch(of: /[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?/) != nil else {
                return .failure(.init("'\(host)' is not a host name or address"))
            }
        }
        return .success(SSHTarget(user: user, host: host, port: port))
    }

    /// `user@host` as ssh takes it (the port goes with `-p`).
    public var destination: String { "\(user)@\(host)" }

    /// How `known_hosts` names it: `host`, or `[host]:port` off port 22.
    public var knownHostsName: String { port == 22 ? host : "[\(host)]:\(port)" }

    /// `user@host[:port]` again.
    public var text: String {
        let shown = host.contains(":") ? "[\(host)]" : host
        return "\(user)@\(shown)" + (port == 22 ? "" : ":\(port)")
    }
}

/// Why an `ssh` setting was refused.
public struct SSHTargetError: Error, Sendable, Equatable {
    public let reason: String
    init(_ reason: String) { self.reason = reason }
}
