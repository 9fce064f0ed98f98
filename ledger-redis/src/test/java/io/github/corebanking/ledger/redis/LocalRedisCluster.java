package io.github.corebanking.ledger.redis;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A three-node Redis Cluster of its own on 127.0.0.1, started from the {@code redis-server} and
 * {@code redis-cli} binaries for one test class and stopped after it. Never touches the shared Redis.
 */
final class LocalRedisCluster implements AutoCloseable {

  private final Path dir;
  private final List<Process> nodes = new ArrayList<>();
  private final List<Integer> ports = new ArrayList<>();

  private LocalRedisCluster(Path dir) {
    this.dir = dir;
  }

  /** Starts the cluster, or skips the calling test when the Redis binaries are not installed. */
  static LocalRedisCluster start() throws IOException, InterruptedException {
    Assumptions.assumeTrue(LocalServers.onPath("redis-server") && LocalServers.onPath("redis-cli"),
        "redis-server and redis-cli are needed to start a local Redis Cluster");
    LocalRedisCluster cluster = new LocalRedisCluster(Files.createTempDirectory("ledger-redis-cluster"));
    try {
      cluster.launch();
    } catch (IOException | InterruptedException | RuntimeException e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  private void launch() throws IOException, InterruptedException {
    for (int i = 0; i < 3; i++) {
      int port = freePort();
      ports.add(port);
      Process p = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
          "--cluster-enabled", "yes", "--cluster-config-file", "nodes-" + port + ".conf",
          "--cluster-node-timeout", "2000", "--save", "", "--appendonly", "no", "--dir", dir.toString())
          .redirectErrorStream(true).redirectOutput(dir.resolve("node-" + port + ".log").toFile()).start();
      nodes.add(p);
    }
    for (int port : ports) {
      waitFor(Duration.ofSeconds(10), "node " + port + " answers", () -> "PONG".equals(cli(port, "ping").trim()));
    }
    List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
    for (int port : ports) {
      create.add("127.0.0.1:" + port);
    }
    create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
    Process p = new ProcessBuilder(create).redirectErrorStream(true)
        .redirectOutput(dir.resolve("create.log").toFile()).start();
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("redis-cli --cluster create failed: " + Files.readString(dir.resolve("create.log")));
    }
    for (int port : ports) {
      waitFor(Duration.ofSeconds(20), "node " + port + " sees the cluster ok",
          () -> cli(port, "cluster", "info").contains("cluster_state:ok"));
    }
  }

  List<Integer> ports() {
    return ports;
  }

  String uri(int node) {
    return "redis://127.0.0.1:" + ports.get(node);
  }

  /** Runs redis-cli against one node and returns its output. */
  static String cli(int port, String... args) {
    List<String> command = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port)));
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      p.waitFor(10, TimeUnit.SECONDS);
      return out;
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  @Override
  public void close() {
    LocalServers.stop(nodes, dir);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void waitFor(Duration timeout, String what, java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not within " + timeout + ": " + what);
      }
      Thread.sleep(50);
    }
  }
}
