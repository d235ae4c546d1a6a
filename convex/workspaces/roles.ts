/**
 * A member's role as Convex stores and checks it. The roles and what each may do are lib/workspaces/roles.ts's
 * (`ROLES`, `can`); every public function names the capability it needs (convex/lib/access.ts).
 */
import { literals } from "convex-helpers/validators";
import { ROLES } from "../../lib/workspaces/roles";

export const roleValidator = literals(...ROLES);
