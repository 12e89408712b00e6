import "server-only";
import { and, desc, eq, ne } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { addresses } from "@/db/schema";
import type { Clock } from "../shared/clock";
import { cleanText } from "../shared/clean-text";
import { DomainError } from "../shared/errors";
import { normalizePhone } from "../auth/phone";
import { ADDRESS_TEXT } from "./address-rules";

export const MAX_ADDRESSES = 20;

export interface AddressInput {
  id?: string;
  recipient: string;
  phone: string;
  region: string;
  detail: string;
  isDefault: boolean;
}

/** The shopper's address book, default first. */
export function listAddresses(tx: DbOrTx, userId: string) {
  return tx.select().from(addresses).where(eq(addresses.userId, userId)).orderBy(desc(addresses.isDefault), desc(addresses.createdAt));
}

/** Adds or edits one of the shopper's own addresses; at most one is the default. */
export async function saveAddress(tx: DbOrTx, clock: Clock, userId: string, input: AddressInput): Promise<typeof addresses.$inferSelect> {
  const values = {
    recipient: cleanText(input.recipient, ADDRESS_TEXT.recipient, "recipient"),
    phone: normalizePhone(input.phone),
    region: cleanText(input.region, ADDRESS_TEXT.region, "region"),
    detail: cleanText(input.detail, ADDRESS_TEXT.detail, "detail"),
  };
  const existing = await listAddresses(tx, userId);
  const isDefault = input.isDefault || existing.filter((a) => a.id !== input.id).length === 0;
  let row: typeof addresses.$inferSelect | undefined;
  if (input.id) {
    [row] = await tx.update(addresses).set({ ...values, isDefault }).where(and(eq(addresses.id, input.id), eq(addresses.userId, userId))).returning();
    if (!row) throw new DomainError("NOT_FOUND");
  } else {
    if (existing.length >= MAX_ADDRESSES) throw new DomainError("BAD_INPUT", { field: "addresses" });
    [row] = await tx.insert(addresses).values({ userId, ...values, isDefault, createdAt: clock.now() }).returning();
  }
  if (!row) throw new DomainError("INTERNAL");
  if (isDefault) await tx.update(addresses).set({ isDefault: false }).where(and(eq(addresses.userId, userId), ne(addresses.id, row.id)));
  return row;
}

/** Deletes one of the shopper's own addresses (orders keep their own copy). */
export async function deleteAddress(tx: DbOrTx, userId: string, id: string): Promise<void> {
  const gone = await tx.delete(addresses).where(and(eq(addresses.id, id), eq(addresses.userId, userId))).returning({ id: addresses.id });
  if (gone.length === 0) throw new DomainError("NOT_FOUND");
}


