import ArgumentParser
import Foundation
import WebApp
import Yams
import Orchestration

/// `orchestrator config`: prints the effective configuration with secrets redacted.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Print the effective configuration (defaults < file < environment < flags), secrets redacted.")

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        print(Self.plainNumbers(try YAMLEncoder().encode(try options.load().redacted)), terminator: "")
    }

    /// The encoder writes whole-number floats in scientific notation (`6e+1`); a person reads `60.0`, and a config
    /// file copied from this output means the same.
    static func plainNumbers(_ yaml: String) -> String {
        let pattern = try! NSRegularExpression(pattern: #"(?m)(:\s)(-?\d+(?:\.\d+)?[eE][-+]?\d+)$"#)
        var text = yaml
        for match in pattern.matches(in: yaml, range: NSRange(yaml.startIndex..., in: yaml)).reversed() {
            guard let range = Range(match.range(at: 2), in: text), let value = Double(text[range]) else { continue }
            text.replaceSubrange(range, with: value == value.rounded() && abs(value) < 1e15 ? String(format: "%.1f", value) : String(value))
        }
        return text
    }
}
