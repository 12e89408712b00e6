import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

type ActivitiesOut = inferRouterOutputs<AppRouter>["activities"];

export type ActivityListData = ActivitiesOut["list"];
export type ActivityCardData = ActivityListData["items"][number];
/** A seated shopper as others see them: masked name and avatar key. */
export type PublicPersonView = ActivityCardData["seated"][number];
export type RoomData = ActivitiesOut["room"];
export type RoomRules = RoomData["rules"];
export type RoomItem = RoomData["items"][number];
export type GroupResultData = ActivitiesOut["group"];
export type GroupProofData = ActivitiesOut["proof"];
export type MyEntriesPage = ActivitiesOut["myEntries"];
export type NotificationsPage = ActivitiesOut["notifications"];

/** What the SSE endpoint sends for an activity (server/domain/groups/notify-group-event.ts). */
export type GroupEventData =
  | { type: "seat"; activityId: string; groupId: string; seat: number; seatsTaken: number }
  | { type: "filled"; activityId: string; groupId: string; nextGroupId: string }
  | { type: "drawn" | "dissolved"; activityId: string; groupId: string };
