export { deleteRedisPrefix } from '../support/redis';

interface Step {
  what: string;
  run: () => Promise<void>;
  running?: Promise<void>;
}

/**
 * Undo steps registered as resources are created, run newest first: at the end of the bench,
 * after a failure, or on Ctrl-C. Each runs at most once; a failing step is logged and the others
 * still run.
 */
export class Cleanup {
  private readonly steps: Step[] = [];

  /** Registers a step; the returned function runs it now (once), e.g. to free a phase's resources early. */
  add(what: string, run: () => Promise<void>): () => Promise<void> {
    const step: Step = { what, run };
    this.steps.push(step);
    return () => this.runStep(step);
  }

  async run(): Promise<void> {
    for (const step of [...this.steps].reverse()) await this.runStep(step);
  }

  /** A step already started (by its owner, then by a signal) is awaited, not repeated. */
  private runStep(step: Step): Promise<void> {
    step.running ??= step
      .run()
      .catch((e) => console.error(`cleanup: ${step.what} failed: ${e instanceof Error ? e.message : e}`));
    return step.running;
  }

  /**
   * Ctrl-C, SIGTERM and crashes (an error event nobody handles, e.g. a connection the server
   * terminated) still clean up before leaving, so no processes, databases or keys are left behind.
   */
  runOnExit(): void {
    const leave = (why: string, code: number, error?: unknown) => {
      console.error(`bench: ${why}, cleaning up`, ...(error === undefined ? [] : [error]));
      void this.run().finally(() => process.exit(code));
    };
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => leave(signal, 130));
    process.once('uncaughtException', (e) => leave('uncaught exception', 1, e));
    process.once('unhandledRejection', (e) => leave('unhandled rejection', 1, e));
  }
}
