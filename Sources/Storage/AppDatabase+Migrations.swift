import GRDB

extension AppDatabase {
    /// Every schema change, in order. Migrations are append-only: never edit one that has landed.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 users, tokens, keys, projects, audit") { db in
            try db.create(table: "meta") { t in
                t.primaryKey("key", .text)
                t.column("value", .text).notNull()
            }
            try db.create(table: "user") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("username", .text).notNull().unique().collate(.nocase)
                t.column("password_hash", .text).notNull()
                t.column("role", .text).notNull()
                t.column("created_at", .datetime).notNull()
                t.column("updated_at", .datetime).notNull()
            }
            try db.create(table: "refresh_token") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("user_id", .integer).notNull().indexed().references("user", onDelete: .cascade)
                t.column("token_hash", .text).notNull().unique()
                t.column("family_id", .text).notNull().indexed()
                t.column("created_at", .datetime).notNull()
                t.column("expires_at", .datetime).notNull()
                t.column("revoked_at", .datetime)
                t.column("revoked_reason", .text)
            }
            try db.create(table: "api_key") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull()
                t.column("role", .text).notNull()
                t.column("key_hash", .text).notNull().unique()
                t.column("prefix", .text).notNull()
                t.column("owner_id", .integer).notNull().indexed().references("user", onDelete: .cascade)
                t.column("created_at", .datetime).notNull()
                t.column("last_used_at", .datetime)
                t.column("revoked_at", .datetime)
            }
            try db.create(table: "project") { t in
                t.primaryKey("id", .text)
                t.column("name", .text).notNull()
                t.column("description", .text).notNull().defaults(to: "")
                t.column("project_path", .text).notNull()
                t.column("spec_content", .text).notNull().defaults(to: "")
                t.column("status", .text).notNull()
                t.column("priority", .text).notNull()
                t.column("size", .text).notNull().defaults(to: "medium")
                t.column("progress", .double).notNull().defaults(to: 0)
                t.column("base_branch", .text)
                t.column("agent_command", .text)
                t.column("created_by", .text)
                t.column("created_at", .datetime).notNull()
                t.column("updated_at", .datetime).notNull().indexed()
            }
            try db.create(table: "audit_log") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("at", .datetime).notNull()
                t.column("actor", .text).notNull()
                t.column("action", .text).notNull()
                t.column("target", .text)
                t.column("details", .text)
            }
        }
        migrator.registerMigration("v2 agents, messages, check-ins, agent tokens") { db in
            try db.create(table: "agent") { t in
                t.column("project_id", .text).notNull().references("project", onDelete: .cascade)
                t.column("id", .text).notNull()
                t.primaryKey(["project_id", "id"])
                t.column("role", .text).notNull()
                t.column("status", .text).notNull()
                t.column("window_id", .text)
                t.column("pane_id", .text)
                t.column("worktree_path", .text).notNull()
                t.column("branch", .text).notNull()
                t.column("launch_command", .text).notNull()
                t.column("profile", .text).notNull()
                t.column("current_task", .text)
                t.column("progress", .double)
                t.column("blockers", .text)
                t.column("last_report", .text)
                t.column("last_check_in", .datetime)
                t.column("last_output_at", .datetime)
                t.column("credit_status", .text).notNull().defaults(to: "ok")
                t.column("reset_time", .text)
                t.column("api_key_id", .integer)
                t.column("briefed_at", .datetime)
                t.column("created_at", .datetime).notNull()
                t.column("updated_at", .datetime).notNull()
            }
            try db.create(table: "message") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("project_id", .text).notNull().references("project", onDelete: .cascade)
                t.column("target_agent", .text).notNull()
                t.column("kind", .text).notNull().defaults(to: "message")
                t.column("sender_kind", .text).notNull()
                t.column("sender", .text).notNull()
                t.column("content", .text).notNull()
                t.column("priority", .text).notNull()
                t.column("requires_response", .boolean).notNull().defaults(to: false)
                t.column("status", .text).notNull()
                t.column("failure_reason", .text)
                t.column("attempts", .integer).notNull().defaults(to: 0)
                t.column("created_at", .datetime).notNull()
                t.column("delivered_at", .datetime)
                t.column("checkin_id", .integer)
            }
            try db.create(index: "message_by_agent_status", on: "message", columns: ["project_id", "target_agent", "status"])
            try db.create(table: "scheduled_checkin") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("project_id", .text).notNull().references("project", onDelete: .cascade)
                t.column("target_agent", .text).notNull()
                t.column("note", .text).notNull()
                t.column("due_at", .datetime).notNull().indexed()
                t.column("repeat_minutes", .integer)
                t.column("created_by", .text).notNull()
                t.column("created_at", .datetime).notNull()
                t.column("last_fired_at", .datetime)
                t.column("active", .boolean).notNull().defaults(to: true)
            }
            try db.alter(table: "api_key") { t in
                t.add(column: "project_id", .text)
                t.add(column: "agent_id", .text)
            }
        }
        migrator.registerMigration("v3 events") { db in
            try db.create(table: "event") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("project_id", .text).indexed()
                t.column("type", .text).notNull()
                t.column("data", .text).notNull()
                t.column("created_at", .datetime).notNull()
            }
        }
        migrator.registerMigration("v4 indexes for monitoring") { db in
            try db.create(index: "event_by_time", on: "event", columns: ["created_at"])
            try db.create(index: "message_by_time", on: "message", columns: ["created_at"])
        }
        migrator.registerMigration("v5 hooks, prompts, replies, crash-safe pastes") { db in
            try db.alter(table: "agent") { t in
                t.add(column: "status_reason", .text)
                t.add(column: "prompt", .text)
                t.add(column: "hook_state", .text)
                t.add(column: "hook_at", .datetime)
                t.add(column: "last_message", .text)
            }
            try db.alter(table: "message") { t in
                t.add(column: "pasted_at", .datetime)
                t.add(column: "in_reply_to", .integer)
                t.add(column: "hold_reason", .text)
            }
        }
        migrator.registerMigration("v6 intelligence chats") { db in
            try db.create(table: "chat_session") { t in
                t.primaryKey("id", .text)
                t.column("username", .text).notNull().indexed()
                t.column("project_id", .text)
                t.column("title", .text).notNull()
                t.column("created_at", .datetime).notNull()
            }
            try db.create(table: "chat_message") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("session_id", .text).notNull().indexed().references("chat_session", onDelete: .cascade)
                t.column("role", .text).notNull()
                t.column("content", .text).notNull()
                t.column("provider", .text)
                t.column("degraded", .boolean).notNull().defaults(to: false)
                t.column("created_at", .datetime).notNull()
            }
        }
        migrator.registerMigration("v7 batches") { db in
            try db.create(table: "batch") { t in
                t.primaryKey("id", .text)
                t.column("created_by", .text).notNull()
                t.column("status", .text).notNull()
                t.column("processing_mode", .text).notNull()
                t.column("optimization_goals", .text).notNull()
                t.column("reasoning", .text).notNull()
                t.column("webhook_url", .text)
                t.column("webhook_secret", .text)
                t.column("webhook_status", .text)
                t.column("agent_command", .text)
                t.column("max_concurrent", .integer).notNull()
                t.column("estimated_completion", .datetime)
                t.column("created_at", .datetime).notNull()
                t.column("completed_at", .datetime)
            }
            try db.create(table: "batch_item") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("batch_id", .text).notNull().indexed().references("batch", onDelete: .cascade)
                t.column("position", .integer).notNull()
                t.column("name", .text).notNull()
                t.column("content", .text).notNull()
                t.column("priority", .text).notNull()
                t.column("status", .text).notNull()
                t.column("project_id", .text)
                t.column("error", .text)
                t.column("started_at", .datetime)
                t.column("completed_at", .datetime)
            }
        }
        migrator.registerMigration("v8 when an agent's state began, its last screen") { db in
            // Kept by the database itself: every write that changes `status` (the monitor, hooks, recovery) moves
            // it, and record updates, which never name the column, leave it alone.
            try db.alter(table: "agent") { t in t.add(column: "status_since", .datetime) }
            // The screen an agent showed when its project stopped, for the pages of a paused or ended project: a table
            // of its own, so the agent rows every list reads stay small.
            try db.create(table: "agent_last_screen") { t in
                t.column("project_id", .text).notNull()
                t.column("agent_id", .text).notNull()
                t.column("text", .text).notNull()
                t.primaryKey(["project_id", "agent_id"])
                t.foreignKey(["project_id", "agent_id"], references: "agent", columns: ["project_id", "id"], onDelete: .cascade)
            }
            try db.execute(sql: "UPDATE agent SET status_since = updated_at")
            // The delivery watchdog's look for queued messages, cheap however long the history.
            try db.execute(sql: "CREATE INDEX message_queued_since ON message(created_at) WHERE status = 'queued'")
            try db.execute(sql: """
                CREATE TRIGGER agent_status_since_insert AFTER INSERT ON agent BEGIN
                  UPDATE agent SET status_since = strftime('%Y-%m-%d %H:%M:%f', 'now') WHERE rowid = NEW.rowid;
                END
                """)
            try db.execute(sql: """
                CREATE TRIGGER agent_status_since_update AFTER UPDATE OF status ON agent WHEN NEW.status IS NOT OLD.status BEGIN
                  UPDATE agent SET status_since = strftime('%Y-%m-%d %H:%M:%f', 'now') WHERE rowid = NEW.rowid;
                END
                """)
        }
        migrator.registerMigration("v9 whether an agent runs contained") { db in
            try db.alter(table: "agent") { t in t.add(column: "contained", .boolean) }
        }
        migrator.registerMigration("v10 web push subscriptions, notification attempts and action tokens") { db in
            try db.create(table: "push_subscription") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("user_id", .integer).notNull().indexed().references("user", onDelete: .cascade)
                t.column("endpoint", .text).notNull().unique()
                t.column("p256dh", .text).notNull()
                t.column("auth", .text).notNull()
                t.column("created_at", .datetime).notNull()
                t.column("last_success_at", .datetime)
                t.column("last_failure", .text)
            }
            try db.create(table: "notification_attempt") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("user_id", .integer).notNull().indexed().references("user", onDelete: .cascade)
                t.column("channel", .text).notNull()
                t.column("event", .text).notNull()
                t.column("project_id", .text)
                t.column("agent_id", .text)
                t.column("outcome", .text).notNull()
                t.column("detail", .text)
                t.column("latency_ms", .integer)
                t.column("created_at", .datetime).notNull()
            }
            try db.create(table: "notification_action") { t in
                t.column("token_hash", .text).primaryKey()
                t.column("user_id", .integer).notNull().references("user", onDelete: .cascade)
                t.column("project_id", .text).notNull()
                t.column("agent_id", .text).notNull()
                t.column("question", .text).notNull()
                t.column("actions", .text).notNull()
                t.column("expires_at", .datetime).notNull()
                t.column("used_at", .datetime)
            }
        }
        migrator.registerMigration("v11 notification channels") { db in
            try db.create(table: "notification_channel") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("user_id", .integer).notNull().indexed().references("user", onDelete: .cascade)
                t.column("kind", .text).notNull()
                t.column("name", .text).notNull()
                t.column("url", .text)
                t.column("secret", .text)
                t.column("chat_id", .text)
                t.column("created_at", .datetime).notNull()
                t.column("last_outcome", .text)
            }
        }
        migrator.registerMigration("v12 notification rules") { db in
            try db.create(table: "notification_rule") { t in
                t.column("user_id", .integer).primaryKey().references("user", onDelete: .cascade)
                t.column("events", .text).notNull()
                t.column("projects", .text)
                t.column("quiet_start", .integer)
                t.column("quiet_end", .integer)
                t.column("time_zone", .text).notNull()
                t.column("skip_when_focused", .boolean).notNull()
                t.column("updated_at", .datetime).notNull()
            }
        }
        migrator.registerMigration("v13 reviews") { db in
            try db.create(table: "review") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("project_id", .text).notNull().references("project", onDelete: .cascade)
                t.column("agent_id", .text).notNull()
                t.column("author", .text).notNull()
                t.column("summary", .text)
                t.column("comments", .text).notNull()
                t.column("message_id", .integer)
                t.column("head_at_send", .text)
                t.column("created_at", .datetime).notNull()
            }
            try db.create(index: "review_by_agent", on: "review", columns: ["project_id", "agent_id", "id"])
        }
        migrator.registerMigration("v14 approval rules") { db in
            try db.create(table: "approval_rule") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("project_id", .text).indexed().references("project", onDelete: .cascade)
                t.column("agent_kinds", .text)
                t.column("tool", .text)
                t.column("pattern", .text).notNull()
                t.column("answer", .text).notNull()
                t.column("dry_run", .boolean).notNull()
                t.column("created_by", .text).notNull()
                t.column("created_at", .datetime).notNull()
                t.column("hits", .integer).notNull().defaults(to: 0)
                t.column("last_hit_at", .datetime)
            }
        }
        migrator.registerMigration("v15 usage and budgets") { db in
            try db.create(table: "usage_entry") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("project_id", .text).notNull().references("project", onDelete: .cascade)
                t.column("agent_id", .text).notNull()
                t.column("model", .text).notNull()
                t.column("source", .text).notNull()
                t.column("occurred_at", .datetime).notNull()
                t.column("input_tokens", .integer).notNull()
                t.column("output_tokens", .integer).notNull()
                t.column("cache_creation_input_tokens", .integer).notNull()
                t.column("cache_read_input_tokens", .integer).notNull()
                t.column("cost_dollars", .double)
                t.column("dedupe_key", .text).notNull().unique()
            }
            try db.create(index: "usage_by_project_time", on: "usage_entry", columns: ["project_id", "occurred_at"])
            // Sums per UTC day, kept in the same transaction as the entries: reports over whole days read these.
            try db.create(table: "usage_day") { t in
                t.column("project_id", .text).notNull().references("project", onDelete: .cascade)
                t.column("agent_id", .text).notNull()
                t.column("model", .text).notNull()
                t.column("day", .text).notNull()
                t.column("stated", .boolean).notNull()
                t.column("large", .boolean).notNull()
                t.column("input_tokens", .integer).notNull()
                t.column("output_tokens", .integer).notNull()
                t.column("cache_creation_input_tokens", .integer).notNull()
                t.column("cache_read_input_tokens", .integer).notNull()
                t.column("cost_dollars", .double).notNull()
                t.column("entries", .integer).notNull()
                t.primaryKey(["project_id", "day", "agent_id", "model", "stated", "large"])
            }
            try db.create(table: "usage_source") { t in
                t.column("path", .text).primaryKey()
                t.column("project_id", .text).notNull().references("project", onDelete: .cascade)
                t.column("agent_id", .text).notNull()
                t.column("kind", .text).notNull()
                t.column("offset", .integer).notNull()
                t.column("state", .text)
                t.column("updated_at", .datetime).notNull()
            }
            try db.create(table: "budget") { t in
                t.column("project_id", .text).primaryKey().references("project", onDelete: .cascade)
                t.column("daily_dollars", .double)
                t.column("total_dollars", .double)
                t.column("daily_tokens", .integer)
                t.column("total_tokens", .integer)
                t.column("on_exceed", .text).notNull()
                t.column("announced", .text)
                t.column("updated_by", .text).notNull()
                t.column("updated_at", .datetime).notNull()
            }
        }
        migrator.registerMigration("v16 hosts") { db in
            try db.create(table: "host") { t in
                t.column("name", .text).primaryKey()
                t.column("ssh", .text).notNull()
                t.column("identity_file", .text)
                t.column("workspace_root", .text).notNull()
                t.column("max_agents", .integer)
                t.column("labels", .text).notNull()
                t.column("fingerprints", .text).notNull()
                t.column("created_by", .text).notNull()
                t.column("created_at", .datetime).notNull()
                t.column("updated_at", .datetime).notNull()
            }
        }
        migrator.registerMigration("v17 project host") { db in
            // The SSH host a project's agents run on; NULL for the server's own machine.
            try db.alter(table: "project") { t in t.add(column: "host", .text) }
            try db.alter(table: "agent") { t in t.add(column: "host", .text) }
        }
        return migrator
    }
}
