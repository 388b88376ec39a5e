import Foundation
import NIOCore

/// Writes JSON straight into bytes, keys in the order they are written and `null` for absent values.
///
/// Faster than encoding through `Encodable` for the documents dashboards poll (a project list of 100 projects is
/// one pass over the rows, no intermediate containers), and it keeps the spec's field order. The bytes go into a
/// plain array (an append is a bounds check and a store) and become a `ByteBuffer` once, at the end: a
/// `ByteBuffer` write per byte, with its uniqueness and exclusivity checks, was a fifth of a rebuilt list's time.
public struct JSONWriter {
    /// What has been written so far.
    private var bytes: [UInt8] = []
    /// One entry per open object or array: whether the next member needs a comma first.
    private var needsComma: [Bool] = []

    /// What has been written so far, as a buffer.
    public var buffer: ByteBuffer { ByteBuffer(bytes: bytes) }

    /// A writer with room for `capacity` bytes (it grows as needed).
    public init(capacity: Int = 1024) {
        bytes.reserveCapacity(capacity)
        needsComma.reserveCapacity(8)
    }

    /// Opens an object; close it with ``endObject()``.
    public mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma.append(false)
    }

    /// Closes the innermost object.
    public mutating func endObject() {
        needsComma.removeLast()
        bytes.append(UInt8(ascii: "}"))
    }

    /// Opens an array; close it with ``endArray()``.
    public mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma.append(false)
    }

    /// Closes the innermost array.
    public mutating func endArray() {
        needsComma.removeLast()
        bytes.append(UInt8(ascii: "]"))
    }

    /// Writes `"key":` inside an object; the value follows with one of the value methods.
    public mutating func key(_ key: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        // The value written next must not get a comma of its own.
        needsComma[needsComma.count - 1] = false
    }

    /// Writes `"key": value`.
    public mutating func field<Value: JSONWritable>(_ key: StaticString, _ value: Value) {
        self.key(key)
        value.write(to: &self)
        markWritten()
    }

    /// Writes `"key": value`, with a key known only at run time (dictionary keys).
    public mutating func field<Value: JSONWritable>(dynamic key: String, _ value: Value) {
        separate()
        writeString(key)
        bytes.append(UInt8(ascii: ":"))
        needsComma[needsComma.count - 1] = false
        value.write(to: &self)
        markWritten()
    }

    /// Writes an array element.
    public mutating func element<Value: JSONWritable>(_ value: Value) {
        separate()
        needsComma[needsComma.count - 1] = false
        value.write(to: &self)
        markWritten()
    }

    /// Writes `null`.
    public mutating func writeNull() { append("null") }

    /// Writes `true` or `false`.
    public mutating func writeBool(_ value: Bool) { append(value ? "true" : "false") }

    /// Writes an integer.
    public mutating func writeInteger<Value: BinaryInteger>(_ value: Value) { bytes.append(contentsOf: String(value).utf8) }

    /// Writes a number: integral values without a fraction (`0`, `1`), others in their shortest exact form;
    /// non-finite values (not JSON) as `null`.
    public mutating func writeDouble(_ value: Double) {
        guard value.isFinite else { return writeNull() }
        if value == value.rounded(.towardZero), abs(value) < 1e15 {
            bytes.append(contentsOf: String(Int64(value)).utf8)
        } else {
            bytes.append(contentsOf: value.description.utf8)
        }
    }

    /// Writes a string, escaping quotes, backslashes and control characters.
    public mutating func writeString(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { text in
            var start = 0
            for index in 0..<text.count {
                let byte = text[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                if start < index { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[start..<index])) }
                writeEscape(byte)
                start = index + 1
            }
            if start < text.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[start...])) }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends a literal's bytes.
    private mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Writes a date as ISO 8601 in UTC to the second (`2026-12-01T21:53:27Z`), as the rest of the API does.
    public mutating func writeDate(_ date: Date) {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        bytes.append(UInt8(ascii: "\""))
        writeDigits(Int(parts.tm_year) + 1900, width: 4)
        bytes.append(UInt8(ascii: "-"))
        writeDigits(Int(parts.tm_mon) + 1, width: 2)
        bytes.append(UInt8(ascii: "-"))
        writeDigits(Int(parts.tm_mday), width: 2)
        bytes.append(UInt8(ascii: "T"))
        writeDigits(Int(parts.tm_hour), width: 2)
        bytes.append(UInt8(ascii: ":"))
        writeDigits(Int(parts.tm_min), width: 2)
        bytes.append(UInt8(ascii: ":"))
        writeDigits(Int(parts.tm_sec), width: 2)
        bytes.append(UInt8(ascii: "Z"))
        bytes.append(UInt8(ascii: "\""))
    }

    /// Writes JSON text that is already valid as it stands.
    public mutating func writeRaw(_ json: String) { bytes.append(contentsOf: json.utf8) }

    /// Writes JSON bytes that are already valid as they stand (a value written by another writer).
    public mutating func writeRaw(bytes json: [UInt8]) { bytes.append(contentsOf: json) }

    /// The bytes written so far (one whole value once every object and array is closed).
    public var writtenBytes: [UInt8] { bytes }

    /// Writes `"key": json` with JSON text that is already valid as it stands.
    public mutating func rawField(_ key: StaticString, _ json: String) {
        self.key(key)
        writeRaw(json)
        markWritten()
    }

    private mutating func separate() {
        guard let last = needsComma.last else { return }
        if last { bytes.append(UInt8(ascii: ",")) }
    }

    private mutating func markWritten() {
        if !needsComma.isEmpty { needsComma[needsComma.count - 1] = true }
    }

    private mutating func writeDigits(_ value: Int, width: Int) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor % 10))
            rest %= divisor
            divisor /= 10
        }
    }

    private mutating func writeEscape(_ byte: UInt8) {
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\"))
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        default:
            let hex = Array("0123456789abcdef".utf8)
            append("u00")
            bytes.append(hex[Int(byte >> 4)])
            bytes.append(hex[Int(byte & 0xF)])
        }
    }
}
