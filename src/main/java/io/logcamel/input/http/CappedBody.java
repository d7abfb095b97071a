package io.logcamel.input.http;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body handler that counts every byte but keeps only the first {@code limit}: a
 * polled endpoint that suddenly returns megabytes must not cost megabytes per poll.
 */
final class CappedBody implements HttpResponse.BodySubscriber<CappedBody.Result> {

    record Result(byte[] kept, long size) {
    }

    private final int limit;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final CompletableFuture<Result> result = new CompletableFuture<>();
    private long size;

    CappedBody(int limit) {
        this.limit = limit;
    }

    static HttpResponse.BodyHandler<Result> handler(int limit) {
        return info -> new CappedBody(limit);
    }

    @Override
    public CompletionStage<Result> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        for (ByteBuffer buffer : buffers) {
            int length = buffer.remaining();
            size += length;
            int room = limit - kept.size();
            if (room > 0) {
                byte[] bytes = new byte[Math.min(room, length)];
                buffer.get(bytes);
                kept.write(bytes, 0, bytes.length);
            }
        }
    }

    @Override
    public void onError(Throwable throwable) {
        result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
        result.complete(new Result(kept.toByteArray(), size));
    }
}
