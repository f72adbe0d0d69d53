package dev.sandbox4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationParserTest {
    @ParameterizedTest
    @CsvSource({
        "500ms, PT0.5S",
        "10s, PT10S",
        "2m, PT2M",
        "1h, PT1H",
        "30, PT30S",
        "' 7s ', PT7S",
        "1ms, PT0.001S",
    })
    void acceptsTheDocumentedForms(String text, String expected) {
        assertThat(DurationParser.parse(text)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "s", "5x", "-1s", "1.5s", "10 s", "5sec", "0", "0ms", "PT5S",
        "99999999999999999999", "9223372036854775807h"})
    void rejectsEverythingElseNamingTheValueAndTheForms(String text) {
        assertThatThrownBy(() -> DurationParser.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'")
                .hasMessageContaining("500ms, 10s, 2m, 1h");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0s"})
    void zeroIsNotATimeout(String text) {
        assertThatThrownBy(() -> DurationParser.parse(text)).hasMessageContaining("must be positive");
    }
}
