import "server-only";
import { adNetworks } from "@/db/schema";
import type { DbOrTx } from "@/db/client";
import { recordAudit, type Actor } from "../audit/record-audit";
import type { Clock } from "../shared/clock";
import { DomainError } from "../shared/errors";
import { AD_NETWORKS, type AdNetwork } from "./ssv/network-callback";

export interface NetworkConfig {
  network: AdNetwork;
  enabled: boolean;
  secret: string;
  keyUrl: string;
  revenuePerViewFen: number;
}

/** Every network's configuration (defaults for one never saved). `secret` is the whole secret: callers mask it for display. */
export async function readNetworkConfigs(tx: DbOrTx): Promise<NetworkConfig[]> {
  const rows = await tx.select().from(adNetworks);
  return AD_NETWORKS.map((network) => {
    const row = rows.find((r) => r.network === network);
    return { network, enabled: row?.enabled ?? false, secret: row?.secret ?? "", keyUrl: row?.keyUrl ?? "", revenuePerViewFen: row?.revenuePerViewFen ?? 0 };
  });
}

/** Shows at most the last 4 characters of a secret, and none of one shorter than 16. */
export function maskSecret(secret: string): string {
  if (!secret) return "";
  return secret.length >= 16 ? `••••${secret.slice(-4)}` : "••••";
}

/**
 * Saves a network's configuration (enabled, Pangle's security key or AdMob's key URL, what the network
 * pays per verified view). An empty `secret` keeps the stored one. Enabling needs the credential the
 * network's adapter checks against. Audited, with the secret masked.
 */
export async function saveNetworkConfig(tx: DbOrTx, clock: Clock, actor: Actor, input: { network: AdNetwork; enabled: boolean; secret: string; keyUrl: string; revenuePerViewFen: number }): Promise<NetworkConfig> {
  const before = (await readNetworkConfigs(tx)).find((c) => c.network === input.network);
  if (!before) throw new DomainError("NOT_FOUND");
  const secret = input.secret.trim() || before.secret;
  const keyUrl = input.keyUrl.trim();
  if (secret.length > 200) throw new DomainError("BAD_INPUT", { field: "secret" });
  if (keyUrl && !/^https?:\/\/[^\s]{3,300}$/.test(keyUrl)) throw new DomainError("BAD_INPUT", { field: "keyUrl" });
  if (!Number.isSafeInteger(input.revenuePerViewFen) || input.revenuePerViewFen < 0 || input.revenuePerViewFen > 10_000) throw new DomainError("BAD_INPUT", { field: "revenuePerViewFen" });
  if (input.enabled && input.network === "pangle" && secret.length < 8) throw new DomainError("BAD_INPUT", { field: "secret" });
  if (input.enabled && input.network === "admob" && !keyUrl) throw new DomainError("BAD_INPUT", { field: "keyUrl" });
  const next: NetworkConfig = { network: input.network, enabled: input.enabled, secret, keyUrl, revenuePerViewFen: input.revenuePerViewFen };
  const values = { enabled: next.enabled, secret, keyUrl, revenuePerViewFen: next.revenuePerViewFen, updatedAt: clock.now() };
  await tx.insert(adNetworks).values({ network: input.network, ...values }).onConflictDoUpdate({ target: adNetworks.network, set: values });
  const shown = (c: NetworkConfig) => ({ ...c, secret: maskSecret(c.secret) });
  await recordAudit(tx, clock, actor, { action: "ads.network.update", targetType: "ad_network", targetId: input.network, before: shown(before), after: shown(next) });
  return next;
}
