"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { formatFen } from "../money/format-fen";
import { useTRPC } from "../trpc/react";
import { toast } from "../ui/toast";

/**
 * A payment order's status while we wait for the provider's notification (polled: the order turns
 * paid only when the signed notification is applied, never on the shopper's word). Once paid: a
 * toast saying what was paid, fresh wallet and store data, and back to `returnTo`.
 */
export function usePaymentStatus({ orderId, amountFen, initialStatus, returnTo, waiting }: { orderId: string; amountFen: number; initialStatus: string; returnTo: string; waiting: boolean }) {
  const t = useTranslations("pay");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const order = useQuery({
    ...trpc.wallet.topup.queryOptions({ id: orderId }),
    enabled: waiting,
    refetchInterval: (q) => (q.state.data?.status === "pending" || !q.state.data ? 1000 : false),
    staleTime: 0,
  });
  const status = order.data?.status ?? initialStatus;

  useEffect(() => {
    if (!waiting || status !== "paid") return;
    // A store order's payment is not a top-up: say what was paid for.
    toast.success(returnTo === "/wallet" ? t("paidToast", { amount: formatFen(amountFen) }) : t("orderPaidToast", { amount: formatFen(amountFen) }));
    void Promise.all([queryClient.invalidateQueries({ queryKey: trpc.wallet.pathKey() }), queryClient.invalidateQueries({ queryKey: trpc.store.pathKey() })]).then(() => router.push(returnTo));
  }, [waiting, status, amountFen, queryClient, router, t, trpc, returnTo]);

  return status;
}
