package dev.flowrec.serving;

import dev.flowrec.core.snapshot.AssemblyResult;
import dev.flowrec.core.snapshot.SnapshotAssembler;
import dev.flowrec.core.snapshot.SnapshotCodec;
import dev.flowrec.core.snapshot.SnapshotRejection;
import dev.flowrec.core.snapshot.VerifiedSnapshot;
import dev.flowrec.events.SnapshotChunk;
import dev.flowrec.events.SnapshotManifest;
import dev.flowrec.events.SnapshotRecord;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last verified snapshots on local disk, so a server can start and serve when Kafka is down or
 * the topic's retention has dropped them.
 *
 * <p>A cached snapshot is the records exactly as they came from the topic (manifest and chunks,
 * encoded), not the loaded artifact: loading it runs them through a new {@link SnapshotAssembler},
 * so hashes and, when a key is configured, the signature are verified again, and a file altered on
 * disk is refused like a forged record. The records of a version are buffered while it assembles (a
 * second copy of what the assembler buffers, bounded the same way) and written once it is loaded;
 * the oldest files beyond the versions kept are deleted.
 *
 * <p>Polling thread only.
 */
final class SnapshotCache {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotCache.class);
    private static final int MAGIC = 0x46525343; // "FRSC"
    private static final int FORMAT_VERSION = 1;
    private static final String SUFFIX = ".snapshot";

    private final Path directory;
    private final String modelId;
    private final int keep;
    private final int maxBuffered;
    private final Map<String, List<byte[]>> assembling = new LinkedHashMap<>();

    SnapshotCache(Path directory, String modelId, int keep, int maxBuffered) {
        this.directory = directory;
        this.modelId = modelId;
        this.keep = keep;
        this.maxBuffered = maxBuffered;
    }

    /** Buffers one record of a version being assembled. */
    void observe(SnapshotRecord record) {
        String key;
        if (record.getPayload() instanceof SnapshotManifest m) {
            key = key(m.getLineageId(), m.getVersion());
        } else if (record.getPayload() instanceof SnapshotChunk c) {
            key = key(c.getLineageId(), c.getVersion());
        } else {
            return;
        }
        assembling.computeIfAbsent(key, k -> new ArrayList<>()).add(SnapshotCodec.encode(record));
        while (assembling.size() > maxBuffered) {
            assembling.remove(assembling.keySet().iterator().next());
        }
    }

    /** Forgets the records of a rejected version. */
    void forget(String lineageId, long version) {
        assembling.remove(key(lineageId, version));
    }

    /** Writes a loaded version's records, then deletes the oldest files beyond {@code keep}. */
    void store(SnapshotManifest manifest) {
        List<byte[]> records =
                assembling.remove(key(manifest.getLineageId(), manifest.getVersion()));
        if (records == null) {
            LOG.debug(
                    "Not caching {} v{}: its records were not all seen",
                    manifest.getLineageId(),
                    manifest.getVersion());
            return;
        }
        Path file = directory.resolve(fileName(manifest));
        try {
            Files.createDirectories(directory);
            Path partial = Files.createTempFile(directory, "partial-", ".tmp");
            try (OutputStream raw = Files.newOutputStream(partial);
                    DataOutputStream out = new DataOutputStream(raw)) {
                out.writeInt(MAGIC);
                out.writeInt(FORMAT_VERSION);
                out.writeInt(records.size());
                for (byte[] r : records) {
                    out.writeInt(r.length);
                    out.write(r);
                }
            }
            // A reader never sees half a file, and a crash leaves only a temp file behind.
            Files.move(
                    partial,
                    file,
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            prune();
        } catch (IOException e) {
            LOG.warn(
                    "Caching snapshot {} v{} in {} failed; serving is not affected",
                    manifest.getLineageId(),
                    manifest.getVersion(),
                    directory,
                    e);
        }
    }

    /**
     * The newest cached snapshot that verifies again, if any; files that do not are logged and
     * skipped.
     */
    Optional<VerifiedSnapshot> newest(Supplier<SnapshotAssembler> assemblers) {
        List<Path> files = files();
        VerifiedSnapshot newest = null;
        for (Path file : files) {
            VerifiedSnapshot found = read(file, assemblers.get());
            if (found != null
                    && (newest == null || found.position().isNewerThan(newest.position()))) {
                newest = found;
            }
        }
        return Optional.ofNullable(newest);
    }

    private VerifiedSnapshot read(Path file, SnapshotAssembler assembler) {
        VerifiedSnapshot found = null;
        try (InputStream raw = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(raw)) {
            if (in.readInt() != MAGIC || in.readInt() != FORMAT_VERSION) {
                throw new IOException(
                        "not a FlowRec snapshot cache file of format " + FORMAT_VERSION);
            }
            int count = in.readInt();
            long left = Files.size(file);
            for (int i = 0; i < count; i++) {
                int length = in.readInt();
                // Checked before allocating, as the assembler does with chunk sizes.
                if (length < 0 || length > left) {
                    throw new IOException("record " + i + " claims " + length + " bytes");
                }
                byte[] bytes = in.readNBytes(length);
                for (AssemblyResult result : assembler.accept(SnapshotCodec.decode(bytes))) {
                    if (result instanceof VerifiedSnapshot v) {
                        found = v;
                    } else {
                        SnapshotRejection r = (SnapshotRejection) result;
                        LOG.warn(
                                "Ignoring cached snapshot {}: {} ({})",
                                file,
                                r.message(),
                                r.reason());
                        return null;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Ignoring cached snapshot {}: it could not be read: {}", file, e.toString());
            return null;
        }
        if (found == null) {
            LOG.warn("Ignoring cached snapshot {}: it holds no complete snapshot", file);
        }
        return found;
    }

    private void prune() throws IOException {
        List<Path> files = files();
        for (int i = keep; i < files.size(); i++) {
            Files.deleteIfExists(files.get(i));
        }
    }

    /** Cache files, newest written first. */
    private List<Path> files() {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return out;
        }
        try (DirectoryStream<Path> listing =
                Files.newDirectoryStream(directory, prefix(modelId) + "*" + SUFFIX)) {
            listing.forEach(out::add);
        } catch (IOException e) {
            LOG.warn("Listing the snapshot cache {} failed", directory, e);
        }
        out.sort(Comparator.comparing(SnapshotCache::modified).reversed());
        return out;
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static String fileName(SnapshotManifest m) {
        // Lineage ids are the job's own, but a file name must not be able to leave the directory.
        String lineage = m.getLineageId().replaceAll("[^A-Za-z0-9._-]", "_");
        return prefix(m.getModelId()) + lineage + "-v" + m.getVersion() + SUFFIX;
    }

    /** Files of one model start with its id, so models can share a directory. */
    private static String prefix(String modelId) {
        return modelId.replaceAll("[^A-Za-z0-9._-]", "_") + "@";
    }

    private static String key(String lineageId, long version) {
        return lineageId + "/" + version;
    }
}
