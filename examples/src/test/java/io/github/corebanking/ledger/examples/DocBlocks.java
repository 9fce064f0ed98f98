package io.github.corebanking.ledger.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The fenced code blocks of the project's documents (README.md, docs/*.md, each module's
 * README.md): each with its language, its id (the word after the language, such as
 * {@code sql runtime-role}), its text and the test the document names beside it
 * ({@code Tested by: `Class#method`} in the two lines after the block, as text or inside an HTML
 * comment).
 */
public final class DocBlocks {

  /**
   * One block.
   *
   * @param document the document, relative to the project's root
   * @param line the line of the opening fence, from 1
   * @param language the fence's language, such as {@code java}
   * @param id the word after the language, or empty
   * @param text the block's text
   * @param testedBy {@code Class#method}, or empty when the document names no test
   */
  public record Block(String document, int line, String language, String id, String text, String testedBy) {

    /** @return where the block is, as {@code document:line} */
    public String where() {
      return document + ":" + line;
    }
  }

  /** The project's root: the directory holding the README and docs/. */
  public static final Path ROOT = locate();

  private static final Pattern TESTED_BY = Pattern.compile("Tested by: `([A-Za-z0-9_]+)#([A-Za-z0-9_]+)`");

  private DocBlocks() {}

  private static Path locate() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("docs").resolve("operations.md")) && Files.isRegularFile(dir.resolve("mvnw"))) {
        return dir;
      }
    }
    throw new IllegalStateException("the project's root is not found above " + Path.of("").toAbsolutePath());
  }

  /** @return every document a user reads: README.md, docs/*.md and each module's README.md */
  public static List<Path> documents() {
    List<Path> documents = new ArrayList<>();
    documents.add(ROOT.resolve("README.md"));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"));
        Stream<Path> modules = Files.list(ROOT)) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(documents::add);
      modules.filter(Files::isDirectory).map(d -> d.resolve("README.md")).filter(Files::isRegularFile)
          .sorted().forEach(documents::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return documents;
  }

  /** @return the blocks of docs/operations.md */
  public static List<Block> operations() {
    return all(ROOT.resolve("docs").resolve("operations.md"));
  }

  /**
   * @param document a Markdown file
   * @return its fenced blocks, in order
   */
  public static List<Block> all(Path document) {
    List<String> lines;
    try {
      lines = Files.readAllLines(document);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String name = ROOT.relativize(document.toAbsolutePath()).toString();
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
      blocks.add(new Block(name, start + 1, info[0], info.length > 1 ? info[1] : "", text.toString(), testedBy));
    }
    return blocks;
  }

  /**
   * @param id a block's id in docs/operations.md
   * @return its text
   */
  public static String text(String id) {
    return operations().stream().filter(b -> b.id().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalStateException("docs/operations.md has no block " + id)).text();
  }

  /**
   * Java code as a snippet is compared: without {@code //} comments, every run of white space
   * made one space.
   *
   * @param text code
   * @return the text without line comments and with white space normalised
   */
  public static String normalized(String text) {
    return text.replaceAll("(?m)//.*$", "").replaceAll("\\s+", " ").trim();
  }
}
