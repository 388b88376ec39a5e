#if canImport(Glibc)
import Glibc
#endif

/// glibc's allocator knobs (`mallopt`, `malloc_trim`), looked up at run time: Swift's Glibc module does not
/// export `<malloc.h>`. Does nothing where they are missing (another libc, another system).
public enum MallocTuning {
    /// glibc gives every thread that allocates an arena of its own (up to 8 per core) and keeps what is freed in
    /// each, so a burst of requests on many threads leaves hundreds of megabytes behind. Call once, early.
    public static func limitArenas(to count: Int32) {
        #if canImport(Glibc)
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mArenaMax: Int32 = -8
        _ = unsafeBitCast(symbol, to: Mallopt.self)(mArenaMax, count)
        #endif
    }

    /// Serves blocks up to `bytes` from the heap instead of a fresh `mmap` each, and keeps up to `trimBytes` free
    /// at the heap's top: a rebuilt answer of a few hundred kilobytes otherwise costs a map, a page fault per 4 KiB
    /// page touched and an unmap on every request (a fifth of a rebuilt project list's time, in the kernel).
    /// ``trim()`` still hands memory back after a burst.
    public static func keepLargeBlocks(upTo bytes: Int32, trimBytes: Int32) {
        #if canImport(Glibc)
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        let mTrimThreshold: Int32 = -1, mMmapThreshold: Int32 = -3
        _ = mallopt(mMmapThreshold, bytes)
        _ = mallopt(mTrimThreshold, trimBytes)
        #endif
    }

    /// Hands freed memory at the top of the heaps back to the system (after a burst of work).
    public static func trim() {
        #if canImport(Glibc)
        typealias MallocTrim = @convention(c) (Int) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
        #endif
    }
}
