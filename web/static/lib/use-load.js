// Loads one API resource for a component; reload() fetches it again.
import { useCallback, useEffect, useRef, useState } from './html.js';
import { get } from './api.js';

/** path: the GET path (null: nothing to load); version: change it to load again. */
export function useLoad(path, version = 0) {
  const [state, setState] = useState({ data: null, error: null, loading: !!path });
  const seq = useRef(0);
  const reload = useCallback(async () => {
    if (!path) return;
    const mine = ++seq.current;
    setState((s) => ({ ...s, loading: true }));
    try {
      const data = await get(path);
      if (mine === seq.current) setState({ data, error: null, loading: false });
    } catch (error) {
      if (mine === seq.current) setState({ data: null, error, loading: false });
    }
  }, [path, version]);
  useEffect(() => {
    reload();
    return () => {
      seq.current++;
    };
  }, [reload]);
  return { ...state, reload };
}
