package io.logcamel.checkpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DurableStateRepositoryTest {

    @TempDir
    Path dir;

    private DurableStateRepository open() {
        DurableStateRepository repository = new DurableStateRepository(dir, "orders");
        repository.start();
        return repository;
    }

    @Test
    void stateSurvivesARestartWithAnyCharacters() {
        DurableStateRepository repository = open();
        assertNull(repository.getState("id"));
        repository.setState("id", "42");
        repository.setState("odd key=\n", "value with = and \n and ü");
        repository.stop();

        DurableStateRepository reopened = open();
        assertEquals(Map.of("id", "42", "odd key=\n", "value with = and \n and ü"), reopened.snapshot());
        assertTrue(Files.exists(dir.resolve("orders.checkpoint.bak")), "the previous state is kept");
        assertTrue(!Files.exists(dir.resolve("orders.checkpoint.tmp")));
    }

    @Test
    void aCorruptFileIsReportedMovedAsideAndTheLastGoodStateUsed() throws Exception {
        DurableStateRepository repository = open();
        repository.setState("id", "41");
        repository.setState("id", "42");
        repository.stop();
        Path file = dir.resolve("orders.checkpoint");
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Files.writeString(file, text.replace("42", "99")); // a flipped digit: the checksum no longer matches

        DurableStateRepository reopened = open();
        assertEquals("41", reopened.getState("id"), "the backup: at-least-once, re-reads one batch at most");
        try (var files = Files.list(dir)) {
            assertEquals(1, files.filter(p -> p.getFileName().toString().startsWith("orders.checkpoint.corrupt-")).count());
        }
        reopened.setState("id", "43");
        reopened.stop();
        assertEquals("43", open().getState("id"));
    }

    @Test
    void refusesToStartOverSilentlyWhenNothingIsReadable() throws Exception {
        Files.writeString(dir.resolve("orders.checkpoint"), "garbage");
        IllegalStateException error = assertThrows(IllegalStateException.class, this::open);
        assertTrue(error.getMessage().contains("orders.checkpoint"), error.getMessage());
    }

    @Test
    void badSettingsAreNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new DurableStateRepository().setDirectory(" "))
                .getMessage().contains("logcamel.checkpoint.dir"));
        assertThrows(IllegalArgumentException.class, () -> new DurableStateRepository().setName("../escape"));
    }
}
