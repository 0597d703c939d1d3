import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api } from '../api';

/** How often the header's inbox badge asks for the unread count. */
const POLL_MS = 30_000;

interface InboxBadge {
  unread: number;
  refresh: () => void;
}

const InboxContext = createContext<InboxBadge>({ unread: 0, refresh: () => undefined });

export function InboxProvider({ children }: { children: ReactNode }) {
  const [unread, setUnread] = useState(0);
  const refresh = useCallback(() => {
    api
      .inbox({ unread: true, limit: 1 })
      .then((r) => setUnread(r.unread))
      .catch(() => undefined);
  }, []);
  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, POLL_MS);
    return () => clearInterval(timer);
  }, [refresh]);
  const value = useMemo(() => ({ unread, refresh }), [unread, refresh]);
  return <InboxContext.Provider value={value}>{children}</InboxContext.Provider>;
}

export const useInboxBadge = () => useContext(InboxContext);
