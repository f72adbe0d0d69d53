package dev.sandbox4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The plugin host example does what its output promises: answers, then a timeout for the hanging request. */
class PluginHostIT {
    @Test
    void demoConversation() throws Exception {
        PrintStream stdout = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            PluginHost.main(new String[0]);
        } finally {
            System.setOut(stdout);
        }
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).satisfiesExactly(
                l -> assertThat(l).endsWith("-> ok HELLO, PLUGIN"),
                l -> assertThat(l).endsWith("-> ok 42"),
                l -> assertThat(l).endsWith("-> error unknown request frobnicate"),
                l -> assertThat(l).startsWith("hang").endsWith("-> (no answer)"),
                l -> assertThat(l).startsWith("plugin ended: TIMED_OUT after "));
    }
}
