package io.github.corebanking.ledger.spring.autoconfigure;

import io.github.corebanking.ledger.health.LedgerHealth;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The Actuator health indicator {@code ledger} over the ledger's health, when Actuator is present;
 * {@code management.health.ledger.enabled=false} turns it off.
 */
@AutoConfiguration(after = LedgerAutoConfiguration.class)
@ConditionalOnClass({HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
@ConditionalOnBean(LedgerHealth.class)
@ConditionalOnEnabledHealthIndicator("ledger")
public class LedgerHealthIndicatorAutoConfiguration {

  /** Creates the configuration; Spring calls it. */
  public LedgerHealthIndicatorAutoConfiguration() {}

  /**
   * @param health     the ledger's health
   * @param properties the settings
   * @return the indicator, named {@code ledger} in Actuator
   */
  @Bean
  @ConditionalOnMissingBean(name = "ledgerHealthIndicator")
  public LedgerHealthIndicator ledgerHealthIndicator(LedgerHealth health, LedgerProperties properties) {
    return new LedgerHealthIndicator(health, properties.getHealth().getDegradedStatus());
  }
}
