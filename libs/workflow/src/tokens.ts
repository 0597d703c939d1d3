/**
 * The clock's injection token and default live in @app/persistence (repositories read it too);
 * re-exported here so services and tests keep importing them from the workflow.
 */
export { CLOCK, defaultClock } from '@app/persistence';
