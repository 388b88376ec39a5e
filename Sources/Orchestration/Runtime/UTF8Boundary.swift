/// Where UTF-8 text cut at an arbitrary byte may be split without breaking a character.
package enum UTF8Boundary {
    /// The length of the longest prefix of `bytes` that does not end inside a multi-byte character.
    package static func completePrefixLength(_ bytes: [UInt8]) -> Int {
        var index = bytes.count
        var continuation = 0
        while index > 0, continuation < 3, bytes[index - 1] & 0b1100_0000 == 0b1000_0000 {
            index -= 1
            continuation += 1
        }
        guard index > 0 else { return bytes.count }
        let lead = bytes[index - 1]
        let needed: Int
        switch lead {
        case 0b1100_0000...0b1101_1111: needed = 1
        case 0b1110_0000...0b1110_1111: needed = 2
        case 0b1111_0000...0b1111_0111: needed = 3
        default: return bytes.count
        }
        return continuation < needed ? index - 1 : bytes.count
    }
}
