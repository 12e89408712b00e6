"use client";

import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { Spinner } from "../ui/spinner";
import { StateRow } from "./table";

/**
 * The body rows of a table fed by a query: a loading row, the query's error, the empty message, or
 * one row per item (`children` renders each, with its key). Every console table shows the same three
 * states the same way, and none shows "empty" when the query failed.
 */
export function QueryRows<T>({
  query,
  items,
  colSpan,
  empty,
  children,
}: {
  query: { isPending: boolean; isError: boolean; error: { message: string } | null };
  items: readonly T[];
  colSpan: number;
  empty?: ReactNode;
  children: (item: T) => ReactNode;
}) {
  const tt = useTranslations("admin.table");
  if (query.isPending)
    return (
      <StateRow colSpan={colSpan}>
        <Spinner label={tt("loading")} />
      </StateRow>
    );
  if (query.isError) return <StateRow colSpan={colSpan}>{query.error?.message}</StateRow>;
  if (items.length === 0) return <StateRow colSpan={colSpan}>{empty ?? tt("empty")}</StateRow>;
  return <>{items.map(children)}</>;
}
