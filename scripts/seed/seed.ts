import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { activities, products, users, type UserRole } from "../../db/schema";
import { createActivity } from "../../server/domain/activities/create-activity";
import { DEFAULT_ACTIVITY_CONFIG } from "../../server/domain/shared/activity-config";
import { hashPassword } from "../../server/domain/auth/password";
import { signUp } from "../../server/domain/auth/sign-up";
import { generateReferralCode } from "../../server/domain/auth/referral-code";
import { postTransfers } from "../../server/domain/ledger";
import type { Clock } from "../../server/domain/shared/clock";
import { seedUserManagement } from "./seed-users";
import { seedStore } from "./seed-store";
import { seedAds } from "./seed-ads";
import { describeHistory, seedDashboardHistory } from "./seed-dashboard";

export const DEMO_PASSWORD = "pinpin123";

export interface DemoAccount {
  role: UserRole;
  phone: string;
  password: string;
  note: string;
}

const STAFF: { role: Exclude<UserRole, "shopper">; phone: string; name: string }[] = [
  { role: "owner", phone: "13900000001", name: "店主 Owner" },
  { role: "operator", phone: "13900000002", name: "运营 Operator" },
  { role: "finance", phone: "13900000003", name: "财务 Finance" },
  { role: "support", phone: "13900000004", name: "客服 Support" },
];

/** Shoppers in a referral chain: 王芳 invited 李雷 and 赵敏; 李雷 invited 韩梅梅 (so 王芳 is her L2). */
const SHOPPERS = [
  { phone: "13800000001", name: "王芳", cashFen: 500_00, creditFen: 200_00, referrer: null },
  { phone: "13800000002", name: "李雷", cashFen: 300_00, creditFen: 0, referrer: "13800000001" },
  { phone: "13800000003", name: "韩梅梅", cashFen: 100_00, creditFen: 50_00, referrer: "13800000002" },
  { phone: "13800000004", name: "张伟", cashFen: 1000_00, creditFen: 0, referrer: null },
  // Mall points from db/seed-ads.ts: the one who watches ads on 赚钱 today.
  { phone: "13800000005", name: "赵敏", cashFen: 50_00, creditFen: 0, referrer: "13800000001" },
];

/**
 * Demo data for `npm start`: idempotent, so a second start finds it and changes nothing. `report`
 * hears one line describing the history when this run made it.
 */
export async function seedDemoData(db: Db, clock: Clock, report?: (line: string) => void): Promise<DemoAccount[]> {
  const accounts: DemoAccount[] = [];
  for (const s of STAFF) {
    const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.phone, s.phone));
    if (!existing) {
      await db.insert(users).values({ phone: s.phone, passwordHash: await hashPassword(DEMO_PASSWORD), role: s.role, displayName: s.name, referralCode: generateReferralCode(), createdAt: clock.now() });
    }
    accounts.push({ role: s.role, phone: s.phone, password: DEMO_PASSWORD, note: "console /admin" });
  }
  for (const s of SHOPPERS) {
    await db.transaction(async (tx) => {
      let [row] = await tx.select({ id: users.id }).from(users).where(eq(users.phone, s.phone));
      if (!row) {
        const [ref] = s.referrer ? await tx.select({ code: users.referralCode }).from(users).where(eq(users.phone, s.referrer)) : [];
        const created = await signUp(tx, clock, { phone: s.phone, password: DEMO_PASSWORD, displayName: s.name, referralCode: ref?.code ?? null });
        row = { id: created.userId };
      }
      const ref = { type: "seed", id: s.phone };
      await postTransfers(tx, clock, [
        { key: `seed:${s.phone}:cash`, asset: "cash", from: { platform: "opening_balances" }, to: { userId: row.id }, amount: s.cashFen, reason: "seed", ref },
        ...(s.creditFen > 0
          ? [{ key: `seed:${s.phone}:credit`, asset: "credit" as const, from: { platform: "credit_issued" as const }, to: { userId: row.id }, amount: s.creditFen, reason: "seed", ref }]
          : []),
      ]);
    });
    accounts.push({ role: "shopper", phone: s.phone, password: DEMO_PASSWORD, note: `${s.name}, ¥${(s.cashFen / 100).toFixed(2)} cash${s.phone === "13800000005" ? ", 300 mall points (赚钱)" : ""}` });
  }
  // The store first: the activities' items stand for its products (and show their photos).
  await seedStore(db, clock);
  await seedActivities(db, clock);
  await seedAds(db, clock);
  const history = await seedDashboardHistory(db, clock, DEMO_PASSWORD);
  if (history && report) report(describeHistory(history));
  await seedUserManagement(db, clock, DEMO_PASSWORD);
  accounts.push({ role: "shopper", phone: "13800000009", password: DEMO_PASSWORD, note: "孙强, frozen (console: users), a finance adjustment in the history" });
  return accounts;
}

/** Two running group-draw activities, so the home page has something to join. */
async function seedActivities(db: Db, clock: Clock): Promise<void> {
  const [any] = await db.select({ id: activities.id }).from(activities).limit(1);
  if (any) return;
  const [owner] = await db.select({ id: users.id }).from(users).where(eq(users.phone, STAFF[0]!.phone));
  if (!owner) return;
  const actor = { id: owner.id, role: "owner", ip: "seed" };
  const catalog = new Map((await db.select({ id: products.id, name: products.name }).from(products)).map((p) => [p.name, p.id]));
  const opensAt = new Date(clock.now().getTime() - 60_000);
  await db.transaction(async (tx) => {
    await createActivity(tx, clock, actor, {
      name: "无线降噪耳机 10人团",
      priceFen: 99_00,
      groupSize: 10,
      winners: 3,
      opensAt,
      items: [
        { kind: "product", name: "无线降噪耳机 · 黑", priceFen: 99_00, productId: catalog.get("无线降噪耳机") },
        { kind: "product", name: "无线降噪耳机 · 白", priceFen: 99_00, productId: catalog.get("无线降噪耳机") },
        { kind: "voucher", name: "¥99 购物券", priceFen: 99_00 },
      ],
      config: { ...DEFAULT_ACTIVITY_CONFIG, rules: { ...DEFAULT_ACTIVITY_CONFIG.rules, firstOfDay: { on: true } } },
    });
    await createActivity(tx, clock, actor, {
      name: "新鲜水果礼盒 5人团",
      priceFen: 29_90,
      groupSize: 5,
      winners: 2,
      opensAt,
      items: [{ kind: "product", name: "当季水果礼盒 3kg", priceFen: 29_90, productId: catalog.get("当季水果礼盒 3kg") }],
      config: DEFAULT_ACTIVITY_CONFIG,
    });
  });
}
