package io.github.corebanking.ledger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressTest {

  @Test
  void aLineShowsTheCountTheShareAndTheTimeLeftAtTheRateSoFar() {
    assertThat(Progress.line(25, 100, "accounts", Duration.ofSeconds(30), "wrong=0"))
        .isEqualTo("25/100 accounts (25%), elapsed 00:30, ETA 01:30, wrong=0");
    assertThat(Progress.line(100, 100, "accounts", Duration.ofSeconds(7300), ""))
        .isEqualTo("100/100 accounts (100%), elapsed 2:01:40");
    assertThat(Progress.bar(1, 3)).isEqualTo("[" + "#".repeat(10) + " ".repeat(20) + "]");
  }

  @Test
  void withoutATerminalTheFirstUnitAndEveryTenthAreALine() {
    StringWriter err = new StringWriter();
    Progress p = new Progress(new PrintWriter(err, true), false, "snapshots", 100, "days", System.nanoTime());
    for (int i = 1; i <= 100; i++) {
      p.update(i, "");
    }
    p.finish();
    assertThat(err.toString().lines().count()).isEqualTo(11);
    assertThat(err.toString()).contains("snapshots: 10/100 days (10%)").contains("snapshots: 100/100 days (100%)")
        .doesNotContain("\r");
  }

  @Test
  void onATerminalOneBarIsRedrawnAndEndedOnce() {
    StringWriter err = new StringWriter();
    Progress p = new Progress(new PrintWriter(err, true), true, "snapshots", 2, "days", System.nanoTime());
    p.update(1, "");
    p.update(2, "");
    p.finish();
    assertThat(err.toString()).startsWith("\r[").contains("\r[" + "#".repeat(30) + "] 2/2 days (100%)")
        .endsWith(System.lineSeparator());
    assertThat(err.toString().chars().filter(c -> c == '\n').count()).isEqualTo(1);
  }
}
