package io.github.corebanking.ledger.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the Java in the documents true: every {@code java} block of README.md, docs/*.md and the
 * modules' READMEs names the test that compiles and runs it ({@code Tested by: `Class#method`}
 * after the block), and the block is that test's code or an example's, as written (imports may
 * stand at the top of the file).
 */
class DocumentationTest {

  @Test
  void everyJavaBlockIsCodeThatATestCompilesAndRuns() {
    String exampleSources = sources(List.of(DocBlocks.ROOT.resolve("examples/src/main/java")));
    String examples = code(exampleSources);
    List<DocBlocks.Block> java = new ArrayList<>();
    for (Path document : DocBlocks.documents()) {
      DocBlocks.all(document).stream().filter(b -> b.language().equals("java")).forEach(java::add);
    }

    assertThat(java).as("java blocks in %s", DocBlocks.documents()).hasSizeGreaterThan(25);
    for (DocBlocks.Block block : java) {
      assertThat(block.testedBy()).as(block.where() + " names its test").isNotEmpty();
      String[] test = block.testedBy().split("#");
      String testSource = testSource(test[0])
          .orElseThrow(() -> new AssertionError(block.where() + " names " + test[0] + ", which is no test class"));
      assertThat(testSource).as(block.where() + ": " + block.testedBy()).containsPattern("void " + test[1] + "\\(");

      for (String line : block.text().lines().filter(DocumentationTest::isImport).toList()) {
        assertThat(testSource + exampleSources).as(block.where() + ": " + test[0] + " or an example has the block's import")
            .contains(line);
      }
      String snippet = code(block.text());
      assertThat(code(testSource).contains(snippet) || examples.contains(snippet))
          .as(block.where() + " is code from " + test[0] + " or an example, as written:\n" + block.text()).isTrue();
    }
  }

  private static boolean isImport(String line) {
    return line.startsWith("import ");
  }

  /** Java text as snippets are compared: without its imports, normalised. */
  private static String code(String java) {
    return DocBlocks.normalized(java.lines().filter(l -> !isImport(l)).collect(Collectors.joining("\n")));
  }

  /** The source of a test class, looked up in every module's src/test/java. */
  private static Optional<String> testSource(String className) {
    try (Stream<Path> modules = Files.list(DocBlocks.ROOT)) {
      for (Path module : modules.filter(Files::isDirectory).sorted().toList()) {
        Path tests = module.resolve("src/test/java");
        if (!Files.isDirectory(tests)) {
          continue;
        }
        try (Stream<Path> files = Files.walk(tests)) {
          Optional<Path> found = files.filter(p -> p.getFileName().toString().equals(className + ".java")).findFirst();
          if (found.isPresent()) {
            return Optional.of(Files.readString(found.get()));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Optional.empty();
  }

  private static String sources(List<Path> roots) {
    StringBuilder all = new StringBuilder();
    for (Path root : roots) {
      try (Stream<Path> files = Files.walk(root)) {
        for (Path p : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
          all.append(Files.readString(p)).append('\n');
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return all.toString();
  }
}
