import type { Db } from "@/db/client";
import type { Clock } from "@/server/domain/shared/clock";
import { addDestination } from "@/server/domain/payouts/destinations";

let n = Math.floor(Math.random() * 1_000_000);

/** Saves an Alipay destination (a fresh mobile number) for the user and returns its id. */
export async function aDestination(db: Db, clock: Clock, userId: string): Promise<string> {
  n = (n + 1) % 100_000_000;
  const d = await db.transaction((tx) => addDestination(tx, clock, { userId, kind: "alipay", account: `136${String(n).padStart(8, "0")}`, holderName: "测试用户" }));
  return d.id;
}

/** A bank card number of `length` digits starting with `prefix` whose last digit makes the Luhn check pass. */
export function luhnCard(prefix: string, length = 16): string {
  const body = prefix.padEnd(length - 1, "7").slice(0, length - 1);
  for (let check = 0; check <= 9; check++) {
    const digits = body + check;
    let sum = 0;
    for (let i = 0; i < digits.length; i++) {
      let d = Number(digits[digits.length - 1 - i]);
      if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      sum += d;
    }
    if (sum % 10 === 0) return digits;
  }
  throw new Error("unreachable");
}
