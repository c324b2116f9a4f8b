// The error classes of runstream, one file per concern under ./errors/; this barrel keeps every
// import of '../errors.js' working. Relay and Responses errors live beside them in ./errors/ and
// are exported from their own entries.
export * from './errors/api.js';
export { isRunstreamError, RunstreamBaseError } from './errors/base.js';
export * from './errors/connection.js';
export * from './errors/operators.js';
export * from './errors/stream.js';
export * from './errors/validation.js';
