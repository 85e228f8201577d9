// A web ReadableStream seen through: the bytes pass unchanged, one chunk per read (no read-ahead, so a
// progress event means the consumer has that chunk), and the owner learns when the stream is finished.
import type { TransferProgressEvent } from "@azure/core-rest-pipeline";

/**
 * `source` re-exposed as a stream that reports `loadedBytes` after each chunk and calls `onEnd` once it
 * ended, failed or was cancelled (possibly more than once: `onEnd` must be idempotent). A failure reaches the
 * reader as `onEnd` returns it (its own error in place of the runtime's, say), or as it came. A throwing
 * `onProgress` fails the stream with its error and cancels `source`.
 * @internal
 */
export function progressStream(
  source: ReadableStream<Uint8Array>,
  onProgress?: (progress: TransferProgressEvent) => void,
  onEnd?: (error?: unknown) => unknown,
): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  let loadedBytes = 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const { done, value } = await reader.read();
          if (done) {
            onEnd?.();
            controller.close();
            return;
          }
          loadedBytes += value.byteLength;
          onProgress?.({ loadedBytes });
          controller.enqueue(value);
        } catch (error) {
          controller.error(onEnd?.(error) ?? error);
          // Stops the download when the callback threw; a failed source rejects this, which says nothing new.
          reader.cancel(error).catch(() => undefined);
        }
      },
      cancel(reason) {
        onEnd?.();
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}
