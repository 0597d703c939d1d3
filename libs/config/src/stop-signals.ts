/**
 * Runs `stop` on the first SIGTERM or SIGINT and exits when it is done (0, or 1 if it failed or
 * did not finish in time). Exiting explicitly matters: a Nest app whose BullMQ worker or pool
 * keeps a handle open was seen ignoring SIGTERM. `hardLimitMs` bounds the whole stop; a second
 * signal exits at once.
 */
export function stopOnSignals(
  name: string,
  stop: () => Promise<boolean | void>,
  hardLimitMs: number,
  say: (line: string) => void = (line) => console.error(line),
): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      say(`${name}: ${signal} again, exiting now`);
      process.exit(1);
    }
    stopping = true;
    say(`${name}: ${signal}, stopping`);
    setTimeout(() => {
      say(`${name}: not stopped after ${hardLimitMs} ms, exiting`);
      process.exit(1);
    }, hardLimitMs).unref();
    stop().then(
      (clean) => {
        say(`${name}: stopped${clean === false ? ' (grace exceeded)' : ''}`);
        process.exit(clean === false ? 1 : 0);
      },
      (e) => {
        say(`${name}: stop failed: ${e}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

/** Resolves true when `p` settles within `ms`, false when the time ran out first. */
export function within(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.then(
      () => true,
      () => true,
    ),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms))),
  ]).finally(() => clearTimeout(timer));
}
