package io.github.corebanking.ledger.examples.relay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A position kept in a file of its own, holding the number as text. A save writes a temporary file
 * beside it, forces it to disk and renames it over the old one, so a crash leaves either the old
 * position or the new one, never a torn file.
 */
public final class FilePositionStore implements PositionStore {

  private final Path file;

  /**
   * Creates the store; the file is created by the first save.
   *
   * @param file the file, such as {@code /var/lib/relay/main.position}
   */
  public FilePositionStore(Path file) {
    this.file = file.toAbsolutePath();
  }

  @Override
  public long load() {
    try {
      if (!Files.exists(file)) {
        return 0;
      }
      String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
      try {
        return Long.parseLong(text);
      } catch (NumberFormatException e) {
        throw new IllegalStateException(file + " does not hold a position: '" + text + "'", e);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the relay position from " + file, e);
    }
  }

  @Override
  public void save(long position) {
    if (position < 0) {
      throw new IllegalArgumentException("position must not be negative: " + position);
    }
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Path parent = file.getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        out.write(ByteBuffer.wrap((position + "\n").getBytes(StandardCharsets.US_ASCII)));
        out.force(true);
      }
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("could not store the relay position in " + file, e);
    }
  }

  @Override
  public String toString() {
    return "position file " + file;
  }
}
