/** Polls until the condition holds; fails with a clear message after `ms`. */
export async function waitFor(predicate: () => boolean, ms = 10000): Promise<void> {
  const until = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
