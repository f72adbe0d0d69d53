package dev.sandbox4j.examples.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CompareTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void exactIsByteForByte() {
        assertThat(Compare.EXACT.matches(b("3\n"), b("3\n"))).isTrue();
        assertThat(Compare.EXACT.matches(b("3"), b("3\n"))).isFalse();
        assertThat(Compare.EXACT.matches(b("3 \n"), b("3\n"))).isFalse();
    }

    @Test
    void tokensIgnoreSpacingAndBlankLines() {
        assertThat(Compare.TOKENS.matches(b("1  2\r\n\n3"), b("1 2 3\n"))).isTrue();
        assertThat(Compare.TOKENS.matches(b(""), b("\n"))).isTrue();
        assertThat(Compare.TOKENS.matches(b("12"), b("1 2"))).isFalse();
        assertThat(Compare.TOKENS.matches(b("3\n4"), b("3\n"))).isFalse();
    }

    @Test
    void languagesParseByTheirUsualNames() {
        assertThat(Language.parse("C++")).isEqualTo(Language.CPP);
        assertThat(Language.parse("py")).isEqualTo(Language.PYTHON);
        assertThatThrownBy(() -> Language.parse("cobol")).hasMessageContaining("'cobol'");
    }
}
