#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a whole file with `open`/`read`/`close`. Foundation's readers (`Data(contentsOf:)`,
/// `String(contentsOfFile:)`, `FileManager.contents(atPath:)`) leak a 4 KiB buffer for every file that turns out
/// empty (swift-foundation 6.3), and the server reads empty files all the time: a child's empty stderr, `/proc`
/// `children` lists. `/proc` files report size 0, so their size cannot be trusted either.
public enum FileBytes {
    /// The file's bytes, or nil when it cannot be opened.
    public static func read(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                result.append(contentsOf: chunk[0..<count])
            } else if count < 0, errno == EINTR {
                continue
            } else {
                break
            }
        }
        return result
    }

    /// The file as UTF-8 text (invalid bytes repaired), or nil when it cannot be opened.
    public static func text(_ path: String) -> String? {
        read(path).map { String(decoding: $0, as: UTF8.self) }
    }
}
