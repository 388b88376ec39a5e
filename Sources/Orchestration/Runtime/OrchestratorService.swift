import Foundation
import Logging
import OrchestratorCore
import ProcessKit
import ServiceLifecycle
import Storage
import TmuxKit

/// The background work: recovery at start, then agent monitoring and check-ins until shutdown.
public struct OrchestratorService: Service {
    package let runtime: ProjectRuntime

    /// Creates the service for a runtime.
    public init(runtime: ProjectRuntime) { self.runtime = runtime }

    public func run() async throws {
        await runtime.monitor.whenSessionLost { session in
            guard let (projectID, host) = SessionAddress.parse(session) else { return false }
            return await runtime.sessionLost(projectID: projectID, host: host)
        }
        await runtime.recover()
        await runtime.batches.attach(runtime)
        await runtime.approvals.attach(runtime)
        let approvals = runtime.approvals
        await runtime.events.observe { envelope in
            guard envelope.type == "agent_status_update" else { return }
            Task { await approvals.observe(envelope) }
        }
        if let notifications = runtime.notifications {
            await runtime.events.observe { envelope in
                guard NotificationService.observedEvents.contains(envelope.type) else { return }
                Task { await notifications.observe(envelope) }
            }
        }
        let usage = runtime.usage
        await usage.whenUsageGrows { projectID in await runtime.checkBudget(projectID) }
        await runtime.monitor.whenAiderScreenRead { agent, screen in await usage.aiderScreen(screen, agent: agent) }
        let reading = Task { await usage.run(every: runtime.configuration.usage.pollSeconds) }
        defer { reading.cancel() }
        let hosts = runtime.hosts
        await hosts.whenReachabilityChanges { name, reachable in await runtime.hostReachabilityChanged(name, reachable: reachable) }
        let checking = Task {
            await hosts.refreshAll()
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(3))
                await hosts.refreshDue()
            }
        }
        defer { checking.cancel() }
        let interval = max(0.05, runtime.configuration.agents.statusIntervalSeconds)
        await withGracefulShutdownHandler {
            var lastBranchScan = Date.distantPast
            var lastTrim = Date()
            let reaper = ZombieReaper()
            var lastReap = Date()
            while !Task.isShuttingDownGracefully, !Task.isCancelled {
                await runtime.fireDueCheckins()
                await runtime.monitor.tick()
                await runtime.delivery.retryHeld()
                await runtime.delivery.watchdog()
                await runtime.sampler.sampleIfDue()
                await runtime.batches.tick()
                await runtime.intelligence.announceInsights(to: runtime.events)
                await runtime.backups.runIfDue()
                if Date().timeIntervalSince(lastBranchScan) >= 2 {
                    // Agents' branches on SSH hosts come home first (in the background), then every branch is looked at.
                    await runtime.fetchRemoteBranches()
                    await runtime.branches.scan()
                    lastBranchScan = Date()
                }
                // Memory freed after a burst of requests goes back to the system instead of staying mapped.
                if Date().timeIntervalSince(lastTrim) >= 30 {
                    MallocTuning.trim()
                    lastTrim = Date()
                }
                // Children nobody reaped (see ZombieReaper) are collected.
                if Date().timeIntervalSince(lastReap) >= 10 {
                    reaper.reap()
                    lastReap = Date()
                }
                try? await Task.sleep(for: .seconds(interval))
            }
        } onGracefulShutdown: {}
    }
}
