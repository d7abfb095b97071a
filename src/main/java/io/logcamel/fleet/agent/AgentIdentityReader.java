package io.logcamel.fleet.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Builds the agent's identity from the host, the settings and the environment. A tag without
 * {@code =} or an unreadable id file is an error naming the setting or the file: an agent
 * silently missing its identity would fall out of its machine groups.
 */
public final class AgentIdentityReader {

    /** LoongCollector's variable for the same ids, honoured too so that existing deployments keep their groups. */
    static final String LOGTAIL_ID_VARIABLE = "ALIYUN_LOGTAIL_USER_DEFINED_ID";
    static final String ID_VARIABLE = "LOGCAMEL_USER_DEFINED_ID";

    private AgentIdentityReader() {
    }

    public static AgentIdentity read(Path userDefinedIdFile, Optional<String> ipSetting, Optional<String> tagsSetting,
                                     Map<String, String> environment, String version) {
        List<String> ips = hostAddresses();
        String ip = ipSetting.filter(s -> !s.isBlank()).map(String::trim)
                .orElse(ips.isEmpty() ? "127.0.0.1" : ips.get(0));
        Set<String> ids = new LinkedHashSet<>(idsFromFile(userDefinedIdFile));
        for (String variable : List.of(ID_VARIABLE, LOGTAIL_ID_VARIABLE)) {
            String value = environment.get(variable);
            if (value != null) {
                for (String id : value.split("[,\\n]")) {
                    if (!id.isBlank()) {
                        ids.add(id.trim());
                    }
                }
            }
        }
        return new AgentIdentity(UUID.randomUUID().toString(), "LogCamel", version, hostname(environment), ip, ips,
                new ArrayList<>(ids), parseTags(tagsSetting.orElse("")), System.currentTimeMillis());
    }

    /** {@code key=value} pairs, comma-separated (setting {@code logcamel.agent.tags}, env {@code LOGCAMEL_AGENT_TAGS}). */
    static Map<String, String> parseTags(String text) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String pair : text.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("logcamel.agent.tags: '" + pair.trim()
                        + "' is not key=value (pairs are comma-separated, e.g. env=prod,zone=a)");
            }
            tags.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return tags;
    }

    static List<String> idsFromFile(Path file) {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            List<String> ids = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String id = line.strip();
                if (!id.isEmpty() && !id.startsWith("#")) {
                    ids.add(id);
                }
            }
            return ids;
        } catch (IOException e) {
            throw new UncheckedIOException("logcamel.agent.user-defined-id-file: " + file + " cannot be read: "
                    + e.getMessage(), e);
        }
    }

    private static String hostname(Map<String, String> environment) {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return environment.getOrDefault("HOSTNAME", "localhost");
        }
    }

    private static List<String> hostAddresses() {
        List<String> v4 = new ArrayList<>();
        List<String> other = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address.isLoopbackAddress() || address.isLinkLocalAddress()) {
                        continue;
                    }
                    (address instanceof Inet4Address ? v4 : other).add(address.getHostAddress());
                }
            }
        } catch (SocketException e) {
            // no interfaces to list: the identity falls back to the setting or loopback
        }
        v4.addAll(other);
        return v4;
    }
}
