package dev.sandbox4j.fs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A change prints as one line however the program named its file. */
class ChangeTest {
    private static String line(String path) {
        return new Change(Change.Kind.ADDED, path).toString();
    }

    @Test
    void ordinaryNamesReadAsTheyAre() {
        assertThat(line("/tmp/résumé v2.txt")).isEqualTo("A /tmp/résumé v2.txt");
        assertThat(new Change(Change.Kind.DELETED, "/etc/x").toString()).isEqualTo("D /etc/x");
    }

    @Test
    void nothingInANameCanStartAnotherLineOrMoveTheCursor() {
        assertThat(line("/a\nD /etc/passwd")).isEqualTo("A /a\\nD /etc/passwd");
        assertThat(line("/b\rM /x\t")).isEqualTo("A /b\\rM /x\\t");
        assertThat(line("/c\u001b[2K\u0000\u007f")).isEqualTo("A /c\\x1b[2K\\x00\\x7f");
        assertThat(line("/d\u0085e\u2028f\u2029")).isEqualTo("A /d\\u0085e\\u2028f\\u2029");
        assertThat(line("/evil\u202etxt.exe\u200b")).isEqualTo("A /evil\\u202etxt.exe\\u200b");
        // the escape character itself is escaped, so "\n" typed literally stays distinguishable
        assertThat(line("/lit\\n")).isEqualTo("A /lit\\\\n");
        for (int c = 0; c < 0x10000; c++) {
            assertThat(line("/" + (char) c).lines().count()).as("U+%04X", c).isEqualTo(1);
        }
    }

    @Test
    void thePathItselfStaysExact() {
        assertThat(new Change(Change.Kind.ADDED, "/a\nb").path()).isEqualTo("/a\nb");
    }
}
