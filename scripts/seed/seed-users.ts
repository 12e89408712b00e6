import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { users } from "../../db/schema";
import type { Clock } from "../../server/domain/shared/clock";
import { signUp } from "../../server/domain/auth/sign-up";
import { postTransfers } from "../../server/domain/ledger";
import { adjustBalance } from "../../server/domain/users/adjust-balance";
import { setUserFrozen } from "../../server/domain/users/freeze-user";

const FROZEN_SHOPPER = { phone: "13800000009", name: "孙强", referrer: "13800000001" };
/** Fixed, so a second seed replays the adjustment instead of posting it again. */
const SEED_ADJUSTMENT_ID = "5eed0000-0000-4000-8000-000000000013";

/**
 * The console's user management on `npm start`: a shopper (referred by 王芳) with a finance adjustment
 * in their history and a freeze with its reason, all through the domain (ledger, audit log).
 */
export async function seedUserManagement(db: Db, clock: Clock, password: string): Promise<void> {
  const staff = async (phone: string) => {
    const [row] = await db.select({ id: users.id, role: users.role }).from(users).where(eq(users.phone, phone));
    return row ? { id: row.id, role: row.role, ip: "seed" } : null;
  };
  const operator = await staff("13900000002");
  const finance = await staff("13900000003");
  if (!operator || !finance) return;
  const userId = await db.transaction(async (tx) => {
    const [row] = await tx.select({ id: users.id }).from(users).where(eq(users.phone, FROZEN_SHOPPER.phone));
    if (row) return row.id;
    const [ref] = await tx.select({ code: users.referralCode }).from(users).where(eq(users.phone, FROZEN_SHOPPER.referrer));
    const created = await signUp(tx, clock, { phone: FROZEN_SHOPPER.phone, password, displayName: FROZEN_SHOPPER.name, referralCode: ref?.code ?? null });
    await postTransfers(tx, clock, [
      { key: `seed:${FROZEN_SHOPPER.phone}:cash`, asset: "cash", from: { platform: "opening_balances" }, to: { userId: created.userId }, amount: 260_00, reason: "seed", ref: { type: "seed", id: FROZEN_SHOPPER.phone } },
    ]);
    return created.userId;
  });
  await db.transaction((tx) => adjustBalance(tx, clock, finance, { adjustmentId: SEED_ADJUSTMENT_ID, userId, asset: "cash", amount: 8_80, reason: "客服补偿：11月订单物流延误" }));
  await db.transaction((tx) => setUserFrozen(tx, clock, operator, { userId, frozen: true, reason: "短时间内多次异常提现，等待本人核实身份" }));
}
