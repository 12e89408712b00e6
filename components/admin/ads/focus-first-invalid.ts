/**
 * After a refused save, brings the first field marked invalid into view and focus (the error may be
 * below the fold, under a sticky save bar). Waits a frame so the marks just set are rendered.
 */
export function focusFirstInvalid(form: HTMLFormElement | null): void {
  requestAnimationFrame(() => {
    const field = form?.querySelector<HTMLElement>('[aria-invalid="true"]');
    field?.scrollIntoView({ block: "center" });
    field?.focus({ preventScroll: true });
  });
}
