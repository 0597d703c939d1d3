export * from './job-catalogue';
export * from './redis-connection';
export * from './queue-backend';
export * from './queue.module';
