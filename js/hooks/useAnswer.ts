import { useCallback, useRef, useState } from "react";
import { bytesOf } from "../core/arrow";
import { type Model, requestId, send, useMessages } from "../state/model";
import type { Message, Request } from "../protocol";

type Kind = "profile" | "page" | "unmatched" | "export";
export type AnswerOf<K extends Kind> = Extract<Message, { kind: K }>;
export type RequestOf<K extends Kind> = Omit<Extract<Request, { kind: K }>, "request_id">;

export interface Answered<K extends Kind> {
  loading: boolean;
  answer: AnswerOf<K> | null;
  /** the Arrow IPC bytes beside the answer, if any */
  bytes: Uint8Array | null;
}

/**
 * Request / answer with the kernel for one kind of request: only the answer to the latest
 * request is kept (an older one still on its way is dropped when it arrives).
 */
export function useAnswer<K extends Kind>(model: Model, kind: K) {
  const [state, setState] = useState<Answered<K>>({ loading: false, answer: null, bytes: null });
  const current = useRef<string | null>(null);

  const ask = useCallback(
    (req: RequestOf<K>) => {
      const rid = requestId();
      current.current = rid;
      setState((s) => ({ ...s, loading: true }));
      send(model, { ...req, request_id: rid } as Request);
    },
    [model],
  );

  const clear = useCallback(() => {
    current.current = null;
    setState({ loading: false, answer: null, bytes: null });
  }, []);

  useMessages(model, (msg, buffers) => {
    if (msg.kind !== kind || msg.request_id !== current.current) return;
    current.current = null;
    const buf = buffers[0];
    setState({ loading: false, answer: msg as AnswerOf<K>, bytes: buf && buf.byteLength > 0 ? bytesOf(buf) : null });
  });

  return { ...state, ask, clear };
}
