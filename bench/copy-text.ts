/** COPY text encoding lives with the server, which bulk-loads imports with it. */
export * from '../src/server/db/copy-text.ts';
