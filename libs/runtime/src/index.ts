export * from './logger';
export * from './health';
export * from './service';
export * from './system-metrics';
