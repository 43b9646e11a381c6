/** class-transformer's metadata singleton (the CommonJS build its entry point loads), with its own types. */
declare module 'class-transformer/cjs/storage.js' {
  export { defaultMetadataStorage } from 'class-transformer/types/storage';
}
