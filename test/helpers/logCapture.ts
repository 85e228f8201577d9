import { AzureLogger, getLogLevel, setLogLevel, type AzureLogLevel } from "@azure/logger";
import { format } from "node:util";

/** Every line written through `@azure/logger` (ours and core's) while installed. */
export interface LogCapture {
  readonly lines: string[];
  /** Puts the previous sink and log level back. */
  restore(): void;
}

/**
 * Sends all `@azure/logger` output (any channel) to memory at `level`, as `AZURE_LOG_LEVEL=<level>` would
 * enable it, so a test can search everything the client and core-rest-pipeline log.
 */
export function captureAzureLogs(level: AzureLogLevel = "verbose"): LogCapture {
  const lines: string[] = [];
  const previousLog = AzureLogger.log;
  const previousLevel = getLogLevel();
  AzureLogger.log = (...args: unknown[]) => {
    lines.push(format(...args));
  };
  setLogLevel(level);
  return {
    lines,
    restore() {
      AzureLogger.log = previousLog;
      setLogLevel(previousLevel);
    },
  };
}
