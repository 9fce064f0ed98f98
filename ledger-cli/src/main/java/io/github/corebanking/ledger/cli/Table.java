package io.github.corebanking.ledger.cli;

import java.util.ArrayList;
import java.util.List;

/** A human table: a header row and rows of cells, padded to their columns. */
final class Table {

  private static final int MAX_CELL = 100;

  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();

  private Table(List<String> headers) {
    this.headers = List.copyOf(headers);
  }

  static Table of(String... headers) {
    return new Table(List.of(headers));
  }

  Table row(Object... cells) {
    List<String> row = new ArrayList<>(cells.length);
    for (Object cell : cells) {
      String text = cell == null ? "" : cell.toString().replaceAll("\\s+", " ").strip();
      row.add(text.length() <= MAX_CELL ? text : text.substring(0, MAX_CELL - 3) + "...");
    }
    rows.add(row);
    return this;
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  List<String> lines() {
    int[] width = new int[headers.size()];
    for (int i = 0; i < width.length; i++) {
      width[i] = headers.get(i).length();
      for (List<String> row : rows) {
        width[i] = Math.max(width[i], i < row.size() ? row.get(i).length() : 0);
      }
    }
    List<String> lines = new ArrayList<>();
    lines.add(line(headers, width));
    StringBuilder rule = new StringBuilder();
    for (int i = 0; i < width.length; i++) {
      rule.append(i == 0 ? "" : "  ").append("-".repeat(width[i]));
    }
    lines.add(rule.toString());
    for (List<String> row : rows) {
      lines.add(line(row, width));
    }
    return lines;
  }

  private static String line(List<String> cells, int[] width) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < width.length; i++) {
      String cell = i < cells.size() ? cells.get(i) : "";
      b.append(i == 0 ? "" : "  ").append(cell);
      if (i < width.length - 1) {
        b.append(" ".repeat(width[i] - cell.length()));
      }
    }
    return b.toString().stripTrailing();
  }
}
