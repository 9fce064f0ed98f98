package io.github.corebanking.ledger.examples.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fenced code blocks of docs/operations.md: each with its language, its id (the word after the
 * language, such as {@code sql runtime-role}), its text and the test the guide names beside it
 * ({@code Tested by: `Class#method`} on the line after the block).
 */
final class GuideBlocks {

  /** One block. */
  record Block(int line, String language, String id, String text, String testedBy) {}

  static final Path GUIDE = locate();
  private static final Pattern TESTED_BY = Pattern.compile("Tested by: `([A-Za-z0-9_]+)#([A-Za-z0-9_]+)`");

  private GuideBlocks() {}

  private static Path locate() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path guide = dir.resolve("docs").resolve("operations.md");
      if (Files.isRegularFile(guide)) {
        return guide;
      }
    }
    throw new IllegalStateException("docs/operations.md not found above " + Path.of("").toAbsolutePath());
  }

  static List<Block> all() {
    List<String> lines;
    try {
      lines = Files.readAllLines(GUIDE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (!line.startsWith("```") || line.trim().equals("```")) {
        continue;
      }
      String[] info = line.substring(3).trim().split("\\s+");
      StringBuilder text = new StringBuilder();
      int start = i;
      i++;
      while (i < lines.size() && !lines.get(i).trim().equals("```")) {
        text.append(lines.get(i)).append('\n');
        i++;
      }
      String testedBy = "";
      for (int j = i + 1; j < Math.min(lines.size(), i + 3); j++) {
        Matcher m = TESTED_BY.matcher(lines.get(j));
        if (m.find()) {
          testedBy = m.group(1) + "#" + m.group(2);
          break;
        }
      }
      blocks.add(new Block(start + 1, info[0], info.length > 1 ? info[1] : "", text.toString(), testedBy));
    }
    return blocks;
  }

  /**
   * @param id a block's id
   * @return its text
   */
  static String text(String id) {
    return all().stream().filter(b -> b.id().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalStateException("docs/operations.md has no block " + id)).text();
  }

  /** @return the text with every run of white space made one space */
  static String normalized(String text) {
    return text.replaceAll("\\s+", " ").trim();
  }
}
