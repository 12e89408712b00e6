import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

type DashboardOut = inferRouterOutputs<AppRouter>["admin"]["dashboard"];

export type DashboardData = DashboardOut["overview"];
export type DayFiguresData = DashboardData["totals"];
export type ReconciliationData = DashboardOut["reconcileNow"];
