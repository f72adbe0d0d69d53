package dev.sandbox4j.cgroups;

import dev.sandbox4j.cgroups.internal.CgroupFs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A cgroupfs imitation over a temp directory, kernel-like where the logic depends on it: mkdir populates
 * interface files (v2: those of the controllers in the parent's subtree_control; v1: those of the parent),
 * subtree_control takes "+a -b", cgroup.procs moves a pid, io.max accumulates lines, writing a missing file
 * fails. Every write is recorded in order as "relative/path=value".
 */
final class FakeCgroupFs implements CgroupFs {

    private final Path root;
    final List<String> writes = Collections.synchronizedList(new ArrayList<>());

    FakeCgroupFs(Path root) {
        this.root = root;
    }

    private String rel(Path p) {
        return root.relativize(p).toString();
    }

    @Override
    public String read(Path file) throws IOException {
        String s = Files.readString(file);
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public void write(Path file, String value) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        writes.add(rel(file) + "=" + value);
        String name = file.getFileName().toString();
        switch (name) {
            case "cgroup.subtree_control" -> {
                Set<String> on = new LinkedHashSet<>(List.of(read(file).split("\\s+")));
                on.remove("");
                for (String w : value.split(" ")) {
                    if (w.startsWith("+")) {
                        on.add(w.substring(1));
                    } else if (w.startsWith("-")) {
                        on.remove(w.substring(1));
                    }
                }
                Files.writeString(file, String.join(" ", on));
            }
            case "cgroup.procs" -> {
                // a pid lives in one cgroup per hierarchy: take it out of the others under the same mount
                try (Stream<Path> all = Files.walk(hierarchyOf(file))) {
                    for (Path p : all.filter(p -> p.getFileName().toString().equals("cgroup.procs")).toList()) {
                        List<String> pids = new ArrayList<>(Files.readAllLines(p));
                        if (pids.remove(value)) {
                            Files.write(p, pids);
                        }
                    }
                }
                Files.writeString(file, value + "\n", java.nio.file.StandardOpenOption.APPEND);
            }
            case "io.max" -> Files.writeString(file, read(file).isEmpty() ? value : read(file) + "\n" + value);
            default -> Files.writeString(file, value);
        }
    }

    /** The mount directory: the topmost ancestor that still has a cgroup.procs file. */
    private static Path hierarchyOf(Path file) {
        Path top = file.getParent();
        for (Path p = top; p != null && Files.exists(p.resolve("cgroup.procs")); p = p.getParent()) {
            top = p;
        }
        return top;
    }

    @Override
    public void mkdir(Path dir) throws IOException {
        Files.createDirectory(dir);
        writes.add("mkdir " + rel(dir));
        Path parent = dir.getParent();
        if (Files.exists(parent.resolve("cgroup.controllers"))) {
            populateV2(dir, read(parent.resolve("cgroup.subtree_control")));
        } else {
            populateV1(parent, dir);
        }
    }

    static final Map<String, List<String>> V2_FILES = Map.of(
            "memory", List.of("memory.max=max", "memory.swap.max=max", "memory.current=0", "memory.peak=0",
                    "memory.events=low 0\nhigh 0\nmax 0\noom 0\noom_kill 0"),
            "cpu", List.of("cpu.max=max 100000", "cpu.weight=100"),
            "pids", List.of("pids.max=max", "pids.current=0", "pids.peak=0"),
            "io", List.of("io.max="),
            "cpuset", List.of("cpuset.cpus=", "cpuset.mems=", "cpuset.mems.effective=0"));

    static void populateV2(Path dir, String enabledInParent) throws IOException {
        for (String f : List.of("cgroup.procs=", "cgroup.type=domain", "cgroup.events=populated 0\nfrozen 0", "cgroup.freeze=0",
                "cgroup.kill=", "cgroup.subtree_control=", "cpu.stat=usage_usec 0\nuser_usec 0\nsystem_usec 0",
                "cgroup.controllers=" + enabledInParent.trim())) {
            put(dir, f);
        }
        for (String c : enabledInParent.trim().split("\\s+")) {
            for (String f : V2_FILES.getOrDefault(c, List.of())) {
                put(dir, f);
            }
        }
    }

    /** v1: the child gets every file of its parent, with a fresh group's value. */
    private static void populateV1(Path parent, Path dir) throws IOException {
        try (Stream<Path> files = Files.list(parent)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String n = f.getFileName().toString();
                String v = switch (n) {
                    case "cpuset.cpus", "cpuset.mems", "cgroup.procs", "tasks" -> "";
                    case "freezer.state" -> "THAWED";
                    case "memory.oom_control" -> "oom_kill_disable 0\nunder_oom 0\noom_kill 0";
                    case "pids.max" -> "max";
                    case "cpu.cfs_quota_us" -> "-1";
                    default -> "0";
                };
                Files.writeString(dir.resolve(n), v);
            }
        }
    }

    static void put(Path dir, String nameEqualsValue) throws IOException {
        int eq = nameEqualsValue.indexOf('=');
        Files.writeString(dir.resolve(nameEqualsValue.substring(0, eq)), nameEqualsValue.substring(eq + 1),
                StandardCharsets.US_ASCII);
    }

    @Override
    public void rmdir(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString());
        }
        try (Stream<Path> s = Files.list(dir)) {
            if (s.anyMatch(Files::isDirectory)) {
                throw new java.nio.file.DirectoryNotEmptyException(dir.toString());
            }
        }
        if (!read(dir.resolve("cgroup.procs")).isBlank()) {
            throw new java.nio.file.FileSystemException(dir.toString(), null, "Device or resource busy");
        }
        writes.add("rmdir " + rel(dir));
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Override
    public boolean exists(Path path) {
        return Files.exists(path, LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public int owner(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    }

    /** The writes whose path contains {@code part}. */
    List<String> writesTo(String part) {
        return writes.stream().filter(w -> w.contains(part)).toList();
    }
}
