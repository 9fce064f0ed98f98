package io.github.corebanking.ledger.examples.ops;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Objects;

/**
 * When a job runs, in the bank's zone: the next fire time after an instant, for a
 * {@code ScheduledExecutorService}, and the same rule as a Quartz cron expression.
 */
sealed interface Schedule {

  /**
   * @param after a time in the bank's zone
   * @return the first fire time strictly after it
   */
  ZonedDateTime next(ZonedDateTime after);

  /** @return the Quartz cron expression of the same rule */
  String cron();

  /** @return the rule in words, such as {@code daily 02:00} */
  String describe();

  /**
   * @param minute minute of every hour
   * @return the schedule
   */
  static Schedule hourly(int minute) {
    return new Hourly(minute);
  }

  /**
   * @param time time of day
   * @return the schedule
   */
  static Schedule daily(LocalTime time) {
    return new Daily(time);
  }

  /**
   * @param day  day of the week
   * @param time time of day
   * @return the schedule
   */
  static Schedule weekly(DayOfWeek day, LocalTime time) {
    return new Weekly(day, time);
  }

  /**
   * @param dayOfMonth 1 to 28, so that every month has it
   * @param time       time of day
   * @return the schedule
   */
  static Schedule monthly(int dayOfMonth, LocalTime time) {
    return new Monthly(dayOfMonth, time);
  }

  /** Every hour at a minute. */
  record Hourly(int minute) implements Schedule {
    public Hourly {
      if (minute < 0 || minute > 59) {
        throw new IllegalArgumentException("minute " + minute + " must be 0 to 59");
      }
    }

    @Override
    public ZonedDateTime next(ZonedDateTime after) {
      ZonedDateTime candidate = after.truncatedTo(ChronoUnit.HOURS).withMinute(minute);
      return candidate.isAfter(after) ? candidate : candidate.plusHours(1);
    }

    @Override
    public String cron() {
      return "0 " + minute + " * * * ?";
    }

    @Override
    public String describe() {
      return "hourly at :" + String.format(Locale.ROOT, "%02d", minute);
    }
  }

  /** Every day at a time. */
  record Daily(LocalTime time) implements Schedule {
    public Daily {
      Objects.requireNonNull(time, "time");
    }

    @Override
    public ZonedDateTime next(ZonedDateTime after) {
      ZonedDateTime candidate = after.with(time).truncatedTo(ChronoUnit.SECONDS);
      return candidate.isAfter(after) ? candidate : candidate.plusDays(1).with(time);
    }

    @Override
    public String cron() {
      return time.getSecond() + " " + time.getMinute() + " " + time.getHour() + " * * ?";
    }

    @Override
    public String describe() {
      return "daily " + time;
    }
  }

  /** Every week on a day at a time. */
  record Weekly(DayOfWeek day, LocalTime time) implements Schedule {
    public Weekly {
      Objects.requireNonNull(day, "day");
      Objects.requireNonNull(time, "time");
    }

    @Override
    public ZonedDateTime next(ZonedDateTime after) {
      ZonedDateTime candidate = after.with(TemporalAdjusters.nextOrSame(day)).with(time).truncatedTo(ChronoUnit.SECONDS);
      return candidate.isAfter(after) ? candidate : candidate.plusWeeks(1).with(time);
    }

    @Override
    public String cron() {
      return time.getSecond() + " " + time.getMinute() + " " + time.getHour() + " ? * "
          + day.name().substring(0, 3);
    }

    @Override
    public String describe() {
      return "weekly " + day.name().charAt(0) + day.name().substring(1).toLowerCase(Locale.ROOT) + " " + time;
    }
  }

  /** Every month on a day at a time. */
  record Monthly(int dayOfMonth, LocalTime time) implements Schedule {
    public Monthly {
      if (dayOfMonth < 1 || dayOfMonth > 28) {
        throw new IllegalArgumentException("dayOfMonth " + dayOfMonth + " must be 1 to 28");
      }
      Objects.requireNonNull(time, "time");
    }

    @Override
    public ZonedDateTime next(ZonedDateTime after) {
      ZonedDateTime candidate = after.withDayOfMonth(dayOfMonth).with(time).truncatedTo(ChronoUnit.SECONDS);
      return candidate.isAfter(after) ? candidate : candidate.plusMonths(1).withDayOfMonth(dayOfMonth).with(time);
    }

    @Override
    public String cron() {
      return time.getSecond() + " " + time.getMinute() + " " + time.getHour() + " " + dayOfMonth + " * ?";
    }

    @Override
    public String describe() {
      return "monthly on day " + dayOfMonth + " " + time;
    }
  }
}
