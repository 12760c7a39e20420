import { useEffect, useMemo } from "react";
import { decodePreview, type PreviewTable } from "../core/arrow";
import type { SortKey } from "../core/paging";
import { type ColumnProfile, decodeProfiles } from "../core/profile";
import type { Model } from "../state/model";
import type { Columns, PageAnswer, PreviewAnswer, UnmatchedAnswer } from "../protocol";
import { useAnswer } from "./useAnswer";

export interface DataQuery {
  sort: SortKey[];
  search: string;
  offset: number;
}

export type Side = "left" | "right";

export interface DataViewInput {
  id: string;
  /** the preview answer now shown: each new one means the node's result is (re)computed and
   * cached, so profiles, pages and join diagnostics are asked for again behind it */
  preview: PreviewAnswer | null;
  schema: Columns | null | undefined;
  n: number;
  query: DataQuery;
  /** the node joins a left and a right input: its unmatched rows can be shown */
  joins: boolean;
  /** which side's unmatched rows to show (null: the result) */
  side: Side | null;
  inputSchemas: (Columns | null)[];
}

export interface DataView {
  profiles: ReadonlyMap<string, ColumnProfile> | null;
  profileError: string | null;
  /** whether a page (sorted, searched, or further down) replaces the preview's rows */
  paged: boolean;
  page: { loading: boolean; answer: PageAnswer | null; table: PreviewTable | null; error: string | null };
  unmatched: { loading: boolean; answer: UnmatchedAnswer | null; table: PreviewTable | null; error: string | null };
}

function decodeOr<T>(bytes: Uint8Array | null, decode: (b: Uint8Array) => T): { value: T | null; error: string | null } {
  if (!bytes) return { value: null, error: null };
  try {
    return { value: decode(bytes), error: null };
  } catch (e) {
    return { value: null, error: `could not read the data: ${String(e)}` };
  }
}

/**
 * What the preview shows beside its rows, asked of the kernel over the node's whole result:
 * column profiles with each preview (never on edits), sorted and searched pages, a join's
 * unmatched rows. Only the latest answer of each kind is kept.
 */
export function useDataView(model: Model, v: DataViewInput): DataView {
  const profile = useAnswer(model, "profile");
  const page = useAnswer(model, "page");
  const unmatched = useAnswer(model, "unmatched");
  const { id, preview, n, query, joins, side } = v;
  // the answer kept while the next preview computes stays in use (no flicker on edits); one
  // for another node does not
  const ready = preview !== null && preview.error === null && preview.id === id;
  const paged = query.sort.length > 0 || query.search !== "" || query.offset > 0;
  const sortKey = JSON.stringify(query.sort);

  const askProfile = profile.ask;
  const clearProfile = profile.clear;
  useEffect(() => {
    if (ready) askProfile({ kind: "profile", id });
    else clearProfile();
  }, [ready, preview, id, askProfile, clearProfile]);

  const askPage = page.ask;
  const clearPage = page.clear;
  useEffect(() => {
    if (!ready || !paged) {
      clearPage();
      return;
    }
    const sort = JSON.parse(sortKey) as SortKey[];
    askPage({ kind: "page", id, offset: query.offset, n, sort, search: query.search });
  }, [ready, preview, paged, id, n, sortKey, query.search, query.offset, askPage, clearPage]);

  const askUnmatched = unmatched.ask;
  const clearUnmatched = unmatched.clear;
  useEffect(() => {
    if (!ready || !joins) {
      clearUnmatched();
      return;
    }
    askUnmatched({ kind: "unmatched", id, side: side ?? "left", n });
  }, [ready, preview, joins, side, id, n, askUnmatched, clearUnmatched]);

  const profiles = useMemo(() => decodeOr(profile.answer?.error ? null : profile.bytes, decodeProfiles), [profile.answer, profile.bytes]);
  const pageTable = useMemo(
    () => decodeOr(page.answer?.error ? null : page.bytes, (b) => decodePreview(b, v.schema)),
    // the schema that matters is the one of the rows that came: decode once per answer
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [page.answer, page.bytes],
  );
  const sideSchema = unmatched.answer?.side === "right" ? v.inputSchemas[1] : v.inputSchemas[0];
  const unmatchedTable = useMemo(
    () => decodeOr(unmatched.answer?.error ? null : unmatched.bytes, (b) => decodePreview(b, sideSchema)),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [unmatched.answer, unmatched.bytes],
  );

  return {
    profiles: ready ? (profiles.value ?? new Map()) : null,
    profileError: profile.answer?.error ?? profiles.error,
    paged,
    page: { loading: page.loading, answer: page.answer, table: pageTable.value, error: page.answer?.error ?? pageTable.error },
    unmatched: {
      loading: unmatched.loading,
      answer: unmatched.answer,
      table: unmatchedTable.value,
      error: unmatched.answer?.error ?? unmatchedTable.error,
    },
  };
}
