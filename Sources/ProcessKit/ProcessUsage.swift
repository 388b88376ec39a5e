/// CPU time and memory used by a process (or a process and all its descendants).
public struct ProcessUsage: Sendable, Equatable {
    /// User plus system CPU time, in seconds.
    public var cpuSeconds: Double
    /// Resident memory, in bytes.
    public var residentBytes: Int64
    /// How many processes were counted.
    public var processes: Int

    public init(cpuSeconds: Double, residentBytes: Int64, processes: Int) {
        self.cpuSeconds = cpuSeconds
        self.residentBytes = residentBytes
        self.processes = processes
    }

    /// Adds another process's figures.
    public static func + (lhs: ProcessUsage, rhs: ProcessUsage) -> ProcessUsage {
        ProcessUsage(
            cpuSeconds: lhs.cpuSeconds + rhs.cpuSeconds, residentBytes: lhs.residentBytes + rhs.residentBytes,
            processes: lhs.processes + rhs.processes)
    }

    /// Nothing counted.
    public static let zero = ProcessUsage(cpuSeconds: 0, residentBytes: 0, processes: 0)
}
