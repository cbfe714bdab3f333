export * from './logger';
export * from './health';
export * from './service';
