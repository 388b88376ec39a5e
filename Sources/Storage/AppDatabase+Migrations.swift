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
        return migrator
    }
}
