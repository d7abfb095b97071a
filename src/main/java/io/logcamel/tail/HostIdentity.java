package io.logcamel.tail;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;

/**
 * This machine's name and address for the {@code __hostname__} tag and the {@code __source__} field.
 * Neither may block on DNS: the host name comes from the kernel, the address from the interfaces.
 */
public final class HostIdentity {

    private static volatile String hostName;
    private static volatile String address;

    private HostIdentity() {
    }

    public static String hostName() {
        String name = hostName;
        if (name == null) {
            name = readHostName();
            hostName = name;
        }
        return name;
    }

    public static String address() {
        String ip = address;
        if (ip == null) {
            ip = firstNonLoopbackAddress();
            address = ip;
        }
        return ip;
    }

    private static String readHostName() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).trim();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (Exception ignored) {
            // not Linux, or /proc not mounted
        }
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }

    private static String firstNonLoopbackAddress() {
        try {
            String ipv6 = null;
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress candidate : Collections.list(nic.getInetAddresses())) {
                    if (candidate.isLoopbackAddress() || candidate.isLinkLocalAddress()) {
                        continue;
                    }
                    if (candidate instanceof Inet4Address) {
                        return candidate.getHostAddress();
                    }
                    if (ipv6 == null) {
                        ipv6 = candidate.getHostAddress();
                    }
                }
            }
            return ipv6 == null ? "127.0.0.1" : ipv6;
        } catch (Exception e) {
            return "127.0.0.1";
        }
    }
}
