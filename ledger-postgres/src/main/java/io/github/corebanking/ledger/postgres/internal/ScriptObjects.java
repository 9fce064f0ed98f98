package io.github.corebanking.ledger.postgres.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The database objects a migration script leaves behind, read from its text: the tables, indexes,
 * views, sequences, functions, procedures, triggers, types, columns and constraints it creates.
 * A script run by any tool (the library's runner, Flyway, Liquibase) is recognised in a schema by
 * these objects, so nothing in a script has to record itself. Not supported for use outside the
 * library.
 *
 * <p>A script's <em>fingerprint</em> is what it creates that no earlier script of its module
 * created (a {@code CREATE OR REPLACE} of an earlier function proves nothing) and no later script
 * drops or renames. Every script must have one: a script that only grants, alters or updates
 * cannot be told apart from one never run.
 */
public final class ScriptObjects {

  /** What kind of catalog entry an object is, with the catalog that holds it. */
  public enum Kind {
    /** A table, partitioned table, index, view, materialized view or sequence ({@code pg_class}). */
    RELATION,
    /** A function or procedure ({@code pg_proc}). */
    ROUTINE,
    /** A trigger on a table of the schema ({@code pg_trigger}). */
    TRIGGER,
    /** A type ({@code pg_type}). */
    TYPE,
    /** A column, named {@code table.column} ({@code pg_attribute}). */
    COLUMN,
    /** A constraint ({@code pg_constraint}). */
    CONSTRAINT
  }

  /**
   * One object a script creates.
   *
   * @param kind its kind
   * @param name its unqualified name, lower case; {@code table.column} for a column
   */
  public record DbObject(Kind kind, String name) {
    @Override
    public String toString() {
      return kind.name().toLowerCase(Locale.ROOT) + " " + name;
    }
  }

  private static final String ID = "(?:\"[^\"]+\"|[a-z_][a-z0-9_$]*)";
  private static final String QID = "(?:" + ID + "\\.)?(" + ID + ")";
  private static final String INE = "(?:if\\s+not\\s+exists\\s+)?";
  private static final String IE = "(?:if\\s+exists\\s+)?";
  private static final String OR_REPLACE = "(?:or\\s+replace\\s+)?";

  private static final List<Rule> CREATES = List.of(
      new Rule(Kind.RELATION, "\\bcreate\\s+" + OR_REPLACE + "(?:(?:global|local)\\s+)?(?:(?:temp|temporary|unlogged)\\s+)?"
          + "table\\s+" + INE + QID),
      new Rule(Kind.RELATION, "\\bcreate\\s+(?:unique\\s+)?index\\s+(?:concurrently\\s+)?" + INE + QID + "\\s+on\\b"),
      new Rule(Kind.RELATION, "\\bcreate\\s+" + OR_REPLACE + "(?:(?:temp|temporary|recursive)\\s+)?(?:materialized\\s+)?view\\s+"
          + INE + QID),
      new Rule(Kind.RELATION, "\\bcreate\\s+(?:(?:temp|temporary|unlogged)\\s+)?sequence\\s+" + INE + QID),
      new Rule(Kind.ROUTINE, "\\bcreate\\s+" + OR_REPLACE + "(?:function|procedure)\\s+" + QID + "\\s*\\("),
      new Rule(Kind.TRIGGER, "\\bcreate\\s+" + OR_REPLACE + "(?:constraint\\s+)?trigger\\s+(" + ID + ")"),
      new Rule(Kind.TYPE, "\\bcreate\\s+type\\s+" + QID),
      new Rule(Kind.CONSTRAINT, "\\badd\\s+constraint\\s+(" + ID + ")"));

  private static final List<Rule> DROPS = List.of(
      new Rule(Kind.RELATION, "\\bdrop\\s+(?:table|index|view|materialized\\s+view|sequence)\\s+(?:concurrently\\s+)?"
          + IE + QID),
      new Rule(Kind.RELATION, "\\balter\\s+(?:table|index|view|materialized\\s+view|sequence)\\s+" + IE + QID
          + "\\s+rename\\s+to\\b"),
      new Rule(Kind.ROUTINE, "\\bdrop\\s+(?:function|procedure)\\s+" + IE + QID),
      new Rule(Kind.ROUTINE, "\\balter\\s+(?:function|procedure)\\s+" + QID + "\\s*\\([^)]*\\)\\s*rename\\s+to\\b"),
      new Rule(Kind.TRIGGER, "\\bdrop\\s+trigger\\s+" + IE + "(" + ID + ")"),
      new Rule(Kind.TYPE, "\\bdrop\\s+type\\s+" + IE + QID),
      new Rule(Kind.CONSTRAINT, "\\bdrop\\s+constraint\\s+" + IE + "(" + ID + ")"));

  /** {@code ALTER TABLE t ADD [COLUMN] [IF NOT EXISTS] c}, and the same with DROP COLUMN. */
  private static final Pattern ADD_COLUMN = Pattern.compile("\\balter\\s+table\\s+" + IE + "(?:only\\s+)?" + QID
      + "\\s+add\\s+(?:column\\s+)?" + INE + "(" + ID + ")");
  private static final Pattern DROP_COLUMN = Pattern.compile("\\balter\\s+table\\s+" + IE + "(?:only\\s+)?" + QID
      + "\\s+drop\\s+(?:column\\s+)?" + IE + "(" + ID + ")");
  private static final Set<String> NOT_COLUMNS = Set.of("constraint", "primary", "unique", "check", "foreign",
      "exclude");

  private static final Pattern DOLLAR_QUOTE = Pattern.compile("\\$([A-Za-z_][A-Za-z0-9_]*)?\\$");

  private record Rule(Kind kind, Pattern pattern) {
    Rule(Kind kind, String regex) {
      this(kind, Pattern.compile(regex));
    }
  }

  private ScriptObjects() {}

  /**
   * @param script a script's text
   * @return the objects it creates, in the order it creates them
   */
  public static Set<DbObject> created(String script) {
    String sql = code(script);
    Set<DbObject> found = new LinkedHashSet<>();
    for (Rule r : CREATES) {
      Matcher m = r.pattern.matcher(sql);
      while (m.find()) {
        found.add(new DbObject(r.kind, unquote(m.group(1))));
      }
    }
    Matcher m = ADD_COLUMN.matcher(sql);
    while (m.find()) {
      String column = unquote(m.group(2));
      if (!NOT_COLUMNS.contains(column)) {
        found.add(new DbObject(Kind.COLUMN, unquote(m.group(1)) + "." + column));
      }
    }
    return found;
  }

  /**
   * @param script a script's text
   * @return the objects it drops or renames away
   */
  public static Set<DbObject> dropped(String script) {
    String sql = code(script);
    Set<DbObject> found = new LinkedHashSet<>();
    for (Rule r : DROPS) {
      Matcher m = r.pattern.matcher(sql);
      while (m.find()) {
        found.add(new DbObject(r.kind, unquote(m.group(1))));
      }
    }
    Matcher m = DROP_COLUMN.matcher(sql);
    while (m.find()) {
      String column = unquote(m.group(2));
      if (!NOT_COLUMNS.contains(column)) {
        found.add(new DbObject(Kind.COLUMN, unquote(m.group(1)) + "." + column));
      }
    }
    return found;
  }

  /**
   * The fingerprint of each of a module's scripts.
   *
   * @param texts version to script text, ascending
   * @return version to the objects that show the script was run; an empty set for a script that
   *     leaves nothing of its own behind
   */
  public static Map<Integer, Set<DbObject>> fingerprints(SortedMap<Integer, String> texts) {
    List<Integer> versions = new ArrayList<>(texts.keySet());
    List<Set<DbObject>> created = new ArrayList<>();
    List<Set<DbObject>> dropped = new ArrayList<>();
    for (String text : texts.values()) {
      created.add(created(text));
      dropped.add(dropped(text));
    }
    Map<Integer, Set<DbObject>> result = new LinkedHashMap<>();
    for (int i = 0; i < versions.size(); i++) {
      Set<DbObject> own = new LinkedHashSet<>(created.get(i));
      for (int j = 0; j < i; j++) {
        own.removeAll(created.get(j));
      }
      for (int j = i + 1; j < versions.size(); j++) {
        // A script that drops a function and creates one of that name (a new signature replacing
        // the old) leaves the name there: only what it drops without creating again is gone.
        Set<DbObject> gone = new LinkedHashSet<>(dropped.get(j));
        gone.removeAll(created.get(j));
        own.removeAll(gone);
      }
      result.put(versions.get(i), Collections.unmodifiableSet(own));
    }
    return result;
  }

  /**
   * The statements of a script without comments, string literals and dollar-quoted bodies
   * (statements a function body would run when called are not the script's), lower case, with
   * quoted identifiers kept as written.
   */
  static String code(String script) {
    StringBuilder out = new StringBuilder(script.length());
    int i = 0;
    int n = script.length();
    while (i < n) {
      char c = script.charAt(i);
      if (c == '-' && i + 1 < n && script.charAt(i + 1) == '-') {
        int end = script.indexOf('\n', i);
        i = end < 0 ? n : end;
      } else if (c == '/' && i + 1 < n && script.charAt(i + 1) == '*') {
        int end = script.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
        out.append(' ');
      } else if (c == '\'') {
        int j = i + 1;
        while (j < n) {
          if (script.charAt(j) == '\'') {
            if (j + 1 < n && script.charAt(j + 1) == '\'') {
              j += 2;
              continue;
            }
            break;
          }
          j++;
        }
        i = j + 1;
        out.append("''");
      } else if (c == '"') {
        int end = script.indexOf('"', i + 1);
        end = end < 0 ? n - 1 : end;
        out.append(script, i, end + 1);
        i = end + 1;
      } else if (c == '$') {
        Matcher m = DOLLAR_QUOTE.matcher(script);
        if (m.find(i) && m.start() == i && (i == 0 || !Character.isLetterOrDigit(script.charAt(i - 1)))) {
          String tag = m.group();
          int end = script.indexOf(tag, m.end());
          i = end < 0 ? n : end + tag.length();
          out.append(" '' ");
        } else {
          out.append(c);
          i++;
        }
      } else {
        out.append(Character.toLowerCase(c));
        i++;
      }
    }
    return out.toString();
  }

  private static String unquote(String identifier) {
    return identifier.startsWith("\"") ? identifier.substring(1, identifier.length() - 1) : identifier;
  }
}
