package io.github.corebanking.ledger.postgres.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;

/**
 * Finds a schema module's migration scripts by listing its classpath folder, the way Flyway finds
 * them: every {@code V<version>__<description>.sql} directly in the folder, from a directory or a
 * jar (a nested jar too, where its class loader's URL handler serves one). A new script is found
 * by dropping it into the folder; no list in code names it. Not supported for use outside the
 * library.
 */
public final class ClasspathScripts {

  /** A migration script's file name, the Flyway way. */
  public static final Pattern SCRIPT = Pattern.compile("V([1-9][0-9]{0,8})__[A-Za-z0-9_]+\\.sql");

  private ClasspathScripts() {}

  /**
   * @param anchor   a class loaded from the jar or directory that holds the scripts
   * @param location the absolute classpath folder, starting and ending in {@code /}
   * @return the script file names found there, sorted by name
   * @throws IllegalStateException when the folder is not on the class's class path, or sits in a
   *                               kind of location that cannot be listed
   */
  public static List<String> list(Class<?> anchor, String location) {
    return list(anchor.getClassLoader() != null ? anchor.getClassLoader() : ClassLoader.getSystemClassLoader(),
        location, anchor.getName());
  }

  /**
   * @param loader   the class loader to list through
   * @param location the absolute classpath folder, starting and ending in {@code /}
   * @return the script file names found there, sorted by name
   * @throws IllegalStateException when the folder is not on the loader's class path, or sits in a
   *                               kind of location that cannot be listed
   */
  public static List<String> list(ClassLoader loader, String location) {
    return list(loader, location, loader.toString());
  }

  private static List<String> list(ClassLoader loader, String location, String owner) {
    if (!location.startsWith("/") || !location.endsWith("/")) {
      throw new IllegalArgumentException("location must start and end with /: " + location);
    }
    String folder = location.substring(1);
    TreeSet<String> names = new TreeSet<>();
    boolean found = false;
    try {
      Enumeration<URL> urls = loader.getResources(folder);
      while (urls.hasMoreElements()) {
        found = true;
        collect(urls.nextElement(), folder, names);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the migration scripts under " + location, e);
    }
    if (!found) {
      throw new IllegalStateException("the migration folder " + location + " is not on the class path of " + owner);
    }
    return List.copyOf(names);
  }

  private static void collect(URL url, String folder, TreeSet<String> names) throws IOException {
    if ("file".equals(url.getProtocol())) {
      Path dir;
      try {
        dir = Path.of(url.toURI());
      } catch (URISyntaxException e) {
        throw new IOException("cannot read the folder " + url, e);
      }
      try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
        for (Path f : files) {
          add(f.getFileName().toString(), names);
        }
      }
      return;
    }
    URLConnection connection = url.openConnection();
    if (connection instanceof JarURLConnection jar) {
      jar.setUseCaches(false);
      try (JarFile file = jar.getJarFile()) {
        String prefix = jar.getEntryName() == null ? folder : jar.getEntryName();
        if (!prefix.endsWith("/")) {
          prefix = prefix + "/";
        }
        Enumeration<JarEntry> entries = file.entries();
        while (entries.hasMoreElements()) {
          String name = entries.nextElement().getName();
          if (name.startsWith(prefix) && name.indexOf('/', prefix.length()) < 0) {
            add(name.substring(prefix.length()), names);
          }
        }
      }
      return;
    }
    throw new IllegalStateException("cannot list the migration scripts at " + url
        + ": only folders and jars can be listed; implement SchemaModule.scripts() to name them");
  }

  private static void add(String fileName, TreeSet<String> names) {
    if (SCRIPT.matcher(fileName).matches()) {
      names.add(fileName);
    }
  }
}
