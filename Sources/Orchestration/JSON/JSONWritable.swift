import Foundation

/// A value that writes itself with a ``JSONWriter``.
public protocol JSONWritable {
    /// Writes this value (one JSON value: object, array, string, number, boolean or null).
    func write(to writer: inout JSONWriter)
}

extension String: JSONWritable {
    public func write(to writer: inout JSONWriter) { writer.writeString(self) }
}

extension Int: JSONWritable {
    public func write(to writer: inout JSONWriter) { writer.writeInteger(self) }
}

extension Int64: JSONWritable {
    public func write(to writer: inout JSONWriter) { writer.writeInteger(self) }
}

extension Double: JSONWritable {
    public func write(to writer: inout JSONWriter) { writer.writeDouble(self) }
}

extension Bool: JSONWritable {
    public func write(to writer: inout JSONWriter) { writer.writeBool(self) }
}

extension Date: JSONWritable {
    public func write(to writer: inout JSONWriter) { writer.writeDate(self) }
}

extension Optional: JSONWritable where Wrapped: JSONWritable {
    public func write(to writer: inout JSONWriter) {
        switch self {
        case .some(let value): value.write(to: &writer)
        case .none: writer.writeNull()
        }
    }
}

extension Array: JSONWritable where Element: JSONWritable {
    public func write(to writer: inout JSONWriter) {
        writer.beginArray()
        for element in self { writer.element(element) }
        writer.endArray()
    }
}

extension Dictionary: JSONWritable where Key == String, Value: JSONWritable {
    /// Keys in sorted order, so the same dictionary always gives the same bytes.
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        for key in keys.sorted() { writer.field(dynamic: key, self[key]!) }
        writer.endObject()
    }
}
