package dev.sandbox4j.fs.internal;

import dev.sandbox4j.fs.ImageLimits;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.apache.commons.compress.compressors.CompressorException;
import org.apache.commons.compress.compressors.CompressorStreamFactory;

/**
 * Unpacks a rootfs archive into {@code cacheDir/sha256-<hex>/rootfs}, keyed by
 * the archive's content, so a second call is a lookup. Unpacking goes to a
 * temporary directory renamed into place at the end: a crash or a
 * concurrent unpack never leaves a half tree under the final name.
 */
public final class ImageUnpacker {
    private static final System.Logger LOG = System.getLogger(ImageUnpacker.class.getName());
    /** Mount points every root needs; created so a read-only root never needs a mkdir. */
    private static final List<String> MOUNT_POINTS = List.of("proc", "dev", "sys", "tmp");

    private ImageUnpacker() {}

    public static Path unpack(Path archive, Path cacheDir) throws IOException {
        return unpack(archive, cacheDir, ImageLimits.defaults());
    }

    /**
     * As {@link #unpack(Path, Path)}, refusing an archive beyond {@code limits}.
     * Whatever fails (a limit, a hostile manifest, even an {@link Error}),
     * the temporary directory is removed before the failure propagates.
     */
    public static Path unpack(Path archive, Path cacheDir, ImageLimits limits) throws IOException {
        Files.createDirectories(cacheDir);
        Path done = cacheDir.resolve("sha256-" + sha256(archive));
        if (Files.isDirectory(done.resolve("rootfs"), LinkOption.NOFOLLOW_LINKS)) {
            LOG.log(Level.DEBUG, "rootfs of {0} reused from {1}", archive, done);
            return done.resolve("rootfs");
        }
        Path tmp = Files.createTempDirectory(cacheDir, ".unpack-");
        try {
            Path rootfs = Files.createDirectory(tmp.resolve("rootfs"));
            Path image = Files.createDirectory(tmp.resolve("image"));
            UnpackBudget budget = new UnpackBudget(limits, archive.getFileName().toString());
            extract(archive, image, false, budget);
            if (ImageLayout.isImage(image)) {
                for (Path layer : ImageLayout.layers(image)) {
                    extract(layer, rootfs, true, budget);
                }
            } else {
                // a docker export: the archive is the rootfs itself
                Files.delete(rootfs);
                Files.move(image, rootfs);
            }
            TempTree.delete(image);
            for (String m : MOUNT_POINTS) {
                Path p = rootfs.resolve(m);
                if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectory(p);
                }
            }
            // createTempDirectory made it 0700: as root, root inside (the host's nobody) could not enter it
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
            try {
                Files.move(tmp, done, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException raced) {
                TempTree.delete(tmp); // someone else finished first: theirs is as good
            }
            return done.resolve("rootfs");
        } catch (Throwable e) { // an Error too: a half tree must never stay in the cache
            try {
                TempTree.delete(tmp);
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    static List<String> extract(Path tar, Path into, boolean whiteouts) throws IOException {
        return extract(tar, into, whiteouts, new UnpackBudget(ImageLimits.defaults(), tar.getFileName().toString()));
    }

    static List<String> extract(Path tar, Path into, boolean whiteouts, UnpackBudget budget) throws IOException {
        LayerApplier applier = new LayerApplier(into, whiteouts, budget);
        UnpackBudget.Counting raw = new UnpackBudget.Counting(Files.newInputStream(tar));
        try (InputStream in = decompressed(raw, tar)) {
            UnpackBudget.Counting plain = new UnpackBudget.Counting(in);
            budget.stream(tar.getFileName().toString(), raw, plain);
            applier.apply(plain);
        } catch (UnpackBudget.Refused e) {
            throw e; // names the archive and the limit already
        } catch (IOException e) {
            throw new IOException("cannot unpack " + tar.getFileName() + ": " + e.getMessage(), e);
        } finally {
            raw.close();
        }
        return applier.skipped();
    }

    /** gzip, bzip2, xz ... by magic number; a plain tar as it is. */
    private static InputStream decompressed(InputStream stream, Path file) throws IOException {
        InputStream raw = new BufferedInputStream(stream);
        try {
            CompressorStreamFactory.detect(raw);
        } catch (CompressorException notCompressed) {
            return raw;
        }
        try {
            return new BufferedInputStream(new CompressorStreamFactory().createCompressorInputStream(raw));
        } catch (CompressorException e) {
            raw.close();
            throw new IOException("cannot decompress " + file + ": " + e.getMessage(), e);
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
