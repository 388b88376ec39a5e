import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Complete lines of appended JSONL bytes: a last line without its newline is left for the next read.
enum JSONLines {
    /// Calls `body` with each complete line and the file offset it starts at; returns how many bytes were whole
    /// lines (the reader's next offset is `start + consumed`). Lines without `needle` are skipped unparsed.
    static func forEach(in data: Data, start: Int64, containing needle: String? = nil, _ body: (Data, Int64) -> Void) -> Int {
        let needleBytes = needle.map { Array($0.utf8) } ?? []
        return data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Int in
            guard let base = raw.baseAddress, raw.count > 0 else { return 0 }
            var lineStart = 0
            while lineStart < raw.count {
                guard let found = memchr(base + lineStart, 0x0A, raw.count - lineStart) else { break }
                let end = base.distance(to: UnsafeRawPointer(found))
                let length = end - lineStart
                if length > 0, needleBytes.isEmpty || contains(base + lineStart, length, needleBytes) {
                    body(Data(bytes: base + lineStart, count: length), start + Int64(lineStart))
                }
                lineStart = end + 1
            }
            return lineStart
        }
    }

    /// Whether `count` bytes at `start` hold `needle` (first byte by `memchr`, the rest by `memcmp`).
    static func contains(_ start: UnsafeRawPointer, _ count: Int, _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, count >= needle.count else { return false }
        var from = 0
        while from + needle.count <= count {
            guard let hit = memchr(start + from, Int32(first), count - from - needle.count + 1) else { return false }
            let at = start.distance(to: UnsafeRawPointer(hit))
            if needle.withUnsafeBytes({ memcmp(start + at, $0.baseAddress!, needle.count) }) == 0 { return true }
            from = at + 1
        }
        return false
    }

    /// Reads an ISO 8601 timestamp with or without fractional seconds.
    static func date(_ text: String?) -> Date? {
        guard let text else { return nil }
        return (try? Date(text, strategy: .iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted)))
            ?? (try? Date(text, strategy: .iso8601))
    }
}
