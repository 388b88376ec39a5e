/// The names of the files in a data directory that hold the server's state, as the backup knows them.
public enum DataFiles {
    /// The SQLite database.
    public static let database = "orchestrator.sqlite"
    /// The JWT signing keys.
    public static let signingKeys = "jwt-keys.json"
    /// The CSRF secret.
    public static let csrfSecret = "csrf-secret"
    /// The generated first-admin password, when one was generated.
    public static let initialAdminPassword = "initial-admin-password"
    /// The VAPID key that signs Web Push requests.
    public static let vapidKeys = "vapid-keys.json"
    /// The lock a running server holds, so a restore cannot pull its files from under it.
    public static let serverLock = "server.lock"
    /// Where scheduled backups go.
    public static let backups = "backups"

    /// The files besides the database that a restore needs (the ones present are backed up).
    static let secrets = [signingKeys, csrfSecret, initialAdminPassword, vapidKeys]
    /// The database's companions in WAL mode, set aside with it on restore.
    static let databaseCompanions = [database + "-wal", database + "-shm"]
}
