import { useCallback, useEffect, useRef, useState } from "react";
import { bytesOf, decodePreview, type PreviewTable } from "../core/arrow";
import { mark } from "../core/marks";
import { stableJson } from "../state/draft";
import { onEditSent } from "../state/edits";
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
  /** the node and the nodes upstream of it: an edit of any of them changes the rows */
  upstream: ReadonlySet<string>;
  /** a node's settings in the graph now */
  settingsOf: (nodeId: string) => Record<string, unknown> | undefined;
}

/** Whether `settings` holds every value of `sent` (the kernel's echo of an edit). */
function holds(settings: Record<string, unknown> | undefined, sent: Record<string, unknown>): boolean {
  return settings !== undefined && Object.entries(sent).every(([k, v]) => stableJson(settings[k]) === stableJson(v));
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

  const { id, refreshKey, enabled, n, sample, upstream, settingsOf } = req;
  const ask = useCallback(() => {
    if (!id) return;
    const rid = requestId();
    current.current = rid;
    setState((s) => ({ ...s, loading: true }));
    send(model, { kind: "preview", id, n, request_id: rid, ...(sample ? { sample: true } : {}) });
    mark("preview-asked");
  }, [model, id, n, sample]);

  // An edit of this node or one upstream: ask right behind it (the kernel handles messages in
  // order). The new graph it brings back then needs no second request; any other change does.
  const early = useRef<{ nodeId: string; settings: Record<string, unknown> } | null>(null);
  const latest = useRef({ enabled, upstream, settingsOf });
  latest.current = { enabled, upstream, settingsOf };
  useEffect(
    () =>
      onEditSent(model, (nodeId, settings) => {
        if (!latest.current.enabled || !latest.current.upstream.has(nodeId)) return;
        early.current = { nodeId, settings };
        ask();
      }),
    [model, ask],
  );

  const lastKey = useRef<string | null>(null);
  useEffect(() => {
    const keyChanged = lastKey.current !== null && lastKey.current !== refreshKey;
    lastKey.current = refreshKey;
    if (!id || !enabled) {
      current.current = null;
      early.current = null;
      setState(IDLE);
      return;
    }
    const sent = early.current;
    early.current = null;
    if (keyChanged && sent && holds(latest.current.settingsOf(sent.nodeId), sent.settings)) return;
    ask();
  }, [id, refreshKey, enabled, ask, nonce]);

  useMessages(model, (msg, buffers) => {
    if (msg.kind !== "preview" || msg.request_id !== current.current) return;
    mark("preview-answered");
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
