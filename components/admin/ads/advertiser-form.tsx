"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { readError } from "../../errors/read-error";
import { useTRPC } from "../../trpc/react";
import { Button } from "../../ui/button";
import { FormError } from "../../ui/input";
import { toast } from "../../ui/toast";
import { TextField } from "./form-controls";
import type { AdvertiserRow } from "./types";

// Mirrors saveAdvertiser (server/domain/ads/manage-advertisers.ts); the server re-checks.
const NAME_MAX = 60;
const CONTACT_MAX = 120;

/** An advertiser's name and contact: a form for ads.write, plain text for everyone else. */
export function AdvertiserForm({ advertiser, canWrite, onSaved }: { advertiser: AdvertiserRow | null; canWrite: boolean; onSaved: (id: string) => void }) {
  const t = useTranslations("admin.ads.advertisers");
  const tt = useTranslations("admin.table");
  const trpc = useTRPC();
  const qc = useQueryClient();
  const save = useMutation(trpc.admin.ads.saveAdvertiser.mutationOptions());
  const [name, setName] = useState(advertiser?.name ?? "");
  const [contact, setContact] = useState(advertiser?.contact ?? "");
  const [nameError, setNameError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  if (!canWrite) {
    return (
      <dl className="grid grid-cols-[6rem_1fr] gap-y-2 text-sm">
        <dt className="text-neutral-500">{t("name")}</dt>
        <dd>{advertiser?.name}</dd>
        <dt className="text-neutral-500">{t("contact")}</dt>
        <dd>{advertiser?.contact || "—"}</dd>
      </dl>
    );
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (!name.trim()) return setNameError(t("nameRequired"));
    try {
      const { id } = await save.mutateAsync({ ...(advertiser ? { id: advertiser.id } : {}), name: name.trim(), contact: contact.trim() });
      toast.success(t("saved"));
      await qc.invalidateQueries({ queryKey: trpc.admin.ads.pathKey() });
      onSaved(id);
    } catch (err) {
      setError(readError(err, tt("networkError")).message);
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-3" data-testid="advertiser-form">
      <div className="grid grid-cols-2 gap-3">
        <TextField
          label={t("name")}
          value={name}
          maxLength={NAME_MAX}
          error={nameError}
          onValue={(v) => {
            setName(v);
            setNameError(null);
          }}
          testId="advertiser-name"
        />
        <TextField label={t("contact")} value={contact} maxLength={CONTACT_MAX} onValue={setContact} placeholder={t("contactPlaceholder")} testId="advertiser-contact" />
      </div>
      <FormError>{error}</FormError>
      <div className="flex justify-end">
        <Button size="sm" type="submit" variant={advertiser ? "neutral" : "primary"} loading={save.isPending}>
          {advertiser ? t("saveDetails") : t("create")}
        </Button>
      </div>
    </form>
  );
}
