/** "Page not found" inside the app shell: what happened, and the ways on (the navigation above, and two links). */
import type { Metadata } from "next";
import { NotFoundView } from "./not-found-view";

export const metadata: Metadata = { title: "Page not found" };

export default function NotFound() {
  return <NotFoundView />;
}
