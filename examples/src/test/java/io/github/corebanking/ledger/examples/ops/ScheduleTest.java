package io.github.corebanking.ledger.examples.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.ParseException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.quartz.CronExpression;

class ScheduleTest {

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  private static ZonedDateTime at(String local) {
    return ZonedDateTime.of(java.time.LocalDateTime.parse(local), BERLIN);
  }

  @Test
  void snapshotsRunAtTwoInTheMorningOfTheBanksZone() {
    Schedule daily = Schedule.daily(LocalTime.of(2, 0));

    assertThat(daily.next(at("2026-03-14T01:59:59"))).isEqualTo(at("2026-03-14T02:00:00"));
    assertThat(daily.next(at("2026-03-14T02:00:00"))).isEqualTo(at("2026-03-15T02:00:00"));
    assertThat(daily.cron()).isEqualTo("0 0 2 * * ?");
  }

  @Test
  void partitionsRunMonthlyAndAgingHourly() {
    assertThat(Schedule.monthly(1, LocalTime.of(1, 0)).next(at("2026-01-31T23:00:00"))).isEqualTo(at("2026-02-01T01:00:00"));
    assertThat(Schedule.hourly(0).next(at("2026-03-14T10:15:00"))).isEqualTo(at("2026-03-14T11:00:00"));
    assertThat(Schedule.weekly(DayOfWeek.SUNDAY, LocalTime.of(4, 0)).next(at("2026-03-14T10:00:00")))
        .isEqualTo(at("2026-03-15T04:00:00"));
  }

  @Test
  void everyScheduleAgreesWithItsQuartzCronExpressionOutsideDaylightSavingChanges() throws ParseException {
    List<Schedule> schedules = List.of(Schedule.daily(LocalTime.of(2, 0)), Schedule.daily(LocalTime.of(3, 0)),
        Schedule.hourly(0), Schedule.hourly(30), Schedule.monthly(1, LocalTime.of(1, 0)),
        Schedule.weekly(DayOfWeek.SUNDAY, LocalTime.of(4, 0)));
    for (Schedule schedule : schedules) {
      CronExpression cron = new CronExpression(schedule.cron());
      cron.setTimeZone(TimeZone.getTimeZone(BERLIN));
      ZonedDateTime t = at("2026-05-04T12:00:00");
      for (int i = 0; i < 40; i++) {
        ZonedDateTime ours = schedule.next(t);
        Date quartz = cron.getNextValidTimeAfter(Date.from(t.toInstant()));
        assertThat(ours.toInstant()).as(schedule.describe() + " after " + t).isEqualTo(quartz.toInstant());
        t = ours;
      }
    }
  }

  @Test
  void aTwoOClockJobStillRunsOnTheSpringForwardDayWhenQuartzSkipsIt() throws ParseException {
    // In Berlin, 2026-03-29 02:00 does not exist: clocks jump from 02:00 to 03:00.
    Schedule daily = Schedule.daily(LocalTime.of(2, 0));
    CronExpression cron = new CronExpression(daily.cron());
    cron.setTimeZone(TimeZone.getTimeZone(BERLIN));
    ZonedDateTime saturday = at("2026-03-28T12:00:00");

    assertThat(daily.next(saturday)).isEqualTo(at("2026-03-29T03:00:00"));
    assertThat(cron.getNextValidTimeAfter(Date.from(saturday.toInstant())).toInstant())
        .isEqualTo(at("2026-03-30T02:00:00").toInstant());
  }

  @Test
  void onTheAutumnDayBothRunATwoOClockJobOnceAtOneOfTheTwoTwoOClocks() throws ParseException {
    // In Berlin, 2026-10-25 02:00 happens twice: at 00:00 UTC and again at 01:00 UTC.
    Schedule daily = Schedule.daily(LocalTime.of(2, 0));
    CronExpression cron = new CronExpression(daily.cron());
    cron.setTimeZone(TimeZone.getTimeZone(BERLIN));
    ZonedDateTime saturday = at("2026-10-24T12:00:00");

    ZonedDateTime ours = daily.next(saturday);
    assertThat(ours.toInstant()).isEqualTo(java.time.Instant.parse("2026-10-25T00:00:00Z"));
    assertThat(daily.next(ours)).isEqualTo(at("2026-10-26T02:00:00"));
    assertThat(cron.getNextValidTimeAfter(Date.from(saturday.toInstant())).toInstant())
        .isEqualTo(java.time.Instant.parse("2026-10-25T01:00:00Z"));
  }
}
