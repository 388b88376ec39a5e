import Foundation

/// The POSIX ustar subset a backup needs: regular files with short plain names, written as a stream and read back
/// with every header's checksum checked. `tar tvf` lists a backup and `tar xf` unpacks it by hand.
package enum TarArchive {
    /// One file read back from an archive: its name and where its bytes lie in the archive's data.
    package struct Entry: Sendable, Equatable {
        package var name: String
        package var mode: Int
        package var bytes: Range<Int>
    }

    /// Why an archive could not be read.
    package struct ReadError: Error, CustomStringConvertible, Equatable {
        package var description: String
    }

    static let blockSize = 512

    /// A ustar header for a regular file `name` of `size` bytes.
    package static func header(name: String, size: Int, mode: Int = 0o600, modified: Date = Date()) -> [UInt8] {
        var block = [UInt8](repeating: 0, count: blockSize)
        func put(_ text: String, at offset: Int, width: Int) {
            for (index, byte) in text.utf8.prefix(width).enumerated() { block[offset + index] = byte }
        }
        func octal(_ value: Int, at offset: Int, width: Int) {
            put(String(String(value, radix: 8).suffix(width - 1)).leftPadded(to: width - 1), at: offset, width: width - 1)
        }
        put(name, at: 0, width: 100)
        octal(mode, at: 100, width: 8)
        octal(0, at: 108, width: 8)
        octal(0, at: 116, width: 8)
        octal(size, at: 124, width: 12)
        octal(Int(modified.timeIntervalSince1970), at: 136, width: 12)
        block[156] = UInt8(ascii: "0")
        put("ustar\u{0}00", at: 257, width: 8)
        for index in 148..<156 { block[index] = UInt8(ascii: " ") }
        let sum = block.reduce(0) { $0 + Int($1) }
        put(String(sum, radix: 8).leftPadded(to: 6) + "\u{0} ", at: 148, width: 8)
        return block
    }

    /// Zero bytes that pad `size` bytes of content to a whole block.
    package static func padding(after size: Int) -> [UInt8] {
        [UInt8](repeating: 0, count: (blockSize - size % blockSize) % blockSize)
    }

    /// The two zero blocks that end an archive.
    package static var trailer: [UInt8] { [UInt8](repeating: 0, count: blockSize * 2) }

    /// The regular files in `data`, in order.
    /// - Throws: ``ReadError`` for anything but a well-formed ustar stream of regular files with plain names.
    package static func entries(in data: Data) throws -> [Entry] {
        var entries: [Entry] = []
        var offset = 0
        while offset + blockSize <= data.count {
            let block = [UInt8](data[data.startIndex + offset ..< data.startIndex + offset + blockSize])
            if block.allSatisfy({ $0 == 0 }) { return entries }
            guard String(decoding: block[257..<262], as: UTF8.self) == "ustar" else {
                throw ReadError(description: "not a tar archive (no ustar header at byte \(offset))")
            }
            let stored = try number(block[148..<156], field: "checksum")
            let sum = block.enumerated().reduce(0) { $0 + ((148..<156).contains($1.offset) ? 32 : Int($1.element)) }
            guard stored == sum else { throw ReadError(description: "a damaged tar header at byte \(offset)") }
            let name = text(block[0..<100])
            guard block[156] == UInt8(ascii: "0") || block[156] == 0 else {
                throw ReadError(description: "\(name) is not a regular file")
            }
            guard !name.isEmpty, !name.contains("/"), name != ".", name != ".." else {
                throw ReadError(description: "an entry with a path in its name (\(name))")
            }
            let size = try number(block[124..<136], field: "size")
            let start = offset + blockSize
            guard size >= 0, start + size <= data.count else { throw ReadError(description: "\(name) is cut short") }
            entries.append(Entry(name: name, mode: try number(block[100..<108], field: "mode"), bytes: start ..< start + size))
            offset = start + size + padding(after: size).count
        }
        throw ReadError(description: "the archive ends without its closing blocks (cut short?)")
    }

    private static func text(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
    }

    private static func number(_ bytes: ArraySlice<UInt8>, field: String) throws -> Int {
        let digits = text(bytes).trimmingCharacters(in: .whitespaces)
        guard let value = Int(digits.isEmpty ? "0" : digits, radix: 8) else {
            throw ReadError(description: "a tar header with an unreadable \(field)")
        }
        return value
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
