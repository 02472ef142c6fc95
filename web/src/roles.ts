// What a role may do in the console; the engine enforces the same (403), this only hides buttons.
import type { Role } from './api/types';

const rank: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

export function canOperate(role: Role | undefined): boolean {
  return role !== undefined && rank[role] >= rank.operator;
}
