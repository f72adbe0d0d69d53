package dev.sandbox4j.examples;

import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Lets picocli options take {@link DurationParser} durations:
 *
 * <pre>{@code
 * @Option(names = "--timeout", converter = DurationConverter.class) Duration timeout;
 * }</pre>
 */
public final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return DurationParser.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
