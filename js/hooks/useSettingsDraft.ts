import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { mark } from "../core/marks";
import type { Field } from "../core/schemaForm";
import { settle, validate } from "../core/validate";
import type { FormMode } from "../protocol";
import * as draft from "../state/draft";
import { editSent } from "../state/edits";
import { type Model, requestId, send, useMessages } from "../state/model";

type Values = Record<string, unknown>;

/** Typing waits this long for the next key; a choice (a select, a checkbox) goes at once. */
export const TYPING_MS = 80;

/**
 * The settings form's draft (see state/draft.ts). Edits stay in the browser while any field has
 * a problem; a complete draft is sent as one `update` (after a short pause while typing), with a
 * request id so a refusal comes back to this form instead of becoming a notice.
 */
export function useSettingsDraft(model: Model, id: string, server: Values, fields: Field[], modes: FormMode[]) {
  const [state, setState] = useState(() => draft.takeBack(model, id, server) ?? draft.start(server));
  const stateRef = useRef(state);
  stateRef.current = state;

  const serverKey = draft.stableJson(server);
  useEffect(() => setState((s) => draft.serverChanged(s, server)), [serverKey]); // eslint-disable-line

  const problems = useMemo(
    () => ({ ...validate(fields, modes, state.values, state.modes), ...state.unparsed }),
    [fields, modes, state.values, state.modes, state.unparsed],
  );
  const complete = Object.keys(problems).length === 0;

  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const sendNow = useCallback(() => {
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = null;
    const s = stateRef.current;
    const p = { ...validate(fields, modes, s.values, s.modes), ...s.unparsed };
    if (Object.keys(p).length > 0) return;
    const values = settle(fields, modes, s.values, s.modes);
    if (!draft.differs(s, values)) return;
    const last = s.sent.at(-1);
    if (last && draft.stableJson(last.values) === draft.stableJson(values)) return;
    const rid = requestId();
    send(model, { kind: "update", id, settings: values, request_id: rid });
    mark("update-sent");
    editSent(model, id, values);
    setState((cur) => draft.markSent(cur, rid, values));
  }, [model, id, fields, modes]);

  // After every change of the draft: send it once it is complete (typing waits a moment).
  const delay = useRef(0);
  useEffect(() => {
    if (!complete) return;
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = setTimeout(sendNow, delay.current);
    return () => {
      if (timer.current !== null) clearTimeout(timer.current);
    };
  }, [state.values, state.modes, complete, sendNow]);

  // Leaving the node: send what is complete; keep what is not, for when the person comes back.
  useEffect(
    () => () => {
      sendNow();
      const s = stateRef.current;
      const p = { ...validate(fields, modes, s.values, s.modes), ...s.unparsed };
      if (Object.keys(p).length > 0 && draft.differs(s, settle(fields, modes, s.values, s.modes))) {
        draft.keep(model, id, s);
      }
    },
    [sendNow, model, id, fields, modes],
  );

  useMessages(model, (msg) => {
    if (msg.kind === "refused") setState((s) => draft.refused(s, msg.request_id, msg.message, msg.fields));
  });

  const change = useCallback((patch: Values, typing = true) => {
    delay.current = typing ? TYPING_MS : 0;
    setState((s) => draft.edit(s, patch));
  }, []);
  const chooseMode = useCallback((path: string, index: number) => {
    delay.current = 0;
    setState((s) => draft.chooseMode(s, path, index));
  }, []);
  const reportUnparsed = useCallback((path: string, problem: string | null) => {
    setState((s) => draft.reportUnparsed(s, path, problem));
  }, []);
  const revert = useCallback(() => setState(draft.start(server)), [server]); // eslint-disable-line

  const dirty = draft.differs(state, settle(fields, modes, state.values, state.modes));
  // A form the person has not touched does not point at what is missing (the node says it);
  // once they edit, every problem shows under its field.
  const touched = dirty || Object.keys(state.unparsed).length > 0 || state.refused !== null;
  const shown = touched ? { ...problems, ...(state.refused?.fields ?? {}) } : {};
  return {
    values: state.values,
    modes: state.modes,
    problems: shown,
    complete,
    /** complete, and on its way to the node (waiting for the typing pause, or sent) */
    pending: state.sent.length > 0 || (complete && dirty),
    refused: state.refused,
    /** the form shows what the node does not hold, and cannot send it yet */
    unsent: !complete && touched,
    change,
    chooseMode,
    reportUnparsed,
    revert,
    flush: sendNow,
  };
}
