/** HTTP routes: only Convex Auth's (sign-in endpoints, JWKS). The TikTok callback is a Next.js route handler. */
import { httpRouter } from "convex/server";
import { auth } from "./auth";

const http = httpRouter();
auth.addHttpRoutes(http);

export default http;
