import { createContext, useContext } from 'react';
import type { Session } from './api/auth';
import type { Cloud } from './api/cloud';

export interface Notice {
  id: number;
  text: string;
  kind: 'success' | 'info';
}

export interface AppContextValue {
  session: Session;
  cloud: Cloud;
  /** Shows a short message in the notice area (announced to screen readers). */
  notify: (text: string, kind?: Notice['kind']) => void;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const v = useContext(AppContext);
  if (!v) throw new Error('useApp outside AppContext');
  return v;
}
