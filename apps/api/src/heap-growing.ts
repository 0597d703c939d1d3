import { setFlagsFromString } from 'node:v8';

/**
 * Sets how far this process's old generation may grow past what its last full garbage collection
 * left live, as V8's `--heap-growing-percent` (AppConfig.API_HEAP_GROWING_PERCENT); 0 leaves V8's
 * own rule. V8 reads the flag whenever it sets the next collection's limit, so setting it once the
 * process runs takes effect from the next full collection on.
 */
export function setHeapGrowing(
  percent: number,
  setFlags: (flags: string) => void = setFlagsFromString,
): void {
  if (percent > 0) setFlags(`--heap-growing-percent=${percent}`);
}
