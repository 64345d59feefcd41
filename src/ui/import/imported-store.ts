// What the last import recognised and could not infer, shown under the header after the
// machine opens (the dialog is gone by then), until the user dismisses it.
import { createStore, useStore } from 'zustand';

export interface ImportedNote {
  title: string;
  format: string;
  devices: number;
  notes: string[];
}

export const importedStore = createStore<{ note: ImportedNote | null }>()(() => ({ note: null }));

export function useImported<T>(sel: (s: { note: ImportedNote | null }) => T): T {
  return useStore(importedStore, sel);
}
