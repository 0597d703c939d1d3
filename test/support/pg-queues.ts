/**
 * Setup file of the `e2e-pg-queues` Jest project: every harness of its files runs the API and the
 * worker with the queues on BullMQ's PostgreSQL backend in the file's own database (see harness.ts).
 */
process.env.TEST_QUEUE_BACKEND = 'postgres';
