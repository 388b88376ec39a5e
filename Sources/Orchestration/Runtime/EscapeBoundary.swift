/// Where terminal output cut at an arbitrary byte may be split without breaking an escape sequence, so each
/// frame can be cleaned on its own (a split `ESC[3` + `1m` would otherwise show as `1m`).
package enum EscapeBoundary {
    /// Sequences longer than this are passed on unfinished rather than held back forever.
    package static let longest = 256

    /// The length of the longest prefix of `bytes` that does not end inside an escape sequence.
    package static func completePrefixLength(_ bytes: [UInt8]) -> Int {
        let floor = max(0, bytes.count - longest)
        guard let escape = bytes[floor...].lastIndex(of: 0x1B) else { return bytes.count }
        return isComplete(bytes[(escape + 1)...]) ? bytes.count : escape
    }

    /// Whether the bytes after an ESC finish its sequence.
    package static func isComplete(_ rest: ArraySlice<UInt8>) -> Bool {
        guard let kind = rest.first else { return false }
        let body = rest.dropFirst()
        switch kind {
        case UInt8(ascii: "["):  // CSI: parameters and intermediates, then one final byte
            return body.contains { (0x40...0x7E).contains($0) }
        case UInt8(ascii: "]"), UInt8(ascii: "P"), UInt8(ascii: "_"), UInt8(ascii: "^"):  // OSC, DCS, APC, PM: up to BEL or ST
            return body.contains(0x07)
        case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "#"), UInt8(ascii: "%"):
            return !body.isEmpty
        default:
            return true
        }
    }
}
