/** Convex Auth issues its own JWTs; Convex verifies them against this deployment's site URL. */
export default {
  // Convex Auth's documented form: this file is read when the deployment is configured, apart from the functions.
  // eslint-disable-next-line @convex-dev/no-process-env -- CONVEX_SITE_URL is set by Convex itself on every deployment
  providers: [{ domain: process.env.CONVEX_SITE_URL, applicationID: "convex" }],
};
