package dev.sandbox4j.fs.internal;

import dev.sandbox4j.fs.ImageLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds the layer files of an unpacked image, bottom layer first: from
 * {@code manifest.json} (docker save, old and new) or from the OCI
 * {@code index.json} (following a nested index to the manifest that
 * matches this machine's architecture, else the first).
 */
final class ImageLayout {
    private ImageLayout() {}

    static boolean isImage(Path dir) {
        return Files.isRegularFile(dir.resolve("manifest.json"), LinkOption.NOFOLLOW_LINKS)
                || Files.isRegularFile(dir.resolve("index.json"), LinkOption.NOFOLLOW_LINKS)
                        && Files.isRegularFile(dir.resolve("oci-layout"), LinkOption.NOFOLLOW_LINKS);
    }

    static List<Path> layers(Path image) throws IOException {
        List<Path> out = new ArrayList<>();
        Path docker = image.resolve("manifest.json");
        if (Files.isRegularFile(docker, LinkOption.NOFOLLOW_LINKS)) {
            List<?> manifests = list(json(docker), "manifest.json");
            Map<?, ?> first = map(first(manifests, "manifest.json"), "manifest.json[0]");
            for (Object l : list(first.get("Layers"), "manifest.json[0].Layers")) {
                out.add(inside(image, string(l, "a layer of manifest.json")));
            }
            return out;
        }
        String name = "index.json";
        Map<?, ?> m = map(json(image.resolve(name)), name);
        // an index may point at an index; a cycle or an absurd chain is refused, not followed forever
        for (int hops = 0; m.get("layers") == null; hops++) {
            if (hops == MAX_INDEX_HOPS) {
                throw new IllegalArgumentException("image index nests more than " + MAX_INDEX_HOPS
                        + " indexes before a manifest with layers; refusing " + name);
            }
            Map<?, ?> next = pick(list(m.get("manifests"), name + ".manifests"), name);
            name = string(next.get("digest"), "digest in " + name);
            m = map(json(blob(image, name)), name);
        }
        for (Object l : list(m.get("layers"), name + ".layers")) {
            out.add(blob(image, string(map(l, "layer of " + name).get("digest"), "layer digest in " + name)));
        }
        return out;
    }

    private static final int MAX_INDEX_HOPS = 8;

    private static List<?> list(Object o, String what) {
        if (o instanceof List<?> l) {
            return l;
        }
        throw new IllegalArgumentException("image " + what + " is not a JSON array");
    }

    private static Map<?, ?> map(Object o, String what) {
        if (o instanceof Map<?, ?> m) {
            return m;
        }
        throw new IllegalArgumentException("image " + what + " is not a JSON object");
    }

    private static String string(Object o, String what) {
        if (o instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException("image " + what + " is not a JSON string");
    }

    private static Object first(List<?> l, String what) {
        if (l.isEmpty()) {
            throw new IllegalArgumentException("image " + what + " is an empty array; expected one manifest");
        }
        return l.getFirst();
    }

    private static Map<?, ?> pick(List<?> manifests, String what) {
        String arch = switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> System.getProperty("os.arch");
        };
        for (Object o : manifests) {
            if (map(o, "manifest entry of " + what).get("platform") instanceof Map<?, ?> p
                    && arch.equals(p.get("architecture"))) {
                return (Map<?, ?>) o;
            }
        }
        return map(first(manifests, what + ".manifests"), "manifest entry of " + what);
    }

    private static Path blob(Path image, String digest) {
        int colon = digest.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("image digest '" + digest + "' is not algorithm:hex");
        }
        return inside(image, "blobs/" + digest.substring(0, colon) + "/" + digest.substring(colon + 1));
    }

    /** A manifest names a file of the image; it must stay inside and be a plain file. */
    private static Path inside(Path image, String name) {
        String rel = LayerApplier.relative(name);
        Path p = rel == null ? null : image.resolve(rel);
        if (p == null || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("image names layer '" + name + "', which is not a file of the archive");
        }
        return p;
    }

    /** Manifests are small: a larger one is refused unread rather than loaded into memory. */
    private static Object json(Path p) throws IOException {
        long size = Files.size(p);
        if (size > ImageLimits.MAX_MANIFEST_BYTES) {
            throw new IllegalArgumentException("image file " + p.getFileName() + " has " + size
                    + " bytes; a manifest or index has at most " + ImageLimits.MAX_MANIFEST_BYTES);
        }
        try {
            return MiniJson.parse(Files.readString(p, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("image file " + p.getFileName() + ": " + e.getMessage(), e);
        }
    }
}
