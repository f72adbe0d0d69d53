package dev.sandbox4j.fs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.fs.RootSource;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Archive support is optional: without commons-compress a tar root is refused with the artifact to add. */
class ArchiveSupportTest {

    /** What {@code rootfsFromTar} does first, in a JVM whose class path may lack commons-compress. */
    public static final class AskForATarRoot {
        public static void main(String[] args) {
            try {
                RootSource.fromTar(Path.of("/srv/image.tar"), Path.of("/tmp/cache"));
                System.out.println("accepted");
            } catch (IllegalStateException e) {
                System.out.println("refused: " + e.getMessage());
            }
        }
    }

    private static String run(boolean withCompress) throws Exception {
        String cp = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> withCompress || !e.contains("commons-"))
                .collect(Collectors.joining(File.pathSeparator));
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", cp, AskForATarRoot.class.getName())).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    @Test
    void withoutCommonsCompressATarRootNamesTheArtifactToAdd() throws Exception {
        assertThat(run(false)).startsWith("refused: rootfsFromTar /srv/image.tar needs tar support")
                .contains("org.apache.commons:commons-compress").contains("--add-modules org.apache.commons.compress")
                .doesNotContain("NoClassDefFoundError");
    }

    @Test
    void withCommonsCompressATarRootIsAccepted() throws Exception {
        assertThat(run(true)).isEqualTo("accepted\n");
    }

    @Test
    void theCheckSeesTheLibraryOnThisClassPath() {
        assertThat(ArchiveSupport.present(getClass().getClassLoader())).isTrue();
    }
}
