/** Spec §2: an activity takes joins while it is active and inside its schedule (opens ≤ now < closes). */
export function isActivityOpen(activity: { status: string; opensAt: Date; closesAt: Date | null }, now: Date): boolean {
  return activity.status === "active" && activity.opensAt <= now && !(activity.closesAt && activity.closesAt <= now);
}
