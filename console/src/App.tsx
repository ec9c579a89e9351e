import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { AppContext, type Notice } from './app-context';
import { loadSession, saveSession, type Session } from './api/auth';
import { createCloud } from './api/cloud';
import { LoginPage } from './pages/LoginPage';
import { Shell } from './Shell';

export function App() {
  const [session, setSession] = useState<Session | null>(() => loadSession());
  const [loginNotice, setLoginNotice] = useState<string | undefined>();
  const [notices, setNotices] = useState<Notice[]>([]);
  const nextNotice = useRef(1);

  const changeSession = useCallback((s: Session | null) => {
    saveSession(s);
    setSession(s);
  }, []);

  const logout = useCallback(() => {
    setLoginNotice('You have signed out.');
    changeSession(null);
  }, [changeSession]);

  const cloud = useMemo(
    () =>
      session
        ? createCloud(session, () => {
            setLoginNotice('Your session has expired. Sign in again.');
            changeSession(null);
          })
        : null,
    [session, changeSession],
  );

  const notify = useCallback((text: string, kind: Notice['kind'] = 'success') => {
    const id = nextNotice.current++;
    // One notice at a time, over the top bar: the newest replaces the last.
    setNotices([{ id, text, kind }]);
    window.setTimeout(() => setNotices((n) => n.filter((x) => x.id !== id)), 5000);
  }, []);

  useEffect(() => {
    document.title = session ? `Isthmus · ${session.projectName}` : 'Isthmus · Sign in';
  }, [session]);

  if (!session || !cloud) {
    return (
      <LoginPage
        notice={loginNotice}
        onLogin={(s) => {
          setLoginNotice(undefined);
          changeSession(s);
        }}
      />
    );
  }
  return (
    <AppContext.Provider value={{ session, cloud, notify }}>
      <Shell key={session.projectId} onLogout={logout} onSwitch={changeSession} notices={notices} />
    </AppContext.Provider>
  );
}
