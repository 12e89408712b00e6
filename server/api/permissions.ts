import type { StaffRole } from "@/db/schema";

/**
 * Which operator roles may do what: the single source of the role matrix (the README prints it,
 * and tests/api/role-matrix.test.ts calls every operator procedure as every role against it).
 */
export const PERMISSIONS = {
  "dashboard.read": ["owner", "operator", "finance", "support"],
  "dashboard.reconcile": ["owner", "finance"],
  "users.read": ["owner", "operator", "finance", "support"],
  "users.freeze": ["owner", "operator"],
  "users.adjust": ["owner", "finance"],
  "withdrawals.read": ["owner", "finance", "support"],
  "withdrawals.decide": ["owner", "finance"],
  /** The full account a withdrawal is paid to: finance alone (everyone else sees it masked); each look is audited. */
  "withdrawals.reveal": ["finance"],
  "payments.read": ["owner", "finance"],
  "payments.resolve": ["owner", "finance"],
  "audit.read": ["owner"],
  "settings.read": ["owner", "operator", "finance", "support"],
  "settings.write": ["owner"],
  "settlement.read": ["owner", "operator", "finance"],
  "settlement.run": ["owner", "finance"],
  "pool.settle": ["owner", "finance"],
  "activities.read": ["owner", "operator", "finance", "support"],
  "activities.write": ["owner", "operator"],
  "store.read": ["owner", "operator", "finance", "support"],
  "store.write": ["owner", "operator"],
  "orders.read": ["owner", "operator", "finance", "support"],
  "orders.fulfil": ["owner", "operator", "support"],
  "orders.refund": ["owner", "finance"],
  "vouchers.grant": ["owner", "finance"],
  "ads.read": ["owner", "operator", "finance", "support"],
  "ads.write": ["owner", "operator"],
  "ads.prepay": ["owner", "finance"],
} as const satisfies Record<string, readonly StaffRole[]>;

export type Permission = keyof typeof PERMISSIONS;

export function roleAllows(role: string, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly string[]).includes(role);
}
