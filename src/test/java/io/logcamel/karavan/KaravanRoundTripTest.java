package io.logcamel.karavan;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every route and kamelet file survives a save from Camel Karavan: Karavan's own core library
 * reads it and writes it back, and Camel loads the written file to the same routes, endpoints and
 * beans (and the same route template for a kamelet) as the original. {@code KameletTwinsTest}
 * runs the written twins and kamelets against the local Logstore.
 */
class KaravanRoundTripTest {

    private static final Path OUT = Path.of("target", "karavan");

    /**
     * What a Karavan user has: Apache Camel's catalog and the kamelets of routes/kamelets/, no
     * descriptor of ours. The twins and the kamelets themselves come back the same.
     */
    @Test
    void kameletsAndTwinsSurviveKaravanWithApacheCamelsCatalogOnly() throws Exception {
        List<Path> files = new ArrayList<>(RouteFiles.kameletFiles());
        files.addAll(RouteFiles.twinFiles());
        assertTrue(files.size() >= 30, files.toString());
        assertSameModels(KaravanCore.roundTrip(files, KaravanCore.Catalog.APACHE, OUT.resolve("apache")));
    }

    /** The files written with our components come back the same once Karavan knows our components' descriptors. */
    @Test
    void componentRoutesSurviveKaravanWithOurDescriptors() throws Exception {
        List<Path> files = RouteFiles.componentRouteFiles();
        assertTrue(files.size() >= 15, files.toString());
        assertSameModels(KaravanCore.roundTrip(files, KaravanCore.Catalog.APACHE_AND_LOGCAMEL, OUT.resolve("logcamel")));
    }

    /**
     * Why the twins exist: without our descriptors Karavan drops the path of every URI it does not
     * know ({@code logstore:demo/demo-logs} becomes {@code logstore}), so a save breaks the demo.
     */
    @Test
    void withoutOurDescriptorsKaravanDropsThePathsOfOurUris() throws Exception {
        Path demo = RouteFiles.ROUTES.resolve("demo.camel.yaml");
        Path written = KaravanCore.roundTrip(List.of(demo), KaravanCore.Catalog.APACHE, OUT.resolve("broken")).get(demo);
        String text = Files.readString(written);
        assertTrue(text.contains("uri: logstore\n") && !text.contains("demo-logs"), text);
        // Camel refuses the written file: the Logstore sink lost its project and logstore
        Exception refused = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> CamelModel.of(written));
        assertTrue(String.valueOf(refused.getMessage()).contains("logstore"), String.valueOf(refused));
    }

    private static void assertSameModels(Map<Path, Path> written) throws Exception {
        List<String> different = new ArrayList<>();
        for (Map.Entry<Path, Path> file : written.entrySet()) {
            CamelModel original = CamelModel.of(file.getKey());
            CamelModel saved = CamelModel.of(file.getValue());
            if (!original.equals(saved)) {
                different.add(file.getKey() + "\n--- original:\n" + original + "\n--- written by Karavan ("
                        + file.getValue() + "):\n" + saved);
            }
        }
        assertEquals(List.of(), different, "files Karavan changed");
    }
}
