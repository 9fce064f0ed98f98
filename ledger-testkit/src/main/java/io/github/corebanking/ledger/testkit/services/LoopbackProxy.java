package io.github.corebanking.ledger.testkit.services;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on the loopback interface between a client and a server, for fault tests that must
 * not touch the shared server: it can cut every connection (and refuse new ones), stall them (keep
 * them open, forward nothing), and cut one connection right after it forwarded a chosen byte
 * sequence from the client (a {@code COMMIT} sent, its reply never delivered).
 *
 * <p>Every socket and thread it starts is ended by {@link #close()}.
 */
public final class LoopbackProxy implements AutoCloseable {

  private final String targetHost;
  private final int targetPort;
  private final ServerSocket server;
  private final Thread acceptor;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final Set<Thread> pumps = ConcurrentHashMap.newKeySet();
  private final AtomicInteger armedCuts = new AtomicInteger();
  private final AtomicLong markerCuts = new AtomicLong();
  private volatile byte[] marker = new byte[0];
  private volatile boolean cut;
  private volatile boolean stalled;
  private volatile boolean closed;

  /**
   * Starts the proxy on an ephemeral port of 127.0.0.1.
   *
   * @param targetHost the server's host
   * @param targetPort the server's port
   * @throws IOException when no port can be bound
   */
  public LoopbackProxy(String targetHost, int targetPort) throws IOException {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    this.acceptor = new Thread(this::acceptLoop, "loopback-proxy-accept-" + port());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** @return the port clients connect to */
  public int port() {
    return server.getLocalPort();
  }

  /** @return a Redis URI that goes through the proxy */
  public String redisUri() {
    return "redis://127.0.0.1:" + port();
  }

  /**
   * @param jdbcUrl a PostgreSQL JDBC URL with a host and port
   * @return the same URL through the proxy
   */
  public String jdbcUrlThrough(String jdbcUrl) {
    return jdbcUrl.replaceFirst("//[^/?]+", "//127.0.0.1:" + port());
  }

  /** Closes every connection and refuses new ones until {@link #restore()}. */
  public void cut() {
    cut = true;
    cutAll();
  }

  /** Closes every connection open now; new ones are accepted. */
  public void cutAll() {
    for (Socket s : List.copyOf(sockets)) {
      closeQuietly(s);
    }
  }

  /** Keeps connections open but forwards nothing until {@link #restore()}: a server that stopped answering. */
  public void stall() {
    stalled = true;
  }

  /** Accepts and forwards again. */
  public void restore() {
    stalled = false;
    cut = false;
  }

  /**
   * Arms cuts on a byte sequence: each of the next {@code times} times a client sends it, the
   * proxy forwards the bytes to the server and then closes that connection on both sides, before
   * any reply can come back.
   *
   * @param sequence the bytes to watch for, as US-ASCII text (such as {@code "COMMIT"})
   * @param times    how many connections to cut this way
   */
  public void cutAfterClientSends(String sequence, int times) {
    marker = sequence.getBytes(StandardCharsets.US_ASCII);
    armedCuts.set(times);
  }

  /** @return how many connections were cut after sending the armed sequence */
  public long markerCuts() {
    return markerCuts.get();
  }

  /** @return armed cuts not yet made */
  public int armedCuts() {
    return armedCuts.get();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return;
      }
      if (cut) {
        closeQuietly(client);
        continue;
      }
      Socket upstream = new Socket();
      try {
        upstream.connect(new InetSocketAddress(targetHost, targetPort), 1_000);
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
      } catch (IOException e) {
        closeQuietly(client);
        closeQuietly(upstream);
        continue;
      }
      sockets.add(client);
      sockets.add(upstream);
      pump(client, upstream, true);
      pump(upstream, client, false);
    }
  }

  private void pump(Socket from, Socket to, boolean fromClient) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[16 * 1024];
      byte[] tail = new byte[0];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        while (true) {
          while (stalled && !cut && !closed) {
            Thread.sleep(2);
          }
          int n = in.read(buffer);
          if (n < 0) {
            break;
          }
          while (stalled && !cut && !closed) {
            Thread.sleep(2);
          }
          out.write(buffer, 0, n);
          out.flush();
          if (fromClient && armedCuts.get() > 0) {
            byte[] m = marker;
            byte[] window = new byte[tail.length + n];
            System.arraycopy(tail, 0, window, 0, tail.length);
            System.arraycopy(buffer, 0, window, tail.length, n);
            if (m.length > 0 && indexOf(window, m) >= 0
                && armedCuts.getAndUpdate(x -> Math.max(0, x - 1)) > 0) {
              markerCuts.incrementAndGet();
              closeQuietly(from);
              closeQuietly(to);
              break;
            }
            int keep = Math.min(window.length, Math.max(0, m.length - 1));
            tail = java.util.Arrays.copyOfRange(window, window.length - keep, window.length);
          }
        }
      } catch (IOException e) {
        // closed by a cut or by the other side
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        closeQuietly(from);
        closeQuietly(to);
        sockets.remove(from);
        sockets.remove(to);
        pumps.remove(Thread.currentThread());
      }
    }, "loopback-proxy-pump-" + port());
    t.setDaemon(true);
    pumps.add(t);
    t.start();
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  /** Stops accepting, closes every connection and waits briefly for its threads to end. */
  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    cutAll();
    try {
      acceptor.join(2_000);
      for (Thread t : List.copyOf(pumps)) {
        t.join(2_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
