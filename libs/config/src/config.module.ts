import { Global, Module } from '@nestjs/common';
import { AppConfig, readProcessConfig } from './app-config';

/** Provides the validated AppConfig; the only place that reads the process environment. */
@Global()
@Module({
  providers: [{ provide: AppConfig, useFactory: readProcessConfig }],
  exports: [AppConfig],
})
export class ConfigModule {}
