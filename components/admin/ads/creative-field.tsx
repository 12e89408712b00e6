"use client";

import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { Spinner } from "../../ui/spinner";
import type { Creative } from "./campaign-form";
import { CreativePreview } from "./creative-thumb";
import { CREATIVE_ACCEPT, uploadCreative } from "./upload-creative";

/** The campaign's creative: upload a file (checked by the server by its bytes), then see it as shoppers will. */
export function CreativeField({ value, onChange, error, disabled }: { value: Creative | null; onChange: (c: Creative) => void; error?: string | null; disabled?: boolean }) {
  const t = useTranslations("admin.ads.campaigns");
  const tt = useTranslations("admin.table");
  const id = useId();
  const [uploading, setUploading] = useState(false);
  const [refused, setRefused] = useState<string | null>(null);
  const shown = refused ?? error;

  async function upload(file: File) {
    setUploading(true);
    setRefused(null);
    try {
      onChange(await uploadCreative(file, tt("networkError")));
    } catch (e) {
      setRefused(e instanceof Error ? e.message : tt("networkError"));
    } finally {
      setUploading(false);
    }
  }

  return (
    <div className="flex flex-col gap-1">
      <span className="text-xs font-medium text-neutral-600">{t("creative")}</span>
      <div className={`grid grid-cols-[20rem_1fr] gap-4 rounded-md border p-3 ${shown ? "border-brand" : "border-neutral-200"}`}>
        {value ? (
          <CreativePreview url={value.url} type={value.type} label={t("creativeOf", { type: value.type.toUpperCase() })} />
        ) : (
          <div className="flex aspect-video items-center justify-center rounded-md bg-neutral-50 text-xs text-neutral-400">{t("noCreative")}</div>
        )}
        <div className="flex flex-col justify-center gap-2 text-xs text-neutral-500">
          <label htmlFor={id} className={`flex h-9 items-center justify-center gap-2 rounded-md border border-neutral-300 bg-white px-3 text-sm text-neutral-800 ${disabled || uploading ? "cursor-not-allowed opacity-60" : "cursor-pointer hover:border-brand hover:text-brand"}`}>
            {uploading ? <Spinner /> : null}
            {uploading ? t("uploading") : value ? t("replaceCreative") : t("uploadCreative")}
          </label>
          <input
            id={id}
            type="file"
            accept={CREATIVE_ACCEPT}
            disabled={disabled || uploading}
            aria-invalid={shown ? true : undefined}
            aria-describedby={`${id}-note`}
            data-testid="creative-input"
            className="sr-only"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = "";
              if (file) void upload(file);
            }}
          />
          <p>{t("creativeHint")}</p>
          {value ? <p className="tabular">{t("creativeType", { type: value.type.toUpperCase() })}</p> : null}
        </div>
      </div>
      {shown ? (
        <p id={`${id}-note`} role="alert" className="text-xs text-brand" data-testid="creative-error">
          {shown}
        </p>
      ) : (
        <span id={`${id}-note`} className="sr-only">
          {t("creativeHint")}
        </span>
      )}
    </div>
  );
}
