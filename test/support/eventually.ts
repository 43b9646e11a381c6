/**
 * Repeats `probe` until `done` holds or `ms` have passed, and returns the last value: for what
 * arrives asynchronously (a change another connection committed, heard by NOTIFY).
 */
export async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean, ms = 3000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > until) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
}
