extension KeyedDecodingContainer {
    /// The value for `key`, or `fallback` when the key is absent, so config files may name only what they change.
    package func value<T: Decodable>(_ key: Key, or fallback: T) throws -> T {
        try decodeIfPresent(T.self, forKey: key) ?? fallback
    }

    /// The optional value for `key`, or `fallback` when the key is absent.
    package func optionalValue<T: Decodable>(_ key: Key, or fallback: T?) throws -> T? {
        contains(key) ? try decodeIfPresent(T.self, forKey: key) : fallback
    }
}
