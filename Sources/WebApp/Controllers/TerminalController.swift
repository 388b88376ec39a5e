import Foundation
import Hummingbird
import HummingbirdWebSocket
import NIOCore
import NIOWebSocket
import OrchestratorCore
import Orchestration
import ServiceLifecycle
import Storage
import TmuxKit

/// `WS /ws/projects/{id}/agents/{agent_id}/terminal`: an agent's pane as a terminal. First a text frame
/// `{"type":"hello","cols","rows","can_type"}`, then binary frames of terminal bytes: the current screen with its
/// colours and cursor, then the pane's raw output as tmux sends it (a reader that falls behind gets the screen
/// afresh). Managers type with text frames `{"type":"input","data":"…"}`, sent as exact bytes; a viewer's input is
/// refused. The pane is never resized for a client. One audit record per terminal session that typed.
struct TerminalController {
    let services: AppServices

    /// Most bytes one input frame may carry.
    static let maximumInput = 4096

    func addRoutes(to routes: inout RouteRegistrar) {
        routes.webSocket("/ws/projects/:id/agents/:agent_id/terminal", .role(.viewer), shouldUpgrade: { _, context in
            let id = try context.parameters.require("id")
            let agentID = try context.parameters.require("agent_id")
            guard try context.requirePrincipal().agentID == nil else { throw AuthFailure.forbidden(reason: "agents have no terminals") }
            guard let agent = try services.database.agent(projectID: id, id: agentID) else {
                throw APIError.notFound("project \(id) has no agent '\(agentID)'")
            }
            guard agent.paneId != nil else { throw APIError.conflict("agent_not_running", "agent \(agentID) has no live pane (\(agent.status))") }
        }, onUpgrade: { inbound, outbound, context in
            let request = context.requestContext
            guard let principal = request.principal, let id = request.parameters.get("id"), let agentID = request.parameters.get("agent_id"),
                let agent = try await services.database.agent(projectID: id, id: agentID), let pane = agent.paneId
            else { return }
            try await terminal(agent: agent, pane: pane, principal: principal, inbound: inbound, outbound: outbound)
        })
    }

    struct Hello: Encodable {
        var type = "hello"
        var agent: String
        var cols: Int
        var rows: Int
        var canType: Bool
        enum CodingKeys: String, CodingKey {
            case type, agent, cols, rows
            case canType = "can_type"
        }
    }

    struct Input: Decodable {
        var type: String
        var data: String
    }

    private func terminal(
        agent: AgentRecord, pane: String, principal: Principal, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter
    ) async throws {
        let runtime = services.runtime
        let session = runtime.sessionName(agent.projectId, host: agent.host)
        let canType = principal.role.allows(.manager) && principal.agentID == nil
        // Tapped before the screen is read: output printed in between is drawn twice at worst, never lost.
        let tap = await runtime.monitor.tap(pane: pane, session: session)
        let started = Date()
        let typed = TypedBytes()
        defer {
            let monitor = runtime.monitor
            Task { await monitor.untap(tap) }
            if typed.count > 0 {
                runtime.delivery.typing.clear(projectID: agent.projectId, agentID: agent.id)
                Task { await runtime.delivery.kick(projectID: agent.projectId, agentID: agent.id) }
                try? services.database.recordAudit(
                    actor: principal.actorLabel, action: "agent.terminal", target: "\(agent.projectId)/\(agent.id)",
                    details: "typed \(typed.count) bytes in \(Int(Date().timeIntervalSince(started))) s")
            }
        }
        let geometry = try await runtime.tmux.geometry(pane: pane)
        let hello = try JSONEncoder().encode(Hello(agent: agent.id, cols: geometry.columns, rows: geometry.rows, canType: canType))
        try await outbound.write(.text(String(decoding: hello, as: UTF8.self)))
        try await outbound.write(.binary(ByteBuffer(bytes: try await screen(pane: pane))))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                var current = 0
                for await chunk in tap.output {
                    if let fresh = tap.resync() {
                        // Fell behind, or tmux paused the pane: the screen as it is now, and none of the older
                        // chunks still buffered (they would be drawn over it).
                        current = fresh
                        try await outbound.write(.binary(ByteBuffer(bytes: try await screen(pane: pane))))
                    } else if chunk.epoch >= current, !chunk.bytes.isEmpty {
                        try await outbound.write(.binary(ByteBuffer(bytes: chunk.bytes)))
                    }
                }
            }
            group.addTask {
                for try await message in inbound.messages(maxSize: Self.maximumInput * 8) {
                    guard case .text(let text) = message, let input = try? JSONDecoder().decode(Input.self, from: Data(text.utf8)), input.type == "input"
                    else { continue }
                    guard canType else {
                        try await outbound.write(.text(#"{"type":"error","message":"only managers type into agents; this terminal is read-only"}"#))
                        continue
                    }
                    let bytes = Array(input.data.utf8)
                    guard !bytes.isEmpty else { continue }
                    guard bytes.count <= Self.maximumInput else {
                        try await outbound.write(.text(#"{"type":"error","message":"at most \#(Self.maximumInput) bytes per input frame"}"#))
                        continue
                    }
                    runtime.delivery.typing.typed(bytes, projectID: agent.projectId, agentID: agent.id)
                    try await runtime.tmux.sendBytes(bytes, to: pane, in: session)
                    typed.add(bytes.count)
                    await runtime.notifications?.noteInput(projectID: agent.projectId, agentID: agent.id)
                    // A finished line lets queued messages go; a half-typed one is looked at again once it idles.
                    Task {
                        if !runtime.delivery.typing.holds(projectID: agent.projectId, agentID: agent.id) {
                            await runtime.delivery.kick(projectID: agent.projectId, agentID: agent.id)
                        } else {
                            try? await Task.sleep(for: .seconds(TerminalTyping.idle + 0.2))
                            await runtime.delivery.kick(projectID: agent.projectId, agentID: agent.id)
                        }
                    }
                }
            }
            group.addTask {
                try? await gracefulShutdown()
                if Task.isShuttingDownGracefully { try await outbound.close(.goingAway, reason: "the server is restarting") }
            }
            try await group.next()
            group.cancelAll()
        }
    }

    /// The pane's screen as terminal bytes: cleared, each row with its colours, the cursor where the pane has it.
    private func screen(pane: String) async throws -> [UInt8] {
        let tmux = services.runtime.tmux
        let rows = try await tmux.styledScreen(pane: pane)
        let geometry = try await tmux.geometry(pane: pane)
        var text = "\u{1b}[0m\u{1b}[H\u{1b}[2J"
        text += rows.joined(separator: "\u{1b}[0m\r\n")
        text += "\u{1b}[0m\u{1b}[\(geometry.cursorY + 1);\(geometry.cursorX + 1)H"
        return Array(text.utf8)
    }
}
