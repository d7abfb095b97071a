package io.logcamel.sink;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;

/**
 * Commits the offset of the Kafka record the exchange carries, as the last step of a route that
 * reads Kafka, after the step that delivered it: a record counts as consumed only once its batch
 * is delivered, so a crash or a rebalance repeats at most the record in flight per partition
 * (with Kafka's periodic auto-commit it would repeat everything since the last commit, or skip a
 * record that failed after it). Used from YAML as {@code - process: {ref: kafkaCommit}} on a
 * {@code kafka:} consumer with {@code allowManualCommit: true} and {@code autoCommitEnable: false}.
 */
@ApplicationScoped
@Named("kafkaCommit")
public class KafkaCommit implements Processor {

    @Override
    public void process(Exchange exchange) {
        KafkaManualCommit commit = exchange.getMessage().getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
        if (commit == null) {
            throw new IllegalStateException("kafkaCommit needs a kafka: consumer with allowManualCommit=true and"
                    + " autoCommitEnable=false (route " + exchange.getFromRouteId() + ")");
        }
        commit.commit();
    }
}
