/**
 * The API contract as types, generated from the committed OpenAPI document (`npm run contract`
 * writes `schema.d.ts`; CI checks it): the web client types its requests with it, and the
 * realtime event map (libs/core) reuses its payloads. Types only: nothing here exists at run time.
 */
export type { components, operations, paths } from './schema.js';
