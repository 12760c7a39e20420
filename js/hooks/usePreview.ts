import { useCallback, useEffect, useRef, useState } from "react";
import { bytesOf, decodePreview, type PreviewTable } from "../core/arrow";
import { type Model, requestId, send, useMessages } from "../state/model";
import type { Columns, PreviewAnswer } from "../protocol";

export interface PreviewState {
  loading: boolean;
  error: string | null;
  table: PreviewTable | null;
  answer: PreviewAnswer | null;
}

const IDLE: PreviewState = { loading: false, error: null, table: null, answer: null };

export interface PreviewQuery {
  id: string | null;
  /** changes whenever the node's settings or anything upstream changes */
  refreshKey: string;
  /** false while the node cannot run (error / blocked): nothing is asked */
  enabled: boolean;
  n: number;
  sample: boolean;
  schema: Columns | null | undefined;
}

/**
 * Asks Python for a preview of the selected node (only after mount: effects run after it) and
 * again whenever the node or its upstream changes. Only the answer to the latest request is kept.
 */
export function usePreview(model: Model, req: PreviewQuery) {
  const [state, setState] = useState<PreviewState>(IDLE);
  const current = useRef<string | null>(null);
  const schemaRef = useRef(req.schema);
  schemaRef.current = req.schema;
  const [nonce, setNonce] = useState(0);

  const { id, refreshKey, enabled, n, sample } = req;
  useEffect(() => {
    if (!id || !enabled) {
      current.current = null;
      setState(IDLE);
      return;
    }
    const rid = requestId();
    current.current = rid;
    setState((s) => ({ ...s, loading: true }));
    send(model, { kind: "preview", id, n, request_id: rid, ...(sample ? { sample: true } : {}) });
  }, [model, id, refreshKey, enabled, n, sample, nonce]);

  useMessages(model, (msg, buffers) => {
    if (msg.kind !== "preview" || msg.request_id !== current.current) return;
    current.current = null;
    let table: PreviewTable | null = null;
    let error = msg.error;
    const buf = buffers[0];
    if (!error && buf && buf.byteLength > 0) {
      try {
        table = decodePreview(bytesOf(buf), schemaRef.current);
      } catch (e) {
        error = `could not read the preview data: ${String(e)}`;
      }
    }
    setState({ loading: false, error, table, answer: msg });
  });

  const refresh = useCallback(() => setNonce((k) => k + 1), []);
  const cancel = useCallback(() => {
    send(model, { kind: "cancel" });
    current.current = null;
    setState((s) => ({ ...s, loading: false, error: s.table ? s.error : "cancelled" }));
  }, [model]);

  return { ...state, refresh, cancel };
}
