package io.github.corebanking.ledger.testkit;

import io.github.corebanking.ledger.Account;
import io.github.corebanking.ledger.AccountId;
import io.github.corebanking.ledger.AccountType;
import io.github.corebanking.ledger.Balance;
import io.github.corebanking.ledger.CurrencyUnit;
import io.github.corebanking.ledger.DuplicateAccountException;
import io.github.corebanking.ledger.Entry;
import io.github.corebanking.ledger.IntegrityReport;
import io.github.corebanking.ledger.InvalidAmountException;
import io.github.corebanking.ledger.Ledger;
import io.github.corebanking.ledger.LedgerException;
import io.github.corebanking.ledger.Limits;
import io.github.corebanking.ledger.Money;
import io.github.corebanking.ledger.NewAccount;
import io.github.corebanking.ledger.PageRequest;
import io.github.corebanking.ledger.PostingRequest;
import io.github.corebanking.ledger.StatementPage;
import io.github.corebanking.ledger.Transaction;
import io.github.corebanking.ledger.TrialBalance;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Throws one hostile value at a time at the public {@link Ledger} API and checks the verdict: the
 * call is either rejected with a {@link LedgerException} that names the expected field, shows the
 * value escaped (no control character in the message) and wrote nothing, or it is accepted when
 * the input policy allows the value, and the ledger gives the value back exactly. The integrity
 * check stays clean throughout.
 *
 * <p>The policy is restated here, independently of the library's own checks (see {@link Limits}):
 * keys hold no control, format, line-separator character nor unpaired surrogate; names no control
 * or line-separator character; descriptions and metadata values no control character but tab, line
 * feed and carriage return; nothing holds an unpaired surrogate; codes and metadata keys are ASCII
 * patterns; amounts are {@code -?[0-9]+(\.[0-9]+)?}; value dates lie within {@link Limits#MIN_DATE}
 * and {@link Limits#MAX_DATE}; expiries strictly between the booking instant and
 * {@link Limits#MAX_INSTANT}; query bounds may be any instant.
 *
 * <pre>{@code
 * HostileInputProbe probe = HostileInputProbe.open(ledger, clock);
 * probe.text(HostileInputProbe.Target.IDEMPOTENCY_KEY, HostileInputs.text(random));
 * }</pre>
 */
public final class HostileInputProbe {

  /** Where a hostile text goes. */
  public enum Target {
    /** {@code NewAccount.code}, through {@link Ledger#openAccount}. */
    ACCOUNT_CODE,
    /** {@code NewAccount.name}. */
    ACCOUNT_NAME,
    /** a key of an account's metadata. */
    ACCOUNT_METADATA_KEY,
    /** a value of an account's metadata. */
    ACCOUNT_METADATA_VALUE,
    /** {@code PostingRequest.idempotencyKey}, through {@link Ledger#post}. */
    IDEMPOTENCY_KEY,
    /** {@code PostingRequest.description}. */
    DESCRIPTION,
    /** a key of a posting's metadata. */
    METADATA_KEY,
    /** a value of a posting's metadata. */
    METADATA_VALUE,
    /** the key of {@link Ledger#reverse(io.github.corebanking.ledger.TransactionId, String, String)}. */
    REVERSAL_KEY,
    /** the description of a reversal. */
    REVERSAL_DESCRIPTION,
    /** {@link Ledger#transactionByKey}. */
    KEY_LOOKUP,
    /** {@link Ledger#accountByCode}. */
    CODE_LOOKUP,
    /** a statement's {@link PageRequest#after page cursor}. */
    CURSOR,
    /** {@link CurrencyUnit#of(String)} and {@link CurrencyUnit#of(String, int)}. */
    CURRENCY_CODE
  }

  private static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]*");
  private static final Pattern METADATA_KEY = Pattern.compile("[A-Za-z0-9_.:-]+");
  private static final Pattern AMOUNT = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");
  private static final CurrencyUnit USD = CurrencyUnit.USD;

  private final Ledger ledger;
  private final Clock clock;
  private final Account cash;
  private final Account capital;
  private final Set<String> usedCodes = new HashSet<>();
  private final Set<String> usedKeys = new HashSet<>();
  private int serial;

  private HostileInputProbe(Ledger ledger, Clock clock, Account cash, Account capital) {
    this.ledger = ledger;
    this.clock = clock;
    this.cash = cash;
    this.capital = capital;
  }

  /**
   * Opens two accounts (codes {@code probe-cash} and {@code probe-capital}) and books one posting,
   * so that statements and reversals have something to read.
   *
   * @param ledger a ledger with no account coded {@code probe-*}
   * @param clock  the ledger's clock (expiries are judged against it)
   * @return the probe
   */
  public static HostileInputProbe open(Ledger ledger, Clock clock) {
    Account cash = ledger.openAccount(NewAccount.builder().code("probe-cash").name("Probe cash")
        .type(AccountType.ASSET).currency(USD).build());
    Account capital = ledger.openAccount(NewAccount.builder().code("probe-capital").name("Probe capital")
        .type(AccountType.EQUITY).currency(USD).build());
    HostileInputProbe probe = new HostileInputProbe(ledger, clock, cash, capital);
    probe.usedCodes.add("probe-cash");
    probe.usedCodes.add("probe-capital");
    probe.book();
    return probe;
  }

  // ---- text ----

  /**
   * Throws a text at one target and checks the verdict.
   *
   * @param target where it goes
   * @param text   the text
   */
  public void text(Target target, String text) {
    switch (target) {
      case ACCOUNT_CODE -> {
        if (!usedCodes.add(text)) {
          return;
        }
        Optional<Account> opened = attempt("account.code", text, codeOk(text), () ->
            ledger.openAccount(account(text, "Probe", Map.of())));
        opened.ifPresent(a -> require(ledger.accountByCode(text).map(Account::id).equals(Optional.of(a.id())),
            "account by code did not read back"));
      }
      case ACCOUNT_NAME -> attempt("account.name", text, nameOk(text),
          () -> ledger.openAccount(account(nextCode(), text, Map.of())))
          .ifPresent(a -> require(ledger.account(a.id()).name().equals(text), "account name did not read back"));
      case ACCOUNT_METADATA_KEY -> attempt("account.metadata key", text, metadataKeyOk(text),
          () -> ledger.openAccount(account(nextCode(), "Probe", Map.of(text, "v"))))
          .ifPresent(a -> require(ledger.account(a.id()).metadata().equals(Map.of(text, "v")),
              "account metadata key did not read back"));
      case ACCOUNT_METADATA_VALUE -> attempt("account.metadata[k]", text,
          freeTextOk(text, Limits.MAX_METADATA_VALUE_LENGTH),
          () -> ledger.openAccount(account(nextCode(), "Probe", Map.of("k", text))))
          .ifPresent(a -> require(ledger.account(a.id()).metadata().equals(Map.of("k", text)),
              "account metadata value did not read back"));
      case IDEMPOTENCY_KEY -> {
        if (!usedKeys.add(text)) {
          return;
        }
        attempt("idempotencyKey", text, keyOk(text), () -> ledger.post(posting(text, "Probe", Map.of())))
            .ifPresent(t -> require(ledger.transactionByKey(text).map(Transaction::id).equals(Optional.of(t.id())),
                "transaction by key did not read back"));
      }
      case DESCRIPTION -> attempt("description", text, freeTextOk(text, Limits.MAX_TEXT_LENGTH),
          () -> ledger.post(posting(nextKey(), text, Map.of())))
          .ifPresent(t -> require(ledger.transaction(t.id()).orElseThrow().description().equals(text),
              "description did not read back"));
      case METADATA_KEY -> attempt("metadata key", text, metadataKeyOk(text),
          () -> ledger.post(posting(nextKey(), "Probe", Map.of(text, "v"))))
          .ifPresent(t -> require(ledger.transaction(t.id()).orElseThrow().metadata().equals(Map.of(text, "v")),
              "metadata key did not read back"));
      case METADATA_VALUE -> attempt("metadata[k]", text, freeTextOk(text, Limits.MAX_METADATA_VALUE_LENGTH),
          () -> ledger.post(posting(nextKey(), "Probe", Map.of("k", text))))
          .ifPresent(t -> require(ledger.transaction(t.id()).orElseThrow().metadata().equals(Map.of("k", text)),
              "metadata value did not read back"));
      case REVERSAL_KEY -> {
        if (!usedKeys.add(text)) {
          return;
        }
        Transaction original = book();
        attempt("idempotencyKey", text, keyOk(text), () -> ledger.reverse(original.id(), text, "Probe reversal"))
            .ifPresent(t -> require(ledger.transactionByKey(text).map(Transaction::id).equals(Optional.of(t.id())),
                "reversal by key did not read back"));
      }
      case REVERSAL_DESCRIPTION -> {
        Transaction original = book();
        attempt("description", text, freeTextOk(text, Limits.MAX_TEXT_LENGTH),
            () -> ledger.reverse(original.id(), nextKey(), text))
            .ifPresent(t -> require(ledger.transaction(t.id()).orElseThrow().description().equals(text),
                "reversal description did not read back"));
      }
      case KEY_LOOKUP -> attempt("idempotencyKey", text, keyOk(text), () -> ledger.transactionByKey(text))
          .ifPresent(found -> require(found.isEmpty() || usedKeys.contains(text), "a lookup found an unknown key"));
      case CODE_LOOKUP -> attempt("code", text, codeOk(text), () -> ledger.accountByCode(text))
          .ifPresent(found -> require(found.isEmpty() || usedCodes.contains(text), "a lookup found an unknown code"));
      case CURSOR -> attempt("page.cursor", text, false,
          () -> ledger.statement(cash.id(), Instant.MIN, Instant.MAX, PageRequest.after(text, 1)));
      case CURRENCY_CODE -> {
        boolean ok = text.matches("[A-Z][A-Z0-9]{2,11}");
        attempt("currency.code", text, ok, () -> CurrencyUnit.of(text, 2))
            .ifPresent(c -> require(c.code().equals(text), "currency code changed"));
        attempt("currency.code", text, ok && isoCurrency(text), () -> CurrencyUnit.of(text));
      }
      default -> throw new IllegalArgumentException(target.name());
    }
  }

  // ---- numbers ----

  /**
   * Parses a text as an amount and, when accepted, books it; checks that only the grammar is
   * accepted and that the value is exact.
   *
   * @param text the amount's text
   */
  public void amount(String text) {
    boolean grammar = text.length() <= Limits.MAX_AMOUNT_LENGTH && AMOUNT.matcher(text).matches();
    BigDecimal exact = grammar ? new BigDecimal(text) : null;
    boolean fits = exact != null && exact.stripTrailingZeros().scale() <= USD.scale()
        && exact.movePointRight(USD.scale()).abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0;
    Optional<Money> parsed = attempt("amount", text, fits, () -> Money.of(text, USD));
    if (parsed.isPresent()) {
      Money money = parsed.get();
      require(money.toBigDecimal().compareTo(exact) == 0, "amount " + text + " parsed as " + money);
      if (money.isPositive()) {
        Transaction t = ledger.post(PostingRequest.builder().idempotencyKey(nextKey())
            .debit(cash.id(), money).credit(capital.id(), money).build());
        require(t.entries().get(0).amount().equals(money), "booked amount differs");
      }
    }
  }

  // ---- dates and instants ----

  /**
   * Books a posting on a value date; checks it is accepted exactly when in the supported range.
   *
   * @param date the value date
   */
  public void effectiveDate(LocalDate date) {
    boolean ok = !date.isBefore(Limits.MIN_DATE) && !date.isAfter(Limits.MAX_DATE);
    attempt("effectiveDate", date.toString(), ok, () -> ledger.post(PostingRequest.builder().idempotencyKey(nextKey())
        .effectiveDate(date).debit(cash.id(), Money.ofMinor(1, USD)).credit(capital.id(), Money.ofMinor(1, USD))
        .build()))
        .ifPresent(t -> require(ledger.transaction(t.id()).orElseThrow().effectiveDate().equals(date),
            "value date did not read back"));
  }

  /**
   * Holds an amount until an instant; checks it is accepted exactly when the expiry is after now
   * and before {@link Limits#MAX_INSTANT}.
   *
   * @param expiresAt the hold's expiry
   */
  public void expiry(Instant expiresAt) {
    boolean ok = expiresAt.isAfter(clock.instant()) && expiresAt.isBefore(Limits.MAX_INSTANT);
    attempt("expiresAt", expiresAt.toString().substring(0, Math.min(10, expiresAt.toString().length())), ok,
        () -> ledger.post(PostingRequest.builder().idempotencyKey(nextKey()).pending(expiresAt)
            .debit(cash.id(), Money.ofMinor(1, USD)).credit(capital.id(), Money.ofMinor(1, USD)).build()))
        .ifPresent(t -> {
          require(ledger.transaction(t.id()).orElseThrow().expiresAt().equals(expiresAt), "expiry did not read back");
          ledger.voidPending(t.id());
        });
  }

  /**
   * Asks for a statement, an as-of balance and a trial balance with any instants; checks that a
   * window that does not move forward is rejected naming {@code to}, and that the answers agree with
   * the account's whole history.
   *
   * @param from a statement's start, and an as-of instant
   * @param to   a statement's end
   */
  public void queryBounds(Instant from, Instant to) {
    List<Entry> history = statement(cash.id(), Instant.MIN, Instant.MAX);
    if (!to.isAfter(from)) {
      attempt("to", to.toString().substring(0, Math.min(10, to.toString().length())), false,
          () -> ledger.statement(cash.id(), from, to, PageRequest.first(10)));
    } else {
      List<Entry> window = statement(cash.id(), from, to);
      List<Entry> expected = history.stream()
          .filter(e -> !e.postedAt().isBefore(from) && e.postedAt().isBefore(to)).toList();
      require(window.equals(expected), "statement from " + from + " to " + to + " differs from the history");
    }
    long posted = 0;
    for (Entry e : history) {
      if (!e.postedAt().isAfter(from) && !e.pending()) {
        posted = e.balanceAfter().minorUnits();
      }
    }
    Balance asOf = ledger.balanceAsOf(cash.id(), from);
    require(asOf.posted().minorUnits() == posted, "balance of cash as of " + from + " is " + asOf.posted()
        + ", the history says " + posted);
    TrialBalance trial = ledger.trialBalance(from);
    require(trial.balanced(), "trial balance as of " + from + " does not balance");
  }

  // ---- the verdict ----

  private <T> Optional<T> attempt(String field, String shownPrefix, boolean mayAccept, Supplier<T> call) {
    State before = state();
    T result;
    try {
      result = call.get();
    } catch (LedgerException e) {
      require(field.equals(e.field()) || duplicate(e),
          "rejected naming " + e.field() + " instead of " + field + ": " + e.getMessage());
      require(e.getMessage().codePoints().noneMatch(HostileInputProbe::unsafeInALog),
          "the message shows a control character or unpaired surrogate: " + e.getMessage().codePoints().filter(HostileInputProbe::unsafeInALog)
              .mapToObj(cp -> String.format("U+%04X", cp)).toList());
      String shown = escapedPrefix(shownPrefix);
      require(e.getMessage().contains(shown), "the message " + e.getMessage() + " does not show " + shown);
      require(!mayAccept || duplicate(e), "a value the policy allows was rejected: " + e.getMessage());
      require(state().equals(before), "a rejected call wrote something (" + field + ")");
      return Optional.empty();
    } catch (RuntimeException e) {
      throw new AssertionError("an untyped " + e.getClass().getName() + " escaped for " + field, e);
    }
    require(mayAccept, "a value the policy refuses was accepted for " + field + ": " + escapedPrefix(shownPrefix));
    IntegrityReport integrity = ledger.checkIntegrity();
    require(integrity.ok(), "integrity after accepting " + field + ": " + integrity);
    return Optional.of(result);
  }

  private static boolean duplicate(LedgerException e) {
    return e instanceof DuplicateAccountException;
  }

  /** Everything a rejected call must leave as it was. */
  private record State(List<Account> accounts, Map<AccountId, Balance> balances, List<List<Entry>> statements,
      TrialBalance trialBalance) {}

  private State state() {
    List<Account> accounts = ledger.accounts();
    List<AccountId> ids = accounts.stream().map(Account::id).toList();
    List<List<Entry>> statements = new ArrayList<>();
    for (AccountId id : ids) {
      statements.add(statement(id, Instant.MIN, Instant.MAX));
    }
    return new State(accounts, ledger.balances(ids), statements, ledger.trialBalance());
  }

  private List<Entry> statement(AccountId id, Instant from, Instant to) {
    List<Entry> all = new ArrayList<>();
    PageRequest page = PageRequest.first(PageRequest.MAX_SIZE);
    for (int i = 0; i < 1_000; i++) {
      StatementPage p = ledger.statement(id, from, to, page);
      all.addAll(p.entries());
      if (p.next().isEmpty()) {
        return all;
      }
      page = PageRequest.after(p.next().get(), PageRequest.MAX_SIZE);
    }
    throw new AssertionError("statement did not end");
  }

  // ---- the policy, restated ----

  private static boolean codeOk(String s) {
    return s.length() <= Limits.MAX_CODE_LENGTH && CODE.matcher(s).matches();
  }

  private static boolean metadataKeyOk(String s) {
    return s.length() <= Limits.MAX_METADATA_KEY_LENGTH && METADATA_KEY.matcher(s).matches();
  }

  private static boolean keyOk(String s) {
    return !s.isBlank() && s.length() <= Limits.MAX_KEY_LENGTH && pairedSurrogates(s)
        && s.chars().noneMatch(c -> {
          int type = Character.getType(c);
          return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
              || type == Character.PARAGRAPH_SEPARATOR;
        });
  }

  private static boolean nameOk(String s) {
    return !s.isBlank() && s.length() <= Limits.MAX_TEXT_LENGTH && pairedSurrogates(s)
        && s.chars().noneMatch(c -> {
          int type = Character.getType(c);
          return type == Character.CONTROL || type == Character.LINE_SEPARATOR
              || type == Character.PARAGRAPH_SEPARATOR;
        });
  }

  private static boolean freeTextOk(String s, int max) {
    return s.length() <= max && pairedSurrogates(s)
        && s.chars().noneMatch(c -> Character.getType(c) == Character.CONTROL && c != '\t' && c != '\n' && c != '\r');
  }

  private static boolean pairedSurrogates(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isoCurrency(String code) {
    try {
      return java.util.Currency.getInstance(code).getDefaultFractionDigits() >= 0;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Whether a code point must not appear raw in a log line. */
  private static boolean unsafeInALog(int cp) {
    int type = Character.getType(cp);
    return type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
        || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
  }

  /** The first few characters of a value as an error message shows them: escaped. */
  private static String escapedPrefix(String value) {
    StringBuilder b = new StringBuilder();
    int shown = 0;
    for (int i = 0; i < value.length() && shown < 8; ) {
      int cp = value.codePointAt(i);
      int n = Character.charCount(cp);
      if (cp == '\\') {
        b.append("\\\\");
      } else if (unsafeInALog(cp)) {
        for (int j = i; j < i + n; j++) {
          b.append(String.format("\\u%04X", (int) value.charAt(j)));
        }
      } else {
        b.appendCodePoint(cp);
      }
      i += n;
      shown++;
    }
    return b.toString();
  }

  // ---- fixtures ----

  private NewAccount account(String code, String name, Map<String, String> metadata) {
    return NewAccount.builder().code(code).name(name).type(AccountType.ASSET).currency(USD).metadata(metadata).build();
  }

  private PostingRequest posting(String key, String description, Map<String, String> metadata) {
    return PostingRequest.builder().idempotencyKey(key).description(description).metadata(metadata)
        .debit(cash.id(), Money.ofMinor(1, USD)).credit(capital.id(), Money.ofMinor(1, USD)).build();
  }

  private Transaction book() {
    return ledger.post(posting(nextKey(), "Probe posting", Map.of()));
  }

  private String nextCode() {
    String code = "probe-" + ++serial;
    usedCodes.add(code);
    return code;
  }

  private String nextKey() {
    String key = "probe-key-" + ++serial;
    usedKeys.add(key);
    return key;
  }

  private static void require(boolean condition, String failure) {
    if (!condition) {
      throw new AssertionError(failure);
    }
  }
}
