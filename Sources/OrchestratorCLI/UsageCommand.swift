import ArgumentParser
import Foundation

/// `orchestrator usage [--project ID] [--by agent|model|day|project] [--since DATE] [--until DATE] [--json]`: tokens
/// and cost as a table (or the server's JSON), of one project or of all.
struct UsageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "usage", abstract: "Show tokens and cost by agent, model or day, of one project or of all.")

    @Option(help: "One project (default: ORCHESTRATOR_PROJECT inside an agent's window, else every project).") var project: String?
    @Option(help: "agent, model or day (and project, over all projects).") var by: String?
    @Option(help: "From this date (2026-12-01) or time.") var since: String?
    @Option(help: "To the end of this date, or until this time.") var until: String?
    @Flag(help: "Print the server's JSON.") var json = false
    @OptionGroup var server: ServerOptions

    func run() async throws {
        let scope = project ?? ProcessInfo.processInfo.environment["ORCHESTRATOR_PROJECT"]
        var query: [URLQueryItem] = []
        if let by { query.append(URLQueryItem(name: "by", value: by)) }
        if let since { query.append(URLQueryItem(name: "since", value: since)) }
        if let until { query.append(URLQueryItem(name: "until", value: until)) }
        var components = URLComponents()
        components.path = scope.map { "/api/v1/projects/\($0)/usage" } ?? "/api/v1/usage"
        components.queryItems = query.isEmpty ? nil : query
        guard let path = components.string else { throw ValidationError("bad project name") }
        let answer = try await server.client().call("GET", path)
        if json {
            let data = try JSONSerialization.data(withJSONObject: answer, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            print(String(decoding: data, as: UTF8.self))
            return
        }
        guard let report = answer as? [String: Any] else { return }
        print(Self.table(report))
    }

    /// The report as aligned columns, with a total line and a note on unpriced models.
    static func table(_ report: [String: Any]) -> String {
        let rows = report["rows"] as? [[String: Any]] ?? []
        let total = report["total"] as? [String: Any] ?? [:]
        let header = [(report["by"] as? String ?? "key").uppercased(), "INPUT", "OUTPUT", "CACHE WRITE", "CACHE READ", "COST"]
        func cells(_ key: String, _ row: [String: Any]) -> [String] {
            let number = { (field: String) in Self.grouped((row[field] as? NSNumber)?.int64Value ?? 0) }
            let cost = (row["cost_dollars"] as? NSNumber).map { String(format: "$%.4f", $0.doubleValue) } ?? "unknown"
            let unpriced = (row["unpriced_models"] as? [String] ?? []).isEmpty || row["cost_dollars"] is NSNull ? "" : " +unpriced"
            return [key, number("input_tokens"), number("output_tokens"), number("cache_creation_input_tokens"), number("cache_read_input_tokens"), cost + unpriced]
        }
        var lines = [header] + rows.map { cells($0["key"] as? String ?? "?", $0) }
        lines.append(cells("total", total))
        var widths = header.map(\.count)
        for line in lines { for (index, cell) in line.enumerated() { widths[index] = max(widths[index], cell.count) } }
        var text = lines.map { line in
            line.enumerated().map { index, cell in
                index == 0 ? cell.padding(toLength: widths[index], withPad: " ", startingAt: 0) : String(repeating: " ", count: widths[index] - cell.count) + cell
            }.joined(separator: "  ")
        }.joined(separator: "\n")
        if let unpriced = total["unpriced_models"] as? [String], !unpriced.isEmpty {
            text += "\nNo price known for: \(unpriced.joined(separator: ", ")) (tokens counted, cost left out)."
        }
        return text
    }

    /// `1234567` → `1,234,567`.
    static func grouped(_ value: Int64) -> String {
        let digits = String(value)
        var out = ""
        for (index, character) in digits.reversed().enumerated() {
            if index > 0, index % 3 == 0, character != "-" { out.append(",") }
            out.append(character)
        }
        return String(out.reversed())
    }
}
