// The live request stream (server-sent events): every journalled vault request and every admin reveal, as
// they happen, from a journal subscription. Entries carry what the journal holds (operation, status,
// latency, fault, identity) and never a value or a token.
import type { JournalEntry } from "../transport/journal.js";
import type { AdminActivity, AdminContext } from "./adminContext.js";

/** Fans admin activity out to the open streams. @internal */
export class ActivityFeed {
  private readonly listeners = new Set<(activity: AdminActivity) => void>();

  announce(activity: AdminActivity): void {
    for (const listener of this.listeners) listener(activity);
  }

  subscribe(listener: (activity: AdminActivity) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }
}

/** Where a stream writes; `write` returns false once the client is gone. */
export interface StreamSink {
  write(chunk: string): void;
  onClose(listener: () => void): void;
}

const HEARTBEAT_MS = 15_000;

/**
 * Streams to `sink` until it closes: a `request` event per journal entry (with `throttled` for a 429 no
 * fault sent) and an `admin` event per admin activity of `feed`.
 */
export function openLiveStream(context: AdminContext, feed: ActivityFeed, sink: StreamSink): void {
  const send = (event: string, data: unknown) =>
    sink.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  sink.write("retry: 2000\n\n");
  const stopJournal = context.journal.subscribe((entry: JournalEntry) =>
    send("request", { ...entry, throttled: entry.status === 429 && entry.fault === undefined }),
  );
  const stopFeed = feed.subscribe((activity) => send("admin", activity));
  // Proxies and browsers drop an idle stream; a comment line keeps it open.
  const heartbeat = setInterval(() => sink.write(": keep-alive\n\n"), HEARTBEAT_MS);
  heartbeat.unref();
  sink.onClose(() => {
    stopJournal();
    stopFeed();
    clearInterval(heartbeat);
  });
}
