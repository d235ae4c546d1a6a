/**
 * Where we may send a browser back to: a path on this site, decided on the *resolved* URL. The raw text is not
 * enough: `/..//evil.test`, `/a/..//x` and `/%2e%2e//x` look like paths, but their dot segments collapse into
 * `//evil.test`, which a browser reads as another origin. So the value is resolved against a placeholder origin,
 * must stay on it, and what the caller gets back is the re-serialised path it was checked as, never the input.
 * Backslashes (read as slashes by browsers) and control characters (header splitting; the URL parser would
 * silently drop tabs and newlines) are refused before parsing.
 */
/** Where a connect attempt returns when it named nowhere (or somewhere not allowed). */
export const DEFAULT_RETURN_TO = "/connections";

/** The home page after sign-in (and for a signed-in visitor of / or of a way back that is not allowed): Reports. */
export const HOME_PATH = "/reports";

/** Longest path we keep (in the OAuth state and the sign-in link). */
export const MAX_PATH_LENGTH = 512;

const PLACEHOLDER = "https://same-site.invalid";

/** The canonical same-site path (`/path?query#hash`) for `value`, or null when it would leave the site. */
export function sameSitePath(value: string | null | undefined): string | null {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_PATH_LENGTH) return null;
  if (!value.startsWith("/") || value.startsWith("//") || value.includes("\\") || /\p{Cc}/u.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value, PLACEHOLDER);
  } catch {
    return null;
  }
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Same origin after resolution, and no leading `//` left for the next resolver (a browser, or Next's redirect).
  if (url.origin !== PLACEHOLDER || path.startsWith("//") || path.length > MAX_PATH_LENGTH) return null;
  return path;
}
