/// What the OpenAPI document says of each route, one line each:
/// `METHOD path | tag | summary | query parameters | request body schema | success status and body schema`.
/// A query parameter is `name` (a string) or `name:integer` / `name:boolean`; a body or response schema names a
/// component (`Project`), `object`, `html`, `text`, `manifest`, `javascript`, `redirect` or `-` (none). The route catalog is checked against
/// this table by a test, so a route added without its line fails the suite.
enum OpenAPIOperations {
    static let table = """
        GET /api/v1/system/health | system | Liveness | - | - | 200 Health
        GET /api/v1/system/ready | system | Readiness: database, migrations, tmux, git | - | - | 200 Readiness
        GET /api/v1/notifications/vapid-public-key | notifications | The VAPID public key to subscribe with | - | - | 200 object
        GET /api/v1/notifications/subscriptions | notifications | Your Web Push subscriptions | - | - | 200 object
        POST /api/v1/notifications/subscriptions | notifications | Subscribe this browser to Web Push (for yourself) | - | object | 201 object
        DELETE /api/v1/notifications/subscriptions/{id} | notifications | Remove one of your subscriptions | - | - | 204 -
        GET /api/v1/notifications/attempts | notifications | Your last 20 notification attempts and their outcome | - | - | 200 object
        GET /api/v1/notifications/channels | notifications | Your chat and webhook channels (secrets never shown) | - | - | 200 object
        POST /api/v1/notifications/channels | notifications | Add a channel: webhook, slack, discord, ntfy, telegram or email | - | object | 201 object
        DELETE /api/v1/notifications/channels/{id} | notifications | Remove one of your channels | - | - | 204 -
        POST /api/v1/notifications/channels/{id}/test | notifications | Send a test message to one of your channels | - | - | 200 object
        GET /api/v1/hosts | hosts | Machines agents may run on (local first), with their last health | - | - | 200 object
        POST /api/v1/hosts | hosts | Add an SSH host: its keys pinned (fingerprints in the answer) and a login tried | - | object | 201 object
        GET /api/v1/hosts/{name} | hosts | One host with its health checked now | - | - | 200 object
        PATCH /api/v1/hosts/{name} | hosts | Change a host's key file, workspace root, agent limit or labels | - | object | 200 object
        DELETE /api/v1/hosts/{name} | hosts | Remove a host and forget its keys (refused while projects run there, unless forced) | force:boolean | - | 204 -
        POST /api/v1/hosts/{name}/trust | hosts | Pin a host's new keys after a deliberate change | - | object | 200 object
        GET /api/v1/projects/{id}/usage | usage | Tokens and cost of a project by agent, model or day (Accept: text/csv for CSV) | by, since, until | - | 200 object
        GET /api/v1/usage | usage | Tokens and cost of every project by project, agent, model or day (Accept: text/csv for CSV) | by, since, until | - | 200 object
        GET /api/v1/projects/{id}/budget | usage | A project's budget, what it spent today and in all, and each limit's share | - | - | 200 object
        PUT /api/v1/projects/{id}/budget | usage | Set a project's budget (daily/total dollars or tokens; on_exceed pause or alert) | - | object | 200 object
        DELETE /api/v1/projects/{id}/budget | usage | Remove a project's budget | - | - | 204 -
        POST /api/v1/projects/{id}/reviews | git | Send an agent line comments on its diff as one review message | - | object | 201 object
        GET /api/v1/projects/{id}/reviews | git | Reviews sent to the project's agents, newest first, with their state | agent, limit:integer | - | 200 object
        GET /api/v1/projects/{id}/reviews/{review_id} | git | One review, its comments and the message the agent received | - | - | 200 object
        GET /api/v1/projects/{id}/approval-rules | approvals | A project's approval rules, with how often each matched | - | - | 200 object
        POST /api/v1/projects/{id}/approval-rules | approvals | Add a rule answering agents' permission questions (allow, deny or ask; dry_run only records) | - | object | 201 object
        DELETE /api/v1/projects/{id}/approval-rules/{rule_id} | approvals | Remove a project's approval rule | - | - | 204 -
        PATCH /api/v1/projects/{id}/approval-rules/{rule_id} | approvals | Change a project's approval rule (answer, pattern, dry_run) | - | object | 200 object
        POST /api/v1/projects/{id}/agents/{agent_id}/approval-rules/from-question | approvals | Yes, and allow this from now on: a rule for the question the agent waits on, which answers it | - | - | 201 object
        GET /api/v1/approval-rules | approvals | The global approval rules (every project) | - | - | 200 object
        POST /api/v1/approval-rules | approvals | Add a global approval rule (admins) | - | object | 201 object
        DELETE /api/v1/approval-rules/{rule_id} | approvals | Remove a global approval rule (admins) | - | - | 204 -
        PATCH /api/v1/approval-rules/{rule_id} | approvals | Change a global approval rule (admins) | - | object | 200 object
        GET /api/v1/notifications/rules | notifications | Your notification rules: events, projects, quiet hours, quiet while looking | - | - | 200 object
        PUT /api/v1/notifications/rules | notifications | Change your notification rules (fields left out keep their value) | - | object | 200 object
        POST /api/v1/notifications/test | notifications | Send a test notice to each of your devices | - | - | 200 object
        GET /account/notifications | pages | Notifications: this device, your devices, the last deliveries | - | - | 200 html
        POST /api/v1/notifications/actions | notifications | Answer an agent from a notification's button (its single-use token) | - | object | 200 object
        GET /api/v1/system/backups | system | The backup schedule and the backups kept (admin) | - | - | 200 BackupList
        POST /api/v1/system/backups | system | Take a backup now into the backups folder (admin) | - | - | 201 Backup
        GET /api/v1/system/metrics | monitoring | The whole system's figures and a 30-minute history | - | - | 200 object
        GET /metrics | monitoring | Prometheus exposition (loopback, or the metrics token) | - | - | 200 text
        POST /auth/login | auth | Sign in: a token pair and cookies | - | Login | 200 TokenPair
        POST /auth/refresh | auth | A new token pair for a refresh token (spent once) | - | Refresh | 200 TokenPair
        POST /auth/logout | auth | Revoke the session and clear the cookies | - | - | 200 object
        GET /api/v1/me | auth | Who you are and how you authenticated | - | - | 200 Me
        GET /api/v1/users | users | List users | - | - | 200 UserList
        POST /api/v1/users | users | Create a user | - | UserCreate | 201 User
        GET /api/v1/users/{username} | users | A user | - | - | 200 User
        PATCH /api/v1/users/{username} | users | Change a role (admin) or your password | - | UserChange | 200 User
        DELETE /api/v1/users/{username} | users | Delete a user with their sessions and keys | - | - | 204 -
        GET /api/v1/api-keys | api-keys | List API keys (admins see all) | - | - | 200 APIKeyList
        POST /api/v1/api-keys | api-keys | Create an API key; the secret is shown once | - | APIKeyCreate | 201 APIKey
        DELETE /api/v1/api-keys/{id} | api-keys | Revoke an API key | - | - | 204 -
        POST /api/v1/projects | projects | Create a project and start its agents | - | ProjectCreate | 201 Project
        GET /api/v1/projects | projects | List projects | status,priority,q,limit:integer,offset:integer | - | 200 ProjectList
        GET /api/v1/projects/{id} | projects | A project with its agents and git facts | - | - | 200 Project
        PUT /api/v1/projects/{id} | projects | Change description, priority, spec or team | - | ProjectUpdate | 200 Project
        DELETE /api/v1/projects/{id} | projects | Terminate a project; with purge, delete an ended one's record | remove_worktrees:boolean,purge:boolean | - | 200 Project
        POST /api/v1/projects/{id}/pause | projects | Stop the agents, keep the worktrees | - | - | 200 Project
        POST /api/v1/projects/{id}/resume | projects | Start the agents again with a resume briefing | - | - | 200 Project
        POST /api/v1/projects/{id}/complete | projects | Mark the project done | - | - | 200 Project
        GET /api/v1/projects/{id}/agents | agents | The project's agents | - | - | 200 AgentList
        GET /api/v1/projects/{id}/agents/{agent_id}/status | agents | One agent's state, task and question | - | - | 200 AgentStatus
        GET /api/v1/projects/{id}/agents/{agent_id}/output | agents | The text on the agent's screen | lines:integer | - | 200 AgentOutput
        POST /api/v1/projects/{id}/agents/{agent_id}/report | agents | Report task, progress, blockers | - | Report | 200 AgentStatus
        POST /api/v1/projects/{id}/agents/{agent_id}/keys | agents | Press allow-listed keys in the agent's window | - | Keys | 200 AgentStatus
        POST /api/v1/projects/{id}/agents/{agent_id}/hooks | agents | The agent's own hook payload (Claude Code, Codex, Gemini CLI) | kind | object | 200 object
        POST /api/v1/projects/{id}/agents/{agent_id}/reply | agents | The agent answers a message that asked it | - | Reply | 201 Message
        POST /api/v1/projects/{id}/messages | messages | Send a message to an agent | - | MessageCreate | 202 Message
        GET /api/v1/projects/{id}/messages | messages | Message history | agent,status,limit:integer,before:integer | - | 200 MessageList
        POST /api/v1/projects/{id}/checkins | check-ins | Schedule a check-in | - | CheckinCreate | 201 Checkin
        GET /api/v1/projects/{id}/checkins | check-ins | Scheduled check-ins | - | - | 200 CheckinList
        DELETE /api/v1/projects/{id}/checkins/{checkin_id} | check-ins | Cancel a check-in | - | - | 204 -
        GET /api/v1/projects/{id}/git/status | git | Branch, commit, changes, conflicts | agent | - | 200 GitStatus
        POST /api/v1/projects/{id}/git/commit | git | Commit in the checkout or an agent's worktree | - | Commit | 201 CommitResult
        GET /api/v1/projects/{id}/git/log | git | Commits | agent,branch,limit:integer,skip:integer | - | 200 GitLog
        GET /api/v1/projects/{id}/git/diff | git | An agent's changes against the base | agent | - | 200 GitDiff
        GET /api/v1/projects/{id}/git/branches | git | Agent branches with ahead and behind | - | - | 200 GitBranches
        POST /api/v1/projects/{id}/git/merge | git | Merge a branch into the base | - | Merge | 200 GitMergeResult
        POST /api/v1/projects/{id}/git/resolve | git | Resolve or abort a conflicted merge | - | Resolve | 200 GitResolveResult
        POST /api/v1/projects/{id}/git/push | git | Push a branch | - | Push | 200 GitPushResult
        GET /api/v1/projects/{id}/events | events | Stored events in order | since:integer,type,limit:integer | - | 200 EventList
        GET /api/v1/projects/{id}/status | monitoring | Project status for dashboards | - | - | 200 ProjectStatus
        GET /api/v1/projects/{id}/metrics | monitoring | Project figures | - | - | 200 ProjectMetrics
        POST /api/v1/markdown | pages | Markdown rendered as the pages render it | - | Markdown | 200 object
        POST /api/v2/projects/natural | intelligence | A project from a prompt | - | NaturalProject | 201 NaturalProjectResult
        POST /api/v2/projects/{id}/communicate | intelligence | Ask a project's team; gather their replies | - | Communicate | 200 CommunicateResult
        GET /api/v2/monitoring/intelligent-dashboard | intelligence | Health score, alerts, recommendations | - | - | 200 Dashboard
        POST /api/v2/monitoring/ask-ai | intelligence | Ask about the fleet | - | AskAI | 200 AIAnswer
        POST /api/v2/daemon/chat | intelligence | Start a chat session | - | ChatStart | 201 ChatTranscript
        GET /api/v2/daemon/chat/{session_id} | intelligence | A chat's transcript | - | - | 200 ChatTranscript
        POST /api/v2/daemon/chat/{session_id} | intelligence | Send a chat message; the reply | - | ChatMessage | 200 ChatReply
        GET /api/v2/daemon/health | intelligence | The intelligence layer's provider and state | - | - | 200 DaemonHealth
        POST /api/v2/batch/process | batches | Run specifications as projects in a planned order | - | Batch | 201 BatchCreated
        GET /api/v2/batch/{batch_id}/status | batches | A batch's items and progress | - | - | 200 BatchStatus
        POST /mcp | mcp | MCP over streamable HTTP (JSON-RPC) | - | object | 200 object
        GET /mcp | mcp | No server stream (405) | - | - | 405 -
        DELETE /mcp | mcp | No session to end (405) | - | - | 405 -
        GET /ws/projects/{id}/agents/{agent_id}/terminal | agents | WebSocket: the agent's pane as a terminal (binary frames of terminal bytes; managers send {"type":"input","data"}) | token | - | 101 -
        GET /ws/projects/{id} | events | WebSocket: a project's events, replayed after since, then live | since:integer,token | - | 101 -
        GET /ws/system | events | WebSocket: every event | since:integer,token | - | 101 -
        GET /openapi.json | docs | This document | - | - | 200 object
        GET /docs | docs | The API reference page | - | - | 200 html
        GET /login | pages | Sign-in page | next | - | 200 html
        POST /login | pages | Sign-in form | - | form | 303 redirect
        POST /logout | pages | Sign out | - | form | 303 redirect
        GET / | pages | Projects overview | status,q | - | 200 html
        GET /account | pages | Account page | - | - | 200 html
        POST /account/password | pages | Change your password (form) | - | form | 303 redirect
        POST /account/sessions/revoke | pages | Sign out everywhere (form) | - | form | 303 redirect
        GET /admin/users | pages | Users and API keys | - | - | 200 html
        GET /admin/hosts | pages | SSH hosts and their health | - | - | 200 html
        POST /admin/hosts | pages | Add a host (form) | - | form | 303 redirect
        POST /admin/hosts/{name}/check | pages | Check a host now (form) | - | form | 303 redirect
        POST /admin/hosts/{name}/trust | pages | Pin a host's new keys (form) | - | form | 303 redirect
        POST /admin/hosts/{name}/delete | pages | Remove a host (form) | - | form | 303 redirect
        POST /admin/users | pages | Add a user (form) | - | form | 303 redirect
        POST /admin/users/{username}/role | pages | Change a role (form) | - | form | 303 redirect
        POST /admin/users/{username}/delete | pages | Delete a user (form) | - | form | 303 redirect
        POST /admin/api-keys | pages | Create an API key (form) | - | form | 200 html
        POST /admin/api-keys/{id}/revoke | pages | Revoke an API key (form) | - | form | 303 redirect
        GET /projects/new | pages | New project form | - | - | 200 html
        POST /projects | pages | Create a project (form) | - | form | 303 redirect
        POST /projects/new/prompt | pages | Create a project from a prompt (form) | - | form | 303 redirect
        GET /projects/{id} | pages | Project page | diff | - | 200 html
        GET /projects/{id}/agents/{agent_id} | pages | Agent page | - | - | 200 html
        POST /projects/{id}/messages | pages | Send a message (form) | - | form | 303 redirect
        POST /projects/{id}/pause | pages | Pause (form) | - | form | 303 redirect
        POST /projects/{id}/resume | pages | Resume (form) | - | form | 303 redirect
        POST /projects/{id}/terminate | pages | Terminate (form) | - | form | 303 redirect
        POST /projects/{id}/delete | pages | Delete an ended project's record (form) | - | form | 303 redirect
        POST /projects/{id}/merge | pages | Merge an agent's branch (form) | - | form | 303 redirect
        POST /projects/{id}/resolve | pages | Resolve a conflict (form) | - | form | 303 redirect
        POST /projects/{id}/checkins | pages | Schedule a check-in (form) | - | form | 303 redirect
        POST /projects/{id}/checkins/{checkin_id}/delete | pages | Cancel a check-in (form) | - | form | 303 redirect
        POST /projects/{id}/agents/{agent_id}/keys | pages | Press keys (form) | - | form | 303 redirect
        POST /projects/{id}/agents/{agent_id}/allow-always | pages | Answer yes and allow this question from now on in the project (form) | - | form | 303 redirect
        GET /system | pages | System page | - | - | 200 html
        GET /manifest.webmanifest | pages | The web app manifest (installable dashboard) | - | - | 200 manifest
        GET /sw.js | pages | The service worker (app shell cache, offline page, notifications) | - | - | 200 javascript
        POST /system/backups | pages | Take a backup now (form, admin) | - | form | 303 redirect
        GET /insights | pages | Insights page | - | - | 200 html
        POST /ask | pages | Ask AI (form) | - | form | 200 html
        GET /chat | pages | Your chats | - | - | 200 html
        POST /chat | pages | Start a chat (form) | - | form | 303 redirect
        GET /chat/{session_id} | pages | A chat | - | - | 200 html
        POST /chat/{session_id} | pages | Send a chat message (form) | - | form | 303 redirect
        GET /batches | pages | Batches | - | - | 200 html
        POST /batches | pages | Start a batch (form) | - | form | 303 redirect
        GET /batches/{batch_id} | pages | A batch | - | - | 200 html
        """
}
