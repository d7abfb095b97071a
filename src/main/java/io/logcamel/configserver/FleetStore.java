package io.logcamel.configserver;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the config server knows, in one JDBC database: machine groups, configs and their
 * versions, assignments (config to group, with canary), agents and each agent's config status.
 * Every server of a cluster keeps nothing else, so any of them can answer any agent. The schema
 * is Flyway's (db/configserver); the SQL is plain enough for H2 and MariaDB alike.
 */
public final class FleetStore implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HikariDataSource pool;

    public FleetStore(String jdbcUrl, String user, String password, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("configserver");
        pool = new HikariDataSource(config);
        boolean mysql = jdbcUrl.startsWith("jdbc:mariadb:") || jdbcUrl.startsWith("jdbc:mysql:");
        Flyway.configure().dataSource(pool).locations("classpath:db/configserver")
                .placeholders(Map.of("text", mysql ? "LONGTEXT" : "CLOB"))
                .table("configserver_schema_history").load().migrate();
    }

    public record Group(String name, String description, GroupSelector selector) {
    }

    public record ConfigVersion(String name, long version, String yaml, String description, long createdAt) {
    }

    public record Assignment(String config, String group, long stableVersion, Long canaryVersion, int canaryPercent,
                             String note) {
    }

    public record AgentRow(String instanceId, String agentType, String ip, String hostname,
                           Map<String, Object> attributes, long sequenceNum, long startupTime, long lastHeartbeat,
                           String runningStatus) {
    }

    public record AgentConfig(String instanceId, String config, long version, String status, String message) {
    }

    // ---- groups -------------------------------------------------------------------------------

    public void putGroup(Group group) throws SQLException {
        String selector = json(group.selector());
        long now = System.currentTimeMillis();
        try (Connection c = pool.getConnection()) {
            if (update(c, "UPDATE machine_group SET description = ?, selector = ?, updated_at = ? WHERE name = ?",
                    group.description(), selector, now, group.name()) == 0) {
                update(c, "INSERT INTO machine_group (name, description, selector, updated_at) VALUES (?, ?, ?, ?)",
                        group.name(), group.description(), selector, now);
            }
        }
    }

    public boolean deleteGroup(String name) throws SQLException {
        try (Connection c = pool.getConnection()) {
            update(c, "DELETE FROM assignment WHERE group_name = ?", name);
            return update(c, "DELETE FROM machine_group WHERE name = ?", name) > 0;
        }
    }

    public List<Group> groups() throws SQLException {
        List<Group> groups = new ArrayList<>();
        try (Connection c = pool.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT name, description, selector FROM machine_group ORDER BY name");
             ResultSet r = s.executeQuery()) {
            while (r.next()) {
                groups.add(new Group(r.getString(1), r.getString(2), parse(r.getString(3), GroupSelector.class)));
            }
        }
        return groups;
    }

    public Optional<Group> group(String name) throws SQLException {
        return groups().stream().filter(g -> g.name().equals(name)).findFirst();
    }

    // ---- configs ------------------------------------------------------------------------------

    /** Stores a new version (the latest + 1) and returns its number; retried when another server took the number. */
    public long addVersion(String name, String description, String yaml) throws SQLException {
        for (int attempt = 0; ; attempt++) {
            try (Connection c = pool.getConnection()) {
                c.setAutoCommit(false);
                try {
                    long latest = latestVersion(c, name);
                    long version = latest + 1;
                    long now = System.currentTimeMillis();
                    update(c, "INSERT INTO config_version (name, version, yaml, description, created_at) VALUES (?, ?, ?, ?, ?)",
                            name, version, yaml, description, now);
                    if (latest == 0) {
                        update(c, "INSERT INTO collection_config (name, description, latest_version, updated_at) VALUES (?, ?, ?, ?)",
                                name, description, version, now);
                    } else {
                        update(c, "UPDATE collection_config SET description = ?, latest_version = ?, updated_at = ? WHERE name = ?",
                                description, version, now, name);
                    }
                    c.commit();
                    return version;
                } catch (SQLException e) {
                    c.rollback();
                    if (attempt >= 5 || !isDuplicateKey(e)) {
                        throw e;
                    }
                }
            }
        }
    }

    public List<ConfigVersion> versions(String name) throws SQLException {
        List<ConfigVersion> versions = new ArrayList<>();
        try (Connection c = pool.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "SELECT name, version, yaml, description, created_at FROM config_version WHERE name = ? ORDER BY version")) {
            s.setString(1, name);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    versions.add(new ConfigVersion(r.getString(1), r.getLong(2), r.getString(3), r.getString(4), r.getLong(5)));
                }
            }
        }
        return versions;
    }

    public Optional<ConfigVersion> version(String name, long version) throws SQLException {
        try (Connection c = pool.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "SELECT name, version, yaml, description, created_at FROM config_version WHERE name = ? AND version = ?")) {
            s.setString(1, name);
            s.setLong(2, version);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(new ConfigVersion(r.getString(1), r.getLong(2), r.getString(3),
                        r.getString(4), r.getLong(5))) : Optional.empty();
            }
        }
    }

    public List<String> configNames() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = pool.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT name FROM collection_config ORDER BY name");
             ResultSet r = s.executeQuery()) {
            while (r.next()) {
                names.add(r.getString(1));
            }
        }
        return names;
    }

    public long latestVersion(String name) throws SQLException {
        try (Connection c = pool.getConnection()) {
            return latestVersion(c, name);
        }
    }

    private static long latestVersion(Connection c, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT latest_version FROM collection_config WHERE name = ?")) {
            s.setString(1, name);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getLong(1) : 0;
            }
        }
    }

    // ---- assignments --------------------------------------------------------------------------

    public void putAssignment(Assignment a) throws SQLException {
        long now = System.currentTimeMillis();
        try (Connection c = pool.getConnection()) {
            if (update(c, "UPDATE assignment SET stable_version = ?, canary_version = ?, canary_percent = ?, note = ?, updated_at = ?"
                    + " WHERE config_name = ? AND group_name = ?", a.stableVersion(), a.canaryVersion(), a.canaryPercent(),
                    a.note(), now, a.config(), a.group()) == 0) {
                update(c, "INSERT INTO assignment (config_name, group_name, stable_version, canary_version, canary_percent, note,"
                        + " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)", a.config(), a.group(), a.stableVersion(),
                        a.canaryVersion(), a.canaryPercent(), a.note(), now);
            }
        }
    }

    public boolean deleteAssignment(String config, String group) throws SQLException {
        try (Connection c = pool.getConnection()) {
            return update(c, "DELETE FROM assignment WHERE config_name = ? AND group_name = ?", config, group) > 0;
        }
    }

    public List<Assignment> assignments() throws SQLException {
        List<Assignment> list = new ArrayList<>();
        try (Connection c = pool.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT config_name, group_name, stable_version, canary_version,"
                     + " canary_percent, note FROM assignment ORDER BY config_name, group_name");
             ResultSet r = s.executeQuery()) {
            while (r.next()) {
                long canary = r.getLong(4);
                list.add(new Assignment(r.getString(1), r.getString(2), r.getLong(3), r.wasNull() ? null : canary,
                        r.getInt(5), r.getString(6)));
            }
        }
        return list;
    }

    /** Ends a canary: its agents go back to the stable version; returns the assignments changed. */
    public int cancelCanary(String config, long canaryVersion, String note) throws SQLException {
        try (Connection c = pool.getConnection()) {
            return update(c, "UPDATE assignment SET canary_version = NULL, canary_percent = 0, note = ?, updated_at = ?"
                    + " WHERE config_name = ? AND canary_version = ?", note, System.currentTimeMillis(), config, canaryVersion);
        }
    }

    // ---- agents -------------------------------------------------------------------------------

    public Optional<AgentRow> agent(String instanceId) throws SQLException {
        try (Connection c = pool.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT instance_id, agent_type, ip, hostname, attributes, sequence_num,"
                     + " startup_time, last_heartbeat, running_status FROM agent WHERE instance_id = ?")) {
            s.setString(1, instanceId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(agentRow(r)) : Optional.empty();
            }
        }
    }

    public List<AgentRow> agents() throws SQLException {
        List<AgentRow> list = new ArrayList<>();
        try (Connection c = pool.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT instance_id, agent_type, ip, hostname, attributes, sequence_num,"
                     + " startup_time, last_heartbeat, running_status FROM agent ORDER BY instance_id");
             ResultSet r = s.executeQuery()) {
            while (r.next()) {
                list.add(agentRow(r));
            }
        }
        return list;
    }

    public void putAgent(AgentRow a) throws SQLException {
        String attributes = json(a.attributes());
        try (Connection c = pool.getConnection()) {
            if (update(c, "UPDATE agent SET agent_type = ?, ip = ?, hostname = ?, attributes = ?, sequence_num = ?,"
                    + " startup_time = ?, last_heartbeat = ?, running_status = ? WHERE instance_id = ?", a.agentType(), a.ip(),
                    a.hostname(), attributes, a.sequenceNum(), a.startupTime(), a.lastHeartbeat(), a.runningStatus(),
                    a.instanceId()) == 0) {
                try {
                    update(c, "INSERT INTO agent (instance_id, agent_type, ip, hostname, attributes, sequence_num, startup_time,"
                            + " last_heartbeat, running_status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", a.instanceId(), a.agentType(),
                            a.ip(), a.hostname(), attributes, a.sequenceNum(), a.startupTime(), a.lastHeartbeat(), a.runningStatus());
                } catch (SQLException e) {
                    if (!isDuplicateKey(e)) {
                        throw e;
                    }
                    putAgent(a); // another server registered it a moment ago
                }
            }
        }
    }

    public void touchAgent(String instanceId, long sequenceNum, long now) throws SQLException {
        try (Connection c = pool.getConnection()) {
            update(c, "UPDATE agent SET sequence_num = ?, last_heartbeat = ? WHERE instance_id = ?", sequenceNum, now, instanceId);
        }
    }

    public Map<String, AgentConfig> agentConfigs(String instanceId) throws SQLException {
        Map<String, AgentConfig> map = new LinkedHashMap<>();
        try (Connection c = pool.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT instance_id, config_name, version, status, message FROM agent_config"
                     + " WHERE instance_id = ? ORDER BY config_name")) {
            s.setString(1, instanceId);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    map.put(r.getString(2), new AgentConfig(r.getString(1), r.getString(2), r.getLong(3), r.getString(4),
                            r.getString(5)));
                }
            }
        }
        return map;
    }

    public List<AgentConfig> allAgentConfigs() throws SQLException {
        List<AgentConfig> list = new ArrayList<>();
        try (Connection c = pool.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT instance_id, config_name, version, status, message FROM agent_config"
                     + " ORDER BY instance_id, config_name");
             ResultSet r = s.executeQuery()) {
            while (r.next()) {
                list.add(new AgentConfig(r.getString(1), r.getString(2), r.getLong(3), r.getString(4), r.getString(5)));
            }
        }
        return list;
    }

    /** The agent's statuses: all of them when {@code full} (a full state replaces what was known), else these ones. */
    public void putAgentConfigs(String instanceId, List<AgentConfig> configs, boolean full) throws SQLException {
        long now = System.currentTimeMillis();
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (full) {
                    update(c, "DELETE FROM agent_config WHERE instance_id = ?", instanceId);
                }
                for (AgentConfig a : configs) {
                    if (full || update(c, "UPDATE agent_config SET version = ?, status = ?, message = ?, updated_at = ?"
                            + " WHERE instance_id = ? AND config_name = ?", a.version(), a.status(), a.message(), now,
                            instanceId, a.config()) == 0) {
                        update(c, "INSERT INTO agent_config (instance_id, config_name, version, status, message, updated_at)"
                                + " VALUES (?, ?, ?, ?, ?, ?)", instanceId, a.config(), a.version(), a.status(), a.message(), now);
                    }
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    public void removeAgentConfig(String instanceId, String config) throws SQLException {
        try (Connection c = pool.getConnection()) {
            update(c, "DELETE FROM agent_config WHERE instance_id = ? AND config_name = ?", instanceId, config);
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static AgentRow agentRow(ResultSet r) throws SQLException {
        return new AgentRow(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                parse(r.getString(5), new TypeReference<Map<String, Object>>() { }), r.getLong(6), r.getLong(7), r.getLong(8),
                r.getString(9));
    }

    private static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                if (args[i] == null) {
                    s.setNull(i + 1, Types.VARCHAR);
                } else {
                    s.setObject(i + 1, args[i]);
                }
            }
            return s.executeUpdate();
        }
    }

    private static boolean isDuplicateKey(SQLException e) {
        String state = e.getSQLState();
        return state != null && state.startsWith("23");
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T parse(String text, Class<T> type) {
        try {
            return JSON.readValue(text, type);
        } catch (Exception e) {
            throw new IllegalStateException("stored JSON unreadable: " + e.getMessage(), e);
        }
    }

    private static <T> T parse(String text, TypeReference<T> type) {
        if (text == null) {
            return null;
        }
        try {
            return JSON.readValue(text, type);
        } catch (Exception e) {
            throw new IllegalStateException("stored JSON unreadable: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
