export * from './app-config';
export * from './config.module';
export * from './project-path';
export * from './metrics-access';
export * from './stop-signals';
