// The Responses wire types, in one place for the modules that need many of them.
export type * from './content.js';
export * from './events.js';
export type * from './items.js';
export type * from './params.js';
export type * from './response.js';
