import Foundation
import NIOCore
import Testing
@testable import WebApp
import Orchestration

@Suite("JSONWriter writes valid JSON in the order given", .timeLimit(.minutes(3)))
struct JSONWriterTests {
    struct Sample: JSONWritable {
        var text: String
        var number: Double
        var missing: String?
        var list: [Int]
        var when: Date

        func write(to writer: inout JSONWriter) {
            writer.beginObject()
            writer.field("text", text)
            writer.field("number", number)
            writer.field("missing", missing)
            writer.field("list", list)
            writer.field("nested", [["a": 1]])
            writer.field("when", when)
            writer.endObject()
        }
    }

    @Test func escapesEverythingJSONRequiresAndRoundTrips() throws {
        let nasty = "quote \" backslash \\ newline \n tab \t bell \u{07} nul \u{0} é 漢字 🚀 </script>"
        var writer = JSONWriter()
        Sample(text: nasty, number: 0.25, missing: nil, list: [1, 2], when: Date(timeIntervalSince1970: 1_796_164_887)).write(to: &writer)
        let text = String(buffer: writer.buffer)
        #expect(text.hasPrefix(#"{"text":"quote \" backslash \\ newline \n tab \t bell \u0007 nul \u0000 é"#))
        #expect(text.hasSuffix(#","number":0.25,"missing":null,"list":[1,2],"nested":[{"a":1}],"when":"2026-12-01T22:41:27Z"}"#))
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(decoded["text"] as? String == nasty)
    }

    @Test func numbersStayNumbers() {
        for (value, expected) in [(0.0, "0"), (1.0, "1"), (-3.0, "-3"), (0.5, "0.5"), (Double.nan, "null"), (1e20, "1e+20")] {
            var writer = JSONWriter()
            writer.writeDouble(value)
            #expect(String(buffer: writer.buffer) == expected, "\(value)")
        }
    }
}
