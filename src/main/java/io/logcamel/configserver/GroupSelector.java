package io.logcamel.configserver;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

/**
 * Which agents a machine group holds. An agent belongs when any one selector holds: its IP is
 * listed or inside a listed CIDR block, one of its user-defined ids is listed, or it carries every
 * listed tag (key and value). An empty selector selects nobody.
 */
public record GroupSelector(List<String> ips, List<String> cidrs, List<String> ids, Map<String, String> tags) {

    public GroupSelector {
        ips = ips == null ? List.of() : List.copyOf(ips);
        cidrs = cidrs == null ? List.of() : List.copyOf(cidrs);
        ids = ids == null ? List.of() : List.copyOf(ids);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        for (String cidr : cidrs) {
            parseCidr(cidr);
        }
    }

    public boolean matches(String ip, List<String> userDefinedIds, Map<String, String> agentTags) {
        if (ip != null && ips.contains(ip)) {
            return true;
        }
        if (ip != null && cidrs.stream().anyMatch(c -> inCidr(c, ip))) {
            return true;
        }
        if (userDefinedIds.stream().anyMatch(ids::contains)) {
            return true;
        }
        return !tags.isEmpty() && tags.entrySet().stream().allMatch(t -> t.getValue().equals(agentTags.get(t.getKey())));
    }

    static boolean inCidr(String cidr, String ip) {
        byte[][] block = parseCidr(cidr);
        byte[] address;
        try {
            address = InetAddress.getByName(ip).getAddress();
        } catch (UnknownHostException e) {
            return false;
        }
        byte[] network = block[0];
        int bits = block[1][0] & 0xff;
        if (address.length != network.length) {
            return false;
        }
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >> (i % 8);
            if ((address[i / 8] & mask) != (network[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    private static byte[][] parseCidr(String cidr) {
        int slash = cidr.indexOf('/');
        try {
            if (slash <= 0 || !cidr.substring(0, slash).matches("[0-9a-fA-F:.]+")) {
                throw new IllegalArgumentException();
            }
            byte[] network = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
            int bits = Integer.parseInt(cidr.substring(slash + 1));
            if (bits < 0 || bits > network.length * 8) {
                throw new IllegalArgumentException();
            }
            return new byte[][] {network, {(byte) bits}};
        } catch (UnknownHostException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cidrs: '" + cidr + "' is not an address block like 10.0.0.0/24");
        }
    }
}
