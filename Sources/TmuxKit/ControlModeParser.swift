import Foundation

/// Reads control-mode output line by line and turns it into ``ControlModeEvent``s.
///
/// Reply bodies are not escaped (a pane line may read `%end …`), so a block ends only at the `%end` or
/// `%error` line carrying the same command number and flags as its `%begin`.
public struct ControlModeParser: Sendable {
    private var pending: [UInt8] = []
    private var block: (number: Int, tag: String, flags: Int, lines: [String])?

    /// A parser at the start of a stream.
    public init() {}

    /// Feeds raw bytes; returns the events completed by them.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [ControlModeEvent] {
        var events: [ControlModeEvent] = []
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                if let event = consume(line: pending) { events.append(event) }
                pending.removeAll(keepingCapacity: true)
            } else {
                pending.append(byte)
            }
        }
        return events
    }

    private mutating func consume(line raw: [UInt8]) -> ControlModeEvent? {
        var bytes = raw
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        let line = String(decoding: bytes, as: UTF8.self)
        if var current = block {
            if line.hasPrefix("%end ") || line.hasPrefix("%error ") {
                let parts = line.split(separator: " ")
                if parts.count >= 4, parts[2] == current.tag, Int(parts[3]) == current.flags {
                    block = nil
                    return .reply(number: current.number, lines: current.lines, isError: line.hasPrefix("%error"), fromClient: current.flags & 1 == 1)
                }
            }
            current.lines.append(line)
            block = current
            return nil
        }
        guard line.hasPrefix("%") else { return nil }
        let name = line.prefix { $0 != " " }
        let rest = line.count > name.count ? String(line.dropFirst(name.count + 1)) : ""
        switch name {
        case "%begin":
            let parts = rest.split(separator: " ")
            if parts.count >= 3, let number = Int(parts[1]), let flags = Int(parts[2]) {
                block = (number, String(parts[1]), flags, [])
            }
            return nil
        case "%output":
            guard let space = rest.firstIndex(of: " ") else { return nil }
            return .output(paneID: String(rest[..<space]), bytes: Self.unescape(Array(bytes.dropFirst(9 + rest.utf8.distance(from: rest.startIndex, to: space)))))
        case "%extended-output":
            // %extended-output %5 <age> : data
            guard let colon = rest.range(of: " : ") else { return nil }
            let pane = String(rest.prefix { $0 != " " })
            let headerLength = "%extended-output ".utf8.count + rest[..<colon.upperBound].utf8.count
            return .output(paneID: pane, bytes: Self.unescape(Array(bytes.dropFirst(headerLength))))
        case "%pause":
            return .paused(paneID: rest)
        case "%window-close", "%unlinked-window-close":
            return .windowClosed(windowID: String(rest.prefix { $0 != " " }))
        case "%exit":
            return .exit(reason: rest.isEmpty ? nil : rest)
        default:
            return .notification(name: String(name.dropFirst()), arguments: rest)
        }
    }

    /// Undoes tmux's escaping of `%output` data: bytes below 0x20 and `\` arrive as `\ooo` octal.
    static func unescape(_ data: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(data.count)
        var index = 0
        while index < data.count {
            let byte = data[index]
            if byte == UInt8(ascii: "\\"), index + 4 <= data.count {
                let digits = data[(index + 1)..<(index + 4)]
                if digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "7")).contains($0) }) {
                    let value = digits.reduce(0) { $0 * 8 + Int($1 - UInt8(ascii: "0")) }
                    result.append(UInt8(truncatingIfNeeded: value))
                    index += 4
                    continue
                }
            }
            result.append(byte)
            index += 1
        }
        return result
    }
}
