"use client";

import { skipToken, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { translateOr } from "../i18n/dynamic-key";
import { useTRPC } from "../trpc/react";
import { Sheet } from "../ui/sheet";
import { Spinner } from "../ui/spinner";
import { StateRow, Table, Td, Th } from "./table";

export interface ProofTarget {
  groupId: string;
  number: number;
  activityName: string;
  proofUrl: string;
}

/** The public proof of one group (the same JSON as /api/groups/<id>/proof), laid out for reading. */
export function GroupsProofDrawer({ target, onClose }: { target: ProofTarget | null; onClose: () => void }) {
  const t = useTranslations("admin.groups.drawer");
  const ts = useTranslations("admin.groupStatus");
  const common = useTranslations("common");
  const tt = useTranslations("admin.table");
  const trpc = useTRPC();
  const proof = useQuery(trpc.activities.proof.queryOptions(target ? { groupId: target.groupId } : skipToken));
  const p = proof.data;
  const winners = new Set(p?.winners ?? []);

  return (
    <Sheet open={!!target} onClose={onClose} side="right" width="max-w-2xl" title={target ? t("title", { activity: target.activityName, n: target.number }) : ""} closeLabel={common("close")}>
      {proof.isPending ? (
        <div className="flex justify-center py-16 text-neutral-400">
          <Spinner label={tt("loading")} />
        </div>
      ) : proof.isError || !p ? (
        <p className="p-6 text-sm text-brand">{proof.error?.message}</p>
      ) : (
        <div className="flex flex-col gap-5 p-5" data-testid="proof-drawer">
          <dl className="grid grid-cols-[9rem_1fr] gap-x-4 gap-y-2 text-sm">
            <dt className="text-neutral-500">{t("outcome")}</dt>
            <dd>{ts(p.outcome)}</dd>
            <dt className="text-neutral-500">{t("algorithm")}</dt>
            <dd className="font-mono text-xs leading-5">{p.algorithm}</dd>
            <dt className="text-neutral-500">{t("k")}</dt>
            <dd className="tabular">{p.k}</dd>
            <dt className="text-neutral-500">{t("policy")}</dt>
            <dd>{translateOr(t, `policies.${p.policy}`, p.policy)}</dd>
            <dt className="text-neutral-500">{t("commitment")}</dt>
            <dd className="font-mono text-xs leading-5 break-all">{p.commitment}</dd>
            <dt className="text-neutral-500">{t("seed")}</dt>
            <dd className="font-mono text-xs leading-5 break-all">{p.seed ?? <span className="font-sans text-neutral-400">{t("seedHidden")}</span>}</dd>
          </dl>

          <section>
            <h3 className="mb-2 text-sm font-semibold">{t("entries")}</h3>
            <div className="rounded-md border border-neutral-200">
              <Table label={t("entries")}>
                <thead>
                  <tr>
                    <Th>{t("seat")}</Th>
                    <Th>{t("user")}</Th>
                    <Th>{t("eligible")}</Th>
                    <Th className="text-right">{t("winner")}</Th>
                  </tr>
                </thead>
                <tbody>
                  {p.entries.length === 0 ? (
                    <StateRow colSpan={4}>{t("noEntries")}</StateRow>
                  ) : (
                    p.entries.map((e) => (
                      <tr key={e.seat} className={winners.has(e.seat) ? "bg-brand/5" : undefined}>
                        <Td className="tabular">#{e.seat}</Td>
                        <Td className="font-mono text-xs text-neutral-600">{e.userId}</Td>
                        <Td className="text-xs">
                          {e.eligible === null ? (
                            <span className="text-neutral-400">{t("eligiblePending")}</span>
                          ) : e.eligible ? (
                            <span className="text-green-700">{t("eligibleYes")}</span>
                          ) : (
                            <span className="text-amber-700">{e.reason ? translateOr(t, `reasons.${e.reason}`, e.reason) : "—"}</span>
                          )}
                        </Td>
                        <Td className="text-right">{winners.has(e.seat) ? <span className="text-xs font-medium text-brand">✓ {t("winner")}</span> : null}</Td>
                      </tr>
                    ))
                  )}
                </tbody>
              </Table>
            </div>
          </section>

          <div className="text-xs text-neutral-500">
            <p>{t("verifyHint")}</p>
            {target ? (
              <a href={target.proofUrl} target="_blank" rel="noreferrer" className="mt-1 inline-block text-brand hover:underline">
                {t("openJson")} ↗
              </a>
            ) : null}
          </div>
        </div>
      )}
    </Sheet>
  );
}
