"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { readError } from "../errors/read-error";
import { useTRPC } from "../trpc/react";
import { Button } from "../ui/button";
import { Field, FormError } from "../ui/input";
import { toast } from "../ui/toast";
import { newMoveId } from "./move-id";

type Direction = "in" | "out";

/** Move points in or out: whole hundreds, only in the phases that allow it (the server checks again). */
export function PoolMoveForm({ phase, divPoints, myPoints }: { phase: "open" | "inOnly" | "frozen"; divPoints: number; myPoints: number }) {
  const t = useTranslations("pool");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [direction, setDirection] = useState<Direction>("in");
  const [points, setPoints] = useState("");
  const [moveId, setMoveId] = useState(newMoveId);
  const [error, setError] = useState<string | null>(null);
  const move = useMutation(trpc.pool.move.mutationOptions());

  const allowed = direction === "in" ? phase !== "frozen" : phase === "open";
  const closedReason = direction === "in" ? t("errors.frozen") : t("errors.outClosed");
  const available = direction === "in" ? divPoints : myPoints;

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (move.isPending) return;
    const n = Number(points);
    if (!Number.isInteger(n) || n <= 0) return setError(t("errors.amount"));
    if (n % 100 !== 0) return setError(t("errors.hundreds"));
    if (n > available) return setError(direction === "in" ? t("errors.notEnoughPoints") : t("errors.notEnoughInPool"));
    setError(null);
    try {
      await move.mutateAsync({ direction, points: n, moveId });
      toast.success(direction === "in" ? t("movedIn", { points: n }) : t("movedOut", { points: n }));
      setPoints("");
      setMoveId(newMoveId());
    } catch (err) {
      setError(readError(err, t("errors.network")).message);
    } finally {
      await queryClient.invalidateQueries({ queryKey: trpc.pool.pathKey() });
    }
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-3" noValidate>
      <div role="tablist" aria-label={t("moveTitle")} className="grid grid-cols-2 gap-2">
        {(["in", "out"] as const).map((d) => (
          <button
            key={d}
            type="button"
            role="tab"
            aria-selected={direction === d}
            onClick={() => {
              setDirection(d);
              setError(null);
              setMoveId(newMoveId());
            }}
            className={`h-11 rounded-lg border text-sm ${direction === d ? "border-brand bg-brand/5 font-medium text-brand" : "border-neutral-200 text-neutral-600"}`}
          >
            {t(d === "in" ? "moveIn" : "moveOut")}
          </button>
        ))}
      </div>
      <Field
        label={t("pointsLabel")}
        hint={t("pointsHint", { available })}
        inputMode="numeric"
        step={100}
        min={100}
        value={points}
        onChange={(e) => setPoints(e.target.value.replace(/[^0-9]/g, ""))}
        disabled={!allowed}
        error={error ?? undefined}
      />
      {!allowed ? <FormError>{closedReason}</FormError> : null}
      <Button type="submit" disabled={!allowed || move.isPending}>
        {t(direction === "in" ? "submitIn" : "submitOut")}
      </Button>
    </form>
  );
}
