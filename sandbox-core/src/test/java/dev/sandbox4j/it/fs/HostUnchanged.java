package dev.sandbox4j.it.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * After every test, success or setup failure: the host's mount table is as
 * it was and java.io.tmpdir holds nothing new (the library used to stage
 * each sandbox's root there; now the shim builds it inside the sandbox's
 * mount namespace, and {@link BaseTmpfsIT} checks a live sandbox too).
 *
 * <p>The library reads java.io.tmpdir at every start, so each test gets a
 * fresh, empty one of its own: the shared /tmp of a build host also holds
 * what compilers and other test runs beside this one create and remove, which
 * would make a before/after listing of it compare their work, not ours.
 */
final class HostUnchanged implements BeforeEachCallback, AfterEachCallback {
    static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");
    private static final String TMPDIR = "java.io.tmpdir";

    private String mountinfo;
    private String tmpdirBefore;
    private Path tmpdir;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        mountinfo = Files.readString(MOUNTINFO);
        tmpdirBefore = System.getProperty(TMPDIR);
        // world-searchable: as root, root inside is the host's nobody and must reach what a test puts here
        tmpdir = Roots.open(Files.createTempDirectory(Path.of(tmpdirBefore), "sandbox4j-it-tmpdir-"));
        System.setProperty(TMPDIR, tmpdir.toString());
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        System.setProperty(TMPDIR, tmpdirBefore);
        try {
            assertThat(Files.readString(MOUNTINFO)).as("the host's %s after the test", MOUNTINFO)
                    .isEqualTo(mountinfo);
            try (Stream<Path> s = Files.list(tmpdir)) {
                List<String> left = s.map(p -> p.getFileName().toString()).toList();
                assertThat(left).as("what the sandboxes left in java.io.tmpdir (%s)", tmpdir).isEmpty();
            }
        } finally {
            Roots.deleteTree(tmpdir);
        }
    }
}
