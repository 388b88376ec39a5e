import Foundation

/// Per-model prices: a data file (the LiteLLM price list, with its version and date) and the config's overrides.
/// A model found in neither has no price: its tokens count, its cost is unknown.
public struct PriceTable: Sendable {
    /// Where the prices came from, e.g. `litellm 1.77.7 model_prices_and_context_window_backup.json`.
    public let source: String
    /// The list's version and date.
    public let version: String
    public let date: String
    private let prices: [String: ModelPrice]

    /// A table of these prices.
    public init(prices: [String: ModelPrice], source: String = "configuration", version: String = "", date: String = "") {
        self.prices = Dictionary(prices.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { $1 })
        self.source = source
        self.version = version
        self.date = date
    }

    /// The file's shape.
    struct File: Decodable {
        var source: String?
        var version: String?
        var date: String?
        var models: [String: ModelPrice]
    }

    /// Reads a price file; `overrides` replace or add models.
    public static func load(file: String?, overrides: [String: ModelPrice] = [:]) throws -> PriceTable {
        var table = PriceTable(prices: [:], source: "none")
        if let file {
            let data = try Data(contentsOf: URL(fileURLWithPath: file))
            let parsed = try JSONDecoder().decode(File.self, from: data)
            table = PriceTable(prices: parsed.models, source: parsed.source ?? file, version: parsed.version ?? "", date: parsed.date ?? "")
        }
        guard !overrides.isEmpty else { return table }
        return PriceTable(
            prices: table.prices.merging(overrides.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { $1 }),
            source: table.source + " + configuration", version: table.version, date: table.date)
    }

    /// How many models are priced.
    public var count: Int { prices.count }

    /// The price of a model as an agent names it: exactly, then without a provider prefix (`anthropic/…`), with
    /// the providers' prefixes LiteLLM uses, and without a date suffix (`-20250929`, `-2025-04-14`).
    public func price(for model: String) -> ModelPrice? {
        for candidate in Self.candidates(model.lowercased()) {
            if let price = prices[candidate] { return price }
        }
        return nil
    }

    private static let prefixes = ["", "gemini/", "deepseek/", "xai/", "mistral/", "anthropic/", "openai/"]

    static func candidates(_ model: String) -> [String] {
        var names = [model]
        if let slash = model.lastIndex(of: "/") { names.append(String(model[model.index(after: slash)...])) }
        for name in names where name != Self.undated(name) { names.append(Self.undated(name)) }
        var all: [String] = []
        for name in names {
            for prefix in prefixes where !all.contains(prefix + name) { all.append(prefix + name) }
        }
        return all
    }

    /// The name without a trailing date (`-20250929` or `-2025-04-14`).
    static func undated(_ name: String) -> String {
        if let match = name.firstMatch(of: /-(\d{8}|\d{4}-\d{2}-\d{2})$/) { return String(name[..<match.range.lowerBound]) }
        return name
    }
}
