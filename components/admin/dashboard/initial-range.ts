/** The range the dashboard opens on; the page prefetches it on the server with the same key the browser asks for. */
export const INITIAL_RANGE = { range: "7d" } as const satisfies { range: "today" | "7d" | "30d" | "custom" };
