/// <reference types="vite/client" />
// Every PatternFly utility class (pf-v6-u-*) a component uses is defined by a stylesheet main.tsx imports:
// a class from another PatternFly version, or from a utility family not imported, would silently do nothing.
import { describe, expect, it } from 'vitest';
import mainSource from './main.tsx?raw';

const sources = import.meta.glob(['./**/*.tsx', '!./**/*.test.tsx'], { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const utilitySheets = import.meta.glob('../node_modules/@patternfly/react-styles/css/utilities/*/*.css',
  { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

const classesIn = (text: string, pattern: RegExp) => new Set([...text.matchAll(pattern)].map((m) => m[1]));

describe('PatternFly utility classes', () => {
  it('are all defined by the utility stylesheets main.tsx imports', () => {
    const imported = [...mainSource.matchAll(/import '@patternfly\/react-styles\/(css\/utilities\/[^']+\.css)';/g)].map((m) => m[1]);
    expect(imported.length).toBeGreaterThan(0);
    const defined = new Set<string>();
    for (const sheet of imported) {
      const path = `../node_modules/@patternfly/react-styles/${sheet}`;
      expect(Object.keys(utilitySheets)).toContain(path);
      for (const c of classesIn(utilitySheets[path], /\.(pf-v6-u-[a-z0-9-]+)/g)) defined.add(c);
    }
    const used = new Map<string, string>();
    for (const [file, text] of Object.entries(sources)) {
      for (const c of classesIn(text, /\b(pf-v\d+-u-[a-z0-9-]+)/g)) used.set(c, file);
    }
    expect(used.size).toBeGreaterThan(0);
    const undefinedClasses = [...used].filter(([c]) => !defined.has(c)).map(([c, file]) => `${c} (${file})`);
    expect(undefinedClasses).toEqual([]);
  });
});
