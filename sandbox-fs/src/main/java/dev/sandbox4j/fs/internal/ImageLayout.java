package dev.sandbox4j.fs.internal;

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
            List<?> manifests = (List<?>) json(docker);
            Map<?, ?> first = (Map<?, ?>) manifests.getFirst();
            for (Object l : (List<?>) first.get("Layers")) {
                out.add(inside(image, (String) l));
            }
            return out;
        }
        Map<?, ?> m = (Map<?, ?>) json(image.resolve("index.json"));
        while (m.get("layers") == null) {
            m = (Map<?, ?>) json(blob(image, (String) pick((List<?>) m.get("manifests")).get("digest")));
        }
        for (Object l : (List<?>) m.get("layers")) {
            out.add(blob(image, (String) ((Map<?, ?>) l).get("digest")));
        }
        return out;
    }

    private static Map<?, ?> pick(List<?> manifests) {
        String arch = switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> System.getProperty("os.arch");
        };
        for (Object o : manifests) {
            if (((Map<?, ?>) o).get("platform") instanceof Map<?, ?> p && arch.equals(p.get("architecture"))) {
                return (Map<?, ?>) o;
            }
        }
        return (Map<?, ?>) manifests.getFirst();
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

    private static Object json(Path p) throws IOException {
        return MiniJson.parse(Files.readString(p, StandardCharsets.UTF_8));
    }
}
