/**
 * Any address that is no page of the app lands here, inside the app shell, so the navigation is still there to go
 * on from (Next.js shows the nearest not-found.tsx, which for this group is the shell's own).
 */
import { notFound } from "next/navigation";

export default function MissingPage(): never {
  notFound();
}
