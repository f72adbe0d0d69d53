package dev.sandbox4j.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class MountPlanOrderPropertiesTest {

    @Provide
    Arbitrary<List<String>> components() {
        return Arbitraries.of("a", "b", "c", "tmp", "x y").list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<List<List<String>>> pathLists() {
        return components().list().ofMinSize(1).ofMaxSize(8);
    }

    @Property
    void parentsAreMountedBeforeChildren(@ForAll("pathLists") List<List<String>> paths) {
        var b = MountPlan.builder().defaultMounts(false).defaultMasks(false);
        List<String> added = new ArrayList<>();
        for (List<String> c : paths) {
            String t = "/" + String.join("/", c);
            if (!added.contains(t)) {
                b.tmpfs(t, 4096, 0755);
                added.add(t);
            }
        }
        List<String> order = b.build().steps().stream().map(MountStep::target).toList();
        for (int i = 0; i < order.size(); i++) {
            for (int j = i + 1; j < order.size(); j++) {
                assertThat(order.get(i).startsWith(order.get(j) + "/"))
                        .as("%s comes before its parent %s", order.get(i), order.get(j)).isFalse();
            }
        }
    }

    @Property
    void masksComeAfterEveryMount(@ForAll("components") List<String> c) {
        String t = "/" + String.join("/", c);
        List<MountStep> steps = MountPlan.builder().maskPath("/proc/foo").tmpfs(t, 4096, 0755).build().steps();
        int lastMount = 0;
        int firstMask = steps.size();
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i) instanceof MountStep.Mask || steps.get(i) instanceof MountStep.ReadOnlyPath) {
                firstMask = Math.min(firstMask, i);
            } else {
                lastMount = i;
            }
        }
        assertThat(lastMount).isLessThan(firstMask);
    }

    @Property
    void anyTargetWithADotDotComponentIsRefused(@ForAll("components") List<String> before,
                                                @ForAll("components") List<String> after) {
        String t = "/" + String.join("/", before) + "/../" + String.join("/", after);
        assertThatThrownBy(() -> MountPlan.builder().dir(t, 0755)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'..'");
    }

    @Property
    void normalTargetsAreAcceptedAndOthersNameTheirNormalForm(@ForAll("components") List<String> c,
                                                              @ForAll boolean doubleSlash) {
        String normal = "/" + String.join("/", c);
        MountPlan.builder().dir(normal, 0755);
        String odd = doubleSlash ? normal.replaceFirst("/", "//") : normal + "/";
        assertThatThrownBy(() -> MountPlan.builder().dir(odd, 0755)).hasMessageContaining("write " + normal);
    }

    @Property
    void arbitraryStringsAreEitherAcceptedUnchangedOrRefusedWithTheirValue(@ForAll String s) {
        try {
            MountPlan p = MountPlan.builder().defaultMounts(false).defaultMasks(false).dir(s, 0755).build();
            assertThat(p.steps()).extracting(MountStep::target).containsExactly(s);
            assertThat(s).startsWith("/").doesNotContain("//", "\0", "\n").doesNotEndWith("/");
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).contains("dir");
        }
    }
}
