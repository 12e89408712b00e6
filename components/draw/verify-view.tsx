"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { useSeatList } from "../activities/seat-list";
import { useTRPC } from "../trpc/react";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { EmptyState } from "../ui/empty-state";
import { AlertIcon, CheckCircleIcon } from "../ui/icons";
import { Spinner } from "../ui/spinner";
import { verifyDraw, type VerifyProblem, type VerifyResult } from "./verify-draw";

type Run = { state: "running" } | { state: "done"; result: VerifyResult } | { state: "failed"; message: string };

/**
 * 验证本团: re-derives the winners in this browser (WebCrypto) from the public proof: the seed
 * against the commitment published when the group opened, each seat's eligibility, then the draw.
 */
export function VerifyView({ groupId }: { groupId: string }) {
  const t = useTranslations("verify");
  const trpc = useTRPC();
  const proof = useQuery(trpc.activities.proof.queryOptions({ groupId }));
  const group = useQuery(trpc.activities.group.queryOptions({ groupId }));
  const [run, setRun] = useState<Run>({ state: "running" });
  const seatList = useSeatList();

  useEffect(() => {
    if (!proof.data) return;
    let cancelled = false;
    setRun({ state: "running" });
    verifyDraw(proof.data).then(
      (result) => !cancelled && setRun({ state: "done", result }),
      (e: unknown) => !cancelled && setRun({ state: "failed", message: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      cancelled = true;
    };
  }, [proof.data]);

  if (proof.isPending) {
    return (
      <div className="flex justify-center py-20 text-neutral-400">
        <Spinner label={t("loading")} />
      </div>
    );
  }
  if (proof.isError) return <EmptyState title={t("loadFailed")} action={<Button variant="outline" onClick={() => proof.refetch()}>{t("retry")}</Button>} />;
  const p = proof.data;
  const names = new Map(group.data?.seats.map((s) => [s.seat, s.name]) ?? []);
  const result = run.state === "done" ? run.result : null;
  const published = [...p.winners].sort((a, b) => a - b);

  return (
    <div className="flex flex-col gap-3 p-4 pb-8">
      <Summary run={run} />

      <Card className="p-4">
        <Step n={1} title={t("step1")} ok={result ? result.commitmentOk : null} />
        <p className="mt-1 text-xs leading-relaxed text-neutral-500">{t("step1Body")}</p>
        <dl className="mt-3 space-y-2 text-xs">
          <Hash label={t("commitment")} value={p.commitment} testId="proof-commitment" />
          <Hash label={t("seed")} value={p.seed ?? t("seedHidden")} testId="proof-seed" />
          <Hash label={t("computed")} value={result?.computedCommitment ?? "…"} ok={result ? result.commitmentOk : null} testId="computed-commitment" />
        </dl>
      </Card>

      <Card className="p-4">
        <Step n={2} title={t("step2")} />
        <p className="mt-1 text-xs leading-relaxed text-neutral-500">{t("step2Body")}</p>
        <table className="mt-3 w-full text-left text-[13px]" data-testid="proof-entries">
          <thead>
            <tr className="border-b border-neutral-100 text-[11px] text-neutral-400">
              <th className="py-1.5 pr-2 font-normal">{t("seat")}</th>
              <th className="py-1.5 pr-2 font-normal">{t("user")}</th>
              <th className="py-1.5 text-right font-normal">{t("eligibility")}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-neutral-50">
            {[...p.entries]
              .sort((a, b) => a.seat - b.seat)
              .map((e) => (
                <tr key={e.seat} data-testid="proof-entry" data-seat={e.seat}>
                  <td className="tabular py-2 pr-2 font-medium">{e.seat}</td>
                  <td className="py-2 pr-2">
                    <span className="text-neutral-800">{names.get(e.seat) ?? ""}</span>
                    <span className="ml-1.5 font-mono text-[10px] text-neutral-400" title={e.userId}>
                      {e.userId.slice(0, 8)}
                    </span>
                  </td>
                  <td className="py-2 text-right">
                    {e.eligible === null ? (
                      <span className="text-neutral-400">{t("notFixed")}</span>
                    ) : e.eligible ? (
                      <span className="text-green-700">{t("eligible")}</span>
                    ) : (
                      <span className="text-neutral-500">
                        {t("ineligible")}
                        {e.reason ? <span className="block text-[11px] text-neutral-400">{reasonLabel(t, e.reason)}</span> : null}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
        {result ? (
          <details className="mt-3 text-xs text-neutral-500">
            <summary className="flex min-h-11 cursor-pointer items-center">{t("message")}</summary>
            <code className="block rounded bg-neutral-50 p-2 font-mono text-[10px] break-all text-neutral-600">{result.message}</code>
          </details>
        ) : null}
      </Card>

      <Card className="p-4">
        <Step n={3} title={t("step3")} ok={result ? !result.problems.some((x) => x.code === "winners" || x.code === "outcome") : null} />
        <p className="mt-1 text-xs leading-relaxed text-neutral-500">{result?.undrawn ? t("step3Undrawn") : t("step3Body", { k: p.k, policy: t(`policy.${p.policy}`) })}</p>
        <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1.5 text-[13px]">
          <dt className="text-neutral-500">{t("eligibleSeats")}</dt>
          <dd className="tabular">{result ? seatList(result.eligibleSeats) || "—" : "…"}</dd>
          <dt className="text-neutral-500">{t("ineligibleSeats")}</dt>
          <dd className="tabular">{result ? seatList(result.ineligibleSeats) || "—" : "…"}</dd>
          <dt className="text-neutral-500">{t("published")}</dt>
          <dd className="tabular" data-testid="published-winners">
            {p.outcome === "dissolved" ? t("dissolved") : seatList(published)}
          </dd>
          <dt className="font-medium text-neutral-800">{t("derived")}</dt>
          <dd className="tabular flex items-center gap-1.5 font-semibold" data-testid="derived-winners">
            {result ? (result.derivedOutcome === "dissolved" ? t("dissolved") : seatList(result.derivedWinners)) : "…"}
            {result && !result.problems.some((x) => x.code === "winners" || x.code === "outcome") ? <CheckCircleIcon size={18} className="text-green-600" /> : null}
          </dd>
        </dl>
      </Card>

      <Card className="p-4 text-xs leading-relaxed text-neutral-500">
        <p>{t("howBody")}</p>
        <p className="mt-2">
          {t("rawProof")}{" "}
          <a href={`/api/groups/${groupId}/proof`} className="inline-flex min-h-11 items-center font-mono break-all text-neutral-700 underline underline-offset-2" target="_blank" rel="noreferrer">
            /api/groups/{groupId}/proof
          </a>
        </p>
        <p className="mt-2">{t("limit")}</p>
      </Card>
    </div>
  );
}

function reasonLabel(t: ReturnType<typeof useTranslations<"verify">>, reason: string): string {
  const key = `reasons.${reason}` as "reasons.firstOfDay";
  return t.has(key) ? t(key) : reason;
}

function Summary({ run }: { run: Run }) {
  const t = useTranslations("verify");
  const seatList = useSeatList();
  if (run.state === "running") {
    return (
      <div className="flex items-center gap-3 rounded-2xl bg-white px-4 py-4 text-neutral-600" data-testid="verify-summary" data-state="running">
        <Spinner />
        <span className="text-[15px]">{t("running")}</span>
      </div>
    );
  }
  if (run.state === "failed") {
    return (
      <div className="flex items-start gap-3 rounded-2xl bg-brand/5 px-4 py-4 text-brand" data-testid="verify-summary" data-state="error">
        <AlertIcon size={24} className="shrink-0" />
        <div>
          <p className="text-[15px] font-semibold">{t("cannotRun")}</p>
          <p className="mt-0.5 text-xs">{run.message}</p>
        </div>
      </div>
    );
  }
  const { result } = run;
  if (result.ok) {
    return (
      <div className="flex items-center gap-3 rounded-2xl bg-green-600 px-4 py-4 text-white shadow-sm" data-testid="verify-summary" data-state="verified">
        <CheckCircleIcon size={32} strokeWidth={2.2} className="shrink-0" />
        <div>
          <p className="text-lg font-semibold">{t("verified")}</p>
          <p className="text-xs text-white/85">{result.undrawn ? t("verifiedUndrawn") : t("verifiedBody")}</p>
        </div>
      </div>
    );
  }
  return (
    <div className="rounded-2xl bg-brand px-4 py-4 text-white" data-testid="verify-summary" data-state="mismatch">
      <div className="flex items-center gap-3">
        <AlertIcon size={28} className="shrink-0" />
        <p className="text-lg font-semibold">{t("mismatch")}</p>
      </div>
      <ul className="mt-2 list-disc space-y-0.5 pl-10 text-xs">
        {result.problems.map((problem, i) => (
          <li key={i}>{problemText(t, problem, seatList)}</li>
        ))}
      </ul>
    </div>
  );
}

function problemText(t: ReturnType<typeof useTranslations<"verify">>, p: VerifyProblem, seatList: (seats: readonly number[]) => string): string {
  switch (p.code) {
    case "algorithm":
      return t("problems.algorithm", { found: p.found });
    case "seedHidden":
      return t("problems.seedHidden");
    case "seedMalformed":
      return t("problems.seedMalformed");
    case "commitment":
      return t("problems.commitment");
    case "outcome":
      return t("problems.outcome", { published: p.published, derived: p.derived });
    case "winners":
      return t("problems.winners", { published: seatList(p.published) || "—", derived: seatList(p.derived) || "—" });
  }
}

function Step({ n, title, ok }: { n: number; title: string; ok?: boolean | null }) {
  return (
    <h2 className="flex items-center gap-2 text-[15px] font-semibold">
      <span className="tabular flex size-6 shrink-0 items-center justify-center rounded-full bg-neutral-900 text-xs text-white">{n}</span>
      <span className="flex-1">{title}</span>
      {ok === true ? <CheckCircleIcon size={20} className="text-green-600" /> : ok === false ? <AlertIcon size={20} className="text-brand" /> : null}
    </h2>
  );
}

function Hash({ label, value, ok, testId }: { label: string; value: string; ok?: boolean | null; testId: string }) {
  return (
    <div>
      <dt className="flex items-center gap-1 text-neutral-500">
        {label}
        {ok === true ? <CheckCircleIcon size={14} className="text-green-600" /> : ok === false ? <AlertIcon size={14} className="text-brand" /> : null}
      </dt>
      <dd className={`mt-0.5 rounded bg-neutral-50 px-2 py-1.5 font-mono text-[11px] break-all ${ok === false ? "text-brand" : "text-neutral-700"}`} data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}
