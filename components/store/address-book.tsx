"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { readError } from "../errors/read-error";
import { useTRPC } from "../trpc/react";
import { Button } from "../ui/button";
import { Sheet } from "../ui/sheet";
import { Spinner } from "../ui/spinner";
import { toast } from "../ui/toast";
import { AddressForm, AddressLines, type AddressRow } from "./address-form";

/** 收货地址: list, add, edit, delete. */
export function AddressBook() {
  const t = useTranslations("shop");
  const trpc = useTRPC();
  const qc = useQueryClient();
  const list = useQuery(trpc.store.addresses.queryOptions());
  const del = useMutation(trpc.store.deleteAddress.mutationOptions());
  const [editing, setEditing] = useState<AddressRow | "new" | null>(null);
  if (list.isPending) return <Spinner className="mx-auto my-10 text-neutral-400" />;
  return (
    <div className="flex flex-col gap-2 p-4">
      {(list.data ?? []).map((a) => (
        <div key={a.id} className="rounded-2xl bg-white p-4">
          <AddressLines a={a} />
          <div className="mt-2 flex items-center gap-2">
            {a.isDefault ? <span className="rounded bg-brand/10 px-1.5 text-[11px] text-brand">{t("defaultTag")}</span> : null}
            <span className="flex-1" />
            <Button size="sm" variant="ghost" onClick={() => setEditing(a)}>
              {t("editAddress")}
            </Button>
            <Button
              size="sm"
              variant="ghost"
              onClick={async () => {
                try {
                  await del.mutateAsync({ id: a.id });
                  await qc.invalidateQueries({ queryKey: trpc.store.addresses.queryKey() });
                } catch (err) {
                  toast.error(readError(err, t("networkError")).message);
                }
              }}
            >
              {t("delete")}
            </Button>
          </div>
        </div>
      ))}
      {list.data?.length === 0 ? <p className="py-6 text-center text-sm text-neutral-500">{t("noAddress")}</p> : null}
      <Button size="lg" onClick={() => setEditing("new")}>
        + {t("addAddress")}
      </Button>
      <Sheet open={editing !== null} onClose={() => setEditing(null)} title={editing === "new" ? t("addAddress") : t("editAddress")} closeLabel={t("close")}>
        {editing ? <AddressForm initial={editing === "new" ? undefined : editing} onSaved={() => setEditing(null)} /> : null}
      </Sheet>
    </div>
  );
}
