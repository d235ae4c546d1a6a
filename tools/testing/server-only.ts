// Stands in for the "server-only" guard in plain-Node tests of server modules (see vitest.config.ts).
export {};
