/** A view left open past its end plus the grace is over: it no longer completes, and its reservation goes back. */
export function viewExpired(view: { completesAt: Date }, graceSeconds: number, now: Date): boolean {
  return view.completesAt.getTime() + graceSeconds * 1000 <= now.getTime();
}

/** The instant before which a view is still within its grace (the expiry job's cutoff works back from it). */
export function graceCutoff(graceSeconds: number, now: Date): Date {
  return new Date(now.getTime() - graceSeconds * 1000);
}
