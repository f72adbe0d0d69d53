package dev.sandbox4j.internal.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void writesScalarsInOrder() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "EXITED");
        m.put("i", 3);
        m.put("l", 1L << 40);
        m.put("b", true);
        m.put("n", null);
        assertThat(Json.write(m)).isEqualTo("{\"s\":\"EXITED\",\"i\":3,\"l\":1099511627776,\"b\":true,\"n\":null}");
    }

    @Test
    void escapesStrings() {
        assertThat(Json.write("a\"b\\c\nd\te\u0001/é"))
                .isEqualTo("\"a\\\"b\\\\c\\nd\\te\\u0001/é\"");
    }

    @Test
    void writesNestedListsAndMaps() {
        assertThat(Json.write(Map.of("added", List.of("/a", "/b"))))
                .isEqualTo("{\"added\":[\"/a\",\"/b\"]}");
        assertThat(Json.write(Arrays.asList(1, null, List.of()))).isEqualTo("[1,null,[]]");
        assertThat(Json.write(Map.of())).isEqualTo("{}");
    }
}
