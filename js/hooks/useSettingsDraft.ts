import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { patchDebouncer } from "../core/debounce";
import { type Model, send } from "../model";

type Settings = Record<string, unknown>;

export const UPDATE_DEBOUNCE_MS = 300;

/**
 * The settings shown in the config form: Python's values overlaid with local edits. Edits are
 * sent as one merged `update` after 300 ms without typing (at once on flush: blur, node switch,
 * unmount). Sent edits stay shown until Python's graph answers, so typing never jumps back.
 */
export function useSettingsDraft(model: Model, id: string, server: Settings) {
  const [pending, setPending] = useState<Settings>({});
  const [inflight, setInflight] = useState<Settings>({});

  const debouncer = useMemo(
    () =>
      patchDebouncer<Settings>((merged) => {
        setInflight((f) => ({ ...f, ...merged }));
        setPending({});
        send(model, { kind: "update", id, settings: merged });
      }, UPDATE_DEBOUNCE_MS),
    [model, id],
  );

  // A new node, or Python's answer (a new settings object): drop what was sent.
  const lastServer = useRef(server);
  useEffect(() => {
    if (lastServer.current !== server) {
      lastServer.current = server;
      setInflight({});
    }
  }, [server]);

  useEffect(() => {
    setPending({});
    setInflight({});
    return () => debouncer.flush();
  }, [debouncer]);

  const change = useCallback(
    (patch: Settings) => {
      setPending((p) => ({ ...p, ...patch }));
      debouncer.push(patch);
    },
    [debouncer],
  );

  const values = useMemo(() => ({ ...server, ...inflight, ...pending }), [server, inflight, pending]);
  return { values, change, flush: debouncer.flush };
}
