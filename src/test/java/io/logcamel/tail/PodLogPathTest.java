package io.logcamel.tail;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PodLogPathTest {

    private static final String ID = "3f4e5d6c7b8a99887766554433221100ffeeddccbbaa00998877665544332211";

    @Test
    void podsDirectoryLiveRotatedAndCompressed() {
        PodLogPath expected = new PodLogPath("kube-system", "coredns-5d78c9869d-abcde", "9a8b7c6d-1234-5678-9abc-def012345678",
                "coredns", "3", null);
        String dir = "/var/log/pods/kube-system_coredns-5d78c9869d-abcde_9a8b7c6d-1234-5678-9abc-def012345678/coredns/";
        assertEquals(expected, PodLogPath.parse(dir + "3.log"));
        assertEquals(expected, PodLogPath.parse(dir + "3.log.20261202-053443"));
        assertEquals(expected, PodLogPath.parse(dir + "3.log.20261202-053443.gz"));
        assertEquals(dir + "3.log", PodLogPath.liveLog(dir + "3.log.20261202-053443"));
    }

    @Test
    void containersLinkName() {
        assertEquals(new PodLogPath("shop", "web-1.canary", null, "app", null, ID),
                PodLogPath.parse("/var/log/containers/web-1.canary_shop_app-" + ID + ".log"));
    }

    @Test
    void otherPathsHaveNoPod() {
        assertNull(PodLogPath.parse("/var/log/syslog"));
        assertNull(PodLogPath.parse("/var/log/pods/not-a-pod-dir/app/0.log"));
        assertNull(PodLogPath.parse("/var/log/pods/ns_pod_uid/app/zero.log"));
        assertNull(PodLogPath.parse("/var/log/containers/web_shop_app-123.log"));
        assertNull(PodLogPath.parse("/var/log/pods/Upper_pod_0a/app/0.log"));
    }

    @Test
    void filterByNamespacePodAndContainer() {
        TailConfiguration config = new TailConfiguration();
        config.setIncludeNamespace("shop|billing");
        config.setExcludePod("debug-.*");
        config.setExcludeContainer("istio-proxy");
        PodFilter filter = new PodFilter(config);
        assertFalse(filter.isEmpty());
        assertTrue(filter.test(Path.of("/var/log/pods/shop_web-0_0a1b/app/0.log")));
        assertFalse(filter.test(Path.of("/var/log/pods/kube-system_web-0_0a1b/app/0.log")));
        assertFalse(filter.test(Path.of("/var/log/pods/shop_debug-x_0a1b/app/0.log")));
        assertFalse(filter.test(Path.of("/var/log/pods/billing_web-0_0a1b/istio-proxy/0.log")));
        assertTrue(filter.test(Path.of("/var/log/app/other.log")), "files outside the layout are the globs' business");
        assertTrue(new PodFilter(new TailConfiguration()).isEmpty());
    }

    @Test
    void badFilterRegexNamesTheOption() {
        TailConfiguration config = new TailConfiguration();
        config.setName("k8s");
        config.setPath("/var/log/pods");
        config.setIncludePod("web-(");
        Exception error = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, config::validate);
        assertTrue(error.getMessage().contains("includePod"), error.getMessage());
    }
}
