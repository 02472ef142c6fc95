// A set of keys (expanded rows, selected rows) with a toggle; React state, so toggling re-renders.
import { useCallback, useState } from 'react';

export function useToggleSet<K>(): [Set<K>, (key: K, on?: boolean) => void, (next: Set<K>) => void] {
  const [set, setSet] = useState<Set<K>>(() => new Set());
  const toggle = useCallback((key: K, on?: boolean) => {
    setSet((prev) => {
      const next = new Set(prev);
      const add = on ?? !prev.has(key);
      if (add) next.add(key);
      else next.delete(key);
      return next;
    });
  }, []);
  return [set, toggle, setSet];
}
