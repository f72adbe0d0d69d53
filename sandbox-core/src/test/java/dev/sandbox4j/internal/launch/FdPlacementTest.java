package dev.sandbox4j.internal.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandbox4j.internal.sys.FileAction;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class FdPlacementTest {

    /** Applies file actions to a model fd table: fd number to the "file" it refers to. */
    private static Map<Integer, String> apply(Map<Integer, String> table, List<FileAction> actions) {
        Map<Integer, String> t = new HashMap<>(table);
        for (FileAction a : actions) {
            switch (a) {
                case FileAction.Dup2(int from, int to) -> {
                    assertThat(t).as("dup2 source %d must be open", from).containsKey(from);
                    t.put(to, t.get(from));
                }
                case FileAction.Close(int fd) -> t.remove(fd);
                case FileAction.CloseFrom(int from) -> t.keySet().removeIf(fd -> fd >= from);
            }
        }
        return t;
    }

    @Property
    void everyTargetEndsUpWithItsSourceAndNothingElseStaysOpen(@ForAll("placements") Map<Integer, Integer> targets) {
        Map<Integer, String> parent = new HashMap<>();
        for (int fd = 0; fd < 40; fd++) {
            parent.put(fd, "file" + fd);
        }
        Map<Integer, String> child = apply(parent, FdPlacement.actions(targets));
        targets.forEach((target, source) -> assertThat(child.get(target)).isEqualTo("file" + source));
        int maxTarget = targets.keySet().stream().max(Integer::compare).orElse(2);
        assertThat(child.keySet()).allMatch(fd -> fd <= Math.max(2, maxTarget));
    }

    @Provide
    Arbitrary<Map<Integer, Integer>> placements() {
        // Sources collide freely with targets, like a JVM that hands out low numbers.
        return Arbitraries.maps(Arbitraries.integers().between(0, 12), Arbitraries.integers().between(0, 39))
                .ofMinSize(1).ofMaxSize(8);
    }

    @Property
    void aSourceAlreadyOnItsTargetIsStillDuplicatedSoCloseOnExecIsCleared(@ForAll("small") int fd) {
        List<FileAction> actions = FdPlacement.actions(Map.of(fd, fd));
        assertThat(actions).anySatisfy(a -> assertThat(a).isEqualTo(new FileAction.Dup2(fd, fd + 1)));
        assertThat(actions).contains(new FileAction.Dup2(fd + 1, fd));
    }

    @Provide
    Arbitrary<Integer> small() {
        return Arbitraries.integers().between(3, 6);
    }
}
