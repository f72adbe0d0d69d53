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
        "1.5s, PT1.5S",
        "0.25h, PT15M",
        "10 s, PT10S",
        "5sec, PT5S",
        "2min, PT2M",
        "PT5S, PT5S",
        "1.5, PT1.5S",
        "2.5ms, PT0.0025S",
    })
    void acceptsTheDocumentedForms(String text, String expected) {
        assertThat(DurationParser.parse(text)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "s", "5x", "-1s", "1.s", ".5s", "10  s", "5secs", "1,5s", "PTx", "P1D",
        "99999999999999999999", "9223372036854775807h"})
    void rejectsEverythingElseNamingTheValueAndTheForms(String text) {
        assertThatThrownBy(() -> DurationParser.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'")
                .hasMessageContaining("500ms, 10s, 1.5s, 2m, 1h");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0s", "0.0ms", "PT0S", "PT-1S"})
    void zeroIsNotATimeout(String text) {
        assertThatThrownBy(() -> DurationParser.parse(text)).hasMessageContaining("must be positive");
    }
}
