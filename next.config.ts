/** Next.js settings: the fixed security headers every response carries, and what the server bundle leaves out. */
import type { NextConfig } from "next";
import { SECURITY_HEADERS } from "./lib/config/security-headers";

const nextConfig: NextConfig = {
  reactStrictMode: true,
  // The simulator and benchmarks are tools, never part of the app bundle.
  outputFileTracingExcludes: { "*": ["tools/**", "bench/**"] },
  // Next also says who it is unless told not to; nobody needs to know.
  poweredByHeader: false,
  headers: () => Promise.resolve(SECURITY_HEADERS),
};

export default nextConfig;
