"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { readError, type ShownError } from "../errors/read-error";
import { useTRPC } from "../trpc/react";
import { Avatar } from "../ui/avatar";
import { Button } from "../ui/button";
import { Field, FormError } from "../ui/input";
import { Sheet } from "../ui/sheet";

export interface EditableProfile {
  displayName: string;
  phone: string;
  avatarVariant: number;
  avatarKey: string;
  /** The generated avatars to pick from, by variant. */
  avatars: string[];
}

const NAME_MAX = 20;

/** 我的 header: my avatar, name and number, and the sheet to change the name and pick another avatar. */
export function ProfileEditor({ profile }: { profile: EditableProfile }) {
  const t = useTranslations("me.profile");
  const common = useTranslations("common");
  const [open, setOpen] = useState(false);
  return (
    <div className="flex items-center gap-3 text-white">
      <span className="rounded-full bg-white/95 p-0.5">
        <Avatar avatarKey={profile.avatarKey} size={56} alt={t("avatarAlt")} />
      </span>
      <div className="min-w-0 flex-1">
        <p className="truncate text-lg font-semibold" data-testid="display-name">
          {profile.displayName}
        </p>
        <p className="tabular text-sm text-white/85">{profile.phone}</p>
      </div>
      <button type="button" onClick={() => setOpen(true)} className="flex min-h-11 shrink-0 items-center rounded-full bg-white/20 px-4 text-sm font-medium text-white active:bg-white/30" data-testid="edit-profile">
        {t("edit")}
      </button>
      {open ? (
        <Sheet open onClose={() => setOpen(false)} title={t("title")} closeLabel={common("close")}>
          <ProfileForm profile={profile} onSaved={() => setOpen(false)} />
        </Sheet>
      ) : null}
    </div>
  );
}

function ProfileForm({ profile, onSaved }: { profile: EditableProfile; onSaved: () => void }) {
  const t = useTranslations("me.profile");
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const save = useMutation(trpc.wallet.updateProfile.mutationOptions());
  const [name, setName] = useState(profile.displayName);
  const [variant, setVariant] = useState(profile.avatarVariant);
  const [error, setError] = useState<ShownError | null>(null);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      await save.mutateAsync({ displayName: name, avatarVariant: variant });
      await queryClient.invalidateQueries();
      router.refresh();
      onSaved();
    } catch (err) {
      setError(readError(err, t("networkError")));
    }
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-4 p-4" noValidate data-testid="profile-form">
      <Field
        label={t("name")}
        value={name}
        onChange={(e) => setName(e.target.value)}
        maxLength={NAME_MAX * 2}
        autoComplete="nickname"
        hint={t("nameHint", { max: NAME_MAX })}
        error={error?.code === "DISPLAY_NAME_INVALID" ? error.message : undefined}
      />
      <fieldset>
        <legend className="mb-2 text-sm font-medium text-neutral-700">{t("avatar")}</legend>
        <div role="radiogroup" aria-label={t("avatar")} className="grid grid-cols-6 gap-2">
          {profile.avatars.map((key, i) => (
            <button
              key={key}
              type="button"
              role="radio"
              aria-checked={variant === i}
              aria-label={t("avatarOption", { n: i + 1 })}
              onClick={() => setVariant(i)}
              className={`flex aspect-square min-h-11 items-center justify-center rounded-full p-0.5 ${variant === i ? "ring-2 ring-brand ring-offset-2" : "ring-1 ring-neutral-200"}`}
              data-testid="avatar-option"
            >
              <Avatar avatarKey={key} size={44} />
            </button>
          ))}
        </div>
        <p className="mt-2 text-xs text-neutral-500">{t("avatarHint")}</p>
      </fieldset>
      <FormError>{error && error.code !== "DISPLAY_NAME_INVALID" ? error.message : null}</FormError>
      <Button type="submit" size="lg" loading={save.isPending} data-testid="save-profile">
        {t("save")}
      </Button>
    </form>
  );
}
