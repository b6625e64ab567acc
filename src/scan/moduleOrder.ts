/**
 * Orders files (or folders) so that every module comes after the ones that call it: the callers' argument
 * values are then known when the module is scanned, and each file can be scanned and dropped in turn
 * instead of holding every syntax tree of the repository at once. Cycles keep their discovery order.
 */
export function callersFirst<T>(items: T[], key: (item: T) => string, calls: (item: T) => string[]): T[] {
  const byKey = new Map(items.map((item) => [key(item), item]));
  const callees = new Map<string, string[]>();
  const pendingCallers = new Map<string, number>();
  for (const item of items) {
    const from = key(item);
    const targets = [...new Set(calls(item))].filter((t) => t !== from && byKey.has(t));
    callees.set(from, targets);
    for (const t of targets) pendingCallers.set(t, (pendingCallers.get(t) ?? 0) + 1);
  }
  const ready = items.filter((item) => !pendingCallers.get(key(item)));
  const ordered: T[] = [];
  const done = new Set<string>();
  while (ready.length) {
    const item = ready.shift()!;
    const k = key(item);
    if (done.has(k)) continue;
    done.add(k);
    ordered.push(item);
    for (const t of callees.get(k) ?? []) {
      const left = (pendingCallers.get(t) ?? 0) - 1;
      pendingCallers.set(t, left);
      if (left === 0) ready.push(byKey.get(t)!);
    }
  }
  for (const item of items) if (!done.has(key(item))) ordered.push(item);
  return ordered;
}
