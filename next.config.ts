import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  reactStrictMode: true,
  // The simulator and benchmarks are tools, never part of the app bundle.
  outputFileTracingExcludes: { "*": ["tools/**", "bench/**"] },
};

export default nextConfig;
