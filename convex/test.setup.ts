/** The Convex function modules for convex-test (everything under convex/ except tests and this file). */
export const modules = import.meta.glob(["./**/*.ts", "!./**/*.test.ts", "!./test.setup.ts"]);
