package io.github.corebanking.ledger.redis;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A Redis of its own on 127.0.0.1 that speaks only TLS and requires a password, with a self-signed
 * certificate made by {@code openssl} for this test class. Stopped and deleted after it.
 */
final class LocalTlsRedis implements AutoCloseable {

  static final String PASSWORD = "s3cret-pw";

  private final Path dir;
  private final int port;
  private Process server;

  private LocalTlsRedis(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  static LocalTlsRedis start() throws IOException, InterruptedException {
    Assumptions.assumeTrue(LocalServers.onPath("redis-server") && LocalServers.onPath("openssl"),
        "redis-server and openssl are needed to start a TLS Redis");
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    LocalTlsRedis redis = new LocalTlsRedis(Files.createTempDirectory("ledger-redis-tls"), port);
    try {
      redis.launch();
    } catch (IOException | InterruptedException | RuntimeException e) {
      redis.close();
      throw e;
    }
    return redis;
  }

  private void launch() throws IOException, InterruptedException {
    Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
        "-keyout", dir.resolve("key.pem").toString(), "-out", certificate().toString(), "-days", "1",
        "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost")
        .redirectErrorStream(true).redirectOutput(dir.resolve("openssl.log").toFile()).start();
    if (!openssl.waitFor(30, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
      throw new IllegalStateException("openssl failed: " + Files.readString(dir.resolve("openssl.log")));
    }
    server = new ProcessBuilder(List.of("redis-server", "--port", "0", "--tls-port", Integer.toString(port),
        "--bind", "127.0.0.1", "--tls-cert-file", certificate().toString(),
        "--tls-key-file", dir.resolve("key.pem").toString(), "--tls-ca-cert-file", certificate().toString(),
        "--tls-auth-clients", "no", "--requirepass", PASSWORD, "--save", "", "--appendonly", "no",
        "--dir", dir.toString()))
        .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!Files.readString(dir.resolve("redis.log")).contains("Ready to accept connections")) {
      if (System.nanoTime() > deadline || !server.isAlive()) {
        throw new IllegalStateException("redis-server with TLS did not start: " + Files.readString(dir.resolve("redis.log")));
      }
      Thread.sleep(50);
    }
  }

  int port() {
    return port;
  }

  /** @return the server's self-signed certificate, in PEM */
  Path certificate() {
    return dir.resolve("cert.pem");
  }

  @Override
  public void close() {
    LocalServers.stop(server == null ? List.of() : List.of(server), dir);
  }
}
