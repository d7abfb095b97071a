package io.logcamel.input.sql;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.spi.StateRepository;

/**
 * Stores the checkpoint of the page {@link IncrementalQuery} read, as the step after the delivery
 * ({@code logstore:}): a failed delivery fails the exchange before it gets here, so the
 * checkpoint only ever covers delivered rows.
 */
public class CommitCheckpoint implements Processor {

    private StateRepository<String, String> stateRepository;

    @Override
    public void process(Exchange exchange) {
        QueryCheckpoint position = exchange.getProperty(IncrementalQuery.PENDING_CHECKPOINT, QueryCheckpoint.class);
        if (position != null && exchange.getException() == null) {
            stateRepository.setState(position.key(), position.value());
            exchange.removeProperty(IncrementalQuery.PENDING_CHECKPOINT);
        }
    }

    /** The same repository the query reads its checkpoint from. */
    public void setStateRepository(StateRepository<String, String> stateRepository) {
        this.stateRepository = stateRepository;
    }
}
