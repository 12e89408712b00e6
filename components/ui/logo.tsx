/** The wordmark: a red rounded square with 拼, then the name. */
export function Logo({ size = 40, withName = true, name = "拼拼", light = false }: { size?: number; withName?: boolean; name?: string; light?: boolean }) {
  return (
    <span className="inline-flex items-center gap-2">
      <span
        aria-hidden="true"
        style={{ width: size, height: size, fontSize: size * 0.55 }}
        className={`inline-flex items-center justify-center rounded-[28%] font-bold ${light ? "bg-white text-brand" : "bg-brand text-white"}`}
      >
        拼
      </span>
      {withName ? <span className={`text-lg font-semibold ${light ? "text-white" : "text-neutral-900"}`}>{name}</span> : null}
    </span>
  );
}
