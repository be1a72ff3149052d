package dev.hookhouse.registry;

import dev.hookhouse.config.HookhouseConfig;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The tokens and pipelines, kept in a relational database so that several Hookhouse servers can
 * share them: an SQLite file by default, PostgreSQL when {@code hookhouse.registry.url} says so.
 * The schema is created on first use ({@link RegistrySchema}).
 *
 * <p>Rules, chosen on purpose:
 * <ul>
 *   <li>A token is a random key (UUID, lower case) and {@value #TOKEN_LENGTH} random letters and
 *   digits from {@link SecureRandom}; only {@link TokenHash#sha256Hex} of it is stored.</li>
 *   <li>Token and pipeline names are labels for people: 1 to {@value #MAX_NAME_LENGTH}
 *   characters, no control characters, blanks at either end dropped. They need not be unique:
 *   rotating a token means creating a new one under the same name before revoking the old.</li>
 *   <li>Pipeline ids are random six-digit numbers (100000 to 999999), like the hosted product's,
 *   so an id from one installation posted to another is very likely unknown there rather than
 *   someone else's pipeline. After repeated collisions the id grows by three digits.</li>
 *   <li>One table belongs to one pipeline, disabled or not ({@link TableName} for the naming
 *   rules). To feed one table from several senders, give them the same pipeline id and each
 *   its own token.</li>
 * </ul>
 *
 * <p>Every method opens its own connection ({@link RegistryConnections}) and is safe to call
 * from several threads and processes at once.
 */
public final class Registry implements RegistrySource {

    static final int TOKEN_LENGTH = 48;
    static final int MAX_NAME_LENGTH = 200;
    private static final String TOKEN_ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final int ID_ATTEMPTS_PER_LENGTH = 16;
    private static final int ID_ATTEMPTS = 3 * ID_ATTEMPTS_PER_LENGTH;

    private static final String TOKEN_COLUMNS =
            "token_key, name, token_sha256, created_at_ms, revoked_at_ms";
    private static final String PIPELINE_COLUMNS =
            "pipeline_id, name, table_name, created_at_ms, disabled_at_ms";

    private final RegistryConnections connections;
    private final RegistrySchema schema;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private volatile boolean schemaChecked;

    public Registry(RegistryConnections connections, Clock clock) {
        this.connections = connections;
        this.schema = new RegistrySchema(connections, clock);
        this.clock = clock;
    }

    /** The registry the configuration points at. Nothing is opened until the first call. */
    public static Registry open(HookhouseConfig config, Clock clock) {
        return new Registry(RegistryConnections.from(config), clock);
    }

    /** Where the registry lives, password masked. */
    public String describe() {
        return connections.describe();
    }

    @Override
    public RegistrySnapshot snapshot() throws SQLException {
        try (Connection connection = connect()) {
            Map<String, TokenEntry> tokens = new LinkedHashMap<>();
            for (TokenEntry token : selectTokens(connection)) {
                tokens.put(token.key(), token);
            }

            Map<Long, PipelineEntry> pipelines = new LinkedHashMap<>();
            for (PipelineEntry pipeline : selectPipelines(connection)) {
                pipelines.put(pipeline.id(), pipeline);
            }
            return new RegistrySnapshot(Map.copyOf(tokens), Map.copyOf(pipelines));
        }
    }

    /** Creates a token; the result is the only place its plain text ever appears. */
    public CreatedToken createToken(String name) throws SQLException {
        String label = checkName(name, "token");
        String token = randomToken();
        TokenEntry entry = new TokenEntry(UUID.randomUUID().toString(), label,
                TokenHash.sha256Hex(token), false, now());

        try (Connection connection = connect();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO hookhouse_tokens (" + TOKEN_COLUMNS + ")"
                                + " VALUES (?, ?, ?, ?, NULL)")) {
            insert.setString(1, entry.key());
            insert.setString(2, entry.name());
            insert.setString(3, entry.tokenSha256());
            insert.setLong(4, entry.createdAt().toEpochMilli());
            insert.executeUpdate();
        }
        return new CreatedToken(entry, token);
    }

    /** Every token, oldest first, revoked ones included. */
    public List<TokenEntry> listTokens() throws SQLException {
        try (Connection connection = connect()) {
            return selectTokens(connection);
        }
    }

    /**
     * Revokes a token; records sent with it are rejected from the loader's next run on.
     * Revoking a revoked token changes nothing and is not an error.
     *
     * @throws RegistryException {@code NOT_FOUND} when no token has this key
     */
    public StateChange<TokenEntry> revokeToken(String key) throws SQLException {
        String normalisedKey = key.strip().toLowerCase(Locale.ROOT);
        try (Connection connection = connect()) {
            boolean changed = markRevoked(connection, normalisedKey);

            TokenEntry entry = selectToken(connection, normalisedKey);
            if (entry == null) {
                throw new RegistryException(RegistryException.Kind.NOT_FOUND,
                        "no token has the key '" + key + "'; 'token list' shows the keys");
            }
            return new StateChange<>(entry, changed);
        }
    }

    /**
     * Creates a pipeline with a new random id.
     *
     * @param tableOrNull the warehouse table, kept as given; null derives it from the name
     * @throws RegistryException {@code INVALID} for a refused name or table, {@code CONFLICT}
     *     when another pipeline already has the table
     */
    public PipelineEntry createPipeline(String name, String tableOrNull) throws SQLException {
        String label = checkName(name, "pipeline");
        if (tableOrNull != null) {
            TableName.check(tableOrNull);
        }

        try (Connection connection = connect()) {
            for (int attempt = 0; attempt < ID_ATTEMPTS; attempt++) {
                long id = randomPipelineId(attempt);
                String table = tableOrNull != null ? tableOrNull : TableName.derive(label, id);
                refuseTakenTable(connection, table);

                PipelineEntry entry = new PipelineEntry(id, label, table, true, now());
                if (insertPipeline(connection, entry)) {
                    return entry;
                }
            }
        }
        throw new RegistryException(RegistryException.Kind.CONFLICT, "no free pipeline id after "
                + ID_ATTEMPTS + " random tries; the id space is nearly full");
    }

    /** Every pipeline, oldest first, disabled ones included. */
    public List<PipelineEntry> listPipelines() throws SQLException {
        try (Connection connection = connect()) {
            return selectPipelines(connection);
        }
    }

    /**
     * Disables a pipeline; its records are rejected from the loader's next run on. The table
     * stays in the warehouse and stays reserved for this pipeline.
     *
     * @throws RegistryException {@code NOT_FOUND} when no pipeline has this id
     */
    public StateChange<PipelineEntry> disablePipeline(long id) throws SQLException {
        return setPipelineDisabledAt(id, "disabled_at_ms IS NULL", clock.millis());
    }

    /** Enables a disabled pipeline again; see {@link #disablePipeline}. */
    public StateChange<PipelineEntry> enablePipeline(long id) throws SQLException {
        return setPipelineDisabledAt(id, "disabled_at_ms IS NOT NULL", null);
    }

    private StateChange<PipelineEntry> setPipelineDisabledAt(
            long id, String unlessAlready, Long disabledAtMs) throws SQLException {
        try (Connection connection = connect();
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE hookhouse_pipelines SET disabled_at_ms = ?"
                                + " WHERE pipeline_id = ? AND " + unlessAlready)) {
            update.setObject(1, disabledAtMs, Types.BIGINT);
            update.setLong(2, id);
            int changed = update.executeUpdate();

            PipelineEntry entry = selectPipeline(connection, id);
            if (entry == null) {
                throw new RegistryException(RegistryException.Kind.NOT_FOUND,
                        "no pipeline has the id " + id + "; 'pipeline list' shows the ids");
            }
            return new StateChange<>(entry, changed == 1);
        }
    }

    private Connection connect() throws SQLException {
        if (!schemaChecked) {
            schema.ensureLatest();
            schemaChecked = true;
        }
        return connections.open();
    }

    /** True when the token was active until now. */
    private boolean markRevoked(Connection connection, String key) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE hookhouse_tokens SET revoked_at_ms = ?"
                        + " WHERE token_key = ? AND revoked_at_ms IS NULL")) {
            update.setLong(1, clock.millis());
            update.setString(2, key);
            return update.executeUpdate() == 1;
        }
    }

    private void refuseTakenTable(Connection connection, String table) throws SQLException {
        PipelineEntry owner = selectPipelineByTable(connection, table);
        if (owner != null) {
            throw tableTaken(table, owner);
        }
    }

    /** Inserts the pipeline; false when its id was taken, so the caller draws another. */
    private boolean insertPipeline(Connection connection, PipelineEntry entry)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO hookhouse_pipelines (" + PIPELINE_COLUMNS + ", table_key)"
                        + " VALUES (?, ?, ?, ?, NULL, ?)")) {
            insert.setLong(1, entry.id());
            insert.setString(2, entry.name());
            insert.setString(3, entry.table());
            insert.setLong(4, entry.createdAt().toEpochMilli());
            insert.setString(5, TableName.uniquenessKey(entry.table()));
            insert.executeUpdate();
            return true;
        } catch (SQLException refused) {
            // Duplicate-key errors differ per driver; look at what is there instead.
            PipelineEntry owner = selectPipelineByTable(connection, entry.table());
            if (owner != null) {
                throw tableTaken(entry.table(), owner);
            }
            if (selectPipeline(connection, entry.id()) != null) {
                return false;
            }
            throw refused;
        }
    }

    private static RegistryException tableTaken(String table, PipelineEntry owner) {
        return new RegistryException(RegistryException.Kind.CONFLICT,
                "table '" + table + "' already belongs to pipeline " + owner.id() + " ('"
                        + owner.name() + "'" + (owner.enabled() ? "" : ", disabled")
                        + "); table names are compared ignoring case."
                        + " Choose another with --table, or send to pipeline " + owner.id());
    }

    private static List<TokenEntry> selectTokens(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + TOKEN_COLUMNS
                + " FROM hookhouse_tokens ORDER BY created_at_ms, token_key");
                ResultSet rows = select.executeQuery()) {
            List<TokenEntry> tokens = new ArrayList<>();
            while (rows.next()) {
                tokens.add(readToken(rows));
            }
            return tokens;
        }
    }

    private static TokenEntry selectToken(Connection connection, String key)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + TOKEN_COLUMNS
                + " FROM hookhouse_tokens WHERE token_key = ?")) {
            select.setString(1, key);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? readToken(rows) : null;
            }
        }
    }

    private static List<PipelineEntry> selectPipelines(Connection connection)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + PIPELINE_COLUMNS
                + " FROM hookhouse_pipelines ORDER BY created_at_ms, pipeline_id");
                ResultSet rows = select.executeQuery()) {
            List<PipelineEntry> pipelines = new ArrayList<>();
            while (rows.next()) {
                pipelines.add(readPipeline(rows));
            }
            return pipelines;
        }
    }

    private static PipelineEntry selectPipeline(Connection connection, long id)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + PIPELINE_COLUMNS
                + " FROM hookhouse_pipelines WHERE pipeline_id = ?")) {
            select.setLong(1, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? readPipeline(rows) : null;
            }
        }
    }

    private static PipelineEntry selectPipelineByTable(Connection connection, String table)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + PIPELINE_COLUMNS
                + " FROM hookhouse_pipelines WHERE table_key = ?")) {
            select.setString(1, TableName.uniquenessKey(table));
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? readPipeline(rows) : null;
            }
        }
    }

    private static TokenEntry readToken(ResultSet row) throws SQLException {
        String key = row.getString(1);
        String name = row.getString(2);
        String hash = row.getString(3);
        Instant createdAt = Instant.ofEpochMilli(row.getLong(4));
        row.getLong(5);
        boolean revoked = !row.wasNull();
        return new TokenEntry(key, name, hash, revoked, createdAt);
    }

    private static PipelineEntry readPipeline(ResultSet row) throws SQLException {
        long id = row.getLong(1);
        String name = row.getString(2);
        String table = row.getString(3);
        Instant createdAt = Instant.ofEpochMilli(row.getLong(4));
        row.getLong(5);
        boolean enabled = row.wasNull();
        return new PipelineEntry(id, name, table, enabled, createdAt);
    }

    private static String checkName(String name, String what) {
        String label = name == null ? "" : name.strip();
        if (label.isEmpty()) {
            throw new RegistryException(RegistryException.Kind.INVALID,
                    "a " + what + " needs a name (--name), and it cannot be blank");
        }
        if (label.codePointCount(0, label.length()) > MAX_NAME_LENGTH) {
            throw new RegistryException(RegistryException.Kind.INVALID,
                    what + " name is longer than " + MAX_NAME_LENGTH + " characters");
        }
        if (label.codePoints().anyMatch(Character::isISOControl)) {
            throw new RegistryException(RegistryException.Kind.INVALID,
                    what + " name contains a control character");
        }
        return label;
    }

    private String randomToken() {
        StringBuilder token = new StringBuilder(TOKEN_LENGTH);
        for (int i = 0; i < TOKEN_LENGTH; i++) {
            token.append(TOKEN_ALPHABET.charAt(random.nextInt(TOKEN_ALPHABET.length())));
        }
        return token.toString();
    }

    /** Six digits for the first tries, then nine, then twelve: far inside the edge's 18. */
    private long randomPipelineId(int attempt) {
        int digits = 6 + 3 * (attempt / ID_ATTEMPTS_PER_LENGTH);
        long smallest = (long) Math.pow(10, digits - 1);
        return smallest + random.nextLong(9 * smallest);
    }

    private Instant now() {
        return Instant.ofEpochMilli(clock.millis());
    }
}
