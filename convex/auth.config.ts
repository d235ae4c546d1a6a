/** Convex Auth issues its own JWTs; Convex verifies them against this deployment's site URL. */
export default {
  providers: [{ domain: process.env.CONVEX_SITE_URL, applicationID: "convex" }],
};
