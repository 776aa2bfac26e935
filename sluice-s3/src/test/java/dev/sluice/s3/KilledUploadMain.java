package dev.sluice.s3;

import dev.sluice.api.PortKind;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

import java.nio.file.Path;

/**
 * A writer that dies half-way, for {@link S3StoreWritesTest}: stores one file through a multipart upload and, once the
 * server has acknowledged the first part, says {@code PART} on stdout and waits to be killed (the test kills it with
 * SIGKILL). Arguments: port, prefix, cache home, file.
 */
public final class KilledUploadMain {
    private KilledUploadMain() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        S3Server server = S3Server.at(port);
        ExecutionInterceptor stall = new ExecutionInterceptor() {
            @Override
            public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                if (context.response() instanceof UploadPartResponse) {
                    System.out.println("PART");
                    System.out.flush();
                    try {
                        Thread.sleep(Long.MAX_VALUE);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        S3ArtifactStore store = new S3ArtifactStore(server.client(stall), true,
                new S3Location(S3Server.BUCKET, args[1]), Path.of(args[2]), S3StoreWritesTest.PART, "S3Mock");
        store.put(Path.of(args[3]), PortKind.FILE, false);
        System.out.println("FINISHED"); // never: the test kills this process first
    }
}
