package dev.sluice.exec;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A run's workers on the threads its process shares: the run's limit holds, its order holds, its end refuses more. */
class RunWorkersTest {
    @Test
    void noMoreOfARunsTasksRunAtOnceThanItHasWorkersAndAllOfThemRun() throws Exception {
        RunWorkers workers = new RunWorkers(2);
        AtomicInteger now = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(50);
        for (int i = 0; i < 50; i++) {
            workers.execute(() -> {
                most.accumulateAndGet(now.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    now.decrementAndGet();
                    done.countDown();
                }
            });
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(most.get()).isBetween(1, 2);
    }

    @Test
    void oneWorkerRunsTheTasksInTheOrderGivenOnDaemonWorkerThreads() throws Exception {
        RunWorkers workers = new RunWorkers(1);
        List<Integer> order = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(20);
        for (int i = 0; i < 20; i++) {
            int n = i;
            workers.execute(() -> {
                order.add(n);
                threads.add(Thread.currentThread());
                done.countDown();
            });
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(order).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 20).boxed().toList());
        assertThat(threads).allSatisfy(t -> {
            assertThat(t.isDaemon()).isTrue();
            assertThat(t.getName()).startsWith("sluice-worker-");
        });
    }

    @Test
    void aTaskThatThrowsDoesNotStopTheOnesQueuedBehindIt() throws Exception {
        RunWorkers workers = new RunWorkers(1);
        CountDownLatch later = new CountDownLatch(3);
        workers.execute(() -> {
            throw new IllegalStateException("a bug in a task");
        });
        for (int i = 0; i < 3; i++) workers.execute(later::countDown);
        assertThat(later.await(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aStrayInterruptOfAnEarlierTaskIsClearedBeforeTheNext() throws Exception {
        RunWorkers workers = new RunWorkers(1);
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger interrupted = new AtomicInteger(-1);
        workers.execute(() -> Thread.currentThread().interrupt());
        workers.execute(() -> {
            interrupted.set(Thread.currentThread().isInterrupted() ? 1 : 0);
            done.countDown();
        });
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(interrupted.get()).isZero();
    }

    @Test
    void anEndedRunsWorkersRefuseNewTasks() {
        RunWorkers workers = new RunWorkers(2);
        workers.shutdown();
        assertThatThrownBy(() -> workers.execute(() -> { })).isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("run has ended");
    }
}
