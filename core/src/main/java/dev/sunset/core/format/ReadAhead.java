package dev.sunset.core.format;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apiguardian.api.API;

/**
 * Reports read as streams ({@link ReportStream#read}) on other threads, a few files ahead of the one whose sites are
 * being used, and handed over in the order of the files and of their sites, as if read one after the other on the
 * caller's thread: the same sites, the same contents, the same refusal at the same place. The sites of a fleet's
 * reports are parsed on every core, and prepared for the thread that folds them in (their keys made), while that
 * thread folds.
 *
 * <p>What is held at once is bounded whatever the reports: at most {@code threads + 1} files are read ahead, each
 * holding at most {@value #BATCHES} batches of {@value #BATCH} sites; a reader whose batches are not taken waits.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class ReadAhead<T> implements AutoCloseable {
  /** Sites handed over at once. */
  static final int BATCH = 256;
  /** Batches of one file waiting to be taken. */
  static final int BATCHES = 8;

  private static final Object END = new Object();
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final List<Path> files;
  private final Function<Report.Site, T> prepare;
  private final int window;
  private final ExecutorService readers;
  private final List<BlockingQueue<Object>> queues = new ArrayList<>();
  private int submitted;

  /** What is done with each site as it is handed over. */
  @FunctionalInterface
  public interface Sites<T> {
    /** One site, as prepared on the reader's thread. */
    void site(T site) throws FormatException;
  }

  /**
   * Reads {@code files} on {@code threads} threads (at least 1), starting with the first; each site is handed over as
   * {@code prepare} makes it, on the reader's thread (work the thread that takes the sites need not do).
   */
  public ReadAhead(List<Path> files, int threads, Function<Report.Site, T> prepare) {
    this.files = List.copyOf(files);
    this.prepare = prepare;
    int n = Math.max(1, threads);
    this.window = n + 1;
    int pool = POOLS.incrementAndGet();
    AtomicInteger count = new AtomicInteger();
    ThreadFactory factory = r -> {
      Thread t = new Thread(r, "sunset-read-ahead-" + pool + "-" + count.incrementAndGet());
      t.setDaemon(true);
      // what a reader's task throws reaches the caller through its result; what escapes the pool's own loop is the
      // JVM running out (of memory, say), which the caller meets as well and reports in its one line: no stack trace
      t.setUncaughtExceptionHandler((thread, e) -> { });
      return t;
    };
    this.readers = Executors.newFixedThreadPool(n, factory);
    for (int i = 0; i < files.size(); i++) {
      queues.add(null);
    }
  }

  /** The number of threads that suit this machine: one per core, leaving the caller's thread its own. */
  public static int threads() {
    return Math.max(1, Runtime.getRuntime().availableProcessors());
  }

  /**
   * File {@code index}: each of its sites given to {@code sites} in order, then its contents; as
   * {@link ReportStream#read} would read it here. Files are to be taken in turn, from the first.
   *
   * @throws FormatException as {@link ReportStream#read} or {@code sites} throws it
   */
  public ReportStream.Contents read(int index, Sites<T> sites) throws FormatException {
    while (submitted < files.size() && submitted <= index + window - 1) {
      submit(submitted++);
    }
    BlockingQueue<Object> queue = queues.get(index);
    try {
      while (true) {
        Object item = queue.take();
        if (item instanceof Object[] batch) {
          for (Object s : batch) {
            if (s == null) {
              break;
            }
            @SuppressWarnings("unchecked")
            T site = (T) s;
            sites.site(site);
          }
        } else if (item instanceof ReportStream.Contents contents) {
          queues.set(index, null);
          return contents;
        } else if (item instanceof FormatException e) {
          throw new FormatException(e.source(), e.problem());
        } else if (item instanceof RuntimeException e) {
          throw e;
        } else if (item instanceof Error e) {
          throw e;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading " + files.get(index), e);
    }
  }

  private void submit(int index) {
    BlockingQueue<Object> queue = new ArrayBlockingQueue<>(BATCHES + 1);
    queues.set(index, queue);
    Path file = files.get(index);
    readers.execute(() -> {
      Object last;
      try {
        Object[][] batch = {new Object[BATCH]};
        int[] filled = {0};
        ReportStream.Contents contents = ReportStream.read(file, s -> {
          batch[0][filled[0]++] = prepare.apply(s);
          if (filled[0] == BATCH) {
            put(queue, batch[0]);
            batch[0] = new Object[BATCH];
            filled[0] = 0;
          }
        });
        if (filled[0] > 0) {
          put(queue, batch[0]);
        }
        last = contents;
      } catch (Stopped e) {
        return;
      } catch (FormatException | RuntimeException | Error e) {
        last = e;
      }
      try {
        queue.put(last);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  /** The reader was told to stop: nothing will take what it reads. */
  private static final class Stopped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Stopped() {
      super(null, null, false, false);
    }
  }

  private static void put(BlockingQueue<Object> queue, Object item) {
    try {
      queue.put(item);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Stopped();
    }
  }

  /** Stops every reader; what they read is dropped. */
  @Override
  public void close() {
    readers.shutdownNow();
  }
}
