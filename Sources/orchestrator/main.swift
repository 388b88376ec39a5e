import OrchestratorCLI
import ProcessKit

// Two arenas serve a server of this size as fast as sixteen, without keeping a burst's memory per thread.
MallocTuning.limitArenas(to: 2)
MallocTuning.keepLargeBlocks(upTo: 4 << 20, trimBytes: 16 << 20)

await OrchestratorCommand.runAsMain()
