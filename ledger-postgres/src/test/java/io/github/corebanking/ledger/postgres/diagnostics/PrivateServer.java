package io.github.corebanking.ledger.postgres.diagnostics;

import io.github.corebanking.ledger.testkit.services.TestServices;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A throw-away PostgreSQL server of this machine's installation, on a free loopback port, with
 * settings the shared test server does not have (here: {@code pg_stat_statements} preloaded).
 * {@link #close()} stops it and deletes its files; a shutdown hook does so if the JVM ends first.
 */
final class PrivateServer implements AutoCloseable {

  private final Path bin;
  private final Path dir;
  private final int port;
  private final boolean asPostgres;
  private final Thread hook;

  private PrivateServer(Path bin, Path dir, int port, boolean asPostgres) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
    this.asPostgres = asPostgres;
    this.hook = new Thread(this::stopQuietly, "private-postgres-stop");
  }

  /**
   * Creates and starts a server.
   *
   * @param settings server settings, such as {@code shared_preload_libraries=pg_stat_statements}
   * @return the running server
   * @throws Exception when it cannot be created or started
   */
  static PrivateServer start(String... settings) throws Exception {
    Path bin = binaries().orElse(null);
    if (bin == null) {
      String message = "no PostgreSQL server binaries (initdb, pg_ctl) on this machine";
      if (TestServices.servicesRequired()) {
        Assertions.fail(message);
      }
      Assumptions.abort(message);
    }
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir = Files.createTempDirectory("ledger-pg-");
    if (root) {
      run(List.of("chown", "postgres", dir.toString()), false);
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    PrivateServer server = new PrivateServer(bin, dir, port, root);
    Runtime.getRuntime().addShutdownHook(server.hook);
    try {
      run(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-A", "trust", "-U", "root",
          "--no-sync", "-E", "UTF8"), root);
      StringBuilder options = new StringBuilder("-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off");
      for (String s : settings) {
        options.append(" -c ").append(s);
      }
      run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-o", options.toString(),
          "-l", dir.resolve("log").toString(), "-w", "-t", "60", "start"), root);
    } catch (Exception | AssertionError e) {
      server.close();
      throw e;
    }
    return server;
  }

  /** @return a JDBC URL of the server's {@code postgres} database as superuser {@code root} */
  String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=root";
  }

  @Override
  public void close() {
    stopQuietly();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down; the hook does the work.
    }
  }

  private void stopQuietly() {
    try {
      if (Files.exists(dir.resolve("data").resolve("postmaster.pid"))) {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w",
            "stop"), asPostgres);
      }
    } catch (Exception | AssertionError e) {
      System.err.println("could not stop the private PostgreSQL in " + dir + ": " + e.getMessage());
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      System.err.println("could not delete " + dir + ": " + e.getMessage());
    }
  }

  private static Optional<Path> binaries() {
    Path base = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(base)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(base)) {
      return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb"))
          && Files.isExecutable(b.resolve("pg_ctl"))).max(Comparator.naturalOrder());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static void run(List<String> command, boolean asPostgres) throws Exception {
    List<String> full = new ArrayList<>();
    if (asPostgres) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(command);
    Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException(String.join(" ", full) + " did not finish");
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", full) + " failed: " + output);
    }
  }
}
