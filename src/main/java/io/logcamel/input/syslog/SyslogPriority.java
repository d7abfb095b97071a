package io.logcamel.input.syslog;

/**
 * The PRI part of a syslog message: {@code facility * 8 + severity}, shipped as names because a
 * query reads {@code severity: err} more easily than {@code severity: 3}; the number itself stays
 * available as the {@code priority} field.
 */
final class SyslogPriority {

    private static final String[] FACILITIES = {
        "kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron", "authpriv",
        "ftp", "ntp", "security", "console", "solaris-cron",
        "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7"
    };
    private static final String[] SEVERITIES = {
        "emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"
    };
    static final int MAX = FACILITIES.length * 8 - 1;

    private SyslogPriority() {
    }

    static String facilityName(int priority) {
        return FACILITIES[priority >> 3];
    }

    static String severityName(int priority) {
        return SEVERITIES[priority & 7];
    }
}
